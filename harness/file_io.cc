// file_io.cc - see file_io.h.
#include "harness/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/diagnostic.h"

namespace harness {

std::optional<std::string> ReadWholeFile(const std::string& path, int* error) {
  if (error) *error = 0;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = errno;
    return std::nullopt;
  }
  std::string text;
  char buf[16384];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = errno;
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

void WriteWholeFile(const std::string& path, std::string_view text, mode_t mode, bool append) {
  auto fail = [&path](int err) { throw HarnessError(path + ": cannot write: " + std::strerror(err)); };
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), mode);
  if (fd < 0) fail(errno);
  if (!append) fchmod(fd, mode);
  for (size_t off = 0; off < text.size();) {
    ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      fail(err);
    }
    off += static_cast<size_t>(n);
  }
  if (close(fd) != 0) fail(errno);
}

}  // namespace harness
