// real_runner.h - the CommandRunner that touches the machine: Exim through
// process.h (vfork spawn), the SMTP client (smtp_client.h), the Dovecot
// responder (dovecot_backend.h), run directories (run_dir.h), files
// (file_io.h) and the signal handler's state (interrupt.h).
#ifndef HARNESS_REAL_RUNNER_H_
#define HARNESS_REAL_RUNNER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/dovecot_backend.h"
#include "harness/fixed_dir_mount.h"
#include "harness/executor.h"

namespace harness {

class RealCommandRunner : public CommandRunner {
 public:
  /// \a owner: the caller login the test's commands run as (--caller),
  /// given the run directory as upstream's caller owns its test directory;
  /// 0: root keeps it.
  RealCommandRunner(std::string work_root, uid_t exim_uid, gid_t exim_gid, uid_t owner = 0)
      : work_root_(std::move(work_root)), exim_uid_(exim_uid), exim_gid_(exim_gid), owner_(owner) {}
  ~RealCommandRunner() override;
  /// DovecotSetup::fake_thread for every fake responder this runner starts.
  void set_fake_dovecot_thread(StartResponderThreadFn fn) { fake_thread_ = fn; }
  /// Upstream trees: each run directory gets RUN/trusted-configs (root's,
  /// naming RUN/test-config) shown in the place of \a list_path, Exim's
  /// TRUSTED_CONFIG_LIST, for the test's duration (test/README (4): the
  /// test configuration is listed there).
  void ShowTrustedConfigList(std::string list_path) { trusted_list_ = std::move(list_path); }

  Clock::time_point Now() override { return Clock::now(); }
  bool Interrupted(int* sig) override;
  void SetActivity(const std::string& what) override;
  std::string CreateRunDir(const std::string& test_name, bool real_dovecot) override;
  void RemoveRunDir(const std::string& path) override;
  std::optional<std::string> ReadFile(const std::string& path) override;
  void WriteFile(const std::string& path, const std::string& text, bool append, bool make_parents) override;
  void RemoveFile(const std::string& path) override;
  std::vector<std::string> ListFilesBelow(const std::string& dir) override;
  void MakeSymlink(const std::string& target, const std::string& path) override;
  void MakeCallerDirectory(const std::string& path) override;
  void InstallPatchedExim(const std::string& from, const std::string& to) override;
  std::optional<int> RunExim(const EximLaunch& launch, Clock::time_point deadline) override;
  DaemonStart StartDaemon(const EximLaunch& launch, Clock::time_point deadline) override;
  int OpenDynamicSocket() override;
  pid_t StartWaitDaemon(const EximLaunch& launch) override;
  std::optional<int> DaemonExited(pid_t pid) override;
  bool KillDaemon(pid_t pid, Clock::time_point deadline) override;
  ClientResult RunClient(const ClientPlan& client, Clock::time_point deadline) override;
  void StartResponder(const DovecotSetup& setup, Clock::time_point deadline) override;
  std::optional<int> ResponderExited() override;
  void StopResponder() override;
  std::optional<int> RunShell(const ShellLaunch& launch, Clock::time_point deadline) override;
  pid_t StartBackground(const ShellLaunch& launch) override;
  bool WaitForPidFile(const std::string& path, Clock::time_point deadline) override;
  std::optional<int> BackgroundExited(pid_t pid) override;
  std::optional<int> FinishBackground(pid_t pid, Clock::time_point deadline) override;
  void KillBackground(pid_t pid, Clock::time_point deadline) override;
  bool SleepUntil(Clock::time_point until) override;
  void StopEverything() override;

 private:
  /// Whether \a path names something inside the current run directory.
  bool BelowRunDir(const std::string& path) const;
  /// \a stdin_fd >= 0: the child's stdin instead of the launch's data.
  std::unique_ptr<Process> Spawn(const EximLaunch& launch, int stdin_fd = -1);
  void CloseDynamicSocket();
  std::unique_ptr<Process> SpawnShell(const ShellLaunch& launch);
  Process* Background(pid_t pid);

  std::string work_root_;
  uid_t exim_uid_;
  gid_t exim_gid_;
  uid_t owner_;
  std::string run_dir_;
  std::unique_ptr<FixedDirMount> fixed_;  // the configuration's fixed socket directory
  std::string trusted_list_;
  std::unique_ptr<FileMount> trusted_mount_;  // RUN/trusted-configs over trusted_list_
  std::unique_ptr<DovecotBackend> dovecot_;
  StartResponderThreadFn fake_thread_ = nullptr;
  std::string socket_;                              // registered for the signal handler
  std::vector<std::unique_ptr<Process>> foreground_;  // -bdf daemons
  std::vector<std::unique_ptr<Process>> background_;  // background, server, exim_lock, inetd-wait exim
  int dynamic_fd_ = -1;  // PORT_DYNAMIC's listening socket, until a wait-mode exim has it
};

}  // namespace harness

#endif  // HARNESS_REAL_RUNNER_H_
