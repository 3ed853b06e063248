// executor.cc - see executor.h.
#include "harness/executor.h"

#include <re2/re2.h>

#include <string.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "harness/differ.h"
#include "harness/normaliser.h"
#include "harness/outputs.h"

namespace harness {
namespace {

/// A command that ends the test (wrong status, timeout, a dead responder).
struct StepFailure {
  Outcome outcome;  // kFail or kTimeout
  Diagnostic reason;
};

/// A signal arrived: stop, report the test as interrupted.
struct Interruption {
  int sig;
};

/// One command the executor ran, for RUN/commands.log and RUN/replay.sh
/// (written only when the run directory is kept).
struct CommandRecord {
  const Step* step;
  Clock::time_point start, end;
  std::string status;  ///< "exit status 0", "timed out", "ready (pid 123)" ...
};

class Execution {
 public:
  Execution(TestPlan& plan, CommandRunner& runner, const ExecuteOptions& options, TestResult& result,
            std::vector<CommandRecord>& log)
      : plan_(plan), r_(runner), options_(options), result_(result), log_(log) {}

  void Prepare();
  void RunSteps();
  /// Stops what the test started, in order: daemons (SIGTERM), the
  /// responder, then anything left. Idempotent.
  void Teardown();
  void CompareOutputs(bool allow_update, bool always_write);

 private:
  Clock::time_point CommandDeadline() const {
    return std::min(r_.Now() + options_.command_timeout, test_deadline_);
  }
  [[noreturn]] void Fail(const Step& s, const std::string& message) {
    throw StepFailure{Outcome::kFail, Diagnostic{s.loc, message}};
  }
  [[noreturn]] void TimedOut(const Step& s, const std::string& what) {
    throw StepFailure{Outcome::kTimeout, Diagnostic{s.loc, what}};
  }
  void CheckInterrupt() {
    int sig = 0;
    if (r_.Interrupted(&sig)) throw Interruption{sig};
  }
  void CheckStatus(const Step& s, int status) {
    if (s.expect.Matches(status)) return;
    Fail(s, "command " + std::to_string(s.number) + " (" + s.name + ") ended with " + DescribeWaitStatus(status) +
                ", expected " + s.expect.Describe());
  }
  /// Fails the test when the responder or a daemon has died on its own.
  void CheckAlive(const Step& s);
  void RunExim(const Step& s);
  void StartDaemon(const Step& s);
  /// exim -DSERVER=wait:PORT_DYNAMIC: started, not waited for; the next
  /// killdaemon kills it (runtest's exim_pid).
  void StartWaitDaemon(const Step& s);
  void RunClient(const Step& s);
  /// Client-side raw files: an empty one and a missing one assemble alike
  /// (only the server side's existence shows, as its header), so nothing is
  /// created for nothing.
  void AppendClientOutput(const ClientResult& c) {
    if (!c.stdout_text.empty()) r_.WriteFile(plan_.env.Path("test-stdout"), c.stdout_text, true);
    if (!c.stderr_text.empty()) r_.WriteFile(plan_.env.Path("test-stderr"), c.stderr_text, true);
  }
  void KillDaemons(const Step* s);
  void Sleep(const Step& s);
  void RunShell(const Step& s);
  /// Runs s.shell to completion and logs it; CheckShell checks the outcome.
  std::optional<int> LaunchShell(const Step& s);
  void CheckShell(const Step& s, std::optional<int> status);
  void StartBackground(const Step& s);
  void Write(const Step& s);
  void Dump(const Step& s);
  /// After an exim command: the pending server / exim_lock is closed and
  /// waited for (runtest: close SERVERCMD after the next exim).
  void FinishPending(const Step& s);
  /// $msgN: the message ids of the spool, in runtest's order.
  EximLaunch WithMessageIds(const Step& s);
  pid_t Start(const Step& s, const ShellLaunch& launch);

  struct Daemon {
    pid_t pid;
    std::string pid_file;
    SourceLoc started_at;
  };

  TestPlan& plan_;
  CommandRunner& r_;
  const ExecuteOptions& options_;
  TestResult& result_;
  std::vector<CommandRecord>& log_;
  Clock::time_point test_deadline_;
  std::vector<Daemon> daemons_;
  /// The last `background` process or inetd-wait daemon: the next
  /// killdaemon kills it (instead of the Exim daemon), as runtest's exim_pid.
  std::optional<pid_t> background_;
  /// Every process started in the background (killed at the end).
  std::vector<pid_t> started_;
  /// A server or exim_lock waiting for the next exim command.
  struct Pending {
    pid_t pid;
    const Step* step;
  };
  std::optional<Pending> pending_;
  bool responder_running_ = false;
  bool torn_down_ = false;
};

void Execution::Prepare() {
  test_deadline_ = r_.Now() + options_.test_timeout;
  std::string run_dir = r_.CreateRunDir(plan_.test.name, plan_.real_dovecot);
  result_.run_dir = run_dir;
  BindRunDir(&plan_, run_dir);
  if (plan_.port_dynamic) BindDynamicPort(&plan_, r_.OpenDynamicSocket());  // before any text is written
  for (const RunDirEntry& e : plan_.run_dir_entries) {
    if (e.caller_directory) r_.MakeCallerDirectory(plan_.env.Path(e.path));
    else if (e.link_to.empty()) r_.WriteFile(plan_.env.Path(e.path), e.text, false, true);
    else r_.MakeSymlink(e.link_to, plan_.env.Path(e.path));
  }
  if (!plan_.patch_exim_from.empty()) r_.InstallPatchedExim(plan_.patch_exim_from, plan_.env.exim_path);
  r_.WriteFile(plan_.env.Path("test-config"), plan_.config_text, false);
  if (plan_.dovecot) {
    r_.SetActivity("test " + plan_.test.name + " starting its Dovecot responder");
    r_.StartResponder(*plan_.dovecot, std::min(r_.Now() + options_.command_timeout, test_deadline_));
    responder_running_ = true;
  }
}

void Execution::CheckAlive(const Step& s) {
  std::string during = " during command " + std::to_string(s.number) + " (" + s.name + ")";
  if (responder_running_) {
    if (auto st = r_.ResponderExited()) {
      responder_running_ = false;
      std::string who = plan_.dovecot && plan_.dovecot->real ? "the Dovecot responder (real dovecot)"
                                                             : "the Dovecot responder (fake_dovecot)";
      Fail(s, who + " ended with " + DescribeWaitStatus(*st) + during);
    }
  }
  for (auto it = daemons_.begin(); it != daemons_.end(); ++it) {
    if (auto st = r_.DaemonExited(it->pid)) {
      std::string started = it->started_at.str();
      daemons_.erase(it);
      Fail(s, "the Exim daemon started at " + started + " ended with " + DescribeWaitStatus(*st) + during);
    }
  }
}

void Execution::RunExim(const Step& s) {
  auto start = r_.Now();
  std::optional<EximLaunch> with_ids;
  if (s.exim.msg_list) with_ids = WithMessageIds(s);
  std::optional<int> status;
  try {
    status = r_.RunExim(with_ids ? *with_ids : s.exim, CommandDeadline());
  } catch (const HarnessError& e) {
    if (!e.loc().file.empty()) throw;
    throw HarnessError(s.loc, "command " + std::to_string(s.number) + " (" + s.name + "): " + e.message());
  }
  log_.push_back({&s, start, r_.Now(), status ? DescribeWaitStatus(*status) : "timed out (killed)"});
  CheckInterrupt();
  if (!status) TimedOut(s, "exim");
  CheckAlive(s);
  CheckStatus(s, *status);
  FinishPending(s);
}

EximLaunch Execution::WithMessageIds(const Step& s) {
  const ShellLaunch& list = *s.exim.msg_list;
  r_.RemoveFile(list.capture_file);
  auto status = r_.RunShell(list, CommandDeadline());
  CheckInterrupt();
  std::string out = r_.ReadFile(list.capture_file).value_or("");
  r_.RemoveFile(list.capture_file);
  if (!status) TimedOut(s, "exim -bp (listing the queue for $msgN)");
  std::vector<std::string> ids = MessageIdsOf(out);
  if (ids.empty()) throw HarnessError(s.loc, "$msgN: no output from `exim -bp` (the queue is empty)");
  EximLaunch x = s.exim;
  for (auto& a : x.argv) {
    if (!SubstituteMessageIds(&a, ids))
      throw HarnessError(s.loc, "$msgN: not enough messages in the spool (" + std::to_string(ids.size()) + ") for '" +
                                    EscapeForDisplay(a, 80) + "'");
  }
  return x;
}

void Execution::FinishPending(const Step& s) {
  if (!pending_) return;
  Pending p = *pending_;
  pending_.reset();
  auto status = r_.FinishBackground(p.pid, CommandDeadline());
  CheckInterrupt();
  std::string who = "the " + p.step->name + " started at " + p.step->loc.str();
  if (!status) TimedOut(s, who + " did not finish after this exim command");
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
    Fail(s, who + " ended with " + DescribeWaitStatus(*status) + " (waited for after command " +
                std::to_string(s.number) + ", exim)");
}

pid_t Execution::Start(const Step& s, const ShellLaunch& launch) {
  try {
    pid_t pid = r_.StartBackground(launch);
    started_.push_back(pid);
    return pid;
  } catch (const HarnessError& e) {
    std::string what = launch.argv.empty() ? launch.script : launch.argv[0];
    throw HarnessError(s.loc, "command " + std::to_string(s.number) + " (" + s.name + "): cannot start '" +
                                  EscapeForDisplay(what, 200) + "': " + e.message());
  }
}

std::optional<int> Execution::LaunchShell(const Step& s) {
  auto start = r_.Now();
  std::optional<int> status;
  try {
    status = r_.RunShell(s.shell, CommandDeadline());
  } catch (const HarnessError& e) {
    throw HarnessError(s.loc, "command " + std::to_string(s.number) + " (" + s.name + "): " + e.message());
  }
  log_.push_back({&s, start, r_.Now(), status ? DescribeWaitStatus(*status) : "timed out (killed)"});
  return status;
}

void Execution::CheckShell(const Step& s, std::optional<int> status) {
  CheckInterrupt();
  if (!status) TimedOut(s, s.name);
  CheckAlive(s);
  CheckStatus(s, *status);
}

void Execution::RunShell(const Step& s) { CheckShell(s, LaunchShell(s)); }

void Execution::StartBackground(const Step& s) {
  if (pending_ && s.kind != StepKind::kBackground) {
    // runtest opens SERVERCMD again for a server or exim_lock while the
    // previous one is pending: Perl closes the pipe first, which waits for
    // that process to exit (0015: the first server times out, freeing its
    // port for the second); its status is not checked.
    Pending p = *pending_;
    pending_.reset();
    auto status = r_.FinishBackground(p.pid, CommandDeadline());
    CheckInterrupt();
    if (!status) TimedOut(s, "the " + p.step->name + " started at " + p.step->loc.str() + " did not finish");
  }
  auto start = r_.Now();
  ShellLaunch launch = s.shell;
  if (launch.stdin_from_stdout) launch.stdin_data = r_.ReadFile(plan_.env.Path("test-stdout")).value_or("");
  if (!launch.pid_file.empty()) r_.RemoveFile(launch.pid_file);
  pid_t pid = Start(s, launch);
  switch (s.kind) {
    case StepKind::kBackground:
      background_ = pid;
      r_.SleepUntil(r_.Now() + std::chrono::milliseconds(300));  // runtest: "let the daemon get going"
      break;
    case StepKind::kServer:
      pending_ = Pending{pid, &s};
      if (!r_.WaitForPidFile(launch.pid_file, CommandDeadline())) {
        CheckInterrupt();
        if (auto st = r_.BackgroundExited(pid))
          Fail(s, "the server ended with " + DescribeWaitStatus(*st) + " before it was ready (see test-stdout-server)");
        TimedOut(s, "server wrote no pid file " + launch.pid_file);
      }
      break;
    default:  // exim_lock
      pending_ = Pending{pid, &s};
      r_.SleepUntil(r_.Now() + std::chrono::milliseconds(100));
      break;
  }
  log_.push_back({&s, start, r_.Now(), "started (pid " + std::to_string(pid) + ")"});
  CheckInterrupt();
  CheckAlive(s);
}

void Execution::Write(const Step& s) {
  r_.WriteFile(s.path, s.text, false);
  if (s.cat) r_.WriteFile(plan_.env.Path("test-stdout"), "==========\n" + s.text + "==========\n", true);
}

void Execution::Dump(const Step& s) {
  // runtest writes what exim_dumpdb printed (after its "+++" line) and only
  // then checks its status.
  r_.RemoveFile(s.shell.capture_file);
  std::optional<int> status = LaunchShell(s);
  std::string out = r_.ReadFile(s.shell.capture_file).value_or("");
  r_.RemoveFile(s.shell.capture_file);
  int port_n = 0;
  for (const TestPort& p : plan_.env.ports)
    if (p.name == "PORT_N") port_n = p.actual;
  r_.WriteFile(plan_.env.Path("test-stdout"), FormatDump(s.path, out, port_n, plan_.env.host_ipv4), true);
  CheckShell(s, status);
}

namespace {

/// The last non-blank line of \a text ("" if none).
std::string LastLineOf(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

void Execution::StartDaemon(const Step& s) {
  auto start = r_.Now();
  DaemonStart d = r_.StartDaemon(s.exim, CommandDeadline());
  log_.push_back({&s, start, r_.Now(),
                  d.status == DaemonStart::kReady          ? "daemon ready (pid " + std::to_string(d.pid) + ")"
                  : d.status == DaemonStart::kDetachFailed ? "daemon failed: " + DescribeWaitStatus(d.wait_status)
                                                           : std::string("daemon did not start in time")});
  CheckInterrupt();
  switch (d.status) {
    case DaemonStart::kReady:
      daemons_.push_back(Daemon{d.pid, s.exim.pid_file, s.loc});
      break;
    case DaemonStart::kDetachTimeout:
      TimedOut(s, "exim daemon did not detach");
    case DaemonStart::kDetachFailed: {
      // The daemon's own complaint in the message (issue 15): the last line
      // it wrote to stderr, e.g. "... socket bind() ... failed: daemon abandoned".
      std::string path = plan_.env.Path(s.exim.stderr_file);
      std::string said = LastLineOf(r_.ReadFile(path).value_or(""));
      Fail(s, "the Exim daemon failed to start: " + DescribeWaitStatus(d.wait_status) +
                  (said.empty() ? "" : ": " + EscapeForDisplay(said, 300)) + " (see " + path + ")");
    }
    case DaemonStart::kNoPidFile:
      TimedOut(s, "exim daemon wrote no pid file " + s.exim.pid_file);
  }
  CheckAlive(s);
}

void Execution::StartWaitDaemon(const Step& s) {
  auto start = r_.Now();
  pid_t pid;
  try {
    pid = r_.StartWaitDaemon(s.exim);
  } catch (const HarnessError& e) {
    if (!e.loc().file.empty()) throw;
    throw HarnessError(s.loc, "command " + std::to_string(s.number) + " (" + s.name + "): " + e.message());
  }
  started_.push_back(pid);
  background_ = pid;  // runtest's exim_pid
  r_.SleepUntil(r_.Now() + std::chrono::milliseconds(300));  // runtest: "let the daemon get going"
  log_.push_back({&s, start, r_.Now(), "inetd-wait daemon started (pid " + std::to_string(pid) + ")"});
  CheckInterrupt();
  if (auto st = r_.BackgroundExited(pid)) {
    std::string path = plan_.env.Path(s.exim.stderr_file);
    std::string said = LastLineOf(r_.ReadFile(path).value_or(""));
    Fail(s, "the inetd-wait Exim daemon ended at once: " + DescribeWaitStatus(*st) +
                (said.empty() ? "" : ": " + EscapeForDisplay(said, 300)) + " (see " + path + ")");
  }
  CheckAlive(s);
}

void Execution::RunClient(const Step& s) {
  auto start = r_.Now();
  ClientResult c = r_.RunClient(s.client, CommandDeadline());
  log_.push_back({&s, start, r_.Now(), c.cancelled ? "timed out" : "exit status " + std::to_string(c.exit_code)});
  CheckInterrupt();
  AppendClientOutput(c);
  if (c.cancelled) TimedOut(s, "client");
  CheckAlive(s);
  CheckStatus(s, c.exit_code << 8);
}

void Execution::KillDaemons(const Step* s) {
  if (s && background_) {
    // runtest: a `background` process is what killdaemon kills (exim_pid).
    pid_t pid = *background_;
    background_.reset();
    r_.KillBackground(pid, CommandDeadline());
    started_.erase(std::remove(started_.begin(), started_.end(), pid), started_.end());
    return;
  }
  std::vector<Daemon> daemons;
  daemons.swap(daemons_);
  for (const Daemon& d : daemons) {
    auto deadline = s ? CommandDeadline() : r_.Now() + std::chrono::seconds(5);
    bool obeyed = r_.KillDaemon(d.pid, deadline);
    r_.RemoveFile(d.pid_file);
    if (!obeyed && s) TimedOut(*s, "the daemon ignored SIGTERM");
  }
}

void Execution::Sleep(const Step& s) {
  auto until = r_.Now() + s.duration;
  bool past = until > test_deadline_;
  bool slept = r_.SleepUntil(past ? test_deadline_ : until);
  CheckInterrupt();
  (void)slept;
  if (past) TimedOut(s, s.name);
  CheckAlive(s);
}

void Execution::RunSteps() {
  static const char* const kCommentFiles[] = {"test-stdout", "test-stderr", "test-stderr-server",
                                              "test-stdout-server"};
  for (const Step& s : plan_.steps) {
    CheckInterrupt();
    r_.SetActivity("test " + plan_.test.name + " at " + s.loc.str() + " (" + s.name + ")");
    if (r_.Now() >= test_deadline_) TimedOut(s, "test time limit");
    switch (s.kind) {
      case StepKind::kExim:
        RunExim(s);
        break;
      case StepKind::kEximDaemon:
        StartDaemon(s);
        break;
      case StepKind::kEximWait:
        StartWaitDaemon(s);
        break;
      case StepKind::kClient:
        if (s.client.early_exit) {
          AppendClientOutput(*s.client.early_exit);
          CheckStatus(s, s.client.early_exit->exit_code << 8);
        } else {
          RunClient(s);
        }
        break;
      case StepKind::kKillDaemon:
        KillDaemons(&s);
        CheckInterrupt();
        CheckAlive(s);
        break;
      case StepKind::kSleep:
        Sleep(s);
        break;
      case StepKind::kEcho:
        break;
      case StepKind::kComment:
        // Modern runtest: "### text" goes into every raw output stream.
        for (const char* f : kCommentFiles) r_.WriteFile(plan_.env.Path(f), s.text, true);
        break;
      case StepKind::kShell:
        RunShell(s);
        break;
      case StepKind::kBackground:
      case StepKind::kServer:
      case StepKind::kEximLock:
        StartBackground(s);
        break;
      case StepKind::kWrite:
        Write(s);
        break;
      case StepKind::kDump:
        Dump(s);
        break;
      case StepKind::kNothing:
        break;
    }
  }
}

void Execution::Teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  pending_.reset();
  background_.reset();
  for (pid_t pid : started_) {
    try {
      r_.KillBackground(pid, r_.Now() + std::chrono::seconds(5));
    } catch (...) {
    }
  }
  started_.clear();
  try {
    KillDaemons(nullptr);
  } catch (...) {
  }
  if (plan_.dovecot) {
    r_.StopResponder();
    responder_running_ = false;
  }
  r_.StopEverything();
}

void Execution::CompareOutputs(bool allow_update, bool always_write) {
  NormaliserOptions normalise_options;
  normalise_options.extra_rules = plan_.extra_rules;
  normalise_options.rule_set = plan_.rule_set;
  if (plan_.rule_set == RuleSet::kUpstream) normalise_options.upstream_munge = plan_.munge;
  if (plan_.no_munge) {
    // runtest's munge_skip: nothing is munged but exim_msgdate's own path in
    // its message (runtest: DIR/test/eximdir/exim_msgdate; ours runs in the
    // Exim's directory, shown as upstream's).
    normalise_options.builtin_rules = false;
    normalise_options.extra_rules.push_back(
        RuleSpec{"no-munge-exim-msgdate-path", ~StreamMask{0},
                 R"(^(localhost \d+ from message-id != given number \d+ at )/.+/exim_msgdate( line \d+\.)$)",
                 R"(\1DIR/test/eximdir/exim_msgdate\2)", false, SourceLoc{}});
  }
  Normaliser normaliser(NormaliseContextOf(plan_.env), std::move(normalise_options));
  struct Produced {
    const OutputSpec* spec;
    std::string expected_path;
    std::vector<OutputLine> lines;
    std::string text;
    std::optional<std::string> golden;
    std::string name;      ///< the kind, or "mail/NNNN.userx" for a mail or msglog file
    std::string main_raw;  ///< relative to the run directory; "" = the spec's
  };
  std::vector<Produced> produced;
  for (size_t i = 0; i < plan_.outputs.size(); ++i) {
    const OutputSpec& out = plan_.outputs[i];
    const std::string& expected_path = plan_.expected_paths[i];
    std::string golden_path = options_.source_dir + "/" + expected_path;
    std::optional<std::string> main = r_.ReadFile(plan_.env.Path(out.main_raw));
    std::optional<std::string> golden;
    if (out.when == CompareWhen::kWhenGoldenExists) {
      if (!main) continue;
      golden = r_.ReadFile(golden_path);
      if (!golden && !allow_update) continue;
    }
    std::optional<std::string> server = out.server_raw ? r_.ReadFile(plan_.env.Path(out.server_raw)) : std::nullopt;
    bool nothing = false;
    if (out.when == CompareWhen::kAlways) {
      golden = r_.ReadFile(golden_path);
      // runtest: with no golden, raw files that are missing or empty pass
      // (an empty server-side file adds no "******** SERVER ********").
      nothing = !golden && !allow_update && main.value_or("").empty() && server.value_or("").empty();
    }
    auto lines = nothing ? std::vector<OutputLine>() : AssembleOutputLines(main, server, out.stream, normaliser);
    // runtest: a "*** truncated ***" munge() saw (not under no_munge) aligns
    // the lines before it with the golden's, then `sortlog` sorts; both
    // only when the golden exists.
    if (golden && !plan_.no_munge && (HasTruncatedMarker(main.value_or("")) || HasTruncatedMarker(server.value_or(""))))
      AlignTruncatedLines(&lines, *golden);
    if (plan_.sortlog && out.stream == Stream::kLog && golden) SortDeliveryLines(&lines);
    std::string text = JoinOutputLines(lines);
    produced.push_back({&out, expected_path, std::move(lines), std::move(text), std::move(golden), out.name, ""});
  }
  // Upstream trees: mailboxes and message logs, after the other outputs (the
  // message ids they name were numbered there), as runtest compares them.
  // Each produced file is compared with its golden; each golden of the test
  // that nothing produced is compared with nothing (runtest: "no test file").
  if (plan_.compare_mail_and_msglogs) {
    auto add = [&](const std::string& raw, const std::string& golden_rel, Stream stream, const OutputSpec* spec) {
      std::optional<std::string> main = r_.ReadFile(plan_.env.Path(raw));
      std::optional<std::string> golden = r_.ReadFile(options_.source_dir + "/" + golden_rel);
      if (!golden && !allow_update && main.value_or("").empty()) return;
      auto lines = AssembleOutputLines(main, std::nullopt, stream, normaliser);
      if (golden && !plan_.no_munge && HasTruncatedMarker(main.value_or(""))) AlignTruncatedLines(&lines, *golden);
      std::string text = JoinOutputLines(lines);
      produced.push_back({spec, golden_rel, std::move(lines), std::move(text), std::move(golden), golden_rel, raw});
    };
    static const OutputSpec kMailSpec{Stream::kMail, "mail", "test-mail", nullptr};
    static const OutputSpec kMsglogSpec{Stream::kMsgLog, "msglog", "spool/msglog", nullptr};
    std::set<std::string> seen;
    const std::string root = plan_.golden_root;
    if (!plan_.no_message_check) {
      int msgno = 0;
      for (const std::string& mail : r_.ListFilesBelow(plan_.env.Path("test-mail"))) {
        static const RE2 kOncelog(R"(^oncelog(\.(dir|pag|db))?$)");
        if (RE2::FullMatch(mail, kOncelog)) continue;
        // runtest: the caller's name becomes CALLER; a maildir file's
        // NNN.xxx. part is numbered in order.
        std::string saved = mail;
        const std::string& caller = plan_.env.caller;
        if (!caller.empty() && saved.compare(0, caller.size(), caller) == 0 &&
            (saved.size() == caller.size() || saved[caller.size()] == '/'))
          saved = "CALLER" + saved.substr(caller.size());
        static const RE2 kMaildirPart(R"((\d+\.[^.]+\.))");
        if (RE2::PartialMatch(saved, kMaildirPart)) RE2::GlobalReplace(&saved, kMaildirPart, std::to_string(++msgno) + ".");
        std::string golden_rel = root + "mail/" + plan_.test.name + "." + saved;
        seen.insert(golden_rel);
        add("test-mail/" + mail, golden_rel, Stream::kMail, &kMailSpec);
      }
      for (const std::string& golden_rel : plan_.expected_mails)
        if (!seen.count(golden_rel)) add("test-mail/.none", golden_rel, Stream::kMail, &kMailSpec);
    }
    if (!plan_.no_msglog_check) {
      for (const std::string& msglog : r_.ListFilesBelow(plan_.env.Path("spool/msglog"))) {
        // The file is named by its message id: numbered as the outputs
        // numbered it (runtest's new_value with the same cache).
        std::string name = normaliser.Normalise(msglog, Stream::kMsgLog);
        std::string golden_rel = root + "msglog/" + plan_.test.name + "." + (name.empty() ? msglog : name);
        seen.insert(golden_rel);
        add("spool/msglog/" + msglog, golden_rel, Stream::kMsgLog, &kMsglogSpec);
      }
      for (const std::string& golden_rel : plan_.expected_msglogs)
        if (!seen.count(golden_rel)) add("spool/msglog/.none", golden_rel, Stream::kMsgLog, &kMsglogSpec);
    }
  }

  // --update's second run: its outputs must be those of the first, or the
  // goldens would record noise (a pid, an address) instead of behaviour.
  if (allow_update && options_.update_reference) {
    std::string unstable;
    for (const Produced& p : produced) {
      auto first = options_.update_reference->find(p.spec->name);
      const std::string first_text = first == options_.update_reference->end() ? "" : first->second;
      if (first_text == p.text) continue;
      DiffResult d = Diff(first_text, p.text, DiffOptions{});
      std::string one, two;
      for (const auto& hunk : d.hunks)
        for (const auto& dl : hunk.lines) {
          if (dl.op == '-' && one.empty()) one = "line " + std::to_string(dl.expected_line) + " '" + EscapeForDisplay(dl.text, 120) + "'";
          if (dl.op == '+' && two.empty()) two = "line " + std::to_string(dl.actual_line) + " '" + EscapeForDisplay(dl.text, 120) + "'";
        }
      unstable += (unstable.empty() ? "" : "; ") + p.expected_path + ": run 1 " + (one.empty() ? "has no line" : one) +
                  ", run 2 " + (two.empty() ? "has no line" : two);
    }
    if (!unstable.empty())
      throw HarnessError("--update refused, nothing written: the normalised output differs between two runs (" +
                         unstable + "); add a normalisation rule for what changes");
  }
  bool write_normalised = always_write;
  for (const Produced& p : produced) {
    OutputCheck check;
    check.kind = p.name;
    check.expected_path = p.expected_path;
    check.actual = p.text;
    std::string golden_path = options_.source_dir + "/" + check.expected_path;
    const std::string golden = p.golden.value_or("");
    check.matched = golden == p.text;
    if (!check.matched) {
      DiffOptions diff_options;
      diff_options.expected_label = check.expected_path;
      diff_options.actual_label = "actual " + check.kind + " (normalised)";
      DiffResult diff = Diff(golden, p.text, diff_options);
      check.diff = diff.unified;
      check.summary = diff.summary;
      // The raw line behind every differing normalised line (-v, JUnit).
      for (const auto& hunk : diff.hunks) {
        for (const auto& dl : hunk.lines) {
          int line = dl.actual_line;
          if (dl.op != '+' || line < 1 || line > static_cast<int>(p.lines.size())) continue;
          const OutputLine& ol = p.lines[line - 1];
          if (ol.origin == LineOrigin::kHeader) continue;
          bool server = ol.origin == LineOrigin::kServer;
          check.raw_lines.push_back(RawLineNote{line, server, ol.line.raw_line, ol.line.raw,
                                                server           ? p.spec->server_raw
                                                : p.main_raw.empty() ? p.spec->main_raw
                                                                     : p.main_raw});
        }
      }
    }
    if (allow_update && options_.update_writes && !check.matched) {
      if (p.text.empty()) {
        r_.RemoveFile(golden_path);
        result_.updates.push_back("removed " + check.expected_path);
      } else {
        r_.WriteFile(golden_path, p.text, false, /*make_parents=*/true);
        result_.updates.push_back((golden.empty() ? "created " : "updated ") + check.expected_path);
      }
    }
    write_normalised = write_normalised || !check.matched;
    result_.checks.push_back(std::move(check));
  }
  // What was compared, for whoever reads a kept run directory.
  if (write_normalised) {
    for (const Produced& p : produced)
      r_.WriteFile(plan_.env.Path("normalised/" + p.name), p.text, false, /*make_parents=*/true);
  }
}

}  // namespace

namespace {

/// \a word quoted for /bin/sh when it needs it.
std::string ShellQuote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") ==
                           std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string Argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + ShellQuote(a);
  return out;
}

std::string Env(const EximLaunch& x) {
  std::string out;
  for (const auto& [name, value] : x.env) out += name + "=" + ShellQuote(value) + " ";
  return out;
}

std::string CommandLog(const TestPlan& plan, const std::vector<CommandRecord>& log, Clock::time_point t0) {
  auto ms = [&](Clock::time_point t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+%.3fs", std::chrono::duration<double>(t - t0).count());
    return std::string(buf);
  };
  std::string out = "# commands run for test " + plan.test.name + " (times from the test's start;\n"
                    "# environment: runtest's own, plus the VAR=value shown)\n";
  for (const CommandRecord& c : log) {
    const Step& s = *c.step;
    out += "[" + std::to_string(s.number) + "] " + s.loc.str() + "\n";
    if (s.kind == StepKind::kClient) {
      out += "  client " + s.client.options.host + " " + s.client.options.port + " (in-process, -t" +
             std::to_string(s.client.options.timeout_seconds) + ")\n";
    } else if (s.kind != StepKind::kExim && s.kind != StepKind::kEximDaemon && s.kind != StepKind::kEximWait) {
      out += "  " + (s.shell.argv.empty() ? "sh -c " + ShellQuote(s.shell.script) : Argv(s.shell.argv)) + "\n";
    } else {
      out += "  argv: " + Argv(s.exim.argv) + "\n";
      if (!s.exim.env.empty()) out += "  env: " + Env(s.exim) + "\n";
      out += "  stdout > " + s.exim.stdout_file + ", stderr > " + s.exim.stderr_file + "\n";
    }
    out += "  start " + ms(c.start) + ", end " + ms(c.end) + ": " + c.status + "\n";
  }
  return out;
}

std::string ReplayScript(const TestPlan& plan) {
  std::string out =
      "#!/bin/sh\n"
      "# replay.sh - the commands of test " + plan.test.name + " (" + plan.test.script_path + "),\n"
      "# as runtest ran them, to rerun by hand as root (sh replay.sh).\n"
      "# Run it in a copy if you want to keep what is here: outputs are appended.\n"
      "# The Dovecot responder and client conversations are not replayed: start\n"
      "# the responder yourself and talk to Exim with bin/client (see the lines noted).\n"
      "cd \"$(dirname \"$0\")\" || exit 1\n";
  for (const Step& s : plan.steps) {
    switch (s.kind) {
      case StepKind::kExim:
      case StepKind::kEximDaemon:
      {
        // -bdf stays in the foreground: the replay runs it in the background.
        bool background = s.kind == StepKind::kEximDaemon && s.exim.foreground;
        out += "# " + s.loc.str() + "\n" + Env(s.exim) + Argv(s.exim.argv) + " >>" + ShellQuote(s.exim.stdout_file) +
               " 2>>" + ShellQuote(s.exim.stderr_file);
        if (!s.exim.stdin_data.empty()) {
          out += std::string(" <<'REPLAY_EOF'") + (background ? " &" : "") + "\n" + s.exim.stdin_data +
                 (s.exim.stdin_data.back() == '\n' ? "" : "\n") + "REPLAY_EOF\n";
        } else {
          out += std::string(" </dev/null") + (background ? " &" : "") + "\n";
        }
        if (background) out += "sleep 1\n";
        else out += "echo \"command " + std::to_string(s.number) + ": exit status $?\"\n";
        break;
      }
      case StepKind::kEximWait:
        out += "# " + s.loc.str() + " (not replayed: Exim in inetd wait mode, its stdin a socket listening on\n"
               "# 127.0.0.1 port " + std::to_string(plan.env.port_dynamic) + ")\n# " + Env(s.exim) + Argv(s.exim.argv) +
               " >>" + ShellQuote(s.exim.stdout_file) + " 2>>" + ShellQuote(s.exim.stderr_file) + "\n";
        break;
      case StepKind::kClient:
        out += "# " + s.loc.str() + ": client " + s.client.options.host + " " + s.client.options.port +
               " (its script follows that line)\n";
        break;
      case StepKind::kKillDaemon:
        out += "[ -f exim-daemon.pid ] && kill \"$(cat exim-daemon.pid)\"\n";
        break;
      case StepKind::kSleep:
        out += "sleep " + std::to_string(s.duration.count() / 1000.0) + "\n";
        break;
      case StepKind::kShell:
      case StepKind::kDump:
        out += "# " + s.loc.str() + "\n" + (s.shell.argv.empty() ? s.shell.script : Argv(s.shell.argv)) + "\n";
        break;
      case StepKind::kBackground:
      case StepKind::kServer:
      case StepKind::kEximLock:
        out += "# " + s.loc.str() + " (" + s.name + ", in the background)\n" +
               (s.shell.argv.empty() ? s.shell.script : Argv(s.shell.argv)) + " &\n";
        break;
      case StepKind::kWrite:
        out += "# " + s.loc.str() + ": " + s.name + " " + ShellQuote(s.path) + " (not replayed)\n";
        break;
      case StepKind::kComment:
      case StepKind::kEcho:
      case StepKind::kNothing:
        break;
    }
  }
  return out;
}

}  // namespace

TestResult Execute(TestPlan plan, CommandRunner& runner, const ExecuteOptions& options) {
  TestResult result;
  result.test = plan.test;
  result.title = plan.title;
  auto start = runner.Now();
  std::vector<CommandRecord> log;
  Outcome outcome = Outcome::kPass;
  auto interrupted = [&](int sig) {
    outcome = Outcome::kInterrupted;
    result.signal = sig;
    result.reason = Diagnostic{SourceLoc{}, std::string("interrupted by SIG") + sigabbrev_np(sig)};
  };
  {
    Execution exec(plan, runner, options, result, log);
    try {
      int sig = 0;
      if (runner.Interrupted(&sig)) throw Interruption{sig};  // start nothing new
      exec.Prepare();
      exec.RunSteps();
      exec.Teardown();
      exec.CompareOutputs(options.update, /*always_write=*/options.keep);
    } catch (const StepFailure& f) {
      outcome = f.outcome;
      result.failed_at = f.reason.loc;
      result.reason = f.reason;
      result.command_failed = true;
      exec.Teardown();
      // Outputs still tell what happened: compare them too, but never update.
      try {
        int sig = 0;
        if (runner.Interrupted(&sig)) throw Interruption{sig};
        exec.CompareOutputs(/*allow_update=*/false, /*always_write=*/true);
      } catch (const Interruption& i) {
        interrupted(i.sig);
      } catch (...) {
      }
    } catch (const Interruption& i) {
      exec.Teardown();
      interrupted(i.sig);
    } catch (const InterruptedError& i) {
      exec.Teardown();
      interrupted(i.signal);
    } catch (const HarnessError& e) {
      outcome = Outcome::kError;
      if (!e.loc().file.empty()) result.failed_at = e.loc();
      result.reason = e.diagnostic();
      exec.Teardown();
    } catch (const std::exception& e) {
      outcome = Outcome::kError;
      result.reason = Diagnostic{SourceLoc{}, std::string("internal error: ") + e.what()};
      exec.Teardown();
    }
  }
  // A signal that arrived while the last command ran makes whatever that
  // command did (killed by the handler) meaningless: the test was interrupted.
  // Its checks are not shown: the handler killed the processes mid-way.
  int sig = 0;
  if (outcome != Outcome::kInterrupted && runner.Interrupted(&sig)) interrupted(sig);
  if (outcome == Outcome::kInterrupted) {
    result.checks.clear();
    result.updates.clear();
    result.failed_at.reset();
  }
  if (outcome == Outcome::kPass) {
    for (const auto& c : result.checks) {
      if (!c.matched && !options.update) {
        outcome = Outcome::kFail;
        if (result.reason.empty()) result.reason = Diagnostic{SourceLoc{}, c.expected_path + " differs"};
      }
    }
  }
  result.outcome = outcome;
  bool keep = options.keep || (outcome != Outcome::kPass && !options.keep_none);
  if (!keep && !result.run_dir.empty()) runner.RemoveRunDir(result.run_dir);
  result.run_dir_kept = keep && !result.run_dir.empty();
  if (result.run_dir_kept) {
    try {  // what ran, for whoever reads the kept directory (issue 15)
      runner.WriteFile(result.run_dir + "/commands.log", CommandLog(plan, log, start), false);
      runner.WriteFile(result.run_dir + "/replay.sh", ReplayScript(plan), false);
    } catch (const std::exception&) {
      // A kept directory without its log is still worth keeping.
    }
  }
  result.seconds = std::chrono::duration<double>(runner.Now() - start).count();
  return result;
}

}  // namespace harness
