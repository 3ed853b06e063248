// runner.h - runs one numbered test from start to verdict:
// parse -> REQUIRES -> run directory -> config -> responder -> commands ->
// normalise -> compare (or update the goldens) -> TestResult.
#ifndef HARNESS_RUNNER_H_
#define HARNESS_RUNNER_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/diagnostic.h"
#include "harness/exim_binary.h"
#include "harness/requires.h"
#include "harness/test_catalog.h"

namespace harness {

/// Which Dovecot answers on the test's auth socket.
enum class DovecotMode { kFake, kReal };

/// Everything a run is configured with (from the command line).
struct RunOptions {
  std::string source_dir;  ///< project root: scripts/, confs/, expected/
  std::string build_dir;   ///< where bin/fake_dovecot lives
  std::string work_root;   ///< parent of the per-test run directories
  bool keep = false;       ///< keep run directories of passing tests too
  bool verbose = false;    ///< raw lines behind differing lines, echo output
  bool update = false;     ///< write normalised outputs over expected/
  DovecotMode dovecot = DovecotMode::kFake;
  std::chrono::seconds command_timeout{30};  ///< one command (daemon start, client, exim)
  std::chrono::seconds test_timeout{120};    ///< the whole test
};

/// The verdict of one test.
enum class Outcome {
  kPass,
  kFail,   ///< an output differs, a command's status was wrong, or a timeout
  kSkip,   ///< REQUIRES / need_* unmet (reason says which)
  kError,  ///< bad input or a harness fault (message names file:line)
};
const char* OutcomeName(Outcome outcome);

/// One compared output.
struct OutputCheck {
  std::string kind;           ///< "log", "rejectlog", "paniclog", "stdout", "stderr", "dovecot"
  std::string expected_path;  ///< relative to the source dir, e.g. "expected/log/3650"
  bool matched = true;
  std::string diff;           ///< unified diff when !matched
  std::string summary;        ///< e.g. "expected/log/3650:4: first difference"
  std::string raw_detail;     ///< -v: the raw lines behind the differing lines
};

struct TestResult {
  TestCase test;
  std::string title;
  Outcome outcome = Outcome::kPass;
  /// One line: the skip reason, the error, or what failed first.
  std::string reason;
  /// Where it failed, when a script line is to blame.
  std::optional<SourceLoc> failed_at;
  std::vector<OutputCheck> checks;
  /// Exit-status mismatches and timeouts, one message each.
  std::vector<std::string> command_failures;
  /// --update: the expected files written or removed ("updated expected/log/3651").
  std::vector<std::string> updates;
  double seconds = 0;
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
  // What REQUIRES lines are checked against, each worked out when a test
  // first needs it: the binary's -bV features and the host's facts do not
  // change during a run.
  std::optional<EximFeatures> features_;
  std::optional<bool> ipv4_, ipv6_, dovecot_installed_;
};

/// Splits a substituted command line into words the way /bin/sh would for
/// the simple cases scripts use: blanks separate words; '...' and "..." group
/// (no expansion inside); a backslash escapes the next character. Throws
/// HarnessError at \a loc for an unterminated quote.
std::vector<std::string> SplitCommandWords(const std::string& line, const SourceLoc& loc);

}  // namespace harness

#endif  // HARNESS_RUNNER_H_
