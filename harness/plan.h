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
#include "harness/credentials.h"
#include "harness/diagnostic.h"
#include "harness/dovecot_backend.h"
#include "harness/outputs.h"
#include "harness/script.h"
#include "harness/smtp_client.h"
#include "harness/test_catalog.h"
#include "harness/test_env.h"
#include "harness/upstream_tree.h"

namespace harness {

/// Stands for the run directory in a plan until BindRunDir(). Control bytes:
/// no path or script text a test needs contains them.
inline constexpr const char kRunDirPlaceholder[] = "\x01RUN_DIR\x02";
/// Stands for PORT_DYNAMIC's port until BindDynamicPort(): the runner opens
/// the listening socket (and so learns its port) only when the test runs.
inline constexpr const char kDynamicPortPlaceholder[] = "\x01PORT_DYNAMIC\x02";

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
  kEximWait,    ///< exim -DSERVER=wait:PORT_DYNAMIC: started with the listening socket as stdin
  kClient,      ///< client ARGS + script
  kKillDaemon,  ///< killdaemon
  kSleep,       ///< sleep / millisleep
  kComment,     ///< ### TEXT: copied into the raw output files
  kEcho,        ///< echo TEXT: nothing to do
  kShell,       ///< a /bin/sh command run to completion (shell lines, perl, utilities, cat2)
  kBackground,  ///< background: started, killed by the next killdaemon or at the end
  kServer,      ///< server: started (script on stdin), waited for after the next exim
  kEximLock,    ///< exim_lock: started (stdin open), its stdin closed after the next exim
  kWrite,       ///< write / catwrite: a file written by runtest itself
  kDump,        ///< dump: exim_dumpdb's output, sorted, appended to test-stdout
  kNothing,     ///< munge: nothing to run (TestPlan::munge)
};

/// A command run through /bin/sh (or, with argv, directly) in the run
/// directory, as upstream runtest runs its non-exim commands.
struct ShellLaunch {
  std::string script;             ///< /bin/sh -c SCRIPT (when argv is empty)
  std::vector<std::string> argv;  ///< else: argv[0] run directly
  std::string stdin_data;         ///< written to its stdin, which is then closed
  bool stdin_from_stdout = false; ///< background: stdin = test-stdout as it is at the start
  bool stdin_pipe_open = false;   ///< exim_lock: an empty stdin kept open until finished
  std::string stdout_file;        ///< relative to the run directory; "" = /dev/null
  std::string stderr_file;        ///< likewise
  std::vector<std::pair<std::string, std::string>> env;  ///< added to the environment
  /// The line said `sudo`: it runs as root; the others run as the caller
  /// login when there is one (as, below).
  bool sudo = false;
  std::optional<Credentials> as;  ///< the caller's, unless sudo (TestEnv::caller_credentials)
  bool runtest_environment = false;  ///< upstream trees: runtest's environment (process.h)
  std::string pid_file;           ///< server: ready when this file exists (absolute)
  std::string capture_file;       ///< kDump, $msgN: stdout goes here (absolute), read back
};

/// A piece of an exim command's stdin (`:sleep:`, `:file:`).
struct StdinPart {
  enum Kind { kText, kSleep, kFile } kind = kText;
  std::string value;  ///< the text, the seconds, or the file's absolute path
  bool operator==(const StdinPart& o) const { return kind == o.kind && value == o.value; }
};

/// One exim command, ready to spawn.
struct EximLaunch {
  std::vector<std::string> argv;  ///< exim_path -DEXIM_PATH=... -C RUN/test-config ARGS
  std::string stdin_data;         ///< the substituted data block
  std::string stdin_file;         ///< `<FILE` on the line: stdin is FILE, read when it runs (absolute)
  std::string stdout_file;        ///< relative to the run directory ("test-stdout")
  std::string stderr_file;        ///< "test-stderr" or "test-stderr-server"
  std::vector<std::pair<std::string, std::string>> env;  ///< VAR=val prefix
  bool foreground = false;        ///< -bdf
  std::string pid_file;           ///< daemons: the -oP file (absolute)
  /// The line said `sudo` (`sudo -u USER`: sudo_user): it runs as root; the
  /// others run as the caller login when there is one (as, below).
  bool sudo = false;
  std::string sudo_user;
  std::optional<Credentials> as;  ///< the caller's, unless sudo (TestEnv::caller_credentials)
  bool runtest_environment = false;  ///< upstream trees: runtest's environment (process.h)
  /// `N exim ...`: seconds to wait after writing stdin before closing it.
  int stdin_close_delay = 0;
  /// The data block has `:sleep:` or `:file:` lines: Exim's stdin in order
  /// (RenderStdinStream); stdin_data is then unused. Empty: stdin_data.
  std::vector<StdinPart> stdin_parts;
  /// The args say $msgN: this lists the queue (exim -bp) before the command
  /// runs, and $msg1.. are replaced by the message ids in time order.
  std::optional<ShellLaunch> msg_list;
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
  EximLaunch exim;                     ///< kExim, kEximDaemon, kEximWait
  ClientPlan client;                   ///< kClient
  std::chrono::milliseconds duration{0};  ///< kSleep
  std::string text;                    ///< kComment: the line written ("### text\n"); kWrite: the file's content
  ShellLaunch shell;                   ///< kShell, kBackground, kServer, kEximLock, kDump
  std::string path;                    ///< kWrite: the file (absolute); kDump: the db name
  bool cat = false;                    ///< kWrite: catwrite (also to test-stdout)
};

struct TestPlan {
  TestCase test;
  std::string title;
  TestEnv env;               ///< run_dir is the placeholder until BindRunDir
  std::string config_text;   ///< RUN/test-config
  /// Upstream trees (tree_layout.h): aux-var/, dnszones/, the aux-fixed link,
  /// made in the run directory before anything runs (upstream_tree.h).
  std::vector<RunDirEntry> run_dir_entries;
  /// Upstream trees: the Exim binary copied to RUN/eximdir/exim in
  /// test-harness mode (patch_exim.h); empty: none.
  std::string patch_exim_from;
  std::optional<DovecotSetup> dovecot;  ///< the responder, when the conf talks to one
  /// A real Dovecot runs in the run directory (--dovecot=real, or the script
  /// starts one: need_dovecot): its user may search the run directory.
  bool real_dovecot = false;
  std::vector<Step> steps;
  std::vector<OutputSpec> outputs;  ///< compared, in runtest's order
  /// For each of outputs: its golden, relative to the source dir
  /// ("expected/log/3662@4.99" or "expected/log/3662"; golden_variants.h).
  std::vector<std::string> expected_paths;
  /// The suite's and the test's extra normalisation rules (munge_file.h).
  std::vector<RuleSpec> extra_rules;
  /// Upstream runtest's whole-test output switches, for the normalisation
  /// and comparison layer: the last `munge NAME` ("" if none), `no_munge`,
  /// `sortlog`, `rmfiltertest`, `no_message_check`, `no_msglog_check`.
  std::string munge;
  bool no_munge = false;
  /// The built-in normalisation table: upstream's munges for an upstream tree.
  RuleSet rule_set = RuleSet::kProject;
  bool sortlog = false;
  bool rmfiltertest = false;
  bool no_message_check = false;
  bool no_msglog_check = false;
  /// The script says PORT_DYNAMIC (Script::port_dynamic): the executor has
  /// the runner open a listening socket on 127.0.0.1 before the first
  /// command and puts its port where the plan says kDynamicPortPlaceholder
  /// (BindDynamicPort); an exim -DSERVER=wait: command gets the socket.
  bool port_dynamic = false;
  /// Upstream trees: compare RUN/test-mail/** with mail/NNNN.* and
  /// RUN/spool/msglog/* with msglog/NNNN.* as runtest does (unless
  /// no_message_check / no_msglog_check); the goldens of this test there.
  bool compare_mail_and_msglogs = false;
  std::string golden_root = "expected/";  ///< PlanInputs::golden_root
  std::vector<std::string> expected_mails, expected_msglogs;  ///< "mail/3400.userx", "msglog/0001.10HmaX-..."
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
  /// An upstream test/ tree (tree_layout.h): its path and the texts of its
  /// aux-var-src/ and dnszones-src/. nullopt for the project's own tree.
  struct Upstream {
    std::string tree;
    SourceFiles aux_var_src, dnszones_src;
    std::string exim_binary;  ///< the binary under test, patched into RUN/eximdir/exim
  };
  std::optional<Upstream> upstream;
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
  /// The `server` program (upstream's test/src/server.c); "" = `server`
  /// beside fake_dovecot_binary (build/bin/server).
  std::string server_binary;
  /// Options given to every `server` (upstream's $server_opts): -noipv4 /
  /// -noipv6 when the machine cannot use that family.
  std::vector<std::string> server_options;
  /// The directory of Exim's utilities (exim_dumpdb, exinext, exigrep,
  /// eximstats, exiqgrep, exim_dbmbuild, exim_lock, exim_id_update); "" =
  /// the directory of env.exim_path (as upstream's eximdir/).
  std::string exim_utilities_dir;
  /// Upstream trees: runtest's golden flavour (UpstreamFlavour); a golden
  /// `<kind>/NNNN.<flavour>` is compared instead of `<kind>/NNNN`. "" = none.
  std::string flavour;
  /// The TLS library of the Exim under test (TlsLibraryOf its -bV):
  /// `client-anytls` runs that library's client. The TLS clients
  /// client-ssl and client-gnutls are beside fake_dovecot_binary (runtest's
  /// helpers; the runner checks that they exist, TlsClientPrograms).
  std::string tls_library;
};

/// What the machine and the Exim under test offer, for the `need_*` lines.
struct NeedFacts {
  bool ipv4 = false;                  ///< IPv4 loopback usable
  bool ipv6 = false;                  ///< IPv6 loopback usable
  bool exim_ipv6 = true;              ///< -bV "Support for:" lists IPv6
  bool largefiles = false;            ///< -bV "Size of off_t: N" with N > 4
  bool move_frozen_messages = false;  ///< -bV "Support for:" lists move_frozen_messages
  bool dovecot = false;               ///< a `dovecot` binary in $PATH
};

/// The reason the script's first unmet `need_*` makes the test SKIP, or
/// nullopt when every need is met (upstream runtest skips the same way).
std::optional<std::string> UnmetNeed(const Script& script, const NeedFacts& facts);

/// "Size of off_t: N" in `exim -bV` output with N > 4 (runtest's
/// $have_largefiles).
bool BvHasLargeFiles(const std::string& bv_output);

/// The stdin runtest writes for a data block: each line substituted, with
/// the data-line prefixes `:noeol:` (trailing CR/LF removed), `:eval:` (Perl
/// double-quoted-string escapes) and, as runtest, any other `:word:` prefix
/// dropped; a prefixed line's own newline is not written (runtest's
/// /^(:\S+?:)(.*)/ leaves it out), so `:eval:` lines end with their `\r\n`. `:sleep: N` (a pause while writing) and `:file: NAME` (the file's
/// contents, when it is written) are HarnessErrors at their line here (\a
/// first is the block's first line); an exim command's block takes them
/// (RenderStdinStream).
std::string RenderStdin(const std::vector<std::string>& lines, const Substitutions& subs, const SourceLoc& first);

/// RenderStdin with `:sleep: N` and `:file: NAME` too, as runtest writes an
/// exim command's stdin: \a text is all of it when neither prefix occurs;
/// else \a parts is the stream in order: runs of text, pauses of N seconds,
/// files (NAME relative to \a run_dir unless absolute) read when written.
/// N must be a whole number of seconds, NAME not empty (HarnessError at the
/// line otherwise).
struct StdinStream {
  std::string text;
  std::vector<StdinPart> parts;
};
StdinStream RenderStdinStream(const std::vector<std::string>& lines, const Substitutions& subs,
                              const SourceLoc& first, const std::string& run_dir);

/// The content `write FILE SIZES` writes: \a data lines up to `++++` (when
/// there are sizes), the sized lines, then the rest (runtest: not substituted).
std::string RenderWrite(const std::vector<std::string>& data, const std::vector<WriteSize>& sizes);

/// Message ids from `exim -bp` output, in upstream's $msgN order (sorted by
/// time and fraction, fields 1 and 3 of the id).
std::vector<std::string> MessageIdsOf(const std::string& bp_output);

/// Replaces $msg1..$msgN in \a word with \a ids (highest number first, as
/// runtest). Returns false if a `$msgD` is left (not enough messages).
bool SubstituteMessageIds(std::string* word, const std::vector<std::string>& ids);

/// exim_dumpdb's output for \a which, sorted as runtest sorts it (retry:
/// by key; callout: from column 22; seen: whole lines), behind runtest's
/// "+++++++++++++++++++++++++++" line. \a port_n: the real PORT_N, sorted
/// as "PORT_N" in retry keys; \a host_ipv4 (HOSTIPV4) sorted as
/// "ip4.ip4.ip4.ip4" in retry keys and seen lines.
std::string FormatDump(const std::string& which, const std::string& output, int port_n,
                       const std::string& host_ipv4 = "");

/// The TLS library an Exim was built with, from its `exim -bV` "Support for:"
/// line: "openssl" (it lists OpenSSL), "gnutls" (GnuTLS), "" (neither).
std::string TlsLibraryOf(const std::string& bv_output);

/// The program a TLS client command runs: "client-ssl" / "client-gnutls" as
/// named; `client-anytls` the one of \a tls_library ("openssl" / "gnutls").
/// Throws HarnessError at \a loc when \a name is client-anytls and the Exim
/// has no TLS library.
std::string TlsClientProgram(const std::string& name, const std::string& tls_library, const SourceLoc& loc);

/// The full path of the program of every TLS client command of \a script
/// (TlsClientProgram in \a dir), with the command's location, in script order.
std::vector<std::pair<std::string, SourceLoc>> TlsClientPrograms(const Script& script, const std::string& dir,
                                                                 const std::string& tls_library);

/// Upstream runtest's golden flavour (Exim::Runtest::flavour at 4.99.1):
/// "openssl_1_1_1" when \a openssl_version (the output of `openssl version`)
/// names OpenSSL 1.1.1 or 3.x.y, else ID followed by VERSION_ID of
/// \a os_release (/etc/os-release, e.g. "debian12"); kept only when one of
/// \a golden_names (the files of the tree's stdout/, stderr/ and log/) is
/// `NNNN.<flavour>`, else "".
std::string UpstreamFlavour(const std::string& openssl_version, const std::string& os_release,
                            const std::vector<std::string>& golden_names);

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

/// Puts PORT_DYNAMIC's real port where the plan says kDynamicPortPlaceholder
/// and records it as plan->env.port_dynamic (for the normalisation).
void BindDynamicPort(TestPlan* plan, int port);

/// The PORT_* names (kGoldenPorts order) the conf or any script line mentions.
std::vector<std::string> PortsMentioned(const std::string& conf, const Script& script);

/// Whether \a word occurs in \a conf or in a command line, text or data
/// line of \a script: every text substitutions apply to is in one of them.
bool Mentions(const std::string& conf, const Script& script, std::string_view word);

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
