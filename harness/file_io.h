// file_io.h - whole-file reads and writes with plain system calls.
//
// The run directory's files, scripts and /proc entries are read and written
// a few times per test: open/read/write/close costs less than a stream object
// per call (bench/run figure 2), and read(2) reports a process that exits
// while its /proc files are read as an error (ESRCH) instead of the exception
// std::ifstream would throw.
#ifndef HARNESS_FILE_IO_H_
#define HARNESS_FILE_IO_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace harness {

/// The whole contents of \a path, or nullopt if it cannot be opened or read
/// (then *error, if given, is the errno; it is 0 after a success).
std::optional<std::string> ReadWholeFile(const std::string& path, int* error = nullptr);

/// Writes \a text to \a path, created with \a mode if missing (and given that
/// mode whatever the umask), replacing its contents or, with \a append, after
/// them. Throws HarnessError "PATH: cannot write: REASON".
void WriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append = false);

}  // namespace harness

#endif  // HARNESS_FILE_IO_H_
