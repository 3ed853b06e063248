// runner_test.cc - the runner's pure parts: command-line word splitting and
// outcome names. (The runner end to end is exercised by the numbered tests
// and tests/cli/.)
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
}

}  // namespace
}  // namespace harness
