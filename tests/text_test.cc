// text_test.cc - harness/text.h.
#include "harness/text.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace harness::text {
namespace {

using Views = std::vector<std::string_view>;

TEST(Text, CharacterClassesArePerlsByteClasses) {
  for (char c : std::string_view(" \t\n\r\f\v")) EXPECT_TRUE(IsSpace(c)) << int(c);
  EXPECT_FALSE(IsSpace('\0'));
  EXPECT_FALSE(IsSpace('\x85'));
  EXPECT_TRUE(IsWordChar('_'));
  EXPECT_FALSE(IsWordChar('-'));
  EXPECT_TRUE(IsHex('F'));
  EXPECT_FALSE(IsHex('g'));
}

TEST(Text, PrefixesAndSuffixes) {
  EXPECT_TRUE(StartsWith("???x", "???"));
  EXPECT_FALSE(StartsWith("??", "???"));
  EXPECT_TRUE(StartsWith("abc", ""));
  EXPECT_TRUE(EndsWith("a.munge", ".munge"));
  EXPECT_FALSE(EndsWith("munge", ".munge"));
}

TEST(Text, Trim) {
  EXPECT_EQ(Trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(TrimRight(" a \n"), " a");
}

TEST(Text, SplitLinesDropsTerminatorsAndKeepsALastPartialLine) {
  EXPECT_EQ(SplitLines(""), Views{});
  EXPECT_EQ(SplitLines("a\n"), (Views{"a"}));
  EXPECT_EQ(SplitLines("a\n\nb"), (Views{"a", "", "b"}));
  EXPECT_EQ(SplitLinesKeepEnds("a\n\nb"), (Views{"a\n", "\n", "b"}));
}

TEST(Text, SplitWords) {
  EXPECT_EQ(SplitWords("  a\tb\r\nc  "), (Views{"a", "b", "c"}));
  EXPECT_EQ(SplitWords("a\rb c", IsBlank), (Views{"a\rb", "c"}));
  EXPECT_EQ(SplitWords(""), Views{});
}

}  // namespace
}  // namespace harness::text
