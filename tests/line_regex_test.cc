// Tests for harness/line_regex.h: every call gives what RE2's own unanchored
// search gives (PartialMatch, Replace, GlobalReplace), on patterns and lines
// that exercise where a prefix-anchored search could differ: anchors, word
// boundaries, empty matches, alternation preferences, inline flags, groups
// that do not take part, and lines too long for RE2's bit-state matcher.
#include "harness/line_regex.h"

#include <re2/re2.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace harness {
namespace {

RE2::Options Latin1() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  return options;
}

struct Case {
  const char* pattern;
  const char* rewrite;
};

const Case kCases[] = {
    {R"(([Ee]xim )\d+\.\d+[\w.-]*(?: #\d+)?)", R"(\1x.yz)"},
    {R"(port (\d+) \([^)]+\))", R"(port \1)"},
    {R"(^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(?:\.\d{3})?(?:\s[+-]\d{4})?(\s|$))", R"(1999-03-02 09:44:33\1)"},
    {R"(\b(pid=|pid )\d+)", R"(\1pppp)"},
    {R"((\\t|\b)SPID(\t|\\t)\d+\b)", R"(\1SPID\2pppp)"},
    {R"(x*)", "-"},            // empty matches everywhere
    {R"(\b)", "|"},            // only empty matches, at word boundaries
    {R"($)", "<end>"},         // the end only
    {R"(^)", "<start>"},       // the start only
    {R"(a|ab)", "[\\0]"},      // leftmost-first: a, not ab
    {R"(ab|a)", "[\\0]"},
    {R"((a)|(b))", "<\\1\\2>"},  // a group that does not take part is empty
    {R"((?i)exim)", "E"},
    {R"(a(?i:B)c)", "x"},
    {R"(\d+$)", "N"},
    {R"(.)", "\\\\"},
    {R"((?s).+)", "all"},
};

const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> l = {
        "",
        "a",
        "ab abab ba",
        "2026-12-04 03:07:07 exim 4.96 daemon started: pid=4, no queue runs, listening for SMTP on port 39413 (IPv4)",
        "2026-12-04 03:07:07.123 +0100 Start queue run",
        "220 myhost.test.ex ESMTP Exim 4.96 #2 Fri, 04 Dec 2026 03:07:07 +0000",
        "1 S> VERSION\\t1\\t2\\nSPID\\t1234\\nCPID\\t5",
        "line\nwith a newline 42",
        "xxaxbxx EXIM eXiM aBc abc 123",
    };
    // Longer than RE2's bit-state matcher takes: the anchored DFA path.
    std::string long_line(20000, 'x');
    long_line += " pid=123 ab 2026-12-04 03:07:07 99";
    l.push_back(long_line);
    l.push_back("2026-12-04 03:07:07 " + std::string(9000, 'y') + " port 25 (IPv6)");
    return l;
  }();
  return lines;
}

// Each call on a fresh LineRegex (the bit-state path) and on one searched
// more than kColdSearches times (the plain RE2 it then uses), against RE2.
TEST(LineRegexTest, PartialMatchReplaceAndGlobalReplaceAgreeWithRe2) {
  for (const Case& c : kCases) {
    RE2 re(c.pattern, Latin1());
    ASSERT_TRUE(re.ok()) << c.pattern;
    LineRegex warm(c.pattern, Latin1());
    ASSERT_TRUE(warm.ok()) << c.pattern << ": " << warm.error();
    EXPECT_EQ(re.NumberOfCapturingGroups(), warm.NumberOfCapturingGroups()) << c.pattern;
    for (unsigned i = 0; i <= LineRegex::kColdSearches; ++i) warm.PartialMatch("warming up");
    for (const std::string& line : Lines()) {
      const std::string shown = line.substr(0, 60);
      for (bool cold : {true, false}) {
        const char* path = cold ? " (cold)" : " (warm)";
        auto fresh = [&] { return LineRegex(c.pattern, Latin1()); };
        EXPECT_EQ(RE2::PartialMatch(line, re), cold ? fresh().PartialMatch(line) : warm.PartialMatch(line))
            << c.pattern << path << " on " << shown;
        std::string a = line, b = line;
        EXPECT_EQ(RE2::Replace(&a, re, c.rewrite), cold ? fresh().Replace(&b, c.rewrite) : warm.Replace(&b, c.rewrite))
            << c.pattern << path << " on " << shown;
        EXPECT_EQ(a, b) << c.pattern << path << " Replace on " << shown;
        a = line;
        b = line;
        // GlobalReplace searches once per match: a fresh one on a line with
        // many (x* on 20,000 bytes) turns warm partway, as in use.
        EXPECT_EQ(RE2::GlobalReplace(&a, re, c.rewrite),
                  cold ? fresh().GlobalReplace(&b, c.rewrite) : warm.GlobalReplace(&b, c.rewrite))
            << c.pattern << path << " on " << shown;
        EXPECT_EQ(a, b) << c.pattern << path << " GlobalReplace on " << shown;
      }
    }
  }
}

TEST(LineRegexTest, FindGivesThePatternsGroupsFromAPosition) {
  LineRegex re(R"((\w+)=(\d+))", Latin1());
  std::string_view g[3];
  const std::string text = "a=1 bb=22";
  ASSERT_TRUE(re.Find(text, 0, g, 3));
  EXPECT_EQ("a=1", g[0]);
  EXPECT_EQ("a", g[1]);
  EXPECT_EQ("1", g[2]);
  ASSERT_TRUE(re.Find(text, 1, g, 3));  // from the middle: the next match, "a" no longer in reach
  EXPECT_EQ("bb=22", g[0]);
  EXPECT_EQ(4, g[0].data() - text.data());
  EXPECT_FALSE(re.Find(text, 8, g, 3));
  EXPECT_FALSE(re.Find(text, 0, g, LineRegex::kMaxGroups + 1));  // more groups than a call hands out
}

TEST(LineRegexTest, ABadPatternIsReportedAsRe2ReportsIt) {
  LineRegex re("a(b", Latin1());
  EXPECT_FALSE(re.ok());
  EXPECT_EQ(RE2("a(b", Latin1()).error(), re.error());
  LineRegex stray("a)b", Latin1());  // balanced by the wrapping if it were not checked on its own
  EXPECT_FALSE(stray.ok());
  EXPECT_EQ(RE2("a)b", Latin1()).error(), stray.error());
}

TEST(LineRegexTest, RewriteStringsAreCheckedAgainstThePatternsOwnGroups) {
  LineRegex re("(a)b", Latin1());
  std::string error;
  EXPECT_TRUE(re.CheckRewriteString(R"(\1\0)", &error)) << error;
  EXPECT_FALSE(re.CheckRewriteString(R"(\2)", &error));  // the wrapping's group is not the pattern's
  EXPECT_NE(std::string::npos, error.find("only has 1")) << error;
  EXPECT_FALSE(re.CheckRewriteString(R"(\x)", &error));
}

}  // namespace
}  // namespace harness
