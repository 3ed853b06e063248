// exim_binary.cc - see exim_binary.h.
#include "harness/exim_binary.h"

#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>

#include "harness/diagnostic.h"
#include "harness/process.h"

namespace harness {
namespace {

/// The value of "name = value" in -bP output, or "".
std::string BpValue(const std::string& out, const std::string& name) {
  std::string key = name + " = ";
  for (size_t pos = 0; pos < out.size();) {
    size_t end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    if (out.compare(pos, key.size(), key) == 0) return out.substr(pos + key.size(), end - pos - key.size());
    pos = end + 1;
  }
  return "";
}

}  // namespace

std::string ChooseEximPath(const std::string& cli_path) {
  if (!cli_path.empty()) return cli_path;
  if (const char* env = std::getenv("EXIM_PATH"); env && *env) return env;
  return kDefaultEximPath;
}

EximBinary ProbeEximBinary(const std::string& path) {
  if (access(path.c_str(), X_OK) != 0) {
    throw HarnessError(path + ": Exim binary not found or not executable" +
                       (path == kDefaultEximPath ? " (install Debian's exim4-daemon-heavy, or use --exim PATH)"
                                                 : ""));
  }
  auto deadline = [] { return Clock::now() + std::chrono::seconds(20); };
  EximBinary exim;
  exim.path = path;
  CapturedRun bv = RunCapture({path, "-bV"}, deadline());
  exim.bv_output = bv.out;
  std::smatch m;
  static const std::regex kVersion(R"(Exim version (\S+))");
  if (!std::regex_search(exim.bv_output, m, kVersion)) {
    throw HarnessError(path + ": `-bV` did not print an Exim version (" + DescribeWaitStatus(bv.status) + ")");
  }
  exim.version = m[1];

  CapturedRun bp = RunCapture({path, "-bP", "exim_user", "exim_group"}, deadline());
  exim.user = BpValue(bp.out, "exim_user");
  exim.group = BpValue(bp.out, "exim_group");
  if (exim.user.empty()) throw HarnessError(path + ": `-bP exim_user` gave no user");
  const passwd* pw = getpwnam(exim.user.c_str());
  if (!pw) {
    // exim_user may be numeric
    char* end = nullptr;
    long uid = std::strtol(exim.user.c_str(), &end, 10);
    if (*end == 0) pw = getpwuid(static_cast<uid_t>(uid));
  }
  if (!pw) throw HarnessError(path + ": Exim's user '" + exim.user + "' does not exist on this machine");
  exim.uid = pw->pw_uid;
  exim.gid = pw->pw_gid;
  if (!exim.group.empty()) {
    if (const group* gr = getgrnam(exim.group.c_str())) exim.gid = gr->gr_gid;
  }
  return exim;
}

}  // namespace harness
