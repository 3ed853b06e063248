// signal_test.cc - SIGINT/SIGTERM to runtest: every process it started is
// killed and reaped, its socket removed, the message names the test and the
// script line, and the exit status is 130/143.
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class Signals : public FixtureSuite {
 protected:
  /// Starts test 9201 (its responder never answers AUTH), waits until the
  /// dialogue has reached the responder, signals runtest, checks the result.
  void SignalMidDialogue(int sig, int expected_status, const std::string& name) {
    Child child([&] {
      std::vector<std::string> argv{RuntestPath()};
      for (const auto& a : Args({"9201"})) argv.push_back(a);
      return argv;
    }());
    // Mid-dialogue: the responder has logged the client's AUTH request.
    std::string run_dir;
    auto deadline = std::chrono::steady_clock::now() + seconds(30);
    bool mid = false;
    while (!mid && std::chrono::steady_clock::now() < deadline) {
      for (const auto& t : Glob(work() + "/9201.*/dovecot-transcript")) {
        std::string text = ReadFile(t);
        if (text.find(" C> AUTH\\t") != std::string::npos) {  // the transcript escapes tabs
          mid = true;
          run_dir = t.substr(0, t.rfind('/'));
        }
      }
      if (!mid) std::this_thread::sleep_for(milliseconds(50));
    }
    ASSERT_TRUE(mid) << "the dialogue never reached the responder:\n" << child.PeekOut() << child.PeekErr();
    ASSERT_TRUE(Exists(run_dir + "/auth-client"));
    ASSERT_FALSE(LiveProcessesMentioning(run_dir).empty());  // Exim and fake_dovecot are there
    std::this_thread::sleep_for(milliseconds(200));
    ASSERT_EQ(kill(child.pid(), sig), 0);
    RunResult r = child.Wait(seconds(20));
    SCOPED_TRACE(Printed(r));
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, expected_status);
    std::string where = "caught SIG" + name + " in test 9201 at " + Script("9200-Timeouts/9201:4 (client)");
    EXPECT_NE(r.err.find(where), std::string::npos) << "wanted: " << where;
    EXPECT_LT(r.seconds, 40);
    auto left = LeftoversAfter(work(), milliseconds(500));
    EXPECT_TRUE(left.empty()) << "still running:\n" << Lines(left);
    EXPECT_FALSE(Exists(run_dir + "/auth-client")) << "the responder's socket was not removed";
  }
};

TEST_F(Signals, SigintMidDialogueStopsEverythingAndExits130) { SignalMidDialogue(SIGINT, 130, "INT"); }

TEST_F(Signals, SigtermMidDialogueStopsEverythingAndExits143) { SignalMidDialogue(SIGTERM, 143, "TERM"); }

TEST_F(Signals, SighupMidDialogueStopsEverythingAndExits129) { SignalMidDialogue(SIGHUP, 129, "HUP"); }

// The same with a private real Dovecot (a master and its auth, log and
// config children, none of which names the run directory): all are gone.
TEST_F(Signals, SigtermWithRealDovecotStopsDovecotToo) {
  if (access("/usr/sbin/dovecot", X_OK) != 0) GTEST_SKIP() << "dovecot is not installed";
  std::vector<std::string> argv{RuntestPath()};
  for (const auto& a : Args({"--dovecot=real", "9206"})) argv.push_back(a);
  Child child(argv);
  // Mid-dialogue: Dovecot answers on the socket, the daemon is up (its pid
  // file written) and has forked a process for the client's connection.
  std::string run_dir;
  bool mid = false;
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (!mid && std::chrono::steady_clock::now() < deadline) {
    for (const auto& d : Glob(work() + "/9206.*")) {
      if (!Exists(d + "/auth-client") || !Exists(d + "/exim-daemon.pid")) continue;
      pid_t daemon = PidOutsideNamespace(static_cast<pid_t>(std::atol(ReadFile(d + "/exim-daemon.pid").c_str())), d);
      if (daemon > 1 && !LiveChildrenOf(daemon).empty()) {
        mid = true;
        run_dir = d;
      }
    }
    if (!mid) std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(mid) << "never got mid-dialogue:\n" << child.PeekOut() << child.PeekErr();
  auto before = LiveDescendants();
  int dovecots = 0;
  for (const auto& p : before) dovecots += p.find("dovecot") != std::string::npos;
  EXPECT_GE(dovecots, 2) << Lines(before);  // the master and at least one child
  ASSERT_EQ(kill(child.pid(), SIGTERM), 0);
  RunResult r = child.Wait(seconds(30));
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 143);
  EXPECT_NE(r.err.find("caught SIGTERM in test 9206 at " + Script("9200-Timeouts/9206:4 (client)")),
            std::string::npos);
  auto left = LeftoversAfter(work(), milliseconds(500));
  EXPECT_TRUE(left.empty()) << "still running:\n" << Lines(left);
  EXPECT_FALSE(Exists(run_dir + "/auth-client"));
}

// At any moment: from before the handler exists to the end of the run, the
// run ends as SIGTERM says (143, or killed by SIGTERM before runtest could
// install its handler, or 1 when the test had already finished) and nothing
// is left behind.
TEST_F(Signals, SigtermAtAnyMomentLeavesNothingRunning) {
  for (int delay_ms : {0, 5, 30, 100, 250, 500, 900, 1400, 2000, 2800}) {
    SCOPED_TRACE("SIGTERM after " + std::to_string(delay_ms) + " ms");
    std::vector<std::string> argv{RuntestPath()};
    for (const auto& a : Args({"--command-timeout", "2", "9201"})) argv.push_back(a);
    Child child(argv);
    std::this_thread::sleep_for(milliseconds(delay_ms));
    kill(child.pid(), SIGTERM);
    RunResult r = child.Wait(seconds(30));
    SCOPED_TRACE(Printed(r));
    EXPECT_FALSE(r.timed_out);
    bool ok = r.exit_code == 143 || r.signal == SIGTERM || r.exit_code == 1;
    EXPECT_TRUE(ok);
    if (r.exit_code == 143) {
      EXPECT_NE(r.err.find("caught SIGTERM"), std::string::npos);
    }
    auto left = LeftoversAfter(work(), milliseconds(500));
    EXPECT_TRUE(left.empty()) << "still running:\n" << Lines(left);
    for (const auto& run : Glob(work() + "/9201.*")) {
      EXPECT_FALSE(Exists(run + "/auth-client")) << run << ": the responder's socket was not removed";
    }
  }
}

}  // namespace
}  // namespace cli
