// socket_path.h - the one limit on UNIX socket paths, shared by the harness
// (run directories, Dovecot's base_dir) and fake_dovecot (its --socket).
// Header-only, so fake_dovecot_core can use it without harness_core.
#ifndef HARNESS_SOCKET_PATH_H_
#define HARNESS_SOCKET_PATH_H_

#include <sys/un.h>

#include <cstddef>

namespace harness {

/// Longest path a UNIX socket address can hold: sun_path less its
/// terminating NUL (107 bytes on Linux).
constexpr std::size_t kMaxSocketPath = sizeof(sockaddr_un::sun_path) - 1;

}  // namespace harness

#endif  // HARNESS_SOCKET_PATH_H_
