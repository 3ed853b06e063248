// process.h - spawning, waiting for and killing the processes a test starts.
//
// Only this module (with the SMTP client and fake_dovecot) touches processes.
// Boost.Process does the spawning; waiting uses pidfds (Linux >= 5.3) so that a
// wait has a deadline and never polls. The harness is a child subreaper, so a
// double-forked Exim daemon is reparented to it and reaped here, not by PID 1.
#ifndef HARNESS_PROCESS_H_
#define HARNESS_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/credentials.h"

namespace harness {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// What to spawn and where its standard streams go.
struct SpawnOptions {
  /// argv[0] is the executable (an absolute path, or a name looked up in PATH).
  std::vector<std::string> argv;
  /// Bytes written to the child's stdin, which is then closed. Empty: /dev/null
  /// unless stdin_pipe_open is set.
  std::string stdin_data;
  /// Keep an (empty) stdin pipe open until the Process is destroyed, as Exim's
  /// runtest does for daemons.
  bool stdin_pipe_open = false;
  /// Instead of either: this descriptor is the child's stdin (a listening
  /// socket, for Exim's inetd wait mode); it stays ours to close.
  int stdin_fd = -1;
  /// Files the child's stdout / stderr are appended to; empty means /dev/null.
  std::string stdout_file;
  std::string stderr_file;
  /// Instead of stdout_file: a pipe the parent reads with ReadStdoutLine().
  bool stdout_pipe = false;
  /// Variables added to (or replacing in) the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  /// Working directory; empty: inherit.
  std::string cwd;
  /// Run as this user instead of ours (only root may ask).
  std::optional<Credentials> as;
  /// Upstream's runtest: of our environment only USER, SHELL, PATH, TERM and
  /// EXIM_TEST_* are passed on (then env is applied).
  bool runtest_environment = false;
};

/// The executable called name in $PATH: the first directory of $PATH (an
/// empty entry is ".") holding a regular file of that name we may execute,
/// as Boost.Process's search_path finds it; "" if there is none. Unlike the
/// one-argument search_path it does not build std::locale(""), which reads
/// every locale file of the environment's locale.
std::string FindInPath(const std::string& name);

/// Raw wait(2) status helpers.
std::string DescribeWaitStatus(int status);

/// One spawned child, in its own process group. The destructor kills (SIGKILL
/// to the group) and reaps it if it is still running: no exit path leaks it.
class Process {
 public:
  /// Spawns; throws HarnessError naming argv[0] on failure.
  static std::unique_ptr<Process> Spawn(const SpawnOptions& options);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  /// Waits until the child exits or the deadline passes. Returns the raw wait
  /// status once it has exited (and been reaped), nullopt on timeout.
  std::optional<int> WaitUntil(Clock::time_point deadline);
  /// Whether it has been reaped; its raw status then.
  bool exited() const { return status_.has_value(); }
  std::optional<int> status() const { return status_; }
  /// Closes the stdin pipe kept open by stdin_pipe_open (the child sees EOF).
  void CloseStdin();
  /// Sends sig to the child's process group.
  void Signal(int sig);
  /// SIGTERM, wait up to grace, then SIGKILL and wait. Returns the status.
  int Terminate(milliseconds grace);
  /// Reads one line (without '\n') from the stdout pipe, until the deadline.
  /// nullopt on EOF or timeout.
  std::optional<std::string> ReadStdoutLine(Clock::time_point deadline);
  /// Reads the stdout pipe until EOF, the child's exit (then only what the
  /// pipe holds), the deadline (*timed_out) or max_bytes (*overflow).
  std::string ReadStdoutUntilExit(Clock::time_point deadline, size_t max_bytes, bool* timed_out, bool* overflow);

 private:
  Process() = default;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string stdout_buffer_;
  std::optional<int> status_;
};

/// Runs argv to completion (stdin /dev/null, stderr discarded) and returns its
/// raw wait status and stdout. Killed (status SIGKILL) if the deadline passes
/// or it prints more than \a max_bytes. Once the child has exited only what
/// its stdout already holds is read: a grandchild that keeps the pipe open
/// costs nothing.
struct CapturedRun {
  int status = 0;
  std::string out;
  bool timed_out = false;  ///< killed at the deadline
  bool overflow = false;   ///< killed after max_bytes of output (out holds them)
};
CapturedRun RunCapture(const std::vector<std::string>& argv, Clock::time_point deadline,
                       size_t max_bytes = size_t{1} << 20);

/// prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants become our children.
void BecomeSubreaper();

/// Marks every descriptor from 3 up close-on-exec: what runtest inherited
/// (CTest's LastTest.log, a CI runner's pipes) reaches no program it starts,
/// as upstream's runtest, started through sudo, passes none (Exim's 0142
/// lists the descriptors a delivery sees). Call first in main().
void CloseInheritedDescriptorsOnExec();

/// Waits for an arbitrary process (for instance a daemon known only from its
/// pid file) to exit, and reaps it if it is our child. True once it is gone,
/// false if the deadline passed first.
bool WaitForPidExit(pid_t pid, Clock::time_point deadline);

/// Waits (inotify, no polling) until path exists and is non-empty, or the
/// deadline passes. Returns whether it appeared.
bool WaitForFile(const std::string& path, Clock::time_point deadline);

/// Pids of every live descendant of this process (from /proc).
std::vector<pid_t> ListDescendants();

/// SIGKILLs every descendant and reaps every child (including the ones that
/// get reparented to us as their parents die), until none is left or the
/// deadline passes. Returns how many processes were killed. A child subreaper
/// (BecomeSubreaper) or the init of a PID namespace with no child left has no
/// descendant: then it returns at once, without reading /proc. The init of a
/// PID namespace (containment.h) kills with kill(-1), without /proc, and
/// counts each round of that as one.
int KillAllDescendants(Clock::time_point deadline);

}  // namespace harness

#endif  // HARNESS_PROCESS_H_
