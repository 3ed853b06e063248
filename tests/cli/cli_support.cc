// cli_support.cc - see cli_support.h.
#include "tests/cli/cli_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "harness/file_io.h"

namespace fs = std::filesystem;

namespace cli {

std::string RuntestPath() { return RUNTEST_BIN; }
std::string ProjectDir() { return PROJECT_DIR; }
std::string CliDir() { return CLI_DIR; }
std::string HostileDir() { return HOSTILE_DIR; }

std::string MakeCliTmpDir(const std::string& leaf, mode_t mode, const std::string& parent) {
  // Under /tmp rather than the build tree: run directories inside must be
  // searchable by Exim's user and short enough for a UNIX socket path, which
  // a checkout under a private (0700) or deep directory would not give.
  // A test ending elsewhere removes the parent when it is empty: made again.
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST)
      throw std::runtime_error("mkdir " + parent + ": " + std::strerror(errno));
    struct stat st;
    if (lstat(parent.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;
      throw std::runtime_error("lstat " + parent + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022) != 0)
      throw std::runtime_error(parent + " refused: it must be a directory (not a link) of uid " +
                               std::to_string(geteuid()) + " that nobody else can write to; remove it");
    if ((st.st_mode & 0755) != 0755 && chmod(parent.c_str(), 0755) != 0)  // ours: searchable by Exim's user
      throw std::runtime_error("chmod " + parent + ": " + std::strerror(errno));
    std::string path = parent + "/" + leaf;
    bool unique = leaf.size() >= 6 && leaf.compare(leaf.size() - 6, 6, "XXXXXX") == 0;
    if (unique ? mkdtemp(path.data()) != nullptr : mkdir(path.c_str(), mode) == 0) {
      if (chmod(path.c_str(), mode) != 0) throw std::runtime_error("chmod " + path + ": " + std::strerror(errno));
      return path;
    }
    if (errno != ENOENT) throw std::runtime_error("mkdir " + path + ": " + std::strerror(errno));
  }
  throw std::runtime_error("cannot make a directory in " + parent + ": it keeps vanishing");
}

void RemoveCliTmpParentIfEmpty() { rmdir(kCliTmpParent); }

TempDir::TempDir(const std::string& tag) : path_(MakeCliTmpDir(tag + ".XXXXXX", 0755)) {}

TempDir::~TempDir() {
  if (std::getenv("CLI_KEEP")) return;
  std::error_code ec;
  // A case may have made parts unsearchable; give them back first.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) chmod(it->path().c_str(), 0755);
  }
  fs::remove_all(path_, ec);
  RemoveCliTmpParentIfEmpty();
}

void CopyTree(const std::string& from, const std::string& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks |
                         fs::copy_options::overwrite_existing);
}

void WriteFile(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::optional<std::string> text = harness::ReadWholeFile(path);
  if (!text) throw std::runtime_error("cannot read " + path);
  return *text;
}

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

Child::Child(const std::vector<std::string>& argv, std::optional<std::string> as_user, const std::string& cwd) {
  uid_t uid = 0;
  gid_t gid = 0;
  if (as_user) {
    const passwd* pw = getpwnam(as_user->c_str());
    if (!pw) throw std::runtime_error("no user " + *as_user);
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  start_ = std::chrono::steady_clock::now();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(125);
    if (as_user) {
      if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(126);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  fcntl(out_fd_, F_SETFL, O_NONBLOCK);
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
}

Child::~Child() {
  if (!reaped_ && pid_ > 0) {
    // Let runtest stop what it started (a failed assertion got us here).
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (waitpid(pid_, nullptr, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void Child::Pump(int timeout_ms) {
  pollfd p[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  int n = 0;
  for (auto& x : p)
    if (x.fd >= 0) ++n;
  if (n == 0) {
    if (timeout_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 50)));
    return;
  }
  poll(p, 2, timeout_ms);
  auto drain = [](int& fd, std::string& into) {
    if (fd < 0) return;
    char buf[65536];
    for (;;) {
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        into.append(buf, static_cast<size_t>(r));
        continue;
      }
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) {  // EOF
        close(fd);
        fd = -1;
      }
      return;
    }
  };
  drain(out_fd_, out_);
  drain(err_fd_, err_);
}

std::string Child::PeekOut() {
  Pump(0);
  return out_;
}

std::string Child::PeekErr() {
  Pump(0);
  return err_;
}

RunResult Child::Wait(std::chrono::milliseconds bound) {
  RunResult r;
  auto deadline = start_ + bound;
  int status = 0;
  for (;;) {
    pid_t w = waitpid(pid_, &status, WNOHANG);
    if (w == pid_) break;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      r.timed_out = true;
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    Pump(50);
  }
  reaped_ = true;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // What the child wrote before exiting is still in the pipes (unless a
  // descendant holds them open: then stop after a short while).
  auto drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while ((out_fd_ >= 0 || err_fd_ >= 0) && std::chrono::steady_clock::now() < drain_deadline) Pump(50);
  r.out = out_;
  r.err = err_;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

RunResult RunRuntest(const std::vector<std::string>& args, std::chrono::milliseconds bound,
                     std::optional<std::string> as_user) {
  std::vector<std::string> argv{RuntestPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  Child child(argv, as_user);
  return child.Wait(bound);
}

void BecomeSubreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

namespace {

struct ProcInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
  std::string comm;
  std::string cmdline;
  std::string Describe() const { return std::to_string(pid) + " (" + comm + ") " + cmdline; }
};

/// A /proc file, "" if unreadable. Plain read(2): a process exiting while we
/// read makes read() fail with ESRCH, which std::ifstream turns into an
/// exception.
std::string ReadProcFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

std::vector<ProcInfo> ScanProc() {
  std::vector<ProcInfo> all;
  DIR* d = opendir("/proc");
  if (!d) return all;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::string base = std::string("/proc/") + e->d_name;
    std::string stat = ReadProcFile(base + "/stat");
    auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    ProcInfo p;
    p.pid = std::atoi(e->d_name);
    p.comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    rest >> state >> p.ppid;
    p.state = state.empty() ? '?' : state[0];
    std::string cmd = ReadProcFile(base + "/cmdline");
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    p.cmdline = cmd;
    all.push_back(p);
  }
  closedir(d);
  return all;
}

std::vector<ProcInfo> LiveDescendantInfo() {
  int st;
  while (waitpid(-1, &st, WNOHANG) > 0) {
  }
  auto all = ScanProc();
  std::multimap<pid_t, const ProcInfo*> children;
  for (const auto& p : all) children.emplace(p.ppid, &p);
  std::vector<ProcInfo> live;
  std::vector<pid_t> todo{getpid()};
  while (!todo.empty()) {
    pid_t p = todo.back();
    todo.pop_back();
    auto range = children.equal_range(p);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second->state != 'Z') live.push_back(*it->second);
      todo.push_back(it->second->pid);
    }
  }
  return live;
}

}  // namespace

std::vector<std::string> LiveDescendants() {
  std::vector<std::string> live;
  for (const auto& p : LiveDescendantInfo()) live.push_back(p.Describe());
  return live;
}

void KillAllDescendants() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto live = LiveDescendantInfo();
    if (live.empty() || std::chrono::steady_clock::now() >= deadline) return;
    for (const auto& p : live) kill(p.pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<pid_t> LiveChildrenOf(pid_t pid) {
  std::vector<pid_t> children;
  for (const auto& p : ScanProc()) {
    if (p.ppid == pid && p.state != 'Z') children.push_back(p.pid);
  }
  return children;
}

pid_t PidOutsideNamespace(pid_t ns_pid, const std::string& needle) {
  for (const auto& p : ScanProc()) {
    if (p.state == 'Z' || p.cmdline.find(needle) == std::string::npos) continue;
    std::ifstream status("/proc/" + std::to_string(p.pid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("NSpid:", 0) != 0) continue;
      size_t last = line.find_last_of(" \t");
      if (last != std::string::npos && std::atol(line.c_str() + last + 1) == ns_pid) return p.pid;
    }
  }
  return ns_pid;
}

std::vector<std::string> Glob(const std::string& pattern) {
  std::vector<std::string> found;
  glob_t g{};
  if (glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) found.push_back(g.gl_pathv[i]);
  }
  globfree(&g);
  return found;
}

std::vector<std::string> LiveProcessesMentioning(const std::string& needle) {
  std::vector<std::string> live;
  for (const auto& p : ScanProc()) {
    if (p.pid == getpid() || p.state == 'Z') continue;
    if (p.cmdline.find(needle) != std::string::npos) live.push_back(p.Describe());
  }
  return live;
}

std::vector<std::string> LeftoversAfter(const std::string& needle, std::chrono::milliseconds bound) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  for (;;) {
    auto left = LiveDescendants();
    auto mention = LiveProcessesMentioning(needle);
    left.insert(left.end(), mention.begin(), mention.end());
    if (left.empty() || std::chrono::steady_clock::now() >= deadline) return left;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::optional<std::string> WhyCannotRun() {
  if (geteuid() != 0) return std::string("needs root (runtest runs Exim with a spool owned by Exim's user)");
  if (access("/usr/sbin/exim4", X_OK) != 0 && !std::getenv("EXIM_PATH"))
    return std::string("no Exim binary (/usr/sbin/exim4)");
  return std::nullopt;
}

}  // namespace cli
