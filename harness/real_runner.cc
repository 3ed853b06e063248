// real_runner.cc - see real_runner.h.
#include "harness/real_runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "harness/containment.h"
#include "harness/file_io.h"
#include "harness/interrupt.h"
#include "harness/patch_exim.h"
#include "harness/run_dir.h"

namespace harness {

RealCommandRunner::~RealCommandRunner() {
  try {
    StopEverything();
  } catch (...) {
  }
}

namespace {

// Exim's daemon loop tests its SIGTERM flag and then sleeps in poll(): a
// SIGTERM landing between the two (as the connection process that just ended
// is reaped, which is when killdaemon comes) is only seen at the next
// wake-up, and there may be none. So the signal is repeated every second
// until \a gone says so or the deadline passes (upstream runtest sends one and
// waits forever). True once gone.
template <typename Signal, typename Gone>
bool TermUntilGone(Signal signal, Gone gone, Clock::time_point deadline) {
  for (;;) {
    signal();
    auto next = std::min(deadline, Clock::now() + std::chrono::seconds(1));
    if (gone(next)) return true;
    if (next >= deadline) return false;
  }
}

}  // namespace

bool RealCommandRunner::Interrupted(int* sig) {
  *sig = InterruptSignal();
  return *sig != 0;
}

void RealCommandRunner::SetActivity(const std::string& what) { harness::SetActivity(what); }

std::string RealCommandRunner::CreateRunDir(const std::string& test_name, bool real_dovecot) {
  InterruptGate gate;  // no new run directory after a signal
  run_dir_ = harness::CreateRunDir(work_root_, test_name, exim_uid_, exim_gid_);
  if (real_dovecot) AllowDovecotSearch(run_dir_);
  if (owner_ != 0 && chown(run_dir_.c_str(), owner_, static_cast<gid_t>(-1)) != 0)
    throw HarnessError(run_dir_ + ": cannot give it to the caller: " + std::strerror(errno));
  if (!trusted_list_.empty()) {
    std::string list = run_dir_ + "/trusted-configs";
    WriteWholeFile(list, run_dir_ + "/test-config\n", 0644, false);
    trusted_mount_ = std::make_unique<FileMount>(list, trusted_list_);
  }
  return run_dir_;
}

void RealCommandRunner::RemoveRunDir(const std::string& path) { RemoveTree(path); }

bool RealCommandRunner::BelowRunDir(const std::string& path) const {
  return !run_dir_.empty() && path.size() > run_dir_.size() + 1 && path.compare(0, run_dir_.size(), run_dir_) == 0 &&
         path[run_dir_.size()] == '/';
}

std::optional<std::string> RealCommandRunner::ReadFile(const std::string& path) {
  // Below the run directory Exim's user owns spool/: no link of its is followed.
  if (BelowRunDir(path)) return ReadWholeFileBelow(run_dir_, path.substr(run_dir_.size() + 1));
  return ReadWholeFile(path);
}

void RealCommandRunner::WriteFile(const std::string& path, const std::string& text, bool append,
                                  bool make_parents) {
  if (make_parents) {
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  }
  WriteWholeFile(path, text, 0644, append);
}

void RealCommandRunner::RemoveFile(const std::string& path) { unlink(path.c_str()); }

std::vector<std::string> RealCommandRunner::ListFilesBelow(const std::string& dir) {
  if (!BelowRunDir(dir)) return harness::ListFilesBelow(dir);
  // Below the run directory (spool/ is Exim's user's): no link on the way
  // or in it is followed or listed.
  for (size_t slash = dir.find('/', run_dir_.size() + 1); slash != std::string::npos; slash = dir.find('/', slash + 1)) {
    struct stat st;
    if (lstat(dir.substr(0, slash).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return {};
  }
  return harness::ListFilesBelow(dir, true);
}

void RealCommandRunner::MakeSymlink(const std::string& target, const std::string& path) {
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  if (symlink(target.c_str(), path.c_str()) != 0)
    throw HarnessError(path + ": cannot make a link to " + target + ": " + std::strerror(errno));
}

void RealCommandRunner::MakeCallerDirectory(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 || chmod(path.c_str(), 0755) != 0 ||
      (owner_ != 0 && chown(path.c_str(), owner_, static_cast<gid_t>(-1)) != 0))
    throw HarnessError(path + ": cannot make it the caller's directory: " + std::strerror(errno));
}

void RealCommandRunner::InstallPatchedExim(const std::string& from, const std::string& to) {
  // Upstream's runtest makes eximdir/ the caller's, mode 0710, group Exim's;
  // eximdir/exim setuid root 04755. Here eximdir/ stays root's (the caller
  // could otherwise swap the binary that `sudo exim` runs as root), mode 0711:
  // a process of the caller's without its supplementary groups (Exim's pipe
  // transport with user = CALLER, 0174's resubmitB) must reach eximdir/exim,
  // and the run directory around it (0750, the caller's, Exim's group) keeps
  // everybody else out.
  std::string dir = std::filesystem::path(to).parent_path().string();
  struct stat run;
  if (stat(std::filesystem::path(dir).parent_path().c_str(), &run) != 0)
    throw HarnessError(dir + ": " + std::strerror(errno));
  if (mkdir(dir.c_str(), 0711) != 0 && errno != EEXIST) throw HarnessError(dir + ": cannot create: " + std::strerror(errno));
  if (chown(dir.c_str(), 0, run.st_gid) != 0 || chmod(dir.c_str(), 0711) != 0)
    throw HarnessError(dir + ": cannot give it Exim's group: " + std::strerror(errno));
  std::optional<std::string> binary = ReadWholeFile(from);
  if (!binary) throw HarnessError(from + ": cannot read the Exim binary to patch");
  WriteWholeFile(to, PatchEximBinary(std::move(*binary), from), 0755);
  if (chown(to.c_str(), 0, 0) != 0 || chmod(to.c_str(), 04755) != 0)
    throw HarnessError(to + ": cannot make it setuid root: " + std::strerror(errno));
  // ... and eximdir/exim_exim, the same binary setuid and setgid Exim's user.
  const std::string exim_exim = to + "_exim";
  WriteWholeFile(exim_exim, *ReadWholeFile(to), 0755);
  if (chown(exim_exim.c_str(), exim_uid_, exim_gid_) != 0 || chmod(exim_exim.c_str(), 06755) != 0)
    throw HarnessError(exim_exim + ": cannot make it setuid Exim's user: " + std::strerror(errno));
}

std::unique_ptr<Process> RealCommandRunner::Spawn(const EximLaunch& launch, int stdin_fd) {
  SpawnOptions spawn;
  spawn.argv = launch.argv;
  spawn.stdin_data = launch.stdin_data;
  spawn.stdin_fd = stdin_fd;
  if (!launch.stdin_file.empty()) {  // `exim ... <FILE`, as the shell would
    std::optional<std::string> data = ReadWholeFile(launch.stdin_file);
    if (!data) throw HarnessError(launch.stdin_file + ": cannot open it as Exim's stdin");
    spawn.stdin_data = std::move(*data);
  }
  // Exim's runtest appends to the raw files: Process::Spawn opens them for
  // appending (creating them), as it does.
  spawn.stdout_file = run_dir_ + "/" + launch.stdout_file;
  spawn.stderr_file = run_dir_ + "/" + launch.stderr_file;
  spawn.env = launch.env;
  spawn.as = launch.as;
  spawn.runtest_environment = launch.runtest_environment;
  InterruptGate gate;  // no process start behind a signal handler's back
  return Process::Spawn(spawn);
}

std::optional<int> RealCommandRunner::RunExim(const EximLaunch& launch, Clock::time_point deadline) {
  if (!launch.stdin_parts.empty()) {
    // runtest writes the block with `:sleep: N` pauses and `:file: NAME`
    // contents: a shell writes the stream into Exim's stdin the same way
    // (each run of text read from its own stdin with `head -c LEN`, which
    // never reads past LEN), then keeps it open N more seconds for `N exim`.
    EximLaunch piped = launch;
    piped.stdin_data.clear();
    std::string script;
    for (const StdinPart& part : launch.stdin_parts) {
      switch (part.kind) {
        case StdinPart::kText:
          piped.stdin_data += part.value;
          script += "head -c " + std::to_string(part.value.size()) + "; ";
          break;
        case StdinPart::kSleep:
          script += "sleep " + part.value + "; ";
          break;
        case StdinPart::kFile: {
          std::string quoted = "'";
          for (char c : part.value) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
          script += "cat -- " + quoted + "'; ";
          break;
        }
      }
    }
    if (launch.stdin_close_delay > 0) script += "sleep " + std::to_string(launch.stdin_close_delay) + "; ";
    piped.stdin_close_delay = 0;
    piped.stdin_parts.clear();
    piped.argv = {"/bin/sh", "-c", "{ " + script + "} | exec \"$0\" \"$@\""};
    piped.argv.insert(piped.argv.end(), launch.argv.begin(), launch.argv.end());
    return Spawn(piped)->WaitUntil(deadline);
  }
  if (launch.stdin_close_delay > 0) {
    // runtest's `N exim ...`: stdin stays open N seconds after the data (a
    // timeout test). A shell pipes the data, sleeps, then closes the pipe;
    // Exim is the pipeline's last command, so its status is the status.
    EximLaunch piped = launch;
    piped.argv = {"/bin/sh", "-c", "{ cat; sleep " + std::to_string(launch.stdin_close_delay) + "; } | exec \"$0\" \"$@\""};
    piped.argv.insert(piped.argv.end(), launch.argv.begin(), launch.argv.end());
    return Spawn(piped)->WaitUntil(deadline);
  }
  return Spawn(launch)->WaitUntil(deadline);  // on a timeout the Process kills it
}

std::unique_ptr<Process> RealCommandRunner::SpawnShell(const ShellLaunch& launch) {
  SpawnOptions spawn;
  if (launch.argv.empty()) spawn.argv = {"/bin/sh", "-c", launch.script};
  else spawn.argv = launch.argv;
  spawn.stdin_data = launch.stdin_data;
  spawn.stdin_pipe_open = launch.stdin_pipe_open;
  if (!launch.capture_file.empty()) spawn.stdout_file = launch.capture_file;
  else if (!launch.stdout_file.empty()) spawn.stdout_file = run_dir_ + "/" + launch.stdout_file;
  if (!launch.stderr_file.empty()) spawn.stderr_file = run_dir_ + "/" + launch.stderr_file;
  spawn.env = launch.env;
  spawn.as = launch.as;
  spawn.runtest_environment = launch.runtest_environment;
  spawn.cwd = run_dir_;  // upstream runtest runs every command in the test directory
  if (!spawn.argv[0].empty() && spawn.argv[0].find('/') != std::string::npos && access(spawn.argv[0].c_str(), X_OK) != 0)
    throw HarnessError("no executable " + spawn.argv[0] + ": " + std::strerror(errno));
  InterruptGate gate;  // no process start behind a signal handler's back
  return Process::Spawn(spawn);
}

std::optional<int> RealCommandRunner::RunShell(const ShellLaunch& launch, Clock::time_point deadline) {
  return SpawnShell(launch)->WaitUntil(deadline);
}

pid_t RealCommandRunner::StartBackground(const ShellLaunch& launch) {
  background_.push_back(SpawnShell(launch));
  return background_.back()->pid();
}

Process* RealCommandRunner::Background(pid_t pid) {
  for (const auto& p : background_)
    if (p->pid() == pid) return p.get();
  return nullptr;
}

bool RealCommandRunner::WaitForPidFile(const std::string& path, Clock::time_point deadline) {
  for (;;) {
    auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(250));
    if (WaitForFile(path, slice)) return true;
    if (slice >= deadline || harness::Interrupted()) return false;
  }
}

std::optional<int> RealCommandRunner::BackgroundExited(pid_t pid) {
  Process* p = Background(pid);
  return p ? p->WaitUntil(Clock::now()) : std::nullopt;
}

std::optional<int> RealCommandRunner::FinishBackground(pid_t pid, Clock::time_point deadline) {
  Process* p = Background(pid);
  if (!p) return std::nullopt;
  p->CloseStdin();
  auto status = p->WaitUntil(deadline);
  if (!status) p->Terminate(std::chrono::milliseconds(500));
  return status;
}

void RealCommandRunner::KillBackground(pid_t pid, Clock::time_point deadline) {
  Process* p = Background(pid);
  if (!p || p->exited()) return;
  // An inetd-wait Exim runs the daemon loop that can lose a SIGTERM.
  if (!TermUntilGone([p] { p->Signal(SIGTERM); }, [p](Clock::time_point t) { return p->WaitUntil(t).has_value(); },
                     deadline))
    p->Terminate(std::chrono::milliseconds(500));
}

DaemonStart RealCommandRunner::StartDaemon(const EximLaunch& launch, Clock::time_point deadline) {
  // A daemon: -bd forks and its first process exits at once; the daemon
  // proper (reparented to us, the subreaper) writes the pid file once its
  // listening sockets are open. Readiness = pid file present.
  DaemonStart d;
  std::unique_ptr<Process> process = Spawn(launch);
  // Exim's -bd forks into the background unless its parent's pid is 1
  // (daemon.c: it then takes itself for a daemon re-executed after SIGHUP):
  // when runtest is the init of its PID namespace (containment.h), the
  // process started is the daemon itself, as with -bdf.
  const bool stays = launch.foreground || IsNamespaceInit();
  if (!stays) {
    auto status = process->WaitUntil(deadline);
    if (!status) return DaemonStart{DaemonStart::kDetachTimeout, 0, -1};
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) return DaemonStart{DaemonStart::kDetachFailed, *status, -1};
  }
  // In slices, so that a signal (whose handler has killed the daemon: no pid
  // file will come) is seen well within the handler's grace. The pid file
  // normally appears within the first slice.
  for (;;) {
    auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(250));
    if (WaitForFile(launch.pid_file, slice)) break;
    // A daemon that stays in the foreground and ends before its pid file
    // (a configuration error, say) failed: no need to wait for the deadline.
    if (stays)
      if (auto status = process->WaitUntil(Clock::now())) return DaemonStart{DaemonStart::kDetachFailed, *status, -1};
    if (slice >= deadline || harness::Interrupted()) return DaemonStart{DaemonStart::kNoPidFile, 0, -1};
  }
  auto text = ReadWholeFile(launch.pid_file);
  d.pid = text ? static_cast<pid_t>(std::atol(text->c_str())) : -1;
  if (d.pid <= 1) d.pid = -1;
  if (stays) foreground_.push_back(std::move(process));
  return d;
}

int RealCommandRunner::OpenDynamicSocket() {
  CloseDynamicSocket();
  // As runtest's Exim::Runtest::dynamic_socket: listening on 127.0.0.1
  // (backlog 10); the port is any free one, as our other ports are.
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 10) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int e = errno;
    if (fd >= 0) close(fd);
    throw HarnessError(std::string("PORT_DYNAMIC: cannot open a socket listening on 127.0.0.1: ") + std::strerror(e));
  }
  dynamic_fd_ = fd;
  return ntohs(addr.sin_port);
}

void RealCommandRunner::CloseDynamicSocket() {
  if (dynamic_fd_ >= 0) close(dynamic_fd_);
  dynamic_fd_ = -1;
}

pid_t RealCommandRunner::StartWaitDaemon(const EximLaunch& launch) {
  if (dynamic_fd_ < 0)
    throw HarnessError("no PORT_DYNAMIC socket to give the inetd-wait daemon (the script does not say PORT_DYNAMIC, "
                       "or another daemon has it)");
  // runtest: sudo mkdir spool/log; sudo chown EXIMUSER:EXIMGROUP spool/log
  const std::string log = run_dir_ + "/spool/log";
  // Opened without following a link (spool/ is Exim's user's: a link there
  // must not make root chown its target).
  int fd = -1;
  if ((mkdir(log.c_str(), 0750) != 0 && errno != EEXIST) ||
      (fd = open(log.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
      fchown(fd, exim_uid_, exim_gid_) != 0) {
    int err = errno;
    if (fd >= 0) close(fd);
    throw HarnessError(log + ": cannot make it Exim's: " + std::strerror(err));
  }
  close(fd);
  background_.push_back(Spawn(launch, dynamic_fd_));
  CloseDynamicSocket();  // the daemon has it now
  return background_.back()->pid();
}

std::optional<int> RealCommandRunner::DaemonExited(pid_t pid) {
  if (pid <= 1) return std::nullopt;
  for (const auto& p : foreground_)
    if (p->pid() == pid) return p->WaitUntil(Clock::now());
  // A -bd daemon is reparented to us (the subreaper): reap it if it died.
  int st = 0;
  pid_t r;
  do {
    r = waitpid(pid, &st, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid) return st;
  return std::nullopt;
}

bool RealCommandRunner::KillDaemon(pid_t pid, Clock::time_point deadline) {
  if (pid <= 1) return true;
  if (TermUntilGone([pid] { kill(pid, SIGTERM); }, [pid](Clock::time_point t) { return WaitForPidExit(pid, t); },
                    deadline))
    return true;
  kill(pid, SIGKILL);
  WaitForPidExit(pid, Clock::now() + std::chrono::seconds(5));
  return false;
}

ClientResult RealCommandRunner::RunClient(const ClientPlan& client, Clock::time_point deadline) {
  ClientOptions options = client.options;
  options.cancel_at = deadline;
  return harness::RunClient(options, client.steps);
}

void RealCommandRunner::StartResponder(const DovecotSetup& setup, Clock::time_point deadline) {
  socket_ = setup.socket_path;
  RegisterCleanupPath(socket_);
  if (!setup.fixed_dir.empty()) fixed_ = std::make_unique<FixedDirMount>(setup.fixed_dir, setup.fixed_mirror);
  DovecotSetup with_main = setup;
  if (!setup.real && setup.fake_thread == nullptr) with_main.fake_thread = fake_thread_;
  dovecot_ = std::make_unique<DovecotBackend>(with_main);
  InterruptGate gate;  // no process start behind a signal handler's back
  dovecot_->Start(deadline);
}

std::optional<int> RealCommandRunner::ResponderExited() {
  return dovecot_ ? dovecot_->Exited() : std::nullopt;
}

void RealCommandRunner::StopResponder() {
  if (dovecot_) {
    dovecot_->Stop();
    dovecot_.reset();
  }
}

bool RealCommandRunner::SleepUntil(Clock::time_point until) { return !WaitForInterruptUntil(until); }

void RealCommandRunner::StopEverything() {
  foreground_.clear();  // kills and reaps anything still running
  background_.clear();
  CloseDynamicSocket();
  StopResponder();
  KillAllDescendants(Clock::now() + std::chrono::seconds(10));
  fixed_.reset();  // nothing of the test runs any more
  trusted_mount_.reset();
  if (!socket_.empty()) {
    UnregisterCleanupPath(socket_);
    socket_.clear();
  }
}

}  // namespace harness
