// exim_binary.cc - see exim_binary.h.
#include "harness/exim_binary.h"

#include <grp.h>
#include <pwd.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>
#include <functional>
#include <sstream>

#include "harness/diagnostic.h"
#include "harness/file_io.h"
#include "harness/process.h"
#include "harness/run_dir.h"
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
// the host name): measured by bench/run (figure 1, per-test overhead), about
// a quarter of a one-test `runtest` run's wall time. Their outputs depend only on the binary and on
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

// The most a probe may print (Exim's -bV is about 2 KB).
constexpr size_t kMaxProbeOutput = size_t{1} << 20;

/// Whether \a st (of the cache file or its directory) may be trusted: owned
/// by root or by us, and writable by nobody else (issue 14, S3: a forged
/// cache naming another exim_user would make root chown the spool to it).
bool TrustedCacheEntry(const struct stat& st) {
  return (st.st_uid == 0 || st.st_uid == geteuid()) && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/// Line \a *pos of \a text up to '\n' (advancing *pos), or nullopt at the end.
std::optional<std::string> NextLine(const std::string& text, size_t* pos) {
  size_t nl = text.find('\n', *pos);
  if (nl == std::string::npos) return std::nullopt;
  std::string line = text.substr(*pos, nl - *pos);
  *pos = nl + 1;
  return line;
}

/// Loads the cached probe outputs. False if there is no usable cache: none,
/// stale (another binary or signature), untrusted or corrupt; the last two
/// say so in *note (the cache is then ignored, and rewritten by the probe).
bool LoadProbeCache(const std::string& binary, std::string* bv, std::string* bp, std::string* note) {
  std::string file = ProbeCacheFile(binary);
  if (file.empty()) return false;
  std::string dir = file.substr(0, file.rfind('/'));
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) return false;
  // The directory and every one above it (another user's could have it swapped).
  if (std::string why = WhyUnsafeDir(dir, TrustedOwners("")); !why.empty()) {
    *note = "probe cache " + dir + " ignored: " + why + " (remove it, or set HARNESS_PROBE_CACHE_DIR)";
    return false;
  }
  int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno != ENOENT) *note = "probe cache " + file + " ignored: " + std::strerror(errno);
    return false;
  }
  bool trusted = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && TrustedCacheEntry(st);
  if (!trusted) {
    close(fd);
    *note = "probe cache " + file + " ignored: not a regular file owned by root and writable only by its owner";
    return false;
  }
  std::optional<std::string> text;
  try {
    text = ReadOpenFile(fd, st, file, nullptr, kMaxProbeOutput * 2 + 4096);  // the file checked, not a reopened one
  } catch (const HarnessError& e) {
    close(fd);
    *note = "probe cache ignored: " + std::string(e.what());
    return false;
  }
  close(fd);
  if (!text) return false;
  size_t pos = 0;
  auto magic = NextLine(*text, &pos);
  if (!magic || *magic != kCacheMagic) {
    *note = "probe cache " + file + " ignored: corrupt";
    return false;
  }
  auto path = NextLine(*text, &pos);
  auto search = NextLine(*text, &pos);
  auto sig = NextLine(*text, &pos);
  if (!path || !search || !sig) {
    *note = "probe cache " + file + " ignored: corrupt";
    return false;
  }
  if (*path != binary || *sig != ProbeSignature(binary, *search)) return false;  // stale: re-probe
  auto block = [&](std::string* out) {
    auto len_line = NextLine(*text, &pos);
    if (!len_line || len_line->empty() || len_line->find_first_not_of("0123456789") != std::string::npos ||
        len_line->size() > 9)
      return false;
    size_t len = std::strtoul(len_line->c_str(), nullptr, 10);
    if (len > text->size() - pos) return false;
    out->assign(*text, pos, len);
    pos += len;
    return true;
  };
  if (!block(bv) || !block(bp) || pos != text->size()) {
    *note = "probe cache " + file + " ignored: corrupt";
    bv->clear();
    bp->clear();
    return false;
  }
  return true;
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
  if (!WhyUnsafeDir(dir, TrustedOwners("")).empty()) return;
  std::string tmp = file + ".XXXXXX";
  int fd = mkstemp(&tmp[0]);
  if (fd < 0) return;
  std::string entry = std::string(kCacheMagic) + "\n" + binary + "\n" + search + "\n" +
                      ProbeSignature(binary, search) + "\n" + std::to_string(bv.size()) + "\n" + bv +
                      std::to_string(bp.size()) + "\n" + bp;
  // Written through the descriptor mkstemp made (reopening the name would
  // follow a link put in its place), then renamed into place.
  fchmod(fd, 0644);
  if (TryWriteAndClose(fd, entry) != 0 || rename(tmp.c_str(), file.c_str()) != 0) unlink(tmp.c_str());
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
  std::string bp_out, note;
  bool cached = LoadProbeCache(path, &exim.bv_output, &bp_out, &note);
  if (!note.empty()) std::fprintf(stderr, "runtest: note: %s\n", note.c_str());
  // A probe that misbehaves is bounded: killed at the deadline or after
  // kMaxProbeOutput bytes; a grandchild keeping stdout open costs nothing
  // (RunCapture stops reading when the child exits).
  auto probe = [&path, &deadline](const std::vector<std::string>& argv, const std::string& what) {
    CapturedRun run = RunCapture(argv, deadline(), kMaxProbeOutput);
    if (run.overflow)
      throw HarnessError(path + ": `" + what + "` printed more than " + std::to_string(kMaxProbeOutput) +
                         " bytes (killed)");
    if (run.timed_out) throw HarnessError(path + ": `" + what + "` did not finish within 20 s (killed)");
    return run;
  };
  CapturedRun bv;
  if (!cached) {
    bv = probe({path, "-bV"}, "-bV");
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

  if (!cached) bp_out = probe({path, "-bP", "exim_user", "exim_group"}, "-bP exim_user exim_group").out;
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
