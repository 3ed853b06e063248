// exim_binary.cc - see exim_binary.h.
#include "harness/exim_binary.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "harness/diagnostic.h"
#include "harness/process.h"
#include "harness/script.h"

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

// ----- probe cache -----------------------------------------------------------
// `exim -bV` and `exim -bP` cost two Exim start-ups (and -bV a DNS lookup of
// the host name): measured by bench/run, about a quarter of a one-test
// `runtest` run's wall time. Their outputs depend only on the binary and on
// its default configuration files, so they are cached per binary in
// BUILD/exim-probe-cache (or $HARNESS_PROBE_CACHE_DIR; set it empty to turn
// the cache off), keyed by the stat() identity (device, inode, size, mtime,
// ctime) of the binary and of every file on its configuration search path
// (present or absent), and by the caller's uid. Any change means a re-probe.

std::string FileSignature(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return path + "=absent";
  std::ostringstream s;
  s << path << "=" << st.st_dev << ":" << st.st_ino << ":" << st.st_size << ":" << st.st_mtim.tv_sec << "."
    << st.st_mtim.tv_nsec << ":" << st.st_ctim.tv_sec << "." << st.st_ctim.tv_nsec;
  return s.str();
}

std::string ProbeSignature(const std::string& binary, const std::string& conf_search_path) {
  std::string sig = "uid=" + std::to_string(getuid()) + ";" + FileSignature(binary);
  std::stringstream confs(conf_search_path);
  std::string conf;
  while (std::getline(confs, conf, ':'))
    if (!conf.empty()) sig += ";" + FileSignature(conf);
  return sig;
}

std::string ProbeCacheFile(const std::string& binary) {
  std::string dir;
  if (const char* env = std::getenv("HARNESS_PROBE_CACHE_DIR")) {
    dir = env;
  } else {
#ifdef HARNESS_BINARY_DIR
    dir = std::string(HARNESS_BINARY_DIR) + "/exim-probe-cache";
#endif
  }
  if (dir.empty()) return "";
  char name[64];
  std::snprintf(name, sizeof name, "/exim-%016zx.probe", std::hash<std::string>{}(binary));
  return dir + name;
}

constexpr const char kCacheMagic[] = "harness-exim-probe-v1";

bool LoadProbeCache(const std::string& binary, std::string* bv, std::string* bp) {
  std::string file = ProbeCacheFile(binary);
  if (file.empty()) return false;
  std::ifstream in(file, std::ios::binary);
  std::string magic, path, search, sig;
  if (!std::getline(in, magic) || magic != kCacheMagic || !std::getline(in, path) || path != binary ||
      !std::getline(in, search) || !std::getline(in, sig) || sig != ProbeSignature(binary, search))
    return false;
  auto block = [&in](std::string* out) {
    size_t len = 0;
    std::string line;
    if (!std::getline(in, line)) return false;
    len = std::strtoul(line.c_str(), nullptr, 10);
    out->assign(len, '\0');
    return static_cast<bool>(in.read(&(*out)[0], static_cast<std::streamsize>(len)));
  };
  return block(bv) && block(bp);
}

void StoreProbeCache(const std::string& binary, const std::string& bv, const std::string& bp) {
  std::string file = ProbeCacheFile(binary);
  if (file.empty()) return;
  const std::string key = "Configuration file search path is ";
  size_t at = bv.find(key);
  if (at == std::string::npos) return;  // cannot tell what to watch: no cache
  size_t end = bv.find_first_of(" \t\r\n", at + key.size());
  std::string search = bv.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
  if (search.empty()) return;
  std::string dir = file.substr(0, file.rfind('/'));
  mkdir(dir.c_str(), 0755);
  std::string tmp = file + ".XXXXXX";
  int fd = mkstemp(&tmp[0]);
  if (fd < 0) return;
  close(fd);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << kCacheMagic << "\n" << binary << "\n" << search << "\n" << ProbeSignature(binary, search) << "\n"
        << bv.size() << "\n" << bv << bp.size() << "\n" << bp;
    if (!out) {
      unlink(tmp.c_str());
      return;
    }
  }
  chmod(tmp.c_str(), 0644);
  if (rename(tmp.c_str(), file.c_str()) != 0) unlink(tmp.c_str());
}

}  // namespace

std::string ChooseEximPath(const std::string& cli_path) {
  std::string path = kDefaultEximPath;
  if (!cli_path.empty()) path = cli_path;
  else if (const char* env = std::getenv("EXIM_PATH"); env && *env) path = env;
  // Absolute: the path becomes the test configuration's exim_path, and the
  // daemon (working directory /) re-executes itself through it.
  if (path.find('/') != std::string::npos && path[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) != nullptr) path = std::string(cwd) + "/" + path;
  }
  return path;
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
  std::string bp_out;
  bool cached = LoadProbeCache(path, &exim.bv_output, &bp_out);
  CapturedRun bv;
  if (!cached) {
    bv = RunCapture({path, "-bV"}, deadline());
    exim.bv_output = bv.out;
  }
  // "Exim version (\S+)" -- by hand: building a std::regex cost more CPU than
  // the rest of a cached probe (bench/run, figure 2).
  size_t at = exim.bv_output.find("Exim version ");
  size_t v = at == std::string::npos ? at : at + 13;
  size_t v_end = v == std::string::npos ? v : exim.bv_output.find_first_of(" \t\r\n", v);
  if (v == std::string::npos || v_end == v || v >= exim.bv_output.size()) {
    throw HarnessError(path + ": `-bV` did not print an Exim version (" + DescribeWaitStatus(bv.status) +
                       "); it printed: '" + EscapeForDisplay(exim.bv_output, 300) + "'");
  }
  exim.version = exim.bv_output.substr(v, v_end == std::string::npos ? std::string::npos : v_end - v);

  if (!cached) bp_out = RunCapture({path, "-bP", "exim_user", "exim_group"}, deadline()).out;
  exim.user = BpValue(bp_out, "exim_user");
  exim.group = BpValue(bp_out, "exim_group");
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
  if (!cached) StoreProbeCache(path, exim.bv_output, bp_out);
  return exim;
}

}  // namespace harness
