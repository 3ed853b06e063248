// console_test.cc - what runtest prints: one line per test (number/suite,
// title, verdict, seconds), the closing counts, colour only on request or on
// a terminal, and -v's raw lines under a diff.
#include <gtest/gtest.h>

#include <regex>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class Console : public FixtureSuite {
 protected:
  RunResult RunPlain(const std::vector<std::string>& args) {
    std::vector<std::string> all{"--source-dir", src(), "--work-dir", work()};
    all.insert(all.end(), args.begin(), args.end());
    return RunRuntest(all, std::chrono::seconds(60));
  }
};

TEST_F(Console, OneLinePerTestAndTheCountsWithoutColourOnAPipe) {
  RunResult r = RunPlain({"9101", "9103"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "colour on a pipe";
  std::regex line(R"(^\d{4}/\S+ .* (PASS|FAIL|SKIP|ERROR) \(\d+\.\d\ds\)$)");
  int verdict_lines = 0;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);) verdict_lines += std::regex_match(l, line);
  EXPECT_EQ(verdict_lines, 3);
  EXPECT_NE(r.out.find("\n1 passed, 1 failed, 1 skipped\n"), std::string::npos);
  // The reason names the REQUIRES line and the -bV fact that decided it.
  EXPECT_NE(r.out.find("9103/Skip JUnit fixture: skipped (unmet REQUIRES) SKIP (0.00s)\n"
                       "  skipped: missing authenticator no_such_authenticator (" +
                       Script("9103-Skip/REQUIRES:1; exim -bV: 'Authenticators")),
            std::string::npos);
}

TEST_F(Console, ColourWhenAsked) {
  RunResult r = RunPlain({"--color=always", "9101", "9103"});
  SCOPED_TRACE(Printed(r));
  EXPECT_NE(r.out.find("\033[32mPASS\033[0m"), std::string::npos);
  EXPECT_NE(r.out.find("\033[31mFAIL\033[0m"), std::string::npos);
  EXPECT_NE(r.out.find("\033[33mSKIP\033[0m"), std::string::npos);
}

TEST_F(Console, VerboseShowsTheRawLineBehindADifferingLine) {
  RunResult quiet = RunPlain({"9102"});
  RunResult verbose = RunPlain({"-v", "9102"});
  SCOPED_TRACE(Printed(verbose));
  EXPECT_NE(quiet.out.find("    +> no\n"), std::string::npos);
  EXPECT_EQ(quiet.out.find("<- test-stdout"), std::string::npos);
  EXPECT_NE(verbose.out.find("    +1 <- test-stdout:1: > no\n"), std::string::npos);
}

}  // namespace
}  // namespace cli
