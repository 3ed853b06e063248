// executor_test.cc - the executor driven through a FakeCommandRunner (as
// Ninja's build_test.cc drives its Builder): no process, socket or file is
// touched. The fake records every call in order, serves and stores files in
// memory, runs on a fake clock and plays scripted outcomes (exit statuses,
// daemon starts, client results, a responder or daemon that dies, a signal).
// Plans are built from script text with MakePlan, as the runner does.
#include "harness/executor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <deque>
#include <functional>
#include <map>

#include "harness/plan.h"

namespace harness {
namespace {

const char kRun[] = "/work/9999.abcdef";
const char kSrc[] = "/src";

int Exited(int code) { return code << 8; }

class FakeCommandRunner : public CommandRunner {
 public:
  // ----- the script of what happens --------------------------------------
  std::deque<std::optional<int>> exim_statuses;  ///< per RunExim; empty: exit 0
  std::function<void(FakeCommandRunner&, const EximLaunch&)> on_exim;
  std::deque<DaemonStart> daemon_starts;         ///< per StartDaemon; empty: ready
  std::deque<ClientResult> client_results;       ///< per RunClient; empty: ok
  bool responder_fails = false;
  std::optional<int> responder_dies;             ///< reported from the next ResponderExited
  std::map<pid_t, int> daemon_dies;              ///< pid -> wait status, reported by DaemonExited
  bool daemon_ignores_term = false;
  /// A signal arrives during the call whose log line starts with this.
  std::string signal_during;
  int signal_number = SIGTERM;

  // ----- what happened ---------------------------------------------------
  std::vector<std::string> log;
  std::map<std::string, std::string> files;
  Clock::time_point now = Clock::time_point() + std::chrono::hours(1);
  int signal = 0;
  std::vector<EximLaunch> launches;
  std::vector<ClientPlan> clients;

  Clock::time_point Now() override { return now; }
  bool Interrupted(int* sig) override {
    *sig = signal;
    return signal != 0;
  }
  void SetActivity(const std::string&) override {}
  std::string CreateRunDir(const std::string& name, bool real_dovecot) override {
    Record("mkdir " + name + (real_dovecot ? " (dovecot may search)" : ""));
    if (signal) throw InterruptedError{signal};
    return kRun;
  }
  void RemoveRunDir(const std::string& path) override { Record("rmdir " + path); }
  std::optional<std::string> ReadFile(const std::string& path) override {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
  void WriteFile(const std::string& path, const std::string& text, bool append, bool) override {
    if (append) files[path] += text;
    else files[path] = text;
    log.push_back("write " + path);
  }
  void RemoveFile(const std::string& path) override {
    files.erase(path);
    log.push_back("rm " + path);
  }
  std::vector<std::string> ListFilesBelow(const std::string& dir) override {
    std::vector<std::string> names;
    for (const auto& [path, text] : files)
      if (path.compare(0, dir.size() + 1, dir + "/") == 0) names.push_back(path.substr(dir.size() + 1));
    return names;
  }
  void MakeSymlink(const std::string& target, const std::string& path) override {
    log.push_back("ln -s " + target + " " + path);
  }
  void MakeCallerDirectory(const std::string& path) override { log.push_back("mkdir " + path); }
  void InstallPatchedExim(const std::string& from, const std::string& to) override {
    log.push_back("patchexim " + from + " " + to);
  }
  std::optional<int> RunExim(const EximLaunch& launch, Clock::time_point deadline) override {
    launches.push_back(launch);
    Record("exim");
    if (on_exim) on_exim(*this, launch);
    return Next(exim_statuses, deadline);
  }
  DaemonStart StartDaemon(const EximLaunch& launch, Clock::time_point deadline) override {
    launches.push_back(launch);
    Record("daemon");
    DaemonStart d{DaemonStart::kReady, 0, 1000 + static_cast<pid_t>(launches.size())};
    if (!daemon_starts.empty()) {
      d = daemon_starts.front();
      daemon_starts.pop_front();
    }
    if (d.status == DaemonStart::kDetachTimeout || d.status == DaemonStart::kNoPidFile) now = deadline;
    return d;
  }
  // ----- PORT_DYNAMIC and the inetd-wait daemon ---------------------------
  int dynamic_port = 45678;   ///< what OpenDynamicSocket "binds"
  bool listen_fails = false;  ///< OpenDynamicSocket throws
  bool socket_open = false;   ///< opened and not yet handed over or closed
  int OpenDynamicSocket() override {
    Record("listen");
    if (listen_fails) throw HarnessError("PORT_DYNAMIC: cannot open a socket listening on 127.0.0.1: no");
    socket_open = true;
    return dynamic_port;
  }
  pid_t StartWaitDaemon(const EximLaunch& launch) override {
    launches.push_back(launch);
    Record("waitdaemon");
    if (!socket_open) throw HarnessError("no PORT_DYNAMIC socket to give the inetd-wait daemon");
    socket_open = false;  // the daemon has it
    return ++next_pid;
  }
  std::optional<int> DaemonExited(pid_t pid) override {
    auto it = daemon_dies.find(pid);
    if (it == daemon_dies.end()) return std::nullopt;
    int st = it->second;
    daemon_dies.erase(it);
    return st;
  }
  bool KillDaemon(pid_t pid, Clock::time_point deadline) override {
    Record("kill " + std::to_string(pid));
    if (daemon_ignores_term) now = deadline;
    return !daemon_ignores_term;
  }
  ClientResult RunClient(const ClientPlan& client, Clock::time_point deadline) override {
    clients.push_back(client);
    Record("client");
    ClientResult r;
    r.stdout_text = "Connecting to 127.0.0.1 ... connected\n";
    if (!client_results.empty()) {
      r = client_results.front();
      client_results.pop_front();
    }
    if (r.cancelled) now = deadline;
    return r;
  }
  void StartResponder(const DovecotSetup& setup, Clock::time_point) override {
    Record("responder " + setup.socket_path);
    if (responder_fails) throw HarnessError("Dovecot responder (fake_dovecot): exited before it was ready");
  }
  std::optional<int> ResponderExited() override {
    auto st = responder_dies;
    responder_dies.reset();
    return st;
  }
  void StopResponder() override { log.push_back("stop responder"); }
  bool SleepUntil(Clock::time_point until) override {
    Record("sleep " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count()));
    now = until;
    return signal == 0;
  }
  void StopEverything() override {
    socket_open = false;
    log.push_back("stop everything");
  }

  // ----- shell commands and background processes ---------------------------
  std::deque<std::optional<int>> shell_statuses;  ///< per RunShell; empty: exit 0
  std::function<void(FakeCommandRunner&, const ShellLaunch&)> on_shell;
  std::vector<ShellLaunch> shells;       ///< RunShell and StartBackground, in order
  bool start_fails = false;              ///< StartBackground throws
  bool pid_file_appears = true;
  std::map<pid_t, int> background_dies;  ///< pid -> status, for BackgroundExited
  std::deque<std::optional<int>> finish_statuses;  ///< per FinishBackground; empty: exit 0
  pid_t next_pid = 2000;

  static std::string What(const ShellLaunch& l) { return l.argv.empty() ? l.script : l.argv[0]; }
  std::optional<int> RunShell(const ShellLaunch& launch, Clock::time_point deadline) override {
    shells.push_back(launch);
    Record("shell " + What(launch));
    if (on_shell) on_shell(*this, launch);
    return Next(shell_statuses, deadline);
  }
  pid_t StartBackground(const ShellLaunch& launch) override {
    shells.push_back(launch);
    Record("bg " + What(launch));
    if (start_fails) throw HarnessError("no executable " + What(launch) + ": No such file or directory");
    return ++next_pid;
  }
  bool WaitForPidFile(const std::string& path, Clock::time_point deadline) override {
    Record("pidfile " + path);
    if (!pid_file_appears) now = deadline;
    return pid_file_appears;
  }
  std::optional<int> BackgroundExited(pid_t pid) override {
    auto it = background_dies.find(pid);
    if (it == background_dies.end()) return std::nullopt;
    return it->second;
  }
  std::optional<int> FinishBackground(pid_t pid, Clock::time_point deadline) override {
    Record("finish " + std::to_string(pid));
    return Next(finish_statuses, deadline);
  }
  void KillBackground(pid_t pid, Clock::time_point) override { Record("killbg " + std::to_string(pid)); }

  /// The calls whose log line starts with \a prefix.
  int Count(const std::string& prefix) const {
    int n = 0;
    for (const auto& l : log) n += l.rfind(prefix, 0) == 0;
    return n;
  }

 private:
  /// The next scripted status (exit 0 when none is left); a timeout
  /// (nullopt) moves the clock to the deadline.
  std::optional<int> Next(std::deque<std::optional<int>>& statuses, Clock::time_point deadline) {
    std::optional<int> st = 0;
    if (!statuses.empty()) {
      st = statuses.front();
      statuses.pop_front();
    }
    if (!st) now = deadline;
    return st;
  }
  void Record(const std::string& what) {
    log.push_back(what);
    if (!signal_during.empty() && what.rfind(signal_during, 0) == 0) signal = signal_number;
  }
};

struct Fixture {
  std::string script;
  std::string conf = "# conf\n";
  std::optional<std::string> users, scenario;
  ExecuteOptions options;
  std::string exim_version = "4.96";
  std::map<std::string, std::vector<std::string>, std::less<>> golden_names;
  std::vector<std::pair<std::string, std::string>> munge_files;
  std::optional<Credentials> caller;  ///< --caller
  std::string flavour;                ///< upstream runtest's golden flavour
  bool upstream = false;              ///< an upstream test/ tree
};

TestPlan Plan(const Fixture& f) {
  PlanInputs in;
  in.test.name = "9999";
  in.test.number = 9999;
  in.test.suite = "Fake";
  in.test.suite_dir = "/src/scripts/9999-Fake";
  in.test.script_path = "/src/scripts/9999-Fake/9999";
  in.script = ParseScript(f.script, in.test.script_path);
  in.conf_path = "/src/confs/9999";
  in.conf_text = f.conf;
  in.prelude_text = "";
  in.users_path = "/src/scripts/9999-Fake/passwd";
  in.users_text = f.users;
  in.scenario_path = "/src/scripts/9999-Fake/9999.dovecot";
  in.scenario_text = f.scenario;
  in.fake_dovecot_binary = "/build/bin/fake_dovecot";
  in.env.exim_path = "/usr/sbin/exim";
  in.env.exim_user = "Debian-exim";
  in.env.caller = "root";
  in.env.hostname = "host.example";
  in.env.testnum = "9999";
  in.env.exim_version = f.exim_version;
  in.env.caller_credentials = f.caller;
  in.golden_names = f.golden_names;
  in.munge_files = f.munge_files;
  in.flavour = f.flavour;
  if (f.upstream) in.upstream = PlanInputs::Upstream{"/src", {}, {}, "/usr/sbin/exim"};
  return MakePlan(in, [](int n) {
    std::vector<int> p;
    for (int i = 0; i < n; ++i) p.push_back(40001 + i);
    return p;
  });
}

ExecuteOptions Options() {
  ExecuteOptions o;
  o.source_dir = kSrc;
  o.command_timeout = std::chrono::seconds(30);
  o.test_timeout = std::chrono::seconds(120);
  return o;
}

TestResult RunTest(const std::string& script, FakeCommandRunner& fake, ExecuteOptions options = Options(),
               const std::string& conf = "# conf\n") {
  Fixture f;
  f.script = script;
  f.conf = conf;
  return Execute(Plan(f), fake, options);
}

std::string Path(const std::string& name) { return std::string(kRun) + "/" + name; }
std::string Golden(const std::string& kind) { return std::string(kSrc) + "/expected/" + kind + "/9999"; }

// ----- exit-status lines ------------------------------------------------------

TEST(ExecutorTest, PassingEximCommandPassesAndRemovesTheRunDirectory) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  EXPECT_EQ(r.title, "t");
  EXPECT_FALSE(r.run_dir_kept);
  EXPECT_EQ(fake.Count("rmdir /work/9999.abcdef"), 1);
  EXPECT_EQ(fake.files[Path("test-config")], "# conf\n");
}

TEST(ExecutorTest, StatusLineNMatches) {
  FakeCommandRunner fake;
  fake.exim_statuses = {Exited(1)};
  EXPECT_EQ(RunTest("# t\n1\nexim -be\n****\n", fake).outcome, Outcome::kPass);
}

TEST(ExecutorTest, WrongStatusFailsAtTheCommandLine) {
  FakeCommandRunner fake;
  fake.exim_statuses = {Exited(1)};
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_TRUE(r.command_failed);
  EXPECT_EQ(r.reason.loc.line, 2);
  EXPECT_EQ(r.reason.message, "command 1 (exim) ended with exit status 1, expected 0");
  ASSERT_TRUE(r.failed_at);
  EXPECT_EQ(r.failed_at->line, 2);
  EXPECT_TRUE(r.run_dir_kept);
}

// --no-keep: a failing test's run directory goes too (a verdict check whose
// expected failures would otherwise pile up in the work root).
TEST(ExecutorTest, NoKeepRemovesAFailingTestsRunDirectory) {
  FakeCommandRunner fake;
  fake.exim_statuses = {Exited(1)};
  ExecuteOptions o = Options();
  o.keep_none = true;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_FALSE(r.run_dir_kept);
  EXPECT_EQ(fake.Count("rmdir"), 1);
  EXPECT_EQ(fake.Count("write " + Path("commands.log")), 0);
}

TEST(ExecutorTest, NegatedStatusLine) {
  FakeCommandRunner ok;
  ok.exim_statuses = {Exited(2)};
  EXPECT_EQ(RunTest("# t\n~1\nexim -be\n****\n", ok).outcome, Outcome::kPass);
  FakeCommandRunner bad;
  bad.exim_statuses = {Exited(1)};
  TestResult r = RunTest("# t\n~1\nexim -be\n****\n", bad);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_NE(r.reason.message.find("expected any status but 1"), std::string::npos) << r.reason.message;
}

TEST(ExecutorTest, KilledBySignalIsNeverTheExpectedStatus) {
  FakeCommandRunner fake;
  fake.exim_statuses = {SIGKILL};
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_NE(r.reason.message.find("killed by signal 9"), std::string::npos) << r.reason.message;
}

TEST(ExecutorTest, AFailedCommandEndsTheScript) {
  FakeCommandRunner fake;
  fake.exim_statuses = {Exited(1)};
  RunTest("# t\nexim -be\n****\nexim -bV\n****\n", fake);
  EXPECT_EQ(fake.Count("exim"), 1);
}

// ----- data blocks and command lines -------------------------------------------

TEST(ExecutorTest, DataBlockIsSubstitutedStdin) {
  FakeCommandRunner fake;
  RunTest("# t\nexim -be\nDIR/spool TESTNUM\nplain\n****\n", fake);
  ASSERT_EQ(fake.launches.size(), 1u);
  EXPECT_EQ(fake.launches[0].stdin_data, "/work/9999.abcdef/spool 9999\nplain\n");
}

TEST(ExecutorTest, EximArgvNamesTheBinaryAndTheRunConfig) {
  FakeCommandRunner fake;
  RunTest("# t\nexim -DSERVER=server -be 'a b'\n****\n", fake);
  ASSERT_EQ(fake.launches.size(), 1u);
  std::vector<std::string> want{"/usr/sbin/exim", "-DEXIM_PATH=/usr/sbin/exim", "-C", Path("test-config"),
                                "-DSERVER=server", "-be", "a b"};
  EXPECT_EQ(fake.launches[0].argv, want);
  EXPECT_EQ(fake.launches[0].stderr_file, "test-stderr-server");
  EXPECT_EQ(fake.launches[0].stdout_file, "test-stdout");
}

TEST(ExecutorTest, EnvironmentPrefix) {
  FakeCommandRunner fake;
  RunTest("# t\nTZ=UTC exim -be\n****\n", fake);
  ASSERT_EQ(fake.launches.size(), 1u);
  ASSERT_EQ(fake.launches[0].env.size(), 1u);
  EXPECT_EQ(fake.launches[0].env[0], (std::pair<std::string, std::string>("TZ", "UTC")));
}

TEST(ExecutorTest, PortsAreSubstitutedAndMappedBackInOutputs) {
  FakeCommandRunner fake;
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/mainlog")] = "listening on port 40001\n";
  };
  fake.files[Golden("log")] = "listening on port 1225\n";
  TestResult r = RunTest("# t\nexim -be PORT_D\n****\n", fake);
  std::string diffs;
  for (const auto& c : r.checks) diffs += c.diff;
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str() << diffs;
  ASSERT_EQ(fake.launches.size(), 1u);
  EXPECT_EQ(fake.launches[0].argv[5], "40001");
}

// ----- daemons -----------------------------------------------------------------

TEST(ExecutorTest, DaemonGetsAPidFileAndIsKilledByKilldaemon) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nexim -DSERVER=server -bd -oX 1225\n****\nkilldaemon\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  ASSERT_EQ(fake.launches.size(), 1u);
  EXPECT_EQ(fake.launches[0].pid_file, Path("exim-daemon.pid"));
  EXPECT_EQ(fake.launches[0].argv.back(), Path("exim-daemon.pid"));
  EXPECT_EQ(fake.Count("kill 1001"), 1);
  EXPECT_EQ(fake.Count("rm " + Path("exim-daemon.pid")), 1);
}

TEST(ExecutorTest, DaemonThatDoesNotDetachTimesOut) {
  FakeCommandRunner fake;
  fake.daemon_starts = {DaemonStart{DaemonStart::kDetachTimeout, 0, -1}};
  TestResult r = RunTest("# t\nexim -bd\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "exim daemon did not detach");
}

TEST(ExecutorTest, DaemonThatFailsToStartFails) {
  FakeCommandRunner fake;
  fake.daemon_starts = {DaemonStart{DaemonStart::kDetachFailed, Exited(1), -1}};
  TestResult r = RunTest("# t\nexim -bd\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message.rfind("the Exim daemon failed to start: exit status 1", 0), 0u) << r.reason.message;
}

// issue 15: the daemon's own complaint is in the failure message, not only
// in the stderr diff further down.
TEST(ExecutorTest, DaemonThatFailsToStartIsQuotedInTheMessage) {
  FakeCommandRunner fake;
  fake.daemon_starts = {DaemonStart{DaemonStart::kDetachFailed, Exited(1), -1}};
  fake.files["/work/9999.abcdef/test-stderr"] =
      "earlier\n2026-01-01 exim: socket bind() to port 1225 failed: daemon abandoned\n\n";
  TestResult r = RunTest("# t\nexim -bd\n****\n", fake);
  EXPECT_EQ(r.reason.message,
            "the Exim daemon failed to start: exit status 1: 2026-01-01 exim: socket bind() to port 1225 failed: "
            "daemon abandoned (see /work/9999.abcdef/test-stderr)");
}

TEST(ExecutorTest, DaemonWithoutPidFileTimesOut) {
  FakeCommandRunner fake;
  fake.daemon_starts = {DaemonStart{DaemonStart::kNoPidFile, 0, -1}};
  TestResult r = RunTest("# t\nexim -bdf -oP /tmp/x.pid\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "exim daemon wrote no pid file /tmp/x.pid");
}

TEST(ExecutorTest, DaemonIgnoringSigtermTimesOutKilldaemon) {
  FakeCommandRunner fake;
  fake.daemon_ignores_term = true;
  TestResult r = RunTest("# t\nexim -bd\n****\nkilldaemon\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "the daemon ignored SIGTERM");
  EXPECT_EQ(r.reason.loc.line, 4);
}

TEST(ExecutorTest, DaemonThatDiesMidTestFailsSayingWhichAndWhen) {
  FakeCommandRunner fake;
  fake.daemon_dies[1001] = SIGSEGV;
  TestResult r = RunTest("# t\nexim -bd\n****\nsleep 1\nkilldaemon\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.loc.line, 2);  // noticed right after the start
  EXPECT_NE(r.reason.message.find("the Exim daemon started at /src/scripts/9999-Fake/9999:2 ended with killed by signal 11"),
            std::string::npos)
      << r.reason.message;
  EXPECT_NE(r.reason.message.find("during command 1 (exim)"), std::string::npos) << r.reason.message;
}

// ----- the responder -----------------------------------------------------------

const char kDovecotConf[] = "server_socket = DOVECOT_SOCKET\n";

TEST(ExecutorTest, ResponderStartsBeforeTheFirstCommand) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, Options(), kDovecotConf);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  ASSERT_GE(fake.log.size(), 3u);
  EXPECT_EQ(fake.log[0], "mkdir 9999");
  EXPECT_EQ(fake.log[1], "write " + Path("test-config"));
  EXPECT_EQ(fake.log[2], "responder " + Path("auth-client"));
  EXPECT_EQ(fake.files[Path("test-config")], "server_socket = /work/9999.abcdef/auth-client\n");
}

TEST(ExecutorTest, ResponderThatCannotStartIsAnError) {
  FakeCommandRunner fake;
  fake.responder_fails = true;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, Options(), kDovecotConf);
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_EQ(fake.Count("exim"), 0);
  EXPECT_EQ(fake.Count("stop everything"), 1);
}

TEST(ExecutorTest, ResponderThatDiesMidTestFailsSayingWhichAndWhen) {
  FakeCommandRunner fake;
  fake.responder_dies = SIGTERM;
  TestResult r = RunTest("# t\nmillisleep 50\nexim -be\n****\n", fake, Options(), kDovecotConf);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.loc.line, 2);
  EXPECT_EQ(r.reason.message,
            "the Dovecot responder (fake_dovecot) ended with killed by signal 15 (SIGTERM) during command 1 (millisleep)");
  EXPECT_EQ(fake.Count("exim"), 0);
}

// The user dovecot may search the run directory only when a real Dovecot
// runs there: the script starts one (need_dovecot) or --dovecot=real.
TEST(ExecutorTest, OnlyARealDovecotsUserMaySearchTheRunDirectory) {
  FakeCommandRunner fake;
  RunTest("# t\nexim -be\n****\n", fake, Options(), kDovecotConf);
  EXPECT_EQ(fake.Count("mkdir 9999 (dovecot may search)"), 0);
  EXPECT_EQ(fake.Count("mkdir 9999"), 1);
  FakeCommandRunner with_need;
  RunTest("# t\nneed_dovecot\nexim -be\n****\n", with_need, Options(), kDovecotConf);
  EXPECT_EQ(with_need.Count("mkdir 9999 (dovecot may search)"), 1);
}

TEST(ExecutorTest, TeardownOrderDaemonsThenResponderThenEverything) {
  FakeCommandRunner fake;
  RunTest("# t\nexim -bd\n****\nexim -be\n****\n", fake, Options(), kDovecotConf);
  std::vector<std::string> tail;
  for (const auto& l : fake.log)
    if (l.rfind("kill", 0) == 0 || l == "stop responder" || l == "stop everything") tail.push_back(l);
  EXPECT_EQ(tail, (std::vector<std::string>{"kill 1001", "stop responder", "stop everything"}));
}

// ----- clients -----------------------------------------------------------------

TEST(ExecutorTest, ClientRunsItsParsedScriptAndItsTranscriptIsStdout) {
  FakeCommandRunner fake;
  fake.files[Golden("stdout")] = "Connecting to 127.0.0.1 ... connected\n";
  TestResult r = RunTest("# t\nclient 127.0.0.1 PORT_D\n??? 220\nQUIT\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  ASSERT_EQ(fake.clients.size(), 1u);
  EXPECT_EQ(fake.clients[0].options.port, "40001");
  ASSERT_EQ(fake.clients[0].steps.size(), 2u);
  EXPECT_EQ(fake.clients[0].steps[0].kind, ClientStepKind::kExpect);
  EXPECT_EQ(fake.clients[0].steps[0].loc.line, 3);
  EXPECT_EQ(fake.clients[0].options.include_dir, "/src/scripts/9999-Fake");
}

TEST(ExecutorTest, ClientFailureFailsTheTest) {
  FakeCommandRunner fake;
  ClientResult bad;
  bad.exit_code = kClientInputMismatch;
  fake.client_results = {bad};
  TestResult r = RunTest("# t\nclient 127.0.0.1 1225\n??? 220\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message, "command 1 (client) ended with exit status 79, expected 0");
}

TEST(ExecutorTest, ClientCancelledAtItsDeadlineTimesOut) {
  FakeCommandRunner fake;
  ClientResult cancelled;
  cancelled.exit_code = kClientCancelled;
  cancelled.cancelled = true;
  cancelled.stdout_text = "partial\n";
  fake.client_results = {cancelled};
  TestResult r = RunTest("# t\nclient 127.0.0.1 1225\n??? 220\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "client");
  EXPECT_EQ(fake.files[Path("test-stdout")], "partial\n");  // what it did is kept
}

TEST(ExecutorTest, ClientUsageErrorNeedsNoConnection) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\n92\nclient -q 127.0.0.1 1225\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);  // its stderr differs from no golden
  EXPECT_FALSE(r.command_failed);        // status 92 was expected
  EXPECT_EQ(fake.Count("client"), 0);
  EXPECT_NE(fake.files[Path("test-stderr")].find("Unrecognized option"), std::string::npos);
}

// ----- timeouts ----------------------------------------------------------------

TEST(ExecutorTest, EximTimeoutIsATimeoutAndOutputsAreStillCompared) {
  FakeCommandRunner fake;
  fake.exim_statuses = {std::nullopt};
  fake.files[Path("test-stderr")] = "half\n";
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "exim");
  EXPECT_EQ(r.reason.loc.line, 2);
  EXPECT_EQ(r.checks.size(), 5u);  // the five always-compared kinds
  EXPECT_EQ(fake.files[Path("normalised/stderr")], "half\n");
}

TEST(ExecutorTest, SleepPastTheTestLimitTimesOutAtTheLimit) {
  FakeCommandRunner fake;
  ExecuteOptions o = Options();
  o.test_timeout = std::chrono::seconds(5);
  auto start = fake.now;
  TestResult r = RunTest("# t\nsleep 10\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "sleep");
  EXPECT_EQ(fake.now - start, std::chrono::seconds(5));
}

TEST(ExecutorTest, SleepWithinTheLimitSleeps) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nsleep 2\nmillisleep 300\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_EQ(fake.Count("sleep 2000"), 1);
  EXPECT_EQ(fake.Count("sleep 300"), 1);
}

TEST(ExecutorTest, TestTimeLimitStopsBeforeTheNextCommand) {
  FakeCommandRunner fake;
  ExecuteOptions o = Options();
  o.test_timeout = std::chrono::seconds(3);
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.now += std::chrono::seconds(4); };
  TestResult r = RunTest("# t\nexim -be\n****\nexim -bV\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_EQ(r.reason.message, "test time limit");
  EXPECT_EQ(r.reason.loc.line, 4);
  EXPECT_EQ(fake.Count("exim"), 1);
}

// ----- output assembly and comparison -------------------------------------------

TEST(ExecutorTest, CommentLinesGoIntoEveryRawStream) {
  FakeCommandRunner fake;
  RunTest("# t\n### step one\n", fake);
  for (const char* f : {"test-stdout", "test-stderr", "test-stderr-server", "test-stdout-server"})
    EXPECT_EQ(fake.files[Path(f)], "### step one\n") << f;
}

TEST(ExecutorTest, ServerSideOutputFollowsTheServerHeader) {
  FakeCommandRunner fake;
  fake.files[Path("test-stdout")] = "client\n";
  fake.files[Path("test-stdout-server")] = "server\n";
  TestResult r = RunTest("# t\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(fake.files[Path("normalised/stdout")], "client\n\n******** SERVER ********\nserver\n");
}

TEST(ExecutorTest, MismatchFailsWithDiffAndRawLines) {
  FakeCommandRunner fake;
  fake.files[Golden("log")] = "one\ntwo\n";
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.files[Path("spool/log/mainlog")] = "one\nTWO\n"; };
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message, "expected/log/9999 differs");
  EXPECT_FALSE(r.command_failed);
  const OutputCheck* log = nullptr;
  for (const auto& c : r.checks)
    if (c.kind == "log") log = &c;
  ASSERT_TRUE(log);
  EXPECT_FALSE(log->matched);
  EXPECT_NE(log->diff.find("+TWO"), std::string::npos);
  ASSERT_EQ(log->raw_lines.size(), 1u);
  EXPECT_EQ(log->raw_lines[0].actual_line, 2);
  EXPECT_EQ(log->raw_lines[0].raw_line, 2);
  EXPECT_EQ(log->raw_lines[0].raw, "TWO");
  EXPECT_TRUE(r.run_dir_kept);
  EXPECT_EQ(fake.files[Path("normalised/log")], "one\nTWO\n");
}

TEST(ExecutorTest, NormalisedOutputsAreWrittenOnlyWhenKept) {
  FakeCommandRunner quiet;
  RunTest("# t\n", quiet);
  EXPECT_EQ(quiet.Count("write " + Path("normalised")), 0);
  FakeCommandRunner kept;
  ExecuteOptions o = Options();
  o.keep = true;
  TestResult r = RunTest("# t\n", kept, o);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_TRUE(r.run_dir_kept);
  EXPECT_EQ(kept.Count("write " + Path("normalised/log")), 1);
  EXPECT_EQ(kept.Count("rmdir"), 0);
}

TEST(ExecutorTest, DovecotTranscriptIsComparedOnlyWhenItsGoldenExists) {
  FakeCommandRunner without;
  without.files[Path("dovecot-transcript")] = "C> VERSION\n";
  TestResult a = RunTest("# t\n", without, Options(), kDovecotConf);
  EXPECT_EQ(a.outcome, Outcome::kPass);
  EXPECT_EQ(a.checks.size(), 5u);
  FakeCommandRunner with;
  with.files[Path("dovecot-transcript")] = "C> VERSION\n";
  with.files[Golden("dovecot")] = "C> VERSION 2\n";
  TestResult b = RunTest("# t\n", with, Options(), kDovecotConf);
  EXPECT_EQ(b.outcome, Outcome::kFail);
  ASSERT_EQ(b.checks.size(), 6u);
  EXPECT_EQ(b.checks[5].kind, "dovecot");
}

TEST(ExecutorTest, NoStdoutCheckLeavesStdoutOut) {
  FakeCommandRunner fake;
  fake.files[Path("test-stdout")] = "anything\n";
  TestResult r = RunTest("# t\nno_stdout_check\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  for (const auto& c : r.checks) EXPECT_NE(c.kind, "stdout");
}

// ----- --update ----------------------------------------------------------------

TEST(ExecutorTest, UpdateWritesCreatesAndRemovesGoldens) {
  FakeCommandRunner fake;
  fake.files[Golden("log")] = "old\n";
  fake.files[Golden("stderr")] = "stale\n";
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/mainlog")] = "new\n";
    f.files[Path("test-stdout")] = "out\n";
  };
  ExecuteOptions o = Options();
  o.update = true;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_EQ(fake.files[Golden("log")], "new\n");
  EXPECT_EQ(fake.files[Golden("stdout")], "out\n");
  EXPECT_EQ(fake.files.count(Golden("stderr")), 0u);
  EXPECT_EQ(r.updates, (std::vector<std::string>{"updated expected/log/9999", "created expected/stdout/9999",
                                                 "removed expected/stderr/9999"}));
}

TEST(ExecutorTest, UpdateFirstRunComputesButWritesNothing) {
  FakeCommandRunner fake;
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.files[Path("spool/log/mainlog")] = "one\n"; };
  ExecuteOptions o = Options();
  o.update = true;
  o.update_writes = false;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  EXPECT_TRUE(r.updates.empty());
  EXPECT_EQ(fake.files.count(Golden("log")), 0u);
  bool found = false;
  for (const auto& c : r.checks) found = found || (c.kind == "log" && c.actual == "one\n");
  EXPECT_TRUE(found);
}

TEST(ExecutorTest, UpdateRefusesOutputThatDiffersFromTheFirstRun) {
  FakeCommandRunner fake;
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/mainlog")] = "same\ntoken 4242\n";
  };
  std::map<std::string, std::string, std::less<>> first{{"log", "same\ntoken 4141\n"}};
  ExecuteOptions o = Options();
  o.update = true;
  o.update_reference = &first;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_NE(r.reason.message.find("expected/log/9999: run 1 line 2 'token 4141', run 2 line 2 'token 4242'"),
            std::string::npos)
      << r.reason.message;
  EXPECT_EQ(fake.files.count(Golden("log")), 0u);
  EXPECT_TRUE(r.updates.empty());

  FakeCommandRunner stable;
  stable.on_exim = fake.on_exim;
  first["log"] = "same\ntoken 4242\n";
  r = RunTest("# t\nexim -be\n****\n", stable, o);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  EXPECT_EQ(stable.files[Golden("log")], "same\ntoken 4242\n");
}

TEST(ExecutorTest, UpdateIsRefusedAfterAFailedCommand) {
  FakeCommandRunner fake;
  fake.exim_statuses = {Exited(3)};
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.files[Path("spool/log/mainlog")] = "new\n"; };
  ExecuteOptions o = Options();
  o.update = true;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake, o);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_TRUE(r.command_failed);  // runtest_main refuses --update for it
  EXPECT_TRUE(r.updates.empty());
  EXPECT_EQ(fake.files.count(Golden("log")), 0u);
}

// ----- signals -----------------------------------------------------------------

TEST(ExecutorTest, SignalBeforeTheTestStartsNothing) {
  FakeCommandRunner fake;
  fake.signal = SIGINT;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kInterrupted);
  EXPECT_EQ(r.signal, SIGINT);
  EXPECT_EQ(r.reason.message, "interrupted by SIGINT");
  EXPECT_EQ(fake.Count("mkdir"), 0);
  EXPECT_TRUE(r.run_dir.empty());
}

TEST(ExecutorTest, SignalAtRunDirectoryCreationCreatesNothing) {
  FakeCommandRunner fake;
  fake.signal_during = "mkdir";
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kInterrupted);
  EXPECT_EQ(fake.Count("exim"), 0);
  EXPECT_TRUE(r.run_dir.empty());
}

TEST(ExecutorTest, SignalDuringAClientIsInterruptedNotAFailure) {
  FakeCommandRunner fake;
  ClientResult killed;
  killed.exit_code = kClientUnexpectedEof;  // the handler killed the server
  fake.client_results = {killed};
  fake.signal_during = "client";
  TestResult r = RunTest("# t\nclient 127.0.0.1 1225\n??? 220\n****\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kInterrupted);
  EXPECT_EQ(r.reason.message, "interrupted by SIGTERM");
  EXPECT_TRUE(r.checks.empty());  // no diff for an interrupted test
  EXPECT_FALSE(r.command_failed);
  EXPECT_EQ(fake.Count("exim"), 0);  // nothing after the signal
  EXPECT_TRUE(r.run_dir_kept);
  EXPECT_EQ(fake.Count("stop everything"), 1);
}

TEST(ExecutorTest, SignalDuringASleepIsInterrupted) {
  FakeCommandRunner fake;
  fake.signal_during = "sleep";
  EXPECT_EQ(RunTest("# t\nsleep 5\nexim -be\n****\n", fake).outcome, Outcome::kInterrupted);
  EXPECT_EQ(fake.Count("exim"), 0);
}

// ----- planning: errors before anything exists ---------------------------------

TEST(PlanTest, WithACallerEveryCommandButSudoOnesRunsAsIt) {
  Fixture f;
  f.script = "# t\nexim -be\n****\nmkdir DIR/a\nsudo rm -rf DIR/a\nsudo exim -be\n****\n";
  f.caller = Credentials{1001, 100, {100, 1001}};
  TestPlan plan = Plan(f);
  ASSERT_EQ(plan.steps.size(), 4u);
  ASSERT_TRUE(plan.steps[0].exim.as.has_value());
  EXPECT_EQ(plan.steps[0].exim.as->uid, 1001u);
  EXPECT_EQ(plan.steps[0].exim.as->groups, (std::vector<gid_t>{100, 1001}));
  EXPECT_TRUE(plan.steps[1].shell.as.has_value());   // mkdir
  EXPECT_FALSE(plan.steps[2].shell.as.has_value());  // sudo rm
  EXPECT_FALSE(plan.steps[3].exim.as.has_value());   // sudo exim
  f.caller.reset();
  for (const Step& s : Plan(f).steps) EXPECT_FALSE(s.exim.as.has_value() || s.shell.as.has_value());
}

TEST(PlanTest, AnUnquotedLessThanWordIsEximsStdinFile) {
  Fixture f;
  f.script = "# t\nexim -odi userx <test-data\n****\nexim -f '<>' -bt 'a <b>' < DIR/x y\n****\nexim -f '<>' b\n****\n";
  TestPlan plan = Plan(f);
  BindRunDir(&plan, kRun);
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(plan.steps[0].exim.stdin_file, Path("test-data"));
  EXPECT_EQ(plan.steps[0].exim.argv.back(), "userx");
  EXPECT_EQ(plan.steps[1].exim.stdin_file, Path("x"));
  EXPECT_EQ(std::count(plan.steps[1].exim.argv.begin(), plan.steps[1].exim.argv.end(), "<>"), 1);
  EXPECT_EQ(plan.steps[1].exim.argv.back(), "y");
  EXPECT_EQ(plan.steps[2].exim.stdin_file, "");
}

TEST(PlanTest, UnterminatedQuoteIsAnErrorAtItsLine) {
  Fixture f;
  f.script = "# t\nexim -be 'abc\n****\n";
  try {
    Plan(f);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_EQ(e.message(), "unterminated ' quote");
  }
}

TEST(PlanTest, ScenarioAndPasswdErrorsNameTheirFileAndLine) {
  Fixture f;
  f.script = "# t\n";
  f.conf = kDovecotConf;
  f.scenario = "# s\ndance\n";
  try {
    Plan(f);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.loc().file, "/src/scripts/9999-Fake/9999.dovecot");
    EXPECT_EQ(e.loc().line, 2);
  }
  f.scenario.reset();
  f.users = "userx:letmein\n";
  try {
    Plan(f);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.loc().file, "/src/scripts/9999-Fake/passwd");
    EXPECT_EQ(e.loc().line, 1);
  }
}

TEST(PlanTest, VariantGoldenAppliesFromItsVersionOn) {
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  f.golden_names = {{"log", {"9999", "9999@4.99", "1234@4.97"}}, {"stdout", {"9999"}}};
  auto log_path = [](const TestPlan& p) {
    for (size_t i = 0; i < p.outputs.size(); ++i)
      if (std::string(p.outputs[i].name) == "log") return p.expected_paths[i];
    return std::string("none");
  };
  f.exim_version = "4.98.2";
  EXPECT_EQ(log_path(Plan(f)), "expected/log/9999");
  f.exim_version = "4.99.1";
  EXPECT_EQ(log_path(Plan(f)), "expected/log/9999@4.99");
  TestPlan p = Plan(f);
  ASSERT_EQ(p.expected_paths.size(), p.outputs.size());
  for (size_t i = 0; i < p.outputs.size(); ++i) {
    if (std::string(p.outputs[i].name) != "log") {
      EXPECT_EQ(p.expected_paths[i], std::string("expected/") + p.outputs[i].name + "/9999");
    }
  }
}

TEST(PlanTest, MalformedVariantGoldenIsAnError) {
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  f.golden_names = {{"log", {"9999@four"}}};
  EXPECT_THROW(Plan(f), HarnessError);
}

TEST(ExecutorTest, VariantGoldenIsTheOneCompared) {
  FakeCommandRunner fake;
  fake.files[Golden("log")] = "old\n";
  fake.files[Golden("log") + "@4.99"] = "new\n";
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.files[Path("spool/log/mainlog")] = "new\n"; };
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  f.exim_version = "4.99.1";
  f.golden_names = {{"log", {"9999", "9999@4.99"}}};
  TestResult r = Execute(Plan(f), fake, Options());
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  f.exim_version = "4.96";
  FakeCommandRunner fake2;
  fake2.files = {{Golden("log"), "old\n"}, {Golden("log") + "@4.99", "new\n"}};
  fake2.on_exim = fake.on_exim;
  r = Execute(Plan(f), fake2, Options());
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message, "expected/log/9999 differs");
}

TEST(PlanTest, BadExtraRulesFileIsAnErrorAtItsLine) {
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  f.munge_files = {{"/src/scripts/9999-Fake/munge", "rule ok\nstreams log\npattern (unclosed\nreplace x\n"}};
  try {
    Plan(f);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.loc().file, "/src/scripts/9999-Fake/munge");
    EXPECT_EQ(e.loc().line, 1);  // the rule's first line
    EXPECT_NE(std::string(e.what()).find("missing )"), std::string::npos) << e.what();
  }
}

TEST(ExecutorTest, ExtraRulesOfTheSuiteAndTestApplyBeforeTheTable) {
  FakeCommandRunner fake;
  fake.files[Golden("log")] = "session SESSION-ID for userx\n";
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/mainlog")] = "session 8f3a9c for userx\n";
  };
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  TestResult without = Execute(Plan(f), fake, Options());
  EXPECT_EQ(without.outcome, Outcome::kFail);
  f.munge_files = {{"/src/scripts/9999-Fake/munge",
                    "rule session-id\nstreams log\npattern session [0-9a-f]+\nreplace session SESSION-ID\n"}};
  FakeCommandRunner fake2;
  fake2.files = {{Golden("log"), "session SESSION-ID for userx\n"}};
  fake2.on_exim = fake.on_exim;
  TestResult with = Execute(Plan(f), fake2, Options());
  EXPECT_EQ(with.outcome, Outcome::kPass) << with.reason.str();
}

TEST(PlanTest, OnlyMentionedPortsAreChosen) {
  Fixture f;
  f.script = "# t\nexim -oX PORT_S\n****\n";
  f.conf = "daemon_smtp_ports = PORT_D\n";
  TestPlan p = Plan(f);
  ASSERT_EQ(p.env.ports.size(), 2u);
  EXPECT_EQ(p.env.ports[0].name, "PORT_D");
  EXPECT_EQ(p.env.ports[0].golden, 1225);
  EXPECT_EQ(p.env.ports[1].name, "PORT_S");
  EXPECT_EQ(p.env.ports[1].golden, 1224);
  EXPECT_EQ(p.config_text, "daemon_smtp_ports = 40001\n");
}

TEST(PlanTest, BindRunDirReplacesThePlaceholderEverywhere) {
  Fixture f;
  f.script = "# t\nexim -bd\nDIR/x\n****\nclient 127.0.0.1 1225\n??? DIR/y\n****\n";
  f.conf = "spool_directory = DIR/spool\nserver_socket = DOVECOT_SOCKET\n";
  TestPlan p = Plan(f);
  EXPECT_NE(p.config_text.find(kRunDirPlaceholder), std::string::npos);
  BindRunDir(&p, "/r");
  EXPECT_EQ(p.config_text, "spool_directory = /r/spool\nserver_socket = /r/auth-client\n");
  EXPECT_EQ(p.steps[0].exim.stdin_data, "/r/x\n");
  EXPECT_EQ(p.steps[0].exim.pid_file, "/r/exim-daemon.pid");
  EXPECT_EQ(p.steps[1].client.steps[0].text, "/r/y");
  EXPECT_EQ(p.dovecot->socket_path, "/r/auth-client");
  EXPECT_EQ(p.dovecot->transcript_file, "/r/dovecot-transcript");
}

TEST(PlanTest, ParserErrorToDiagnostic) {
  Diagnostic d = ParserErrorToDiagnostic("/a/b:12: bad thing", "/a/b");
  EXPECT_EQ(d.loc.file, "/a/b");
  EXPECT_EQ(d.loc.line, 12);
  EXPECT_EQ(d.message, "bad thing");
  Diagnostic whole = ParserErrorToDiagnostic("/a/b: cannot open", "/a/b");
  EXPECT_EQ(whole.loc.line, 0);
  EXPECT_EQ(whole.message, "cannot open");
  EXPECT_EQ(ParserErrorToDiagnostic("other", "/a/b").message, "other");
}

TEST(TestEnvTest, SubstitutionsAndNormalisationDeriveFromOneEnv) {
  TestEnv env;
  env.run_dir = "/r";
  env.caller = "";
  env.caller_uid = 1234;
  env.hostname = "h";
  env.ports = {TestPort{"PORT_D2", 40002, 1226}};
  SubstitutionValues v = SubstitutionValuesOf(env);
  EXPECT_EQ(v.dir, "/r");
  EXPECT_EQ(v.caller, "1234");  // no name: the uid, as before
  EXPECT_EQ(v.port_d2, 40002);
  EXPECT_EQ(v.port_d, 1225);  // unused ports keep their golden numbers
  EXPECT_EQ(v.dovecot_socket, "/r/auth-client");
  NormaliseContext ctx = NormaliseContextOf(env);
  EXPECT_EQ(ctx.run_dir, "/r");
  EXPECT_EQ(ctx.caller, "");
  EXPECT_EQ(ctx.ports, (std::vector<std::pair<int, int>>{{40002, 1226}}));
  EXPECT_EQ(GoldenPortOf("PORT_N"), 1223);
}


// ----- issue 15: the command log and replay.sh of a kept run directory ---------

TEST(ExecutorTest, KeptRunDirectoryHoldsTheCommandLogAndAReplayScript) {
  FakeCommandRunner fake;
  fake.exim_statuses = {1 << 8};
  fake.on_exim = [](FakeCommandRunner& f, const EximLaunch&) { f.now += std::chrono::milliseconds(250); };
  TestResult r = RunTest("# t\nexim -odi user@test.ex\nSubject: it's\n\nbody\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  ASSERT_TRUE(r.run_dir_kept);
  ASSERT_TRUE(fake.files.count(Path("commands.log")));
  const std::string& log = fake.files[Path("commands.log")];
  EXPECT_NE(log.find("[1] "), std::string::npos) << log;
  EXPECT_NE(log.find("  argv: "), std::string::npos) << log;
  EXPECT_NE(log.find(" -odi user@test.ex\n"), std::string::npos) << log;
  EXPECT_NE(log.find("stdout > test-stdout, stderr > test-stderr"), std::string::npos) << log;
  EXPECT_NE(log.find(", end +0.250s: exit status 1\n"), std::string::npos) << log;
  ASSERT_TRUE(fake.files.count(Path("replay.sh")));
  const std::string& replay = fake.files[Path("replay.sh")];
  EXPECT_EQ(replay.rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_NE(replay.find(" -odi user@test.ex >>test-stdout 2>>test-stderr <<'REPLAY_EOF'\nSubject: it's\n\nbody\nREPLAY_EOF\n"),
            std::string::npos) << replay;
  EXPECT_NE(replay.find("echo \"command 1: exit status $?\""), std::string::npos) << replay;
}

TEST(ExecutorTest, PassingTestWritesNoCommandLog) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass);
  EXPECT_FALSE(fake.files.count(Path("commands.log")));
  EXPECT_FALSE(fake.files.count(Path("replay.sh")));
}


// ----- issue 15: --debug ---------------------------------------------------------

TEST(ExecutorTest, DebugAddsEximFlagsAndKeepsTheirOutputOutOfTheComparison) {
  Fixture f;
  f.script = "# t\nexim -bd\n****\nexim -be\n****\nkilldaemon\n";
  TestPlan plan = Plan(f);
  ApplyDebug(&plan, "+auth");
  FakeCommandRunner fake;
  fake.daemon_starts = {DaemonStart{DaemonStart::kReady, 0, 4242}};
  // Debug output on stderr, and no expected/stderr golden: stderr is not compared.
  fake.on_exim = [](FakeCommandRunner& fk, const EximLaunch& x) {
    fk.files[std::string(kRun) + "/" + x.stderr_file] += "12:00:00 1234 debug line\n";
  };
  TestResult r = Execute(plan, fake, Options());
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  for (const auto& c : r.checks) EXPECT_NE(c.kind, "stderr");
  ASSERT_EQ(fake.launches.size(), 2u);  // the daemon and exim -be
  for (const EximLaunch& x : fake.launches) {
    auto conf = std::find(x.argv.begin(), x.argv.end(), "-C");
    ASSERT_NE(conf, x.argv.end());
    ASSERT_LT(conf + 2, x.argv.end());
    EXPECT_EQ(*(conf + 2), "-d+auth");
  }
  EXPECT_EQ(fake.launches[0].stderr_file, "debug-1.txt");
  EXPECT_TRUE(fake.launches[0].foreground);  // -bd -> -bdf: a debugging Exim does not detach
  EXPECT_NE(std::find(fake.launches[0].argv.begin(), fake.launches[0].argv.end(), "-bdf"), fake.launches[0].argv.end());
  EXPECT_EQ(fake.launches[1].stderr_file, "debug-2.txt");
  EXPECT_EQ(fake.files[Path("debug-2.txt")], "12:00:00 1234 debug line\n");
}

// ----- upstream runtest's language (issue 12) -----------------------------------

TEST(ExecutorTest, ShellLinesRunInTheRunDirectoryWithRuntestsRedirections) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nmkdir DIR/tmp\nsudo rm -fr DIR/tmp\n2\nsudo chmod 0 DIR/x\ncat2 DIR/f\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);  // chmod exited 0, 2 expected
  ASSERT_EQ(fake.shells.size(), 3u);  // the failed chmod ends the script
  EXPECT_EQ(fake.shells[0].script, "mkdir /work/9999.abcdef/tmp");
  EXPECT_EQ(fake.shells[0].stdout_file, "test-stdout");
  EXPECT_EQ(fake.shells[0].stderr_file, "test-stderr");
  EXPECT_FALSE(fake.shells[0].sudo);
  EXPECT_EQ(fake.shells[1].script, "rm -fr /work/9999.abcdef/tmp");  // sudo dropped: runtest runs as root
  EXPECT_TRUE(fake.shells[1].sudo);
  EXPECT_NE(r.reason.message.find("command 3 (sudo chmod) ended with exit status 0, expected 2"), std::string::npos)
      << r.reason.message;

  FakeCommandRunner cat2;
  RunTest("# t\ncat2 DIR/f\n", cat2);
  ASSERT_EQ(cat2.shells.size(), 1u);
  EXPECT_EQ(cat2.shells[0].script, "cat /work/9999.abcdef/f >test-stderr");
  EXPECT_EQ(cat2.shells[0].stdout_file, "");
}

// Upstream's runtest runs a server daemon as -bdf (foreground, stderr kept:
// 0196's rewrite message is in stderr-server); a -DNOTDAEMON command and the
// project's own scripts keep -bd.
TEST(ExecutorTest, UpstreamServerDaemonRunsAsBdf) {
  auto argv_of = [](const std::string& script, bool upstream) {
    Fixture f;
    f.script = script;
    f.upstream = upstream;
    TestPlan plan = Plan(f);
    for (const Step& s : plan.steps)
      if (!s.exim.argv.empty()) return s.exim.argv;
    return std::vector<std::string>{};
  };
  auto has = [](const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
  };
  std::vector<std::string> up = argv_of("# t\nexim -DSERVER=server -bd -oX PORT_D\n****\n", true);
  EXPECT_TRUE(has(up, "-bdf"));
  EXPECT_FALSE(has(up, "-bd"));
  EXPECT_TRUE(has(argv_of("# t\nexim -DSERVER=server -bd -oX PORT_D\n****\n", false), "-bd"));
  EXPECT_TRUE(has(argv_of("# t\nexim -DSERVER=server -DNOTDAEMON -bd -oX PORT_D\n****\n", true), "-bd"));
}

TEST(ExecutorTest, ShellStatusIsChecked) {
  FakeCommandRunner fake;
  fake.shell_statuses = {Exited(1)};
  TestResult r = RunTest("# t\nmkdir DIR/a\nmkdir DIR/b\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(fake.Count("shell"), 1);
  EXPECT_NE(r.reason.message.find("command 1 (mkdir) ended with exit status 1, expected 0"), std::string::npos);

  FakeCommandRunner slow;
  slow.shell_statuses = {std::nullopt};
  EXPECT_EQ(RunTest("# t\nmkdir DIR/a\n", slow).outcome, Outcome::kTimeout);
}

TEST(ExecutorTest, PerlGetsItsDataBlockOnStdinAndTheRcLineEnvironment) {
  FakeCommandRunner fake;
  fake.shell_statuses = {Exited(3)};
  RunTest("# t\n3 ZZ=on\nperl -w\nprint \"DIR/x\\n\";\n:noeol:exit 3;\n****\nsudo perl\nexit 0;\n****\n", fake);
  ASSERT_EQ(fake.shells.size(), 2u);
  EXPECT_EQ(fake.shells[0].script, "perl -w");
  EXPECT_EQ(fake.shells[0].stdin_data, "print \"/work/9999.abcdef/x\\n\";\nexit 3;");
  EXPECT_EQ(fake.shells[0].env, (std::vector<std::pair<std::string, std::string>>{{"ZZ", "on"}}));
  EXPECT_TRUE(fake.shells[1].sudo);
  EXPECT_EQ(fake.shells[1].script, "perl");
}

TEST(ExecutorTest, UtilitiesRunBesideTheEximBinary) {
  FakeCommandRunner fake;
  RunTest("# t\ndbmbuild DIR/aliases DIR/aliases.db\nexinext -v a@b\nexigrep x\neximstats -ne\nexiqgrep -z\n", fake);
  ASSERT_EQ(fake.shells.size(), 5u);
  EXPECT_EQ(fake.shells[0].script,
            "(/usr/sbin/exim_dbmbuild /work/9999.abcdef/aliases /work/9999.abcdef/aliases.db; echo exim_dbmbuild exit "
            "code = $?)");
  EXPECT_EQ(fake.shells[1].script,
            "(/usr/sbin/exinext -DEXIM_PATH=/usr/sbin/exim -C /work/9999.abcdef/test-config -v a@b; echo exinext exit "
            "code = $?)");
  EXPECT_EQ(fake.shells[2].script,
            "(/usr/sbin/exigrep x /work/9999.abcdef/spool/log/mainlog; echo exigrep exit code = $?)");
  EXPECT_EQ(fake.shells[3].script,
            "(/usr/sbin/eximstats -ne /work/9999.abcdef/spool/log/mainlog; echo eximstats exit code = $?)");
  EXPECT_EQ(fake.shells[4].script,
            "(/usr/sbin/exiqgrep -E /usr/sbin/exim -C /work/9999.abcdef/test-config -z; echo exiqgrep exit code = $?)");
  for (const auto& sh : fake.shells) EXPECT_EQ(sh.stdout_file, "test-stdout");
}

TEST(ExecutorTest, BackgroundIsWhatTheNextKilldaemonKills) {
  FakeCommandRunner fake;
  fake.files[Path("test-stdout")] = "so far\n";
  TestResult r = RunTest(
      "# t\nbackground\ndovecot -F -c DIR/d.conf\n****\nexim -bd -DSERVER=server -oX PORT_D\n****\nkilldaemon\n"
      "killdaemon\n",
      fake);
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  ASSERT_EQ(fake.shells.size(), 1u);
  EXPECT_EQ(fake.shells[0].script, "exec dovecot -F -c /work/9999.abcdef/d.conf");
  EXPECT_EQ(fake.shells[0].stdin_data, "so far\n");  // runtest: stdin < test-stdout
  EXPECT_EQ(fake.shells[0].stdout_file, "test-stdout");
  EXPECT_EQ(fake.shells[0].stderr_file, "test-stderr-server");
  // First killdaemon: the background process; second: the Exim daemon.
  std::vector<std::string> kills;
  for (const auto& l : fake.log)
    if (l.rfind("kill", 0) == 0) kills.push_back(l);
  EXPECT_EQ(kills, (std::vector<std::string>{"killbg 2001", "kill 1001"}));
}

TEST(ExecutorTest, BackgroundCommandLineGetsItsPorts) {
  FakeCommandRunner fake;
  RunTest("# t\nbackground\nnc -l PORT_D\n****\n", fake);
  ASSERT_EQ(fake.shells.size(), 1u);
  EXPECT_EQ(fake.shells[0].script, "exec nc -l 40001");
}

TEST(ExecutorTest, BackgroundLeftRunningIsKilledAtTheEnd) {
  FakeCommandRunner fake;
  RunTest("# t\nbackground\nsleep 100\n****\n", fake);
  EXPECT_EQ(fake.Count("killbg 2001"), 1);
}

// upstream's 0564: an inetd-wait daemon on runtest's PORT_DYNAMIC socket.
const char kWaitMode[] =
    "# testing -bw inetd wait mode\nneed_ipv4\n#\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\n"
    "client 127.0.0.1 PORT_DYNAMIC\n??? 220\nquit\n??? 221\n****\nsleep 1\nkilldaemon\n";

TEST(ExecutorTest, WaitModeDaemonGetsTheDynamicSocketAndIsKilledByKilldaemon) {
  FakeCommandRunner fake;
  TestResult r = RunTest(kWaitMode, fake, Options(), "daemon_smtp_ports = PORT_DYNAMIC\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  // The socket is opened before anything is written or run, and PORT_DYNAMIC
  // is its port everywhere: the conf, the exim command, the client.
  EXPECT_EQ(fake.files[Path("test-config")], "daemon_smtp_ports = 45678\n");
  ASSERT_EQ(fake.launches.size(), 1u);
  const EximLaunch& x = fake.launches[0];
  EXPECT_EQ(x.argv, (std::vector<std::string>{"/usr/sbin/exim", "-DEXIM_PATH=/usr/sbin/exim", "-C", Path("test-config"),
                                               "-DSERVER=wait:45678", "-bw"}));
  EXPECT_EQ(x.stdout_file, "test-stdout");
  EXPECT_EQ(x.stderr_file, "test-stderr-server");
  EXPECT_TRUE(x.stdin_data.empty());
  ASSERT_EQ(fake.clients.size(), 1u);
  EXPECT_EQ(fake.clients[0].options.port, "45678");
  // Started (not waited for), 0.3 s to get going, the client, the sleep,
  // then killdaemon kills it; nothing is killed twice at the end.
  std::vector<std::string> seen;
  for (const auto& l : fake.log)
    if (l == "listen" || l == "waitdaemon" || l == "client" || l.rfind("sleep", 0) == 0 || l.rfind("kill", 0) == 0 ||
        l.rfind("write " + Path("test-config"), 0) == 0)
      seen.push_back(l);
  EXPECT_EQ(seen, (std::vector<std::string>{"listen", "write " + Path("test-config"), "waitdaemon", "sleep 300",
                                            "client", "sleep 1000", "killbg 2001"}));
  EXPECT_FALSE(fake.socket_open);
}

TEST(ExecutorTest, WithoutPortDynamicNoSocketIsOpened) {
  FakeCommandRunner fake;
  RunTest("# t\nexim -bd -DSERVER=server -oX PORT_D\n****\nkilldaemon\n", fake);
  EXPECT_EQ(fake.Count("listen"), 0);
}

TEST(ExecutorTest, PortDynamicInACommentIsEnoughForTheSocket) {
  FakeCommandRunner fake;  // runtest scans every line of the script
  TestResult r = RunTest("# t\n# PORT_DYNAMIC\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  EXPECT_EQ(fake.Count("listen"), 1);
  EXPECT_EQ(fake.Count("stop everything"), 1);
}

TEST(ExecutorTest, WaitModeDaemonLeftRunningIsKilledAtTheEnd) {
  FakeCommandRunner fake;
  TestResult r = RunTest("# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  EXPECT_EQ(fake.Count("killbg 2001"), 1);
}

TEST(ExecutorTest, WaitModeDaemonThatEndsAtOnceFailsWithItsComplaint) {
  FakeCommandRunner fake;
  fake.background_dies[2001] = Exited(1);
  fake.files[Path("test-stderr-server")] = "exim: stdin is not a socket\n";
  TestResult r = RunTest(kWaitMode, fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.loc.line, 4);
  EXPECT_EQ(r.reason.message, "the inetd-wait Exim daemon ended at once: exit status 1: exim: stdin is not a socket (see " +
                                  Path("test-stderr-server") + ")");
  EXPECT_EQ(fake.Count("client"), 0);
}

TEST(ExecutorTest, NoDynamicSocketIsAnErrorBeforeAnyCommand) {
  FakeCommandRunner fake;
  fake.listen_fails = true;
  TestResult r = RunTest(kWaitMode, fake);
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_NE(r.reason.message.find("PORT_DYNAMIC: cannot open a socket"), std::string::npos) << r.reason.str();
  EXPECT_EQ(fake.Count("waitdaemon"), 0);
  EXPECT_EQ(fake.Count("stop everything"), 1);
}

TEST(ExecutorTest, WaitModeErrorsNameTheLine) {
  struct Case {
    const char* script;
    const char* message;
  } cases[] = {
      {"# t\nexim -DSERVER=wait:1225 -bw\n****\n", "exim -DSERVER=wait:1225: an inetd-wait daemon gets runtest's "
                                                   "PORT_DYNAMIC socket as its stdin: write -DSERVER=wait:PORT_DYNAMIC"},
      {"# t\nexim -DSERVER=wait: -bw\n****\n", "exim -DSERVER=wait:: an inetd-wait daemon gets runtest's "
                                               "PORT_DYNAMIC socket as its stdin: write -DSERVER=wait:PORT_DYNAMIC"},
      {"# t\nexim -DSERVER=wait:PORT_D -bw\n****\n", "exim -DSERVER=wait:PORT_D: an inetd-wait daemon gets runtest's "
                                                     "PORT_DYNAMIC socket as its stdin: write -DSERVER=wait:PORT_DYNAMIC"},
      {"# t\nexim -DSERVER=wait:PORT_DYNAMIC2 -bw\n****\n",
       "exim -DSERVER=wait:PORT_DYNAMIC2: an inetd-wait daemon gets runtest's PORT_DYNAMIC socket as its stdin: "
       "write -DSERVER=wait:PORT_DYNAMIC"},
      {"# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw <data\n****\n",
       "exim -DSERVER=wait: with '<data': the daemon's stdin is the PORT_DYNAMIC socket"},
      {"# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\nkilldaemon\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\n",
       "a second exim -DSERVER=wait: (runtest hands its one PORT_DYNAMIC socket to the inetd-wait daemon started at "
       "/src/scripts/9999-Fake/9999:2)"},
  };
  for (const Case& c : cases) {
    Fixture f;
    f.script = c.script;
    try {
      Plan(f);
      ADD_FAILURE() << "no error for " << c.script;
    } catch (const HarnessError& e) {
      EXPECT_EQ(e.loc().file, "/src/scripts/9999-Fake/9999") << c.script;
      EXPECT_EQ(e.loc().line, std::string(c.script).find("killdaemon") == std::string::npos ? 2 : 5) << c.script;
      EXPECT_EQ(e.message(), c.message) << c.script;
    }
  }
}

TEST(ExecutorTest, ServerGetsItsScriptAndIsWaitedForAfterTheNextExim) {
  FakeCommandRunner fake;
  TestResult r = RunTest(
      "# t\nserver PORT_S\n>LF>VERSION\\x091\n*eof\n****\nclient 127.0.0.1 PORT_S\n****\nexim -odi a@b\n****\n"
      "exim -bp\n****\n",
      fake);
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  ASSERT_EQ(fake.shells.size(), 1u);
  const ShellLaunch& sv = fake.shells[0];
  EXPECT_EQ(sv.argv, (std::vector<std::string>{"/build/bin/server", "-oP", Path("server-daemon.pid"), "40001"}));
  EXPECT_EQ(sv.stdin_data, ">LF>VERSION\\x091\n*eof\n++++\n");
  EXPECT_EQ(sv.stdout_file, "test-stdout-server");
  // Started, ready (pid file), the client, the exim, then waited for (once).
  std::vector<std::string> order;
  for (const auto& l : fake.log)
    if (l.rfind("bg", 0) == 0 || l.rfind("pidfile", 0) == 0 || l == "client" || l == "exim" ||
        l.rfind("finish", 0) == 0)
      order.push_back(l);
  EXPECT_EQ(order, (std::vector<std::string>{"bg /build/bin/server", "pidfile " + Path("server-daemon.pid"), "client",
                                             "exim", "finish 2001", "exim"}));
}

TEST(ExecutorTest, ASecondServerWaitsForTheFirstToEnd) {
  // runtest's second `open SERVERCMD` closes the first pipe, waiting for
  // that server (0015: it times out, exit 99, not checked) before the next.
  FakeCommandRunner fake;
  fake.finish_statuses = {Exited(99)};
  TestResult r = RunTest("# t\nserver PORT_S\n****\nserver PORT_S\n****\nexim -odi a@b\n****\n", fake);
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  std::vector<std::string> order;
  for (const auto& l : fake.log)
    if (l.rfind("bg", 0) == 0 || l == "exim" || l.rfind("finish", 0) == 0) order.push_back(l);
  EXPECT_EQ(order, (std::vector<std::string>{"bg /build/bin/server", "finish 2001", "bg /build/bin/server", "exim",
                                             "finish 2002"}));
  // A first server that never ends: the second one's step times out.
  FakeCommandRunner stuck;
  stuck.finish_statuses = {std::nullopt};
  r = RunTest("# t\nserver PORT_S\n****\nserver PORT_S\n****\n", stuck);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_NE(r.reason.message.find("the server started at /src/scripts/9999-Fake/9999:2 did not finish"),
            std::string::npos)
      << r.reason.message;
}

TEST(ExecutorTest, ServerFailures) {
  FakeCommandRunner bad_exit;
  bad_exit.finish_statuses = {Exited(1)};
  TestResult r = RunTest("# t\nserver PORT_S\n****\nexim -odi a@b\n****\n", bad_exit);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_NE(r.reason.message.find("the server started at /src/scripts/9999-Fake/9999:2 ended with exit status 1"),
            std::string::npos)
      << r.reason.message;

  // No server program: an ERROR naming the step, not a silent skip.
  FakeCommandRunner missing;
  missing.start_fails = true;
  r = RunTest("# t\nserver PORT_S\n****\n", missing);
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_EQ(r.reason.str(),
            "/src/scripts/9999-Fake/9999:2: command 1 (server): cannot start '/build/bin/server': no executable "
            "/build/bin/server: No such file or directory");

  FakeCommandRunner never_ready;
  never_ready.pid_file_appears = false;
  never_ready.background_dies[2001] = Exited(2);
  r = RunTest("# t\nserver PORT_S\n****\n", never_ready);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_NE(r.reason.message.find("the server ended with exit status 2 before it was ready"), std::string::npos);
}

TEST(ExecutorTest, EximLockIsClosedAfterTheNextExim) {
  FakeCommandRunner fake;
  RunTest("# t\nexim_lock -v DIR/spool/mail/userx\nexim -odi userx\n****\n", fake);
  ASSERT_EQ(fake.shells.size(), 1u);
  EXPECT_EQ(fake.shells[0].script, "/usr/sbin/exim_lock -v /work/9999.abcdef/spool/mail/userx");
  EXPECT_TRUE(fake.shells[0].stdin_pipe_open);
  EXPECT_EQ(fake.Count("finish 2001"), 1);
}

TEST(ExecutorTest, WriteAndCatwrite) {
  FakeCommandRunner fake;
  RunTest("# t\nwrite test-data 2x6=Z_ 1x3\npre DIR\n++++\npost\n****\ncatwrite DIR/two\nline\n****\n", fake);
  EXPECT_EQ(fake.files[Path("test-data")], "pre DIR\nZ aaa\nZ aaa\naa\npost\n");  // data is not substituted
  EXPECT_EQ(fake.files[Path("two")], "line\n");
  EXPECT_EQ(fake.files[Path("test-stdout")], "==========\nline\n==========\n");
}

TEST(ExecutorTest, DumpSortsExim_dumpdbOutputIntoTestStdout) {
  FakeCommandRunner fake;
  fake.on_shell = [](FakeCommandRunner& f, const ShellLaunch& l) {
    f.files[l.capture_file] =
        "  T:b.example:1.2.3.4 error\nfirst failed=1 last try=2\n  T:a.example:5.6.7.8 error\nfirst failed=3\n";
  };
  TestResult r = RunTest("# t\ndump retry\n", fake);
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  ASSERT_EQ(fake.shells.size(), 1u);
  EXPECT_EQ(fake.shells[0].argv, (std::vector<std::string>{"/usr/sbin/exim_dumpdb", Path("spool"), "retry"}));
  EXPECT_EQ(fake.files[Path("test-stdout")],
            "+++++++++++++++++++++++++++\n  T:a.example:5.6.7.8 error\nfirst failed=3\n"
            "  T:b.example:1.2.3.4 error\nfirst failed=1 last try=2\n");
  EXPECT_EQ(fake.files.count(fake.shells[0].capture_file), 0u);  // the capture is removed

  // A failing exim_dumpdb (no such database): its "+++" line is written, then the status fails the test.
  FakeCommandRunner none;
  none.shell_statuses = {Exited(1)};
  r = RunTest("# t\ndump retry\n", none);
  EXPECT_TRUE(r.command_failed);
  EXPECT_EQ(none.files[Path("test-stdout")], "+++++++++++++++++++++++++++\n");
}

TEST(ExecutorTest, MessageIdsAreSubstitutedInSpoolOrder) {
  FakeCommandRunner fake;
  fake.on_shell = [](FakeCommandRunner& f, const ShellLaunch& l) {
    f.files[l.capture_file] =
        " 0m   300 1tB2Xc-000002-AB <a@b>\n          userx@test.ex\n\n"
        " 0m   300 1tB2Xb-000009-ZZ <a@b>\n          userx@test.ex\n";
  };
  TestResult r = RunTest("# t\nexim -Mvh $msg1 $msg2\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  ASSERT_EQ(fake.shells.size(), 1u);
  EXPECT_EQ(fake.shells[0].argv[1], "-bp");
  ASSERT_EQ(fake.launches.size(), 1u);
  std::vector<std::string> tail(fake.launches[0].argv.end() - 3, fake.launches[0].argv.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"-Mvh", "1tB2Xb-000009-ZZ", "1tB2Xc-000002-AB"}));

  FakeCommandRunner few;
  few.on_shell = fake.on_shell;
  r = RunTest("# t\nexim -Mvh $msg3\n****\n", few);
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_NE(r.reason.message.find("not enough messages in the spool (2)"), std::string::npos) << r.reason.message;
  EXPECT_EQ(few.launches.size(), 0u);
}

TEST(ExecutorTest, EximPrefixesWaitTimeAndSeveralAssignments) {
  FakeCommandRunner fake;
  RunTest("# t\nA=1 b2=x 3 sudo exim -bs\nquit\n****\n", fake);
  ASSERT_EQ(fake.launches.size(), 1u);
  EXPECT_EQ(fake.launches[0].stdin_close_delay, 3);
  EXPECT_TRUE(fake.launches[0].sudo);
  EXPECT_EQ(fake.launches[0].env, (std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"b2", "x"}}));
}

TEST(ExecutorTest, EximSuffixRunsTheBinaryOfThatNameBesideExim) {
  FakeCommandRunner fake;
  RunTest("# t\nexim_exim -bs -odq\nquit\n****\n", fake);
  ASSERT_EQ(fake.launches.size(), 1u);
  EXPECT_EQ(fake.launches[0].argv[0], "/usr/sbin/exim_exim");
  EXPECT_EQ(fake.launches[0].argv[1], "-DEXIM_PATH=/usr/sbin/exim_exim");
}

TEST(ExecutorTest, MungeAndOutputFlagsReachThePlan) {
  Fixture f;
  f.script = "# t\nmunge dnssec\nsortlog\nno_munge\nrmfiltertest\nno_message_check\nno_msglog_check\n";
  TestPlan plan = Plan(f);
  EXPECT_EQ(plan.munge, "dnssec");
  EXPECT_TRUE(plan.sortlog && plan.no_munge && plan.rmfiltertest && plan.no_message_check && plan.no_msglog_check);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].kind, StepKind::kNothing);
}

TEST(PlanTest, UnmetNeedSaysWhichNeed) {
  Script s = ParseScript("# t\nneed_ipv4\nneed_largefiles\nneed_move_frozen_messages\n", "f");
  NeedFacts facts;
  EXPECT_EQ(UnmetNeed(s, facts).value_or(""), "need_ipv4: no IPv4 loopback");
  facts.ipv4 = true;
  EXPECT_NE(UnmetNeed(s, facts).value_or("").find("need_largefiles:"), std::string::npos);
  facts.largefiles = true;
  EXPECT_NE(UnmetNeed(s, facts).value_or("").find("need_move_frozen_messages:"), std::string::npos);
  facts.move_frozen_messages = true;
  EXPECT_FALSE(UnmetNeed(s, facts));
  Script six = ParseScript("# t\nneed_ipv6\n", "f");
  facts.ipv6 = true;
  facts.exim_ipv6 = false;
  EXPECT_EQ(UnmetNeed(six, facts).value_or(""), "need_ipv6: Exim was built without IPv6 support");
  Script dovecot = ParseScript("# t\nneed_dovecot\n", "f");
  EXPECT_TRUE(dovecot.need_dovecot);
  EXPECT_EQ(UnmetNeed(dovecot, facts).value_or(""), "need_dovecot: no dovecot binary in PATH");
  facts.dovecot = true;
  EXPECT_FALSE(UnmetNeed(dovecot, facts));
  EXPECT_TRUE(BvHasLargeFiles("Exim version 4.99\nSize of off_t: 8\n"));
  EXPECT_FALSE(BvHasLargeFiles("Exim version 4.99\nSize of off_t: 4\n"));
  EXPECT_FALSE(BvHasLargeFiles("Exim version 4.99\n"));
}

TEST(PlanTest, RenderStdinPrefixes) {
  Substitutions subs = MakeSubstitutions(SubstitutionValues{});
  SourceLoc at{"f", 3};
  EXPECT_EQ(RenderStdin({"a", ":noeol:b", ":eval:\\x41\\t\\101\\n", ":other:c", "::1 x"}, subs, at),
            "a\nbA\tA\nc::1 x\n");  // as runtest: a prefixed line's own newline is not written
  try {
    RenderStdin({"a", ":sleep:3"}, subs, at);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(std::string(e.what()), "f:4: data-line prefix ':sleep:' is supported in an exim command's data only");
  }
  EXPECT_THROW(RenderStdin({":eval:$x"}, subs, at), HarnessError);
}

// An exim command's data: `:sleep: N` and `:file: NAME` split the stream
// (runtest sleeps while writing, or copies the file in when it gets there).
TEST(PlanTest, RenderStdinStreamSleepAndFile) {
  Substitutions subs = MakeSubstitutions(SubstitutionValues{});
  SourceLoc at{"f", 3};
  StdinStream plain = RenderStdinStream({"a", ":noeol:b"}, subs, at, "/run");
  EXPECT_EQ("a\nb", plain.text);
  EXPECT_TRUE(plain.parts.empty());
  StdinStream s = RenderStdinStream({"PROXY", ":sleep:3", "QUIT", ":file: long file ", ":file:/abs", ":sleep: 1"},
                                    subs, at, "/run");
  const std::vector<StdinPart> want = {{StdinPart::kText, "PROXY\n"},        {StdinPart::kSleep, "3"},
                                       {StdinPart::kText, "QUIT\n"},         {StdinPart::kFile, "/run/long file"},
                                       {StdinPart::kFile, "/abs"},            {StdinPart::kSleep, "1"}};
  EXPECT_EQ(want, s.parts);
  auto error = [&](const std::vector<std::string>& lines) {
    try {
      RenderStdinStream(lines, subs, at, "/run");
    } catch (const HarnessError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ("f:4: ':sleep:' needs a whole number of seconds, not 'x'", error({"a", ":sleep: x"}));
  EXPECT_EQ("f:3: ':sleep:' needs a whole number of seconds, not ''", error({":sleep:"}));
  EXPECT_EQ("f:3: ':file:' needs a file name", error({":file:  "}));
}

TEST(PlanTest, RenderWriteSizes) {
  EXPECT_EQ(RenderWrite({"x", "++++", "y"}, {}), "x\n++++\ny\n");  // no sizes: ++++ is data
  EXPECT_EQ(RenderWrite({"x"}, {WriteSize{2, 3, ""}}), "x\naa\naa\n");
  EXPECT_EQ(RenderWrite({}, {WriteSize{1, 1, "long"}}), "long\n");
}

TEST(PlanTest, FormatDumpSortsCalloutAndSeen) {
  EXPECT_EQ(FormatDump("callout", "01-Jan-2000 00:00:00 b\n01-Jan-2000 00:00:01 a\n", 0),
            "+++++++++++++++++++++++++++\n01-Jan-2000 00:00:01 a\n01-Jan-2000 00:00:00 b\n");
  EXPECT_EQ(FormatDump("misc", "z\na\n", 0), "+++++++++++++++++++++++++++\nz\na\n");
  EXPECT_EQ(FormatDump("retry", "  R:x:1224 e\nl2\n  R:x:1223 e\nl2\n", 1224),
            "+++++++++++++++++++++++++++\n  R:x:1223 e\nl2\n  R:x:1224 e\nl2\n");
  // 0099: keys as munged, so 127.0.0.1 < PORT_N < ip4.ip4.ip4.ip4 whatever the real numbers.
  EXPECT_EQ(FormatDump("retry",
                       "  T:h:192.0.2.2:59305 1\nt\n  T:h:59305 2\nt\n  T:h:127.0.0.1:59305 3\nt\n", 59305,
                       "192.0.2.2"),
            "+++++++++++++++++++++++++++\n  T:h:127.0.0.1:59305 3\nt\n  T:h:59305 2\nt\n"
            "  T:h:192.0.2.2:59305 1\nt\n");
  EXPECT_EQ(FormatDump("seen", "9.9.9.9 a\n192.0.2.2 b\n", 0, "192.0.2.2"),
            "+++++++++++++++++++++++++++\n9.9.9.9 a\n192.0.2.2 b\n");
}


// ----- TLS client commands (issue 13) --------------------------------------------

TEST(PlanTest, TlsClientRunsItsProgramBesideTheHelpersWithTheBlockOnStdin) {
  Fixture f;
  f.script = "# t\nclient-ssl -t3 127.0.0.1 PORT_D DIR/aux-fixed/cert2\n??? 220\nSTARTTLS\n****\n"
             "2\nclient-gnutls -tls-on-connect 'a b'\n****\n";
  TestPlan plan = Plan(f);
  BindRunDir(&plan, kRun);
  ASSERT_EQ(plan.steps.size(), 2u);
  const ShellLaunch& ssl = plan.steps[0].shell;
  EXPECT_EQ(plan.steps[0].kind, StepKind::kShell);
  EXPECT_EQ(plan.steps[0].name, "client-ssl");
  EXPECT_EQ(ssl.argv, (std::vector<std::string>{"/build/bin/client-ssl", "-t3", "127.0.0.1", "40001",
                                                 Path("aux-fixed/cert2")}));
  EXPECT_EQ(ssl.stdin_data, "??? 220\nSTARTTLS\n");
  EXPECT_EQ(ssl.stdout_file, "test-stdout");
  EXPECT_EQ(ssl.stderr_file, "test-stderr");
  EXPECT_FALSE(ssl.sudo);
  EXPECT_EQ(plan.steps[1].shell.argv, (std::vector<std::string>{"/build/bin/client-gnutls", "-tls-on-connect", "a b"}));
  EXPECT_EQ(plan.steps[1].expect.code, 2);
}

TEST(PlanTest, ClientAnytlsIsTheClientOfTheEximsLibrary) {
  EXPECT_EQ(TlsLibraryOf("Exim version 4.96\nSupport for: crypteq iconv() IPv6 GnuTLS TLS_resume\n"), "gnutls");
  EXPECT_EQ(TlsLibraryOf("Support for: Exim_filter IPv6 OpenSSL TLS_resume DANE\n"), "openssl");
  EXPECT_EQ(TlsLibraryOf("Support for: IPv6 DANE\nLookups: OpenSSL\n"), "");
  SourceLoc at{"f", 3};
  EXPECT_EQ(TlsClientProgram("client-anytls", "openssl", at), "client-ssl");
  EXPECT_EQ(TlsClientProgram("client-anytls", "gnutls", at), "client-gnutls");
  EXPECT_EQ(TlsClientProgram("client-ssl", "gnutls", at), "client-ssl");
  try {
    TlsClientProgram("client-anytls", "", at);
    ADD_FAILURE() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.loc().line, 3);
    EXPECT_NE(e.message().find("no TLS library"), std::string::npos) << e.message();
  }
  Script s = ParseScript("# t\nclient-anytls 127.0.0.1 1\n****\nclient-ssl x\n****\n", "f");
  auto programs = TlsClientPrograms(s, "/b", "gnutls");
  ASSERT_EQ(programs.size(), 2u);
  EXPECT_EQ(programs[0].first, "/b/client-gnutls");
  EXPECT_EQ(programs[0].second.line, 2);
  EXPECT_EQ(programs[1].first, "/b/client-ssl");
}

TEST(PlanTest, GnutlsCopiesTheSavedParametersIntoTheSpoolAsRoot) {
  Fixture f;
  f.script = "# t\ngnutls\n";
  f.caller = Credentials{1001, 100, {100}};
  TestPlan plan = Plan(f);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].shell.script,
            "cp -p aux-fixed/gnutls-params spool/gnutls-params-2236; chown Debian-exim: spool/gnutls-params-2236; "
            "chmod 0400 spool/gnutls-params-2236; exit 0");
  EXPECT_TRUE(plan.steps[0].shell.sudo);
  EXPECT_FALSE(plan.steps[0].shell.as.has_value());
}

TEST(ExecutorTest, TlsClientStatusIsCheckedAndItsTimeoutIsATimeout) {
  FakeCommandRunner fake;
  fake.shell_statuses = {Exited(1)};
  TestResult r = RunTest("# t\nclient-ssl 127.0.0.1 PORT_D\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message, "command 1 (client-ssl) ended with exit status 1, expected 0");
  EXPECT_EQ(fake.Count("shell /build/bin/client-ssl"), 1);
  FakeCommandRunner slow;
  slow.shell_statuses = {std::nullopt};
  TestResult t = RunTest("# t\nclient-gnutls 127.0.0.1 PORT_D\n****\n", slow);
  EXPECT_EQ(t.outcome, Outcome::kTimeout) << t.reason.str();
}


TEST(PlanTest, UpstreamFlavourAsRuntestFindsIt) {
  const std::vector<std::string> names = {"2102", "2102.openssl_1_1_1", "0001", "5000.debian12"};
  EXPECT_EQ(UpstreamFlavour("OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)\n", "", names),
            "openssl_1_1_1");
  EXPECT_EQ(UpstreamFlavour("OpenSSL 1.1.1w  11 Sep 2023\n", "", names), "openssl_1_1_1");
  // No OpenSSL 1.1.1/3.x: the distribution's ID and VERSION_ID, if a golden has it.
  EXPECT_EQ(UpstreamFlavour("", "PRETTY_NAME=\"Debian GNU/Linux 12\"\nVERSION_ID=\"12\"\nID=debian\n", names),
            "debian12");
  EXPECT_EQ(UpstreamFlavour("OpenSSL 1.0.2u\n", "ID=fedora\nVERSION_ID=40\n", names), "");
  EXPECT_EQ(UpstreamFlavour("OpenSSL 3.0.19\n", "", {"2102"}), "");  // no flavoured golden: none
}

TEST(PlanTest, AFlavouredGoldenReplacesTheGenericOne) {
  Fixture f;
  f.script = "# t\nexim -be\n****\n";
  f.golden_names = {{"log", {"9999", "9999.openssl_1_1_1"}}, {"stdout", {"9999", "9999@4.99"}}};
  f.exim_version = "4.99.1";
  f.flavour = "openssl_1_1_1";
  TestPlan p = Plan(f);
  for (size_t i = 0; i < p.outputs.size(); ++i) {
    std::string kind = p.outputs[i].name;
    if (kind == "log") {
      EXPECT_EQ(p.expected_paths[i], "expected/log/9999.openssl_1_1_1");
    }
    if (kind == "stdout") {
      EXPECT_EQ(p.expected_paths[i], "expected/stdout/9999@4.99");
    }
  }
  f.flavour = "";
  for (size_t i = 0; i < Plan(f).outputs.size(); ++i) {
    if (std::string(Plan(f).outputs[i].name) == "log") {
      EXPECT_EQ(Plan(f).expected_paths[i], "expected/log/9999");
    }
  }
}


// runtest's "*** truncated ***" rule (rejectlog/0162 upstream): the lines our
// Exim wrote before the marker are aligned with the golden's; not under
// no_munge (runtest's munge() then never sees the marker).
TEST(ExecutorTest, LinesBeforeATruncationMarkerAreAlignedWithTheGoldens) {
  const std::string golden = "head\n  <u284@bigfoot.com>,\n*** truncated ***\ntail\n";
  auto exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/rejectlog")] = "head\n  <u284@bigfoot.com>,\n  <u285@onli\n*** truncated ***\ntail\n";
  };
  FakeCommandRunner fake;
  fake.files[Golden("rejectlog")] = golden;
  fake.on_exim = exim;
  TestResult r = RunTest("# t\nexim -be\n****\n", fake);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
  FakeCommandRunner no_munge;
  no_munge.files[Golden("rejectlog")] = golden;
  no_munge.on_exim = exim;
  r = RunTest("# t\nno_munge\nexim -be\n****\n", no_munge);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.reason.message, "expected/rejectlog/9999 differs");
  // The server side's marker counts too; the lines are those of the whole file.
  FakeCommandRunner server;
  server.files[Golden("rejectlog")] = "\n******** SERVER ********\n" + golden;
  server.on_exim = [](FakeCommandRunner& f, const EximLaunch&) {
    f.files[Path("spool/log/serverrejectlog")] = "head\n  <u284@bigfoot.com>,\n  <u285@onli\n*** truncated ***\ntail\n";
  };
  r = RunTest("# t\nexim -be\n****\n", server);
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.reason.str();
}

}  // namespace
}  // namespace harness
