// dovecot_backend.h - the Dovecot auth responder a test talks to: our
// fake_dovecot or a private real Dovecot, started and stopped as one object.
#ifndef HARNESS_DOVECOT_BACKEND_H_
#define HARNESS_DOVECOT_BACKEND_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "harness/process.h"
#include "harness/responder_thread.h"

namespace harness {

/// Where the responder lives and what it serves.
struct DovecotSetup {
  /// The test's run directory. A real Dovecot works in RUN/dovecot/;
  /// fake_dovecot's stderr goes to RUN/fake_dovecot.stderr.
  std::string run_dir;
  /// The auth-client socket the test's Exim is given (at most 107 bytes).
  std::string socket_path;
  /// Dovecot passwd-file (`user:{PLAIN}secret:...`). Empty or missing: no users.
  std::string users_file;
  /// fake_dovecot scenario; empty for none. Needs the fake (real => error).
  std::string scenario_file;
  /// fake_dovecot transcript of every byte; empty for none. Fake only.
  std::string transcript_file;
  /// build/bin/fake_dovecot.
  std::string fake_binary;
  /// Start a private real Dovecot instead of the fake.
  bool real = false;
  /// Fake only: --failure-delay (default: the scenario's, else 0).
  std::optional<unsigned> failure_delay_ms;
  /// Real only: the dovecot binary (looked up in PATH when not absolute).
  std::string dovecot_binary = "dovecot";
  /// A fixed socket path (fixed_paths.h): the directory the configuration
  /// names ("/var/run/dovecot") and the run directory's copy of it, which
  /// holds socket_path and which the test's processes see in its place.
  /// Both empty for the usual RUN/auth-client.
  std::string fixed_dir, fixed_mirror;
  /// Fake only: the responder linked into the caller (fake_dovecot/run.h,
  /// StartResponderThread). Set: the fake is served by a thread of this
  /// process instead of an executed fake_binary (no process per test); its
  /// messages go to the same RUN/fake_dovecot.stderr.
  StartResponderThreadFn fake_thread = nullptr;
};

/// RAII owner of the responder (a process, or a thread of ours for the fake
/// with DovecotSetup::fake_thread). Start() returns once the socket
/// accepts connections (observed, never a fixed sleep); Stop() (also run by
/// the destructor) sends SIGTERM, waits, falls back to SIGKILL and reaps.
///
/// Fake: spawns `fake_dovecot --socket S [--users U] [--scenario F]
/// [--transcript T] [--failure-delay MS]` (stderr to RUN/fake_dovecot.stderr)
/// and waits for its `ready` line.
/// Real: writes RUN/dovecot/dovecot.conf (private base_dir, `protocols =`,
/// the users file as passwd-file passdb/userdb, auth_failure_delay = 0,
/// auth_cache_size = 0, ssl = no, log in RUN/dovecot/dovecot.log), runs
/// `dovecot -F -c RUN/dovecot/dovecot.conf`, waits until BASE/auth-client
/// accepts a connection, then makes socket_path a symlink to it.
/// Errors are thrown as HarnessError with a clear message.
class DovecotBackend {
 public:
  explicit DovecotBackend(DovecotSetup setup);
  ~DovecotBackend();
  DovecotBackend(const DovecotBackend&) = delete;
  DovecotBackend& operator=(const DovecotBackend&) = delete;

  /// Starts the responder and waits (until \a deadline) for its socket.
  void Start(Clock::time_point deadline);
  /// Stops and reaps it; removes what Start() created outside the run
  /// directory. Idempotent. Returns the raw wait status (nullopt if it was
  /// not running).
  std::optional<int> Stop();

  bool running() const { return process_ != nullptr || thread_ != nullptr; }
  /// The responder's wait status if it has exited on its own (it is then
  /// reaped; a thread's exit status as a wait status), nullopt while it runs
  /// or when it was never started. Does not block.
  std::optional<int> Exited();
  /// The responder process's pid; -1 for none (or a thread).
  pid_t pid() const { return process_ ? process_->pid() : -1; }
  const DovecotSetup& setup() const { return setup_; }
  /// The socket clients use (setup().socket_path).
  const std::string& socket_path() const { return setup_.socket_path; }
  /// Real: the dovecot.conf written; empty for the fake.
  const std::string& config_path() const { return config_path_; }
  /// Real: Dovecot's log file; fake: fake_dovecot's stderr file.
  const std::string& log_path() const { return log_path_; }

  /// The dovecot.conf text for a private instance (pure; for tests).
  static std::string RenderConfig(const std::string& base_dir,
                                  const std::string& state_dir,
                                  const std::string& log_path,
                                  const std::string& passwd_file);

 private:
  void StartFake(Clock::time_point deadline);
  void StartReal(Clock::time_point deadline);
  void WaitForSocket(const std::string& path, Clock::time_point deadline);
  [[noreturn]] void StartupFailed(const std::string& what);

  DovecotSetup setup_;
  std::string work_dir_;     // RUN/dovecot
  std::string base_dir_;     // real: Dovecot's base_dir
  bool base_dir_is_temp_ = false;
  std::string config_path_;
  std::string log_path_;
  std::string out_path_;     // the child's stdout/stderr file
  bool made_symlink_ = false;
  std::unique_ptr<Process> process_;
  std::unique_ptr<ResponderThread> thread_;
};

}  // namespace harness

#endif  // HARNESS_DOVECOT_BACKEND_H_
