// fixed_paths.h - paths a test's configuration names that lie outside its
// run directory, and where the run provides them instead.
//
// The seed's confs/3650 (and upstream's 9350) say
//     server_socket = /var/run/dovecot/auth-client
// and run unchanged: the test's responder listens in the run directory, at
// RUN/fixed/var/run/dovecot/auth-client, and the directory of the fixed path
// (/var/run/dovecot) shows that run directory's copy to the test's processes
// only (a bind mount in runtest's private mount namespace, containment.h;
// real_runner.cc). The machine's /var/run/dovecot is never touched.
#ifndef HARNESS_FIXED_PATHS_H_
#define HARNESS_FIXED_PATHS_H_

#include <optional>
#include <string>
#include <string_view>

namespace harness {

/// A fixed Dovecot auth socket named by a configuration.
struct FixedSocket {
  std::string path;  ///< as the configuration names it: "/var/run/dovecot/auth-client"
  int line = 0;      ///< its line in the configuration (1-based)
};

/// The absolute `server_socket` a configuration gives a Dovecot
/// authenticator, if any (`server_socket = DOVECOT_SOCKET`, the harness's
/// macro, is not fixed). Comment lines and leading blanks are skipped; a
/// value that is absolute but not a plain path ("..", "//", a "$" expansion,
/// a macro) is returned too, for FixedSocketError to refuse. Pure.
std::optional<FixedSocket> FindFixedSocket(std::string_view conf_text);

/// "" if the path can be provided; else why not (relative, "." or ".."
/// components, "//", characters other than [A-Za-z0-9._+-/], a directory
/// the harness must not hide: "/", "/proc", "/sys", "/dev" and their
/// children, or the path being a directory itself). Pure.
std::string FixedSocketError(const std::string& path);

/// Where the run directory holds the fixed path's copy: RUN/fixed/PATH.
std::string FixedMirror(const std::string& run_dir, const std::string& path);

}  // namespace harness

#endif  // HARNESS_FIXED_PATHS_H_
