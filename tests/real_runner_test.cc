// real_runner_test.cc - upstream runtest's commands run for real (issue 12):
// Execute with the RealCommandRunner on plans made from script text, with
// /bin/sh, perl and stand-ins for Exim, its utilities and the `server`
// program (small shell scripts in a temporary directory), so that what the
// processes see (cwd, stdin, redirections, the order of events) is checked
// on the machine. Needs root (run directories are chowned to Exim's user).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/executor.h"
#include "harness/file_io.h"
#include "harness/plan.h"
#include "harness/real_runner.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

class RealRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (run directories belong to Exim's user)";
    char tmpl[] = "/tmp/real-runner-test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/bin");
    fs::create_directories(dir_ + "/work");
    // Exim stand-in: -bp lists two messages (newest first), anything else
    // prints its arguments and its stdin.
    Script("bin/exim",
           "#!/bin/sh\n"
           "for a; do [ \"$a\" = -bp ] && { printf ' 0m  300 1tB2Xc-000002-AB <a@b>\\n   u@x\\n\\n"
           " 0m  300 1tB2Xb-000009-ZZ <a@b>\\n   u@x\\n'; exit 0; }; done\n"
           "shift 3; echo \"exim $*\"; cat\n");
    Script("bin/exim_dumpdb", "#!/bin/sh\nprintf '  T:b:1.2.3.4 error\\nfirst failed=1\\n  T:a:1.2.3.4 error\\nfirst failed=2\\n'\n");
    Script("bin/exinext", "#!/bin/sh\necho \"exinext $*\"\nexit 3\n");
    // server stand-in: -oP FILE PORT; echoes its script up to ++++, writes
    // its pid file, then stays until its stdin is closed... it is not (the
    // runner writes the script then EOF), so it exits once the test lets it:
    // after the next exim it must have ended with status 0.
    Script("bin/server",
           "#!/bin/sh\npid=$2; echo \"server $*\"\n"
           "while read -r l; do [ \"$l\" = ++++ ] && break; echo \"script: $l\"; done\n"
           "echo $$ > \"$pid\"\nsleep 0.2\necho server done\n");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void Script(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    WriteWholeFile(path, text, 0755);
  }

  TestResult Run(const std::string& script_text, std::chrono::seconds command_timeout = std::chrono::seconds(20)) {
    PlanInputs in;
    in.test.name = "9998";
    in.test.number = 9998;
    in.test.suite = "Real";
    in.test.suite_dir = dir_;
    in.test.script_path = dir_ + "/9998";
    in.script = ParseScript(script_text, in.test.script_path);
    in.conf_path = dir_ + "/conf";
    in.conf_text = "# conf\n";
    in.fake_dovecot_binary = dir_ + "/bin/fake_dovecot";  // the server is looked up beside it
    in.env.exim_path = dir_ + "/bin/exim";
    in.env.exim_user = "root";
    in.env.caller = "root";
    in.env.hostname = "host.example";
    in.env.testnum = "9998";
    in.env.exim_version = "4.99";
    in.tls_library = tls_library_;
    TestPlan plan = MakePlan(in, [](int n) {
      std::vector<int> p;
      for (int i = 0; i < n; ++i) p.push_back(41001 + i);
      return p;
    });
    ExecuteOptions options;
    options.source_dir = dir_;
    options.keep = true;
    options.command_timeout = command_timeout;
    options.test_timeout = std::chrono::seconds(60);
    RealCommandRunner runner(dir_ + "/work", 0, 0);
    TestResult r = Execute(std::move(plan), runner, options);
    run_dir_ = r.run_dir;
    return r;
  }
  std::string File(const std::string& name) { return ReadWholeFile(run_dir_ + "/" + name).value_or("<missing>"); }

  std::string dir_, run_dir_;
  std::string tls_library_ = "openssl";  ///< PlanInputs::tls_library
};

// Exim's daemon can lose a SIGTERM (it tests its flag, then sleeps in poll()):
// killdaemon repeats the signal every second instead of waiting for the
// deadline and a SIGKILL. The stand-in ignores its first SIGTERM.
TEST_F(RealRunnerTest, KillDaemonRepeatsALostSigterm) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(ready[1], 1);
    execl("/bin/sh", "sh", "-c", "trap 'trap - TERM' TERM; echo ready; while :; do sleep 0.05; done", nullptr);
    _exit(127);
  }
  close(ready[1]);
  char buf[8] = {};
  ASSERT_GT(read(ready[0], buf, sizeof buf), 0);
  close(ready[0]);
  RealCommandRunner runner(dir_ + "/work", 0, 0);
  auto start = Clock::now();
  EXPECT_TRUE(runner.KillDaemon(pid, start + std::chrono::seconds(10)));
  auto took = Clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(5)) << "not SIGKILLed at the deadline";
  EXPECT_GE(took, std::chrono::milliseconds(900)) << "the first SIGTERM was ignored";
}

TEST_F(RealRunnerTest, ShellPerlWriteAndCat2RunInTheRunDirectory) {
  TestResult r = Run(
      "# t\nmkdir DIR/tmp\ntouch tmp/made\nls tmp\nwrite tmp/data 2x4 1x2=Q\npre\n++++\npost\n****\n"
      "catwrite cw\nhello\n****\n"
      "perl\nprint \"perl cwd ok\\n\" if -d 'tmp';\nprint STDERR \"to stderr\\n\";\n****\n"
      "sudo rm -f tmp/made\ncat2 tmp/data\nexinext x@y\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_EQ(File("tmp/data"), "pre\naaa\naaa\nQ\npost\n");
  EXPECT_EQ(File("cw"), "hello\n");
  EXPECT_FALSE(fs::exists(run_dir_ + "/tmp/made"));
  EXPECT_EQ(File("test-stdout"),
            "made\n==========\nhello\n==========\nperl cwd ok\n"
            "exinext -DEXIM_PATH=" + dir_ + "/bin/exim -C " + run_dir_ + "/test-config x@y\nexinext exit code = 3\n");
  // cat2: its stdout replaces test-stderr (perl's line is gone).
  EXPECT_EQ(File("test-stderr"), "pre\naaa\naaa\nQ\npost\n");
}

TEST_F(RealRunnerTest, ServerIsFedItsScriptAndWaitedForAfterTheNextExim) {
  TestResult r = Run("# t\nserver PORT_S\n>LF>VERSION\n*eof\n****\nexim -odi a@b\nbody\n****\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_EQ(File("test-stdout-server"), "server -oP " + run_dir_ + "/server-daemon.pid 41001\nscript: >LF>VERSION\n"
                                        "script: *eof\nserver done\n");
  EXPECT_EQ(File("test-stdout"), "exim -odi a@b\nbody\n");
}

TEST_F(RealRunnerTest, MissingServerProgramIsAnErrorNamingTheStep) {
  fs::remove(dir_ + "/bin/server");
  TestResult r = Run("# t\nserver PORT_S\n****\n");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_NE(r.reason.str().find("9998:2: command 1 (server): cannot start '" + dir_ + "/bin/server'"),
            std::string::npos)
      << r.reason.str();
}

TEST_F(RealRunnerTest, BackgroundIsKilledByKilldaemon) {
  auto start = std::chrono::steady_clock::now();
  TestResult r = Run("# t\nbackground\nsleep 30\n****\nkilldaemon\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(RealRunnerTest, MessageIdsDumpAndStdinDelay) {
  auto start = std::chrono::steady_clock::now();
  TestResult r = Run("# t\nexim -Mvh $msg2 $msg1\n****\ndump retry\n1 exim -bs\nquit\n****\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_EQ(File("test-stdout"),
            "exim -Mvh 1tB2Xc-000002-AB 1tB2Xb-000009-ZZ\n"
            "+++++++++++++++++++++++++++\n  T:a:1.2.3.4 error\nfirst failed=2\n  T:b:1.2.3.4 error\nfirst failed=1\n"
            "exim -bs\nquit\n");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));  // stdin held open 1 s
}


// ----- TLS client commands (issue 13) ------------------------------------------

TEST_F(RealRunnerTest, TlsClientsRunBesideTheHelpersWithTheirBlockOnStdin) {
  // Stand-ins for client-ssl / client-gnutls: their name, argv, cwd and stdin.
  for (const char* name : {"client-ssl", "client-gnutls"})
    Script(std::string("bin/") + name,
           std::string("#!/bin/sh\necho \"") + name + " $*\"\n[ -f test-config ] && echo cwd ok\n"
           "cat\necho to stderr >&2\nexit ${RC:-0}\n");
  tls_library_ = "gnutls";
  TestResult r = Run("# t\nclient-ssl 127.0.0.1 PORT_D\n??? 220\nDIR/x\n****\nclient-anytls -tls-on-connect x\n****\n"
                     "3 RC=3\nclient-gnutls\nlast\n****\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  EXPECT_EQ(File("test-stdout"), "client-ssl 127.0.0.1 41001\ncwd ok\n??? 220\n" + run_dir_ +
                                     "/x\nclient-gnutls -tls-on-connect x\ncwd ok\nclient-gnutls \ncwd ok\nlast\n");
  EXPECT_EQ(File("test-stderr"), "to stderr\nto stderr\nto stderr\n");
}

TEST_F(RealRunnerTest, TlsClientStatusIsCheckedAndAHangIsKilledAtTheCommandTimeout) {
  Script("bin/client-ssl", "#!/bin/sh\nexit 99\n");
  TestResult r = Run("# t\nclient-ssl 127.0.0.1 PORT_D\n****\n");
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_NE(r.reason.message.find("command 1 (client-ssl) ended with exit status 99, expected 0"), std::string::npos)
      << r.reason.str();
  Script("bin/client-ssl", "#!/bin/sh\necho $$ > client.pid\nexec sleep 60\n");
  auto start = std::chrono::steady_clock::now();
  TestResult t = Run("# t\nclient-ssl 127.0.0.1 PORT_D\n****\n", std::chrono::seconds(1));
  EXPECT_EQ(t.outcome, Outcome::kTimeout) << t.reason.str();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  pid_t pid = std::atoi(File("client.pid").c_str());
  ASSERT_GT(pid, 1);
  EXPECT_NE(kill(pid, 0), 0) << "the client is still running";
}

TEST_F(RealRunnerTest, AForegroundDaemonThatEndsBeforeItsPidFileFailsAtOnce) {
  Script("bin/exim", "#!/bin/sh\necho 'configuration error' >&2\nexit 1\n");
  auto start = std::chrono::steady_clock::now();
  TestResult r = Run("# t\nexim -DSERVER=server -bdf -oX PORT_D\n****\n");
  EXPECT_EQ(r.outcome, Outcome::kFail) << r.reason.str();
  EXPECT_NE(r.reason.message.find("the Exim daemon failed to start: exit status 1: configuration error"),
            std::string::npos)
      << r.reason.str();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));  // not the 20 s command timeout
}

// exim -DSERVER=wait:PORT_DYNAMIC -bw (upstream's 0564): the stand-in, as
// Exim in inetd wait mode, accepts one connection on its stdin (the
// listening socket), answers it, then waits to be killed. runtest keeps no
// copy of the socket: once killdaemon has killed it, a connection is refused.
TEST_F(RealRunnerTest, WaitModeEximGetsTheListeningSocketAsStdinAndKilldaemonEndsIt) {
  Script("bin/exim",
         "#!/usr/bin/perl\n$| = 1;\nprint \"pid $$\\n\";\nprint \"exim @ARGV[3..$#ARGV]\\n\";\n"
         "accept(my $c, STDIN) or die \"accept: $!\\n\";\nselect((select($c), $| = 1)[0]);\n"
         "print $c \"220 wait mode\\r\\n\";\n"
         "while (<$c>) { if (/^quit/i) { print $c \"221 bye\\r\\n\"; last } print $c \"250 ok\\r\\n\"; }\n"
         "close $c;\nsleep 30;\n");
  auto start = std::chrono::steady_clock::now();
  TestResult r = Run(
      "# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\nclient 127.0.0.1 PORT_DYNAMIC\n??? 220\nquit\n??? 221\n****\n"
      "killdaemon\n~0\nclient 127.0.0.1 PORT_DYNAMIC\n??? 220\n****\n");
  EXPECT_FALSE(r.command_failed) << r.reason.str();
  // Under the client's 5 s timeout: the last connection was refused, not left waiting.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  std::string out = File("test-stdout");
  std::istringstream lines(out);
  std::string pid_line, exim_line, connect_line;
  std::getline(lines, pid_line);
  std::getline(lines, exim_line);
  std::getline(lines, connect_line);
  ASSERT_EQ(pid_line.rfind("pid ", 0), 0u) << out;
  ASSERT_EQ(exim_line.rfind("exim -DSERVER=wait:", 0), 0u) << out;
  std::string port = exim_line.substr(19, exim_line.find(' ', 19) - 19);
  EXPECT_EQ(exim_line, "exim -DSERVER=wait:" + port + " -bw");
  EXPECT_NE(port, "PORT_DYNAMIC");
  EXPECT_EQ(connect_line, "Connecting to 127.0.0.1 port " + port + " ... connected") << out;
  EXPECT_NE(out.find("<<< 221 bye"), std::string::npos) << out;
  EXPECT_TRUE(fs::is_directory(run_dir_ + "/spool/log"));  // made for it, as runtest does
  // Nothing left running.
  pid_t pid = static_cast<pid_t>(std::atol(pid_line.c_str() + 4));
  ASSERT_GT(pid, 1);
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

}  // namespace
}  // namespace harness
