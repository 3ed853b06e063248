// timeout_test.cc - a hung responder, a hung Exim (daemon and not), and a
// sleep past the test's limit each make the test FAIL with
// "timed out at FILE:LINE (command)" within the limit, exit status 1, and
// nothing of the run left running.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class Timeouts : public FixtureSuite {
 protected:
  /// Runs one fixture test with the given limits and checks the verdict.
  void ExpectTimeout(const std::string& test, const std::vector<std::string>& limits, const std::string& where,
                     double limit_seconds) {
    std::vector<std::string> args = limits;
    args.push_back(test);
    RunResult r = Run(args, std::chrono::seconds(60));
    SCOPED_TRACE(Printed(r));
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find(" FAIL ("), std::string::npos);
    EXPECT_NE(r.out.find("timed out at " + where), std::string::npos) << "wanted: timed out at " << where;
    EXPECT_NE(r.out.find("0 passed, 1 failed, 0 skipped"), std::string::npos);
    // Within the limit: the limit itself, plus starting Exim and stopping
    // everything (a few seconds at most, even on a loaded machine).
    EXPECT_GE(r.seconds, limit_seconds - 0.1);
    EXPECT_LT(r.seconds, limit_seconds + 10);
    auto left = LeftoversAfter(work(), std::chrono::milliseconds(500));
    EXPECT_TRUE(left.empty()) << "still running:\n" << Lines(left);
  }
};

TEST_F(Timeouts, StalledResponderTimesOutTheClientCommand) {
  ExpectTimeout("9201", {"--command-timeout", "2"}, Script("9200-Timeouts/9201:4 (client)"), 2);
}

TEST_F(Timeouts, HungEximDaemonTimesOutTheWaitingClient) {
  ExpectTimeout("9202", {"--command-timeout", "2"}, Script("9200-Timeouts/9202:4 (client)"), 2);
}

TEST_F(Timeouts, SleepPastTheTestLimit) {
  ExpectTimeout("9203", {"--test-timeout", "2"}, Script("9200-Timeouts/9203:2 (sleep)"), 2);
}

TEST_F(Timeouts, HungEximCommandAndItsGrandchildAreKilled) {
  ExpectTimeout("9204", {"--command-timeout", "2"}, Script("9200-Timeouts/9204:2 (exim)"), 2);
}

TEST_F(Timeouts, ClientSleepingPastTheLimit) {
  ExpectTimeout("9205", {"--command-timeout", "2"}, Script("9200-Timeouts/9205:4 (client)"), 2);
}

TEST_F(Timeouts, TestLimitCutsALongCommandLimit) {
  // The command may take 60 s but the whole test only 3.
  ExpectTimeout("9201", {"--command-timeout", "60", "--test-timeout", "3"},
                Script("9200-Timeouts/9201:4 (client)"), 3);
}

}  // namespace
}  // namespace cli
