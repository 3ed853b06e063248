// file_io.h - whole-file reads and writes with plain system calls.
//
// The run directory's files, scripts and /proc entries are read and written
// a few times per test: open/read/write/close costs less than a stream object
// per call (bench/run figure 2), and read(2) reports a process that exits
// while its /proc files are read as an error (ESRCH) instead of the exception
// std::ifstream would throw.
//
// Every input is opened as what it must be: a read opens without blocking
// (O_NONBLOCK, so a FIFO cannot hang the open), checks with fstat() that it
// is a regular file, and reads at most a size limit. A FIFO, a device such
// as /dev/zero, a socket, a directory or a file larger than the limit is an
// error naming the file (HarnessError), never a hang or unbounded memory.
#ifndef HARNESS_FILE_IO_H_
#define HARNESS_FILE_IO_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace harness {

/// The largest file read whole (goldens, raw outputs, confs, scripts...).
constexpr size_t kMaxReadBytes = size_t{64} << 20;

/// What kind of file \a mode (st_mode) is, e.g. "a FIFO", "a directory".
std::string FileTypeName(mode_t mode);

/// The whole contents of \a path, or nullopt if it cannot be opened or read
/// (then *error, if given, is the errno; it is 0 after a success). Throws
/// HarnessError "PATH: is a FIFO, not a regular file" (a device, a socket)
/// or "PATH: larger than N bytes..." when \a path exists but is not a
/// regular file of at most \a max_bytes. A directory gives nullopt with
/// *error = EISDIR when the caller asks for the errno; without \a error it
/// throws too ("PATH: is a directory, not a regular file"): it would
/// otherwise read as a missing file.
std::optional<std::string> ReadWholeFile(const std::string& path, int* error = nullptr,
                                         size_t max_bytes = kMaxReadBytes);

/// ReadWholeFile's checks and read for a descriptor the caller opened and
/// fstat()ed (into \a st), e.g. with O_NOFOLLOW after an owner check: what
/// was checked is what is read. \a path names it in errors. Does not close
/// \a fd.
std::optional<std::string> ReadOpenFile(int fd, const struct stat& st, const std::string& path, int* error,
                                        size_t max_bytes = kMaxReadBytes);

/// ReadWholeFile for \a rel below the directory \a base (a run directory,
/// where Exim's user owns spool/): every component of \a rel is opened
/// relative to the one before it with O_NOFOLLOW, so a symbolic link planted
/// anywhere below \a base is not followed (nullopt, *error = ELOOP or
/// ENOTDIR). \a base itself is opened as given.
std::optional<std::string> ReadWholeFileBelow(const std::string& base, const std::string& rel, int* error = nullptr,
                                              size_t max_bytes = kMaxReadBytes);

/// ReadWholeFile for callers that report errors as text (fake_dovecot): the
/// contents, or nullopt with *err = "PATH: cannot open WHAT file" when \a path
/// cannot be opened or read (a directory included), or ReadWholeFile's
/// message when it is not a regular file of at most kMaxReadBytes.
std::optional<std::string> ReadWholeFileOrError(const std::string& path, std::string_view what,
                                                std::string* err);

/// Writes \a text to \a path, created with \a mode if missing (and given that
/// mode whatever the umask), replacing its contents or, with \a append, after
/// them. Throws HarnessError "PATH: cannot write: REASON".
void WriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append = false);

/// WriteWholeFile that reports a failure as its errno (0 on success) instead
/// of throwing, for callers with their own wording or fallback.
int TryWriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append = false);

/// Writes all of \a text to the open descriptor \a fd (again after EINTR or a
/// short write); 0 or the errno of the first failure.
int TryWriteAll(int fd, std::string_view text);

/// Writes all of \a text to the open descriptor \a fd (e.g. mkstemp's) and
/// closes it; 0 or the errno of the first failure (fd closed either way).
int TryWriteAndClose(int fd, std::string_view text);

/// Every regular file below \a dir, relative to it ("3400.userx",
/// "0237.userx/new/1.H.x"), sorted; none when \a dir does not exist. No
/// symbolic link to a directory below it is entered; a link to a regular
/// file is listed unless \a no_links (then none is when \a dir is one).
std::vector<std::string> ListFilesBelow(const std::string& dir, bool no_links = false);

}  // namespace harness

#endif  // HARNESS_FILE_IO_H_
