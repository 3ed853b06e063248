// exim_binary.h - what the harness learns once per run from the Exim binary
// under test: its version, its feature lists (-bV) and its user (-bP).
#ifndef HARNESS_EXIM_BINARY_H_
#define HARNESS_EXIM_BINARY_H_

#include <sys/types.h>

#include <string>

namespace harness {

/// The default server under test: Debian exim4-daemon-heavy.
constexpr const char* kDefaultEximPath = "/usr/sbin/exim4";

/// Facts about one Exim binary.
struct EximBinary {
  std::string path;
  std::string bv_output;  ///< the whole `exim -bV` output (REQUIRES evaluates it)
  std::string version;    ///< e.g. "4.96"
  std::string user;       ///< exim_user, e.g. "Debian-exim"
  std::string group;      ///< exim_group
  uid_t uid = 0;
  gid_t gid = 0;
};

/// Picks the binary: \a cli_path if given, else $EXIM_PATH, else the default;
/// a relative path with a '/' is made absolute (against the working directory).
std::string ChooseEximPath(const std::string& cli_path);

/// Runs `PATH -bV` and `PATH -bP exim_user exim_group` (each bounded by a
/// timeout) and resolves the user and group. Throws HarnessError with a clear
/// message if the binary is missing, not executable, or answers nonsense.
EximBinary ProbeEximBinary(const std::string& path);

}  // namespace harness

#endif  // HARNESS_EXIM_BINARY_H_
