// containment_test.cc - issue 14: SIGKILL of runtest at any moment leaves no
// process behind (harness/containment.h), and the next run removes and
// reports what the killed run left on disk (run_dir.h, SweepStaleRuns).
#include <signal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::vector<std::string> RunDirs(const std::string& work) { return Glob(work + "/[0-9][0-9][0-9][0-9].*"); }

class Containment : public FixtureSuite {
 protected:
  /// Starts test 9201 (Exim daemon + fake responder, stalls mid-dialogue),
  /// waits until \a ready() or \a delay, SIGKILLs runtest, and checks that
  /// no process is left. Returns the run directories left on disk.
  std::vector<std::string> KillAt(milliseconds delay, bool mid_dialogue) {
    const std::vector<std::string> before = RunDirs(work());  // a killed run's, not this one's
    Child child([&] {
      std::vector<std::string> argv{RuntestPath()};
      for (const auto& a : Args({"9201"})) argv.push_back(a);
      return argv;
    }());
    if (mid_dialogue) {
      auto deadline = std::chrono::steady_clock::now() + seconds(30);
      bool mid = false;
      while (!mid && std::chrono::steady_clock::now() < deadline) {
        for (const auto& dir : RunDirs(work())) {
          if (std::find(before.begin(), before.end(), dir) != before.end()) continue;
          if (Exists(dir + "/dovecot-transcript"))
            mid = mid || ReadFile(dir + "/dovecot-transcript").find(" C> AUTH\\t") != std::string::npos;
        }
        if (!mid) std::this_thread::sleep_for(milliseconds(20));
      }
      EXPECT_TRUE(mid) << "the dialogue never reached the responder:\n" << child.PeekOut() << child.PeekErr();
      EXPECT_FALSE(LiveProcessesMentioning(work()).empty()) << "Exim should be running";
    } else {
      std::this_thread::sleep_for(delay);
    }
    EXPECT_EQ(0, kill(child.pid(), SIGKILL));
    RunResult r = child.Wait(seconds(10));
    EXPECT_EQ(SIGKILL, r.signal) << Printed(r);
    auto left = LeftoversAfter(work(), seconds(3));
    EXPECT_TRUE(left.empty()) << "left running after SIGKILL at " << delay.count() << " ms"
                              << (mid_dialogue ? " (mid dialogue)" : "") << ":\n" << Lines(left);
    return RunDirs(work());
  }

  /// The next run (test 9101, which passes) removes and reports every run
  /// directory the killed runs left.
  void NextRunCleansUp(const std::vector<std::string>& stale) {
    RunResult r = Run({"9101"});
    EXPECT_EQ(0, r.exit_code) << Printed(r);
    for (const auto& dir : stale) {
      EXPECT_NE(std::string::npos, r.err.find("removed " + dir + ", left by a runtest that was killed"))
          << dir << "\n" << Printed(r);
    }
    EXPECT_TRUE(RunDirs(work()).empty()) << Lines(RunDirs(work()));
    EXPECT_TRUE(Glob(work() + "/.runtest-*").empty()) << "a lock file is left";
  }
};

// During daemon start and set-up (fixed moments from 0 to 400 ms after the
// start), each followed by the next run's clean-up.
TEST_F(Containment, SigkillAtFixedMomentsLeavesNoProcess) {
  for (int ms : {0, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 400}) {
    SCOPED_TRACE("SIGKILL " + std::to_string(ms) + " ms after the start");
    std::vector<std::string> stale = KillAt(milliseconds(ms), false);
    NextRunCleansUp(stale);
    if (HasFailure()) return;
  }
}

// Mid client dialogue: the Exim daemon and the fake responder are both running.
TEST_F(Containment, SigkillMidDialogueLeavesNoProcess) {
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> stale = KillAt(milliseconds(0), true);
    EXPECT_EQ(1u, stale.size()) << Lines(stale);  // the test's run directory, with its socket
    NextRunCleansUp(stale);
    if (HasFailure()) return;
  }
}

// Killed runs in a row: each run (even one killed later) removes what the
// killed one before it left, so at most one is ever left on disk.
TEST_F(Containment, EachRunRemovesWhatTheKilledOneBeforeLeft) {
  std::vector<std::string> stale;
  for (int i = 0; i < 3; ++i) {
    stale = KillAt(milliseconds(0), true);
    EXPECT_EQ(1u, stale.size()) << Lines(stale);
  }
  NextRunCleansUp(stale);
}

}  // namespace
}  // namespace cli
