// runner_test.cc - the runner's pure parts: command-line word splitting
// (plan.h) and outcome names. (The executor is driven by a fake runner in
// executor_test.cc; the whole runner by the numbered tests and tests/cli/.)
#include "harness/plan.h"
#include "harness/runner.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

std::vector<std::string> Split(const std::string& line) { return SplitCommandWords(line, SourceLoc{"s", 3}); }

TEST(RunnerTest, SplitCommandWords) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Split(""), V{});
  EXPECT_EQ(Split("   \t "), V{});
  EXPECT_EQ(Split("-DSERVER=server -bd -oX 1225"), (V{"-DSERVER=server", "-bd", "-oX", "1225"}));
  EXPECT_EQ(Split("  a\t\tb  "), (V{"a", "b"}));
  EXPECT_EQ(Split("-be '${if eq{1}{1}{yes}{no}}'"), (V{"-be", "${if eq{1}{1}{yes}{no}}"}));
  EXPECT_EQ(Split("\"a b\"'c d'e"), V{"a bc de"});
  EXPECT_EQ(Split("'it''s'"), V{"its"});
  EXPECT_EQ(Split("''"), V{""});
  EXPECT_EQ(Split("a\\ b c\\'d"), (V{"a b", "c'd"}));
  EXPECT_EQ(Split("'\\'"), V{"\\"});    // no escapes inside quotes
  EXPECT_EQ(Split("x\\"), V{"x\\"});    // a final backslash is kept
}

TEST(RunnerTest, SplitCommandWordsUnterminatedQuote) {
  try {
    Split("-be 'abc");
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_STREQ(e.what(), "s:3: unterminated ' quote");
  }
  EXPECT_THROW(Split("\"abc"), HarnessError);
}

TEST(RunnerTest, OutcomeNames) {
  EXPECT_STREQ(OutcomeName(Outcome::kPass), "PASS");
  EXPECT_STREQ(OutcomeName(Outcome::kFail), "FAIL");
  EXPECT_STREQ(OutcomeName(Outcome::kSkip), "SKIP");
  EXPECT_STREQ(OutcomeName(Outcome::kError), "ERROR");
  EXPECT_STREQ(OutcomeName(Outcome::kTimeout), "TIMEOUT");
  EXPECT_STREQ(OutcomeName(Outcome::kInterrupted), "INTERRUPTED");
}

}  // namespace
}  // namespace harness
