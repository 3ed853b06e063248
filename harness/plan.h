// plan.h - a whole test as a value, before anything exists: the script
// parsed, its command lines substituted and split into argv, client scripts
// parsed, the Dovecot scenario and passwd files parsed (with
// fake_dovecot_core's own parsers), the configuration rendered. Every input
// error is a HarnessError naming file:line, thrown before a run directory,
// a process or a file is created. The executor (executor.h) runs a plan.
//
// The run directory's path is only known once it is created (mkdtemp), so
// the plan holds kRunDirPlaceholder where DIR goes; BindRunDir() puts the
// real path in (one linear pass over the plan's strings).
#ifndef HARNESS_PLAN_H_
#define HARNESS_PLAN_H_

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/client_script.h"
#include "harness/diagnostic.h"
#include "harness/dovecot_backend.h"
#include "harness/outputs.h"
#include "harness/script.h"
#include "harness/smtp_client.h"
#include "harness/test_catalog.h"
#include "harness/test_env.h"

namespace harness {

/// Stands for the run directory in a plan until BindRunDir(). Control bytes:
/// no path or script text a test needs contains them.
inline constexpr const char kRunDirPlaceholder[] = "\x01RUN_DIR\x02";

/// The exit status a script expects of a command ("N" / "~N" lines).
struct ExpectedStatus {
  int code = 0;
  bool negate = false;    ///< "~N": anything but N
  bool explicit_ = false; ///< a status line was written
  /// Whether raw wait status \a wait_status is what was expected.
  bool Matches(int wait_status) const;
  /// "0", "any status but 1".
  std::string Describe() const;
};

enum class StepKind {
  kExim,        ///< exim ARGS: runs to completion
  kEximDaemon,  ///< exim -bd / -bdf: started, ready when its pid file exists
  kClient,      ///< client ARGS + script
  kKillDaemon,  ///< killdaemon
  kSleep,       ///< sleep / millisleep
  kComment,     ///< ### TEXT: copied into the raw output files
  kEcho,        ///< echo TEXT: nothing to do
};

/// One exim command, ready to spawn.
struct EximLaunch {
  std::vector<std::string> argv;  ///< exim_path -DEXIM_PATH=... -C RUN/test-config ARGS
  std::string stdin_data;         ///< the substituted data block
  std::string stdout_file;        ///< relative to the run directory ("test-stdout")
  std::string stderr_file;        ///< "test-stderr" or "test-stderr-server"
  std::vector<std::pair<std::string, std::string>> env;  ///< VAR=val prefix
  bool foreground = false;        ///< -bdf
  std::string pid_file;           ///< daemons: the -oP file (absolute)
};

/// One client command: its options and parsed script.
struct ClientPlan {
  ClientOptions options;                 ///< host, port, -tN, include_dir
  std::optional<ClientResult> early_exit; ///< usage error / -h: no connection
  std::vector<ClientStep> steps;
  SourceLoc first;                        ///< the script's first line
};

struct Step {
  StepKind kind = StepKind::kEcho;
  std::string name;  ///< the script's command name ("exim", "client", ...)
  SourceLoc loc;     ///< the command line
  int number = 0;    ///< 1-based command number
  ExpectedStatus expect;
  EximLaunch exim;                     ///< kExim, kEximDaemon
  ClientPlan client;                   ///< kClient
  std::chrono::milliseconds duration{0};  ///< kSleep
  std::string text;                    ///< kComment: the line written ("### text\n")
};

struct TestPlan {
  TestCase test;
  std::string title;
  TestEnv env;               ///< run_dir is the placeholder until BindRunDir
  std::string config_text;   ///< RUN/test-config
  std::optional<DovecotSetup> dovecot;  ///< the responder, when the conf talks to one
  std::vector<Step> steps;
  std::vector<OutputSpec> outputs;  ///< compared, in runtest's order
  /// For each of outputs: its golden, relative to the source dir
  /// ("expected/log/3662@4.99" or "expected/log/3662"; golden_variants.h).
  std::vector<std::string> expected_paths;
  /// The suite's and the test's extra normalisation rules (munge_file.h).
  std::vector<RuleSpec> extra_rules;
};

/// The configuration talks to a Dovecot responder: it uses the DOVECOT_SOCKET
/// macro or names a fixed server_socket (fixed_paths.h).
bool ConfTalksToDovecot(std::string_view conf_text);

/// What planning reads: the texts of the test's input files (the caller
/// reads them; planning itself does no I/O) and the run's facts.
struct PlanInputs {
  TestCase test;
  Script script;
  std::string conf_path, conf_text;  ///< confs/NNNN
  std::string prelude_text;          ///< confs/prelude
  /// The Dovecot users file (NNNN.passwd, else the suite's passwd) and the
  /// scenario (NNNN.dovecot); text nullopt = no such file.
  std::string users_path;
  std::optional<std::string> users_text;
  std::string scenario_path;
  std::optional<std::string> scenario_text;
  std::string fake_dovecot_binary;
  bool real_dovecot = false;
  /// The file names in expected/<kind>/, for each kind compared (the caller
  /// lists them; a kind absent here has only its base golden).
  std::map<std::string, std::vector<std::string>, std::less<>> golden_names;
  /// Where goldens live relative to the tree: "expected/" or "" (tree_layout.h).
  std::string golden_root = "expected/";
  /// The extra-rules files that exist (ExtraRulePaths order): path, text.
  std::vector<std::pair<std::string, std::string>> munge_files;
  /// Everything but run_dir (set to the placeholder) and ports (chosen here).
  TestEnv env;
};

/// Hands out \a count free TCP ports.
using PortChooser = std::function<std::vector<int>(int count)>;

/// Builds the plan. Throws HarnessError at file:line on bad input.
TestPlan MakePlan(const PlanInputs& inputs, const PortChooser& free_ports);

/// runtest --debug (issue 15): every exim command gets "-d" + \a flags after
/// its -C option, and its stderr goes to debug-N.txt (N the command number)
/// in the run directory instead of test-stderr; a -bd daemon runs as -bdf
/// (Exim does not detach when debugging); stderr is no longer compared.
void ApplyDebug(TestPlan* plan, const std::string& flags);

/// Puts the real run directory where the plan says kRunDirPlaceholder.
void BindRunDir(TestPlan* plan, const std::string& run_dir);

/// The PORT_* names (kGoldenPorts order) the conf or any script line mentions.
std::vector<std::string> PortsMentioned(const std::string& conf, const Script& script);

/// Splits a substituted command line into words the way /bin/sh would for
/// the simple cases scripts use: blanks separate words; '...' and "..." group
/// (no expansion inside); a backslash escapes the next character. Throws
/// HarnessError at \a loc for an unterminated quote.
std::vector<std::string> SplitCommandWords(const std::string& line, const SourceLoc& loc);

/// A "file:N: message" error of fake_dovecot_core's parsers, for \a file,
/// as a Diagnostic (the parsers report text; this is the one place it is
/// taken apart, at the library boundary).
Diagnostic ParserErrorToDiagnostic(const std::string& error, const std::string& file);

}  // namespace harness

#endif  // HARNESS_PLAN_H_
