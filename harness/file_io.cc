// file_io.cc - see file_io.h.
#include "harness/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "harness/diagnostic.h"

namespace harness {

std::string FileTypeName(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "of unknown type";
}

namespace {

// The rest of ReadWholeFile for FD, just opened (or -1: open failed with
// errno): fstat, the directory case, ReadOpenFile; FD closed whatever happens.
std::optional<std::string> ReadAndClose(int fd, const std::string& path, int* error, size_t max_bytes) {
  auto fail = [&](int err) -> std::optional<std::string> {
    if (fd >= 0) close(fd);
    if (error) *error = err;
    return std::nullopt;
  };
  if (fd < 0) return fail(errno);
  struct stat st;
  if (fstat(fd, &st) != 0) return fail(errno);
  if (S_ISDIR(st.st_mode) && error) return fail(EISDIR);  // the caller reports EISDIR in its own words
  try {
    std::optional<std::string> text = ReadOpenFile(fd, st, path, error, max_bytes);
    close(fd);
    return text;
  } catch (...) {
    close(fd);
    throw;
  }
}

}  // namespace

std::optional<std::string> ReadWholeFile(const std::string& path, int* error, size_t max_bytes) {
  if (error) *error = 0;
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
  return ReadAndClose(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), path, error, max_bytes);
}

std::optional<std::string> ReadWholeFileBelow(const std::string& base, const std::string& rel, int* error,
                                              size_t max_bytes) {
  if (error) *error = 0;
  int fd = open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  size_t start = 0;
  while (fd >= 0 && start < rel.size()) {
    size_t slash = rel.find('/', start);
    std::string part = rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    start = slash == std::string::npos ? rel.size() : slash + 1;
    if (part.empty() || part == ".") continue;
    bool last = start >= rel.size();
    int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? O_NONBLOCK | O_NOCTTY : O_DIRECTORY);
    int next = part == ".." ? (errno = EINVAL, -1) : openat(fd, part.c_str(), flags);
    int err = errno;
    close(fd);
    errno = err;
    fd = next;
  }
  return ReadAndClose(fd, base + "/" + rel, error, max_bytes);
}

std::optional<std::string> ReadOpenFile(int fd, const struct stat& st, const std::string& path, int* error,
                                        size_t max_bytes) {
  if (error) *error = 0;
  if (!S_ISREG(st.st_mode))
    throw HarnessError(SourceLoc{path, 0}, "is " + FileTypeName(st.st_mode) + ", not a regular file");
  auto too_big = [&] {
    return HarnessError(SourceLoc{path, 0}, "larger than " + std::to_string(max_bytes) +
                                                " bytes, the limit for a file read whole");
  };
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) throw too_big();
  std::string text;
  // /proc files report size 0: read in chunks.
  text.reserve(st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0);
  char buf[16384];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = errno;
      return std::nullopt;
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) throw too_big();  // grew while read
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

std::optional<std::string> ReadWholeFileOrError(const std::string& path, std::string_view what,
                                                std::string* err) {
  try {
    int open_error = 0;
    if (auto text = ReadWholeFile(path, &open_error)) return text;
    *err = path + ": cannot open " + std::string(what) + " file";
  } catch (const HarnessError& e) {
    *err = e.what();
  }
  return std::nullopt;
}

int TryWriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), mode);
  if (fd < 0) return errno;
  if (!append) fchmod(fd, mode);
  return TryWriteAndClose(fd, text);
}

int TryWriteAll(int fd, std::string_view text) {
  for (size_t off = 0; off < text.size();) {
    ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    off += static_cast<size_t>(n);
  }
  return 0;
}

int TryWriteAndClose(int fd, std::string_view text) {
  if (int err = TryWriteAll(fd, text)) {
    close(fd);
    return err;
  }
  if (close(fd) != 0) return errno;
  return 0;
}

void WriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append) {
  if (int err = TryWriteWholeFile(path, text, mode, append))
    throw HarnessError(path + ": cannot write: " + std::strerror(err));
}

std::vector<std::string> ListFilesBelow(const std::string& dir, bool no_links) {
  std::vector<std::string> names;
  std::error_code ec;
  if (no_links && std::filesystem::is_symlink(dir, ec)) return names;
  // The iterator enters no symbolic link to a directory.
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (std::filesystem::is_regular_file(no_links ? it->symlink_status(ec) : it->status(ec)))
      names.push_back(it->path().lexically_relative(dir).string());  // no readlink per component
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace harness
