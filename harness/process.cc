// process.cc - see process.h.

// Boost.Process 1.74 compiles its vfork launcher (bp::posix::use_vfork) only
// when the C library is configured for X/Open 500 but not POSIX 2008, which
// glibc with _GNU_SOURCE never is; vfork(2) itself is there. vfork spares
// runtest a page-table copy per process it starts (bench/run figure 2,
// harness CPU). This file is the only one that spawns, so the switch is set
// here, and only here, before any Boost header.
#define BOOST_POSIX_HAS_VFORK 1

#include "harness/process.h"

#include "harness/containment.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <linux/close_range.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/posix.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <string_view>

#include "harness/diagnostic.h"
#include "harness/file_io.h"

namespace bp = boost::process;

namespace harness {
namespace {

int PidfdOpen(pid_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

int MillisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<long long>(left.count(), 1 << 30));
}

/// Polls one fd for readability until the deadline; EINTR-safe.
bool PollReadable(int fd, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, MillisUntil(deadline));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

std::string ErrnoText(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

/// FILE* wrapper that closes on scope exit (the child keeps its own copy).
struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

FilePtr OpenAppend(const std::string& path) {
  if (path.empty()) return FilePtr(std::fopen("/dev/null", "we"));
  FILE* f = std::fopen(path.c_str(), "ae");
  if (!f) throw HarnessError(ErrnoText("cannot open " + path));
  return FilePtr(f);
}

/// The contents of a /proc file, "" if it cannot be read (a process that
/// exits while we read its files makes read() fail with ESRCH).
std::string ReadProcFile(const std::string& path) { return ReadWholeFile(path).value_or(""); }

/// Reaps every child that has exited. Returns false when this process has no
/// child at all (waitpid's ECHILD), true when some are still running.
bool ReapExitedChildren() {
  for (;;) {
    int st;
    pid_t r = waitpid(-1, &st, WNOHANG);
    if (r > 0) continue;
    if (r < 0 && errno == EINTR) continue;
    return !(r < 0 && errno == ECHILD);
  }
}

bool IsChildSubreaper() {
  int flag = 0;
  return prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0) == 0 && flag != 0;
}

}  // namespace

std::string FindInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "";
  while (!rest.empty()) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? std::string(".") : std::string(dir)) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && !ec && access(candidate.c_str(), X_OK) == 0)
      return candidate.string();
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) +
           (abbrev ? std::string(" (SIG") + abbrev + ")" : std::string());
  }
  return "wait status " + std::to_string(status);
}

std::unique_ptr<Process> Process::Spawn(const SpawnOptions& options) {
  if (options.argv.empty()) throw HarnessError("internal error: empty argv");
  std::unique_ptr<Process> process(new Process());

  // stdin: a descriptor of the caller's, the data in an in-memory file
  // (never blocks, whatever its size), an open pipe, or /dev/null.
  FilePtr in;
  int stdin_write_end = -1;
  if (options.stdin_fd >= 0) {
    int fd = fcntl(options.stdin_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw HarnessError(ErrnoText("dup stdin descriptor"));
    in = FilePtr(fdopen(fd, "r"));
    if (!in) {
      close(fd);
      throw HarnessError(ErrnoText("fdopen stdin descriptor"));
    }
  } else if (options.stdin_pipe_open) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw HarnessError(ErrnoText("pipe"));
    in = FilePtr(fdopen(fds[0], "r"));
    stdin_write_end = fds[1];
  } else if (!options.stdin_data.empty()) {
    int fd = memfd_create("harness-stdin", MFD_CLOEXEC);
    if (fd < 0) throw HarnessError(ErrnoText("memfd_create"));
    const std::string& d = options.stdin_data;
    for (size_t off = 0; off < d.size();) {
      ssize_t n = write(fd, d.data() + off, d.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        close(fd);
        throw HarnessError(ErrnoText("write stdin data"));
      }
      off += static_cast<size_t>(n);
    }
    lseek(fd, 0, SEEK_SET);
    in = FilePtr(fdopen(fd, "r"));
  } else {
    in = FilePtr(std::fopen("/dev/null", "re"));
  }

  FilePtr out;
  if (options.stdout_pipe) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw HarnessError(ErrnoText("pipe"));
    out = FilePtr(fdopen(fds[1], "w"));
    process->stdout_fd_ = fds[0];
  } else {
    out = OpenAppend(options.stdout_file);
  }
  FilePtr err = OpenAppend(options.stderr_file);

  std::string exe = options.argv[0];
  if (exe.find('/') == std::string::npos) {
    std::string found = FindInPath(exe);
    if (found.empty()) {
      if (stdin_write_end >= 0) close(stdin_write_end);
      throw HarnessError("cannot run '" + exe + "': not found in PATH");
    }
    exe = found;
  }
  std::vector<std::string> args(options.argv.begin() + 1, options.argv.end());

  // In the child, before exec: its own process group (so that a signal to the
  // group reaches everything it starts, and the terminal's Ctrl-C reaches only
  // us), and the default signal mask/dispositions (ours blocks SIGINT/SIGTERM).
  // Dispositions first, then the mask: no handler of ours can run in the
  // child (which, under vfork, shares our memory until it execs).
  // The caller's credentials, by raw system calls: glibc's setuid() would
  // try to change every thread of ours too (the vfork child shares them).
  const Credentials* as = options.as ? &*options.as : nullptr;
  auto setup = bp::extend::on_exec_setup = [as](auto&) {
    if (as != nullptr &&
        (syscall(SYS_setgroups, as->groups.size(), as->groups.data()) != 0 ||
         syscall(SYS_setresgid, as->gid, as->gid, as->gid) != 0 ||
         syscall(SYS_setresuid, as->uid, as->uid, as->uid) != 0))
      _exit(126);  // never exec with root's rights when asked to drop them
    setpgid(0, 0);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
  };

  std::string cwd = options.cwd.empty() ? "." : options.cwd;
  try {
    // vfork: the child borrows our address space until it execs, instead of
    // copying our page tables (fork) only to throw them away. Everything the
    // child runs before execve (dup2, chdir, the setup above) is
    // async-signal-safe and writes no memory of ours; an exec failure is
    // reported through Boost.Process's error state, shared with the child.
    auto launch = [&](auto&&... environment) {
      return bp::child(bp::exe = exe, bp::args = args, bp::std_in < in.get(), bp::std_out > out.get(),
                       bp::std_err > err.get(), bp::start_dir = cwd, setup, bp::posix::use_vfork,
                       environment...);
    };
    bp::child child = [&] {
      if (options.env.empty() && !options.runtest_environment) return launch();  // our environment as it is
      auto kept = [&options](std::string_view entry) {
        if (!options.runtest_environment) return true;
        for (std::string_view name : {"USER=", "SHELL=", "PATH=", "TERM=", "EXIM_TEST_"})
          if (entry.compare(0, name.size(), name) == 0) return true;
        return false;
      };
      // Our environment with options.env added or replacing, handed to the
      // executor as it is (bp::environment's lookup in Boost 1.74 reads past
      // the end of entries shorter than the name it looks for: ASan).
      std::vector<std::string> entries;
      for (char** e = environ; *e; ++e) {
        std::string_view entry = *e;
        bool replaced = false;
        for (const auto& kv : options.env) {
          replaced = replaced || (entry.size() > kv.first.size() && entry.compare(0, kv.first.size(), kv.first) == 0 &&
                                  entry[kv.first.size()] == '=');
        }
        if (!replaced && kept(entry)) entries.emplace_back(entry);
      }
      for (const auto& [name, value] : options.env) entries.push_back(name + "=" + value);
      std::vector<char*> envp;
      for (auto& entry : entries) envp.push_back(entry.data());
      envp.push_back(nullptr);
      return launch(bp::extend::on_setup = [&envp](auto& executor) { executor.env = envp.data(); });
    }();
    process->pid_ = child.id();
    child.detach();  // we wait for it ourselves, through a pidfd
  } catch (const std::exception& e) {
    if (stdin_write_end >= 0) close(stdin_write_end);
    if (process->stdout_fd_ >= 0) close(process->stdout_fd_);
    process->stdout_fd_ = -1;
    throw HarnessError("cannot run '" + exe + "': " + e.what());
  }
  // Also set the group from the parent side: no race with a signal sent
  // before the child got to its own setpgid().
  setpgid(process->pid_, process->pid_);
  process->stdin_fd_ = stdin_write_end;
  process->pidfd_ = PidfdOpen(process->pid_);
  return process;
}

Process::~Process() {
  if (!exited()) {
    Signal(SIGKILL);
    WaitUntil(Clock::now() + std::chrono::seconds(5));
  }
  if (pidfd_ >= 0) close(pidfd_);
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

void Process::CloseStdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

std::optional<int> Process::WaitUntil(Clock::time_point deadline) {
  if (status_) return status_;
  if (pidfd_ >= 0 && !PollReadable(pidfd_, deadline)) return std::nullopt;
  int st = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &st, pidfd_ >= 0 ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return std::nullopt;
  if (r < 0) st = SIGKILL;  // reaped elsewhere (KillAllDescendants): it was killed
  status_ = st;
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
  return status_;
}

void Process::Signal(int sig) {
  if (exited()) return;
  if (kill(-pid_, sig) != 0) kill(pid_, sig);
}

int Process::Terminate(milliseconds grace) {
  if (exited()) return *status_;
  Signal(SIGTERM);
  if (auto st = WaitUntil(Clock::now() + grace)) return *st;
  Signal(SIGKILL);
  auto st = WaitUntil(Clock::now() + std::chrono::seconds(5));
  return st ? *st : SIGKILL;
}

std::optional<std::string> Process::ReadStdoutLine(Clock::time_point deadline) {
  if (stdout_fd_ < 0) return std::nullopt;
  for (;;) {
    auto nl = stdout_buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = stdout_buffer_.substr(0, nl);
      stdout_buffer_.erase(0, nl + 1);
      return line;
    }
    if (!PollReadable(stdout_fd_, deadline)) return std::nullopt;
    char buf[4096];
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    stdout_buffer_.append(buf, static_cast<size_t>(n));
  }
}

std::string Process::ReadStdoutUntilExit(Clock::time_point deadline, size_t max_bytes, bool* timed_out,
                                         bool* overflow) {
  std::string out = std::move(stdout_buffer_);
  stdout_buffer_.clear();
  if (stdout_fd_ < 0) return out;
  bool exited_seen = false;
  char buf[16384];
  for (;;) {
    if (out.size() > max_bytes) {
      out.resize(max_bytes);
      *overflow = true;
      return out;
    }
    if (!exited_seen) {
      pollfd p[2] = {{stdout_fd_, POLLIN, 0}, {pidfd_, POLLIN, 0}};
      int r = poll(p, pidfd_ >= 0 ? 2 : 1, MillisUntil(deadline));
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) {
        *timed_out = true;
        return out;
      }
      if (r > 0 && pidfd_ >= 0 && (p[1].revents & POLLIN)) {
        // Exited: drain what the pipe holds, without waiting for a
        // grandchild that may keep it open.
        exited_seen = true;
        fcntl(stdout_fd_, F_SETFL, fcntl(stdout_fd_, F_GETFL) | O_NONBLOCK);
      } else if (r > 0 && !(p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
    }
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;  // EOF, or (after the exit) nothing more buffered
    out.append(buf, static_cast<size_t>(n));
  }
}

CapturedRun RunCapture(const std::vector<std::string>& argv, Clock::time_point deadline, size_t max_bytes) {
  SpawnOptions options;
  options.argv = argv;
  options.stdout_pipe = true;
  auto process = Process::Spawn(options);
  CapturedRun run;
  run.out = process->ReadStdoutUntilExit(deadline, max_bytes, &run.timed_out, &run.overflow);
  auto status = run.overflow ? std::nullopt : process->WaitUntil(deadline);
  if (!status) run.timed_out = !run.overflow;
  run.status = status ? *status : process->Terminate(milliseconds(0));
  return run;
}

void CloseInheritedDescriptorsOnExec() {
#ifdef CLOSE_RANGE_CLOEXEC
  if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
#endif
  DIR* d = opendir("/proc/self/fd");
  if (!d) {
    for (int fd = 3; fd < 1024; ++fd) {
      int flags = fcntl(fd, F_GETFD);
      if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
    return;
  }
  while (dirent* e = readdir(d)) {
    int fd = std::atoi(e->d_name);
    if (fd < 3 || fd == dirfd(d)) continue;
    int flags = fcntl(fd, F_GETFD);
    if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
  closedir(d);
}

void BecomeSubreaper() {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
    throw HarnessError(ErrnoText("prctl(PR_SET_CHILD_SUBREAPER)"));
}

bool WaitForPidExit(pid_t pid, Clock::time_point deadline) {
  int fd = PidfdOpen(pid);
  if (fd < 0) return errno == ESRCH;  // already gone (and reaped)
  bool gone = PollReadable(fd, deadline);
  close(fd);
  if (gone) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
  }
  return gone;
}

bool WaitForFile(const std::string& path, Clock::time_point deadline) {
  auto present = [&path] {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && st.st_size > 0;
  };
  std::string dir = path.substr(0, path.rfind('/'));
  if (dir.empty()) dir = "/";
  int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (ifd < 0) throw HarnessError(ErrnoText("inotify_init1"));
  // Not IN_CREATE: a file just created is empty, not yet `present` (a
  // wake-up for nothing); its first write (IN_MODIFY) or a rename into
  // place says more.
  inotify_add_watch(ifd, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY);
  bool ok = present();
  while (!ok && PollReadable(ifd, deadline)) {
    char buf[4096];
    while (read(ifd, buf, sizeof buf) > 0) {
    }
    ok = present();
  }
  close(ifd);
  return ok || present();
}

std::vector<pid_t> ListDescendants() {
  std::multimap<pid_t, pid_t> children;  // ppid -> pid
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      std::string text = ReadProcFile(std::string("/proc/") + e->d_name + "/stat");
      auto close_paren = text.rfind(')');
      if (close_paren == std::string::npos) continue;
      std::istringstream rest(text.substr(close_paren + 1));
      std::string state;
      pid_t ppid = 0;
      rest >> state >> ppid;
      children.emplace(ppid, static_cast<pid_t>(std::atoi(e->d_name)));
    }
    closedir(d);
  }
  std::vector<pid_t> result;
  std::vector<pid_t> todo{getpid()};
  while (!todo.empty()) {
    pid_t p = todo.back();
    todo.pop_back();
    auto range = children.equal_range(p);
    for (auto it = range.first; it != range.second; ++it) {
      result.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return result;
}

int KillAllDescendants(Clock::time_point deadline) {
  int killed = 0;
  for (;;) {
    // Reap whatever already died (zombies reparented to us included). A child
    // subreaper with no child left has no descendant either: a process whose
    // parent dies is reparented to us, so every live descendant has a live
    // ancestor among our children. Then the /proc sweep is not needed.
    if (!ReapExitedChildren() && (IsChildSubreaper() || IsNamespaceInit())) return killed;
    if (IsNamespaceInit()) {
      // Every other process of our PID namespace descends from us, and
      // kill(-1) reaches exactly those (not us); /proc is the machine's here.
      if (Clock::now() >= deadline) return killed;
      if (kill(-1, SIGKILL) == 0) ++killed;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    std::vector<pid_t> pids = ListDescendants();
    if (pids.empty() || Clock::now() >= deadline) return killed;
    std::vector<int> fds;
    for (pid_t p : pids) {
      int fd = PidfdOpen(p);
      if (kill(p, SIGKILL) == 0) ++killed;
      if (fd >= 0) fds.push_back(fd);
    }
    for (int fd : fds) {
      PollReadable(fd, deadline);
      close(fd);
    }
    ReapExitedChildren();
  }
}

}  // namespace harness
