// cli_support.h - running the real `runtest` binary from CLI-level tests:
// spawning it with captured output and a hard time bound, fixture source
// trees in private temporary directories, and /proc scans proving that no
// process of a run is left.
#ifndef TESTS_CLI_CLI_SUPPORT_H_
#define TESTS_CLI_CLI_SUPPORT_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cli {

/// The runtest binary under test, the project root and this directory.
std::string RuntestPath();
std::string ProjectDir();
std::string CliDir();
std::string HostileDir();

/// Where the CLI tests' directories are made.
inline constexpr char kCliTmpParent[] = "/tmp/exim-harness-cli";

/// Makes /tmp/exim-harness-cli/LEAF with \a mode (LEAF ending in XXXXXX is
/// made unique, as by mkdtemp) and returns its path. The parent, made if
/// missing, is used only when it is a real directory (not a link) of this
/// user that nobody else can write to: the tests run as root and write in
/// their directories, and another local user who owned the parent could
/// swap one for a link. Anything else throws, saying why. (\a parent: for
/// the test of this check.)
std::string MakeCliTmpDir(const std::string& leaf, mode_t mode,
                          const std::string& parent = kCliTmpParent);

/// Removes /tmp/exim-harness-cli when it is empty (another test may be using
/// it: then it stays).
void RemoveCliTmpParentIfEmpty();

/// A directory under /tmp/exim-harness-cli (MakeCliTmpDir; short enough for
/// a socket path, reachable by Exim's user), removed with everything in it
/// on destruction, and the parent with it when empty, unless $CLI_KEEP is set.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

/// Copies a directory tree (regular files, directories, symlinks as links).
void CopyTree(const std::string& from, const std::string& to);
void WriteFile(const std::string& path, const std::string& text);
std::string ReadFile(const std::string& path);
bool Exists(const std::string& path);

/// How a runtest run ended.
struct RunResult {
  int exit_code = -1;     ///< exit status, or -1 when killed by a signal
  int signal = 0;         ///< the signal that killed it, or 0
  bool timed_out = false; ///< the bound passed and it was SIGKILLed
  std::string out, err;
  double seconds = 0;
};

/// A running runtest (or any program) with stdout/stderr captured.
class Child {
 public:
  /// Starts argv[0] with argv. When \a as_user is set, drops to that user
  /// (and its primary group, no supplementary groups) before exec.
  /// \a cwd: its working directory (default: ours).
  Child(const std::vector<std::string>& argv, std::optional<std::string> as_user = std::nullopt,
        const std::string& cwd = "");
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  pid_t pid() const { return pid_; }
  /// Collects output until it exits or \a bound passes (then SIGKILL).
  RunResult Wait(std::chrono::milliseconds bound);
  /// Output collected so far (non-blocking read of what is available).
  std::string PeekOut();
  std::string PeekErr();

 private:
  void Pump(int timeout_ms);
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
  std::chrono::steady_clock::time_point start_;
  bool reaped_ = false;
};

/// runtest ARGS..., bounded by \a bound.
RunResult RunRuntest(const std::vector<std::string>& args,
                     std::chrono::milliseconds bound = std::chrono::seconds(60),
                     std::optional<std::string> as_user = std::nullopt);

/// Makes this process a child subreaper (so that whatever a runtest run leaves
/// behind becomes our child and is visible to LiveDescendants()).
void BecomeSubreaper();

/// Live (state != 'Z') descendants of this process, reaping zombie children
/// first. Each entry: "PID (comm) cmdline".
std::vector<std::string> LiveDescendants();

/// SIGKILLs (and reaps) every descendant of this process: the clean-up after
/// a test whose assertions already failed.
void KillAllDescendants();

/// Live (state != 'Z') processes other than this one whose command line
/// contains \a needle. Each entry: "PID (comm) cmdline".
std::vector<std::string> LiveProcessesMentioning(const std::string& needle);

/// The pid, as this process sees it, of the process whose pid in its own
/// PID namespace is \a ns_pid (runtest runs its tests in a namespace of
/// their own, so pid files hold namespace pids) and whose command line
/// contains \a needle; \a ns_pid itself if there is none.
pid_t PidOutsideNamespace(pid_t ns_pid, const std::string& needle);

/// The paths matching shell pattern \a pattern (glob(3)), sorted.
std::vector<std::string> Glob(const std::string& pattern);

/// Live children of process \a pid.
std::vector<pid_t> LiveChildrenOf(pid_t pid);

/// Waits up to \a bound for LiveDescendants() and
/// LiveProcessesMentioning(needle) to be empty; returns what is left.
std::vector<std::string> LeftoversAfter(const std::string& needle, std::chrono::milliseconds bound);

/// Replaces every occurrence of \a from in \a text by \a to.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to);

/// Whether Exim is installed and we are root (the CLI tests need both).
std::optional<std::string> WhyCannotRun();

}  // namespace cli

#endif  // TESTS_CLI_CLI_SUPPORT_H_
