// runner.h - runs one numbered test from start to verdict:
// REQUIRES -> parse and plan (plan.h, nothing created) -> execute (executor.h:
// run directory, config, responder, commands, normalise, compare or update)
// -> TestResult, a value the report layer (report.h) presents.
#ifndef HARNESS_RUNNER_H_
#define HARNESS_RUNNER_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/diagnostic.h"
#include "harness/exim_binary.h"
#include "harness/requires.h"
#include "harness/responder_thread.h"
#include "harness/test_catalog.h"
#include "harness/tree_layout.h"
#include "harness/upstream_tree.h"

namespace harness {

/// Which Dovecot answers on the test's auth socket.
enum class DovecotMode { kFake, kReal };

/// Everything a run is configured with (from the command line).
struct RunOptions {
  std::string source_dir;  ///< project root: scripts/, confs/, expected/
  std::string build_dir;   ///< where bin/fake_dovecot lives
  std::string work_root;   ///< parent of the per-test run directories
  /// --caller: the login the commands run as (upstream trees need one); "" = runtest's own.
  std::string caller;
  bool keep = false;       ///< keep run directories of passing tests too
  bool keep_none = false;  ///< --no-keep: remove every run directory, failing ones too
  bool verbose = false;    ///< raw lines behind differing lines, echo output
  bool update = false;     ///< write normalised outputs over expected/
  /// --debug[=FLAGS]: Exim's debug flags ("" = plain -d), applied by ApplyDebug.
  std::optional<std::string> debug;
  DovecotMode dovecot = DovecotMode::kFake;
  std::chrono::seconds command_timeout{30};  ///< one command (daemon start, client, exim)
  std::chrono::seconds test_timeout{120};    ///< the whole test
  /// fake_dovecot's responder linked into runtest, served by a thread
  /// (DovecotSetup::fake_thread); null: the fake_dovecot binary of build_dir
  /// is executed.
  StartResponderThreadFn fake_dovecot_thread = nullptr;
};

/// The verdict of one test.
enum class Outcome {
  kPass,
  kFail,         ///< an output differs, or a command's status was wrong
  kSkip,         ///< REQUIRES / need_* unmet (reason says which)
  kError,        ///< bad input or a harness fault (reason names file:line)
  kTimeout,      ///< a command or the whole test ran out of time
  kInterrupted,  ///< SIGINT/SIGTERM/SIGHUP arrived during the test
  kNotRun,       ///< not started: --max-failures was reached before it
};
/// "PASS", "FAIL", "SKIP", "ERROR", "TIMEOUT", "INTERRUPTED", "NOT RUN".
const char* OutcomeName(Outcome outcome);

/// -v: one differing normalised line and the raw line behind it.
struct RawLineNote {
  int actual_line = 0;  ///< line in the normalised actual output
  bool server = false;  ///< from the server-side raw file
  int raw_line = 0;     ///< line in the raw file
  std::string raw;      ///< the raw text
  std::string raw_file; ///< the raw file, relative to the run directory ("spool/log/mainlog")
};

/// One compared output.
struct OutputCheck {
  std::string kind;           ///< "log", "rejectlog", "paniclog", "stdout", "stderr", "dovecot"
  std::string expected_path;  ///< relative to the source dir, e.g. "expected/log/3650"
  bool matched = true;
  std::string diff;           ///< unified diff when !matched
  std::string summary;        ///< e.g. "expected/log/3650:4: first difference"
  std::vector<RawLineNote> raw_lines;  ///< for -v (always filled when !matched)
  std::string actual;         ///< the normalised output that was compared
};

struct TestResult {
  TestCase test;
  std::string title;
  Outcome outcome = Outcome::kPass;
  /// Why: the skip reason, the error, the failed command (kTimeout: what
  /// timed out, e.g. "client", at loc), the interrupting signal, or the
  /// first differing output. loc names the input line when one is to blame.
  Diagnostic reason;
  /// The script line to blame, when there is one.
  std::optional<SourceLoc> failed_at;
  std::vector<OutputCheck> checks;
  /// A command failed (wrong status, timeout, a responder or daemon died):
  /// --update is refused for such a test.
  bool command_failed = false;
  /// kInterrupted: the signal number.
  int signal = 0;
  /// --update: the expected files written or removed ("updated expected/log/3651").
  std::vector<std::string> updates;
  double seconds = 0;
  /// --repeat N: which run of the test this is (1..N); 0 without --repeat.
  int run = 0;
  int runs = 0;  ///< --repeat N: N; 0 without --repeat
  std::string run_dir;  ///< kept unless the test passed (or --keep)
  bool run_dir_kept = false;
};

/// Runs tests one at a time with the same options and binary.
class TestRunner {
 public:
  TestRunner(RunOptions options, EximBinary exim);
  TestResult Run(const TestCase& test);

 private:
  RunOptions options_;
  EximBinary exim_;
  TreeLayout layout_;  // of options_.source_dir
  // Upstream trees: aux-var-src/ and dnszones-src/, read for the first test.
  std::optional<std::pair<SourceFiles, SourceFiles>> upstream_sources_;
  // Upstream trees: Exim's TRUSTED_CONFIG_LIST (from `exim -d -bV`), ""
  // when there is none to show the run directory's list in.
  std::string trusted_config_list_;
  // What REQUIRES lines are checked against, each worked out when a test
  // first needs it: the binary's -bV features and the host's facts do not
  // change during a run.
  std::optional<EximFeatures> features_;
  std::optional<bool> ipv4_, ipv6_, dovecot_installed_;
  // The file names of expected/<kind>/ (variant goldens are chosen from
  // them), listed when the first test is planned.
  std::optional<std::map<std::string, std::vector<std::string>, std::less<>>> golden_names_;
  std::optional<std::string> flavour_;  ///< upstream trees: UpstreamFlavour, found once
};

}  // namespace harness

#endif  // HARNESS_RUNNER_H_
