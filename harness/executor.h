// executor.h - runs a TestPlan through a CommandRunner and turns what
// happened into a TestResult (a value; the report layer presents it).
//
// The CommandRunner is the seam between the harness's logic and the
// machine: the real one (real_runner.h) spawns Exim, starts fake_dovecot or
// Dovecot, runs the SMTP client, reads and writes files; tests drive the
// executor with a fake one (tests/executor_test.cc), as Ninja's build_test.cc
// drives its Builder with a FakeCommandRunner.
#ifndef HARNESS_EXECUTOR_H_
#define HARNESS_EXECUTOR_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "harness/interrupt.h"
#include "harness/plan.h"
#include "harness/process.h"
#include "harness/runner.h"

namespace harness {

/// How an Exim daemon start ended.
struct DaemonStart {
  enum Status {
    kReady,          ///< the pid file exists; pid is the daemon's
    kDetachTimeout,  ///< -bd: the first process did not exit in time
    kDetachFailed,   ///< -bd: the first process exited non-zero (wait_status)
    kNoPidFile,      ///< no pid file before the deadline
  } status = kReady;
  int wait_status = 0;
  pid_t pid = -1;
};

/// Everything the executor asks of the machine. Paths are absolute.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;

  virtual Clock::time_point Now() = 0;
  /// True once SIGINT/SIGTERM/SIGHUP has arrived (the signal's number in *sig).
  virtual bool Interrupted(int* sig) = 0;
  /// Says what the run is doing (for the interrupt message).
  virtual void SetActivity(const std::string& what) = 0;

  /// Creates the test's run directory (spool/ inside) and returns its path;
  /// with \a real_dovecot the user dovecot may search it (AllowDovecotSearch).
  virtual std::string CreateRunDir(const std::string& test_name, bool real_dovecot) = 0;
  virtual void RemoveRunDir(const std::string& path) = 0;
  virtual std::optional<std::string> ReadFile(const std::string& path) = 0;
  /// Creates missing parent directories when \a make_parents.
  virtual void WriteFile(const std::string& path, const std::string& text, bool append,
                         bool make_parents = false) = 0;
  virtual void RemoveFile(const std::string& path) = 0;
  /// Every regular file below \a dir, relative to it, sorted (none when
  /// it does not exist): runtest's list_files_below.
  virtual std::vector<std::string> ListFilesBelow(const std::string& dir) = 0;
  /// A symbolic link \a path -> \a target (parent directories created).
  virtual void MakeSymlink(const std::string& target, const std::string& path) = 0;
  /// The directory \a path (mode 0755), owned by the test's caller login as
  /// the run directory is (root's when there is none).
  virtual void MakeCallerDirectory(const std::string& path) = 0;
  /// \a from, put into test-harness mode (patch_exim.h), installed as \a to
  /// as upstream's runtest installs eximdir/exim: setuid root, its directory
  /// mode 0711 with Exim's group (upstream: the caller's, 0710).
  virtual void InstallPatchedExim(const std::string& from, const std::string& to) = 0;

  /// Runs exim to completion; nullopt if \a deadline passed (it is killed).
  virtual std::optional<int> RunExim(const EximLaunch& launch, Clock::time_point deadline) = 0;
  /// Starts an Exim daemon; returns once its pid file exists (or failed).
  virtual DaemonStart StartDaemon(const EximLaunch& launch, Clock::time_point deadline) = 0;
  /// PORT_DYNAMIC: opens a TCP socket listening on 127.0.0.1 at a free port,
  /// held until StartWaitDaemon hands it over (or StopEverything), and
  /// returns the port. HarnessError if it cannot.
  virtual int OpenDynamicSocket() = 0;
  /// Starts exim in inetd wait mode (-DSERVER=wait:PORT_DYNAMIC -bw) with
  /// the PORT_DYNAMIC socket as its stdin, closes ours, and returns at once
  /// with its pid: a background process from then on (BackgroundExited,
  /// KillBackground). First spool/log is made, owned by Exim, as runtest
  /// does. HarnessError if there is no socket or it cannot be started.
  virtual pid_t StartWaitDaemon(const EximLaunch& launch) = 0;
  /// The wait status of daemon \a pid if it has exited, else nullopt.
  virtual std::optional<int> DaemonExited(pid_t pid) = 0;
  /// SIGTERM, wait until \a deadline; false if it had to be SIGKILLed.
  virtual bool KillDaemon(pid_t pid, Clock::time_point deadline) = 0;

  virtual ClientResult RunClient(const ClientPlan& client, Clock::time_point deadline) = 0;

  /// Starts the Dovecot responder (HarnessError if it cannot).
  virtual void StartResponder(const DovecotSetup& setup, Clock::time_point deadline) = 0;
  /// The responder's wait status if it has exited, else nullopt.
  virtual std::optional<int> ResponderExited() = 0;
  virtual void StopResponder() = 0;

  /// Runs a shell command (ShellLaunch: /bin/sh -c, or argv) in the run
  /// directory to completion; nullopt if \a deadline passed (it is killed).
  /// HarnessError if it cannot be started.
  virtual std::optional<int> RunShell(const ShellLaunch& launch, Clock::time_point deadline) = 0;
  /// Starts one in the background (background, server, exim_lock) and
  /// returns its pid. HarnessError if it cannot be started.
  virtual pid_t StartBackground(const ShellLaunch& launch) = 0;
  /// Waits until \a path exists (a server's pid file); false at the deadline.
  virtual bool WaitForPidFile(const std::string& path, Clock::time_point deadline) = 0;
  /// The wait status of background process \a pid if it has exited.
  virtual std::optional<int> BackgroundExited(pid_t pid) = 0;
  /// Closes its stdin (exim_lock) and waits for it to exit; nullopt if the
  /// deadline passed (it is then killed).
  virtual std::optional<int> FinishBackground(pid_t pid, Clock::time_point deadline) = 0;
  /// SIGTERM, wait until \a deadline, then SIGKILL.
  virtual void KillBackground(pid_t pid, Clock::time_point deadline) = 0;

  /// Sleeps until \a until; false if a signal cut it short.
  virtual bool SleepUntil(Clock::time_point until) = 0;
  /// Kills and reaps whatever is left (after daemons and the responder).
  virtual void StopEverything() = 0;
};

/// What the executor needs to know beyond the plan.
struct ExecuteOptions {
  std::string source_dir;  ///< goldens: SOURCE/expected/KIND/NNNN
  bool keep = false;    ///< keep the run directory and write RUN/normalised/ of a passing test
  bool keep_none = false;  ///< remove the run directory whatever the outcome (--no-keep)
  bool update = false;  ///< write differing outputs over the goldens (not after a failed command)
  /// With update: what a first run of the same plan produced (kind ->
  /// normalised text, OutputCheck::actual). Nothing is written, and the test
  /// is an ERROR naming the lines, when this run's outputs differ from it.
  /// Null: no such check (update writes, ExecuteOptions::update_writes).
  const std::map<std::string, std::string, std::less<>>* update_reference = nullptr;
  /// With update: false computes every output an update would write (the
  /// first of runtest's two --update runs) but writes nothing.
  bool update_writes = true;
  std::chrono::seconds command_timeout{30};
  std::chrono::seconds test_timeout{120};
};

/// A runner method may throw InterruptedError (interrupt.h) where a signal
/// forbids starting anything; the test then ends as kInterrupted.
///
/// Runs \a plan (BindRunDir is applied to it once the run directory exists)
/// and returns the result. Never throws for anything a test does.
TestResult Execute(TestPlan plan, CommandRunner& runner, const ExecuteOptions& options);

}  // namespace harness

#endif  // HARNESS_EXECUTOR_H_
