// update_test.cc - `runtest --update` runs a test twice and writes goldens
// only when both runs normalise alike: output that changes between runs
// (here Exim's ${randint}) is refused with exit 2, naming the lines, and
// nothing is written.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class Update : public FixtureSuite {};

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

TEST_F(Update, RefusesOutputThatDiffersBetweenTwoRuns) {
  RunResult r = Run({"--update", "9401"});
  EXPECT_EQ(r.exit_code, 2) << Printed(r);
  EXPECT_NE(r.out.find("--update refused, nothing written: the normalised output differs between two runs"),
            std::string::npos)
      << Printed(r);
  EXPECT_NE(r.out.find("expected/stdout/9401: run 1 line "), std::string::npos) << Printed(r);
  EXPECT_FALSE(Exists(src() + "/expected/stdout/9401")) << Printed(r);
}

TEST_F(Update, WritesOutputThatIsTheSameInBothRuns) {
  RunResult r = Run({"--update", "9402"});
  EXPECT_EQ(r.exit_code, 0) << Printed(r);
  ASSERT_TRUE(Exists(src() + "/expected/stdout/9402")) << Printed(r);
  EXPECT_NE(ReadFile(src() + "/expected/stdout/9402").find("stable"), std::string::npos);
  RunResult again = Run({"9402"});
  EXPECT_EQ(again.exit_code, 0) << Printed(again);
}

}  // namespace
}  // namespace cli
