// client_script_test.cc - the client script parser.
#include "harness/client_script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace harness {
namespace {

ClientStep Parse(const std::string& line) { return ParseClientLine(line, SourceLoc{"s", 7}); }

TEST(ClientScriptTest, ExpectLine) {
  ClientStep step = Parse("??? 250-");
  EXPECT_EQ(ClientStepKind::kExpect, step.kind);
  EXPECT_EQ("250-", step.text);
  EXPECT_EQ("??? 250-", step.line);
  EXPECT_EQ("s:7", step.loc.str());
}

TEST(ClientScriptTest, ExpectKeepsTrailingSpaces) {
  EXPECT_EQ("250 ", Parse("??? 250 ").text);
  EXPECT_EQ("", Parse("??? ").text);
}

TEST(ClientScriptTest, OptionalAndEof) {
  ClientStep optional = Parse("????250-");
  EXPECT_EQ(ClientStepKind::kExpectOptional, optional.kind);
  EXPECT_EQ("250-", optional.text);
  // Text starts right after the fourth character, so a space is significant.
  EXPECT_EQ(" 250", Parse("???? 250").text);

  ClientStep eof = Parse("???*");
  EXPECT_EQ(ClientStepKind::kExpectEof, eof.kind);
  EXPECT_EQ("", eof.text);
}

TEST(ClientScriptTest, ThreeQuestionMarksAloneAreSent) {
  // client.c looks at the fourth character; "???" and "???x" are not expects.
  EXPECT_EQ(ClientStepKind::kSend, Parse("???").kind);
  EXPECT_EQ("???\r\n", Parse("???").text);
  EXPECT_EQ(ClientStepKind::kSend, Parse("???x").kind);
  EXPECT_EQ(ClientStepKind::kSend, Parse("?? 250").kind);
}

TEST(ClientScriptTest, SendLineGetsCrlf) {
  ClientStep step = Parse("EHLO xxxx");
  EXPECT_EQ(ClientStepKind::kSend, step.kind);
  EXPECT_TRUE(step.crlf);
  EXPECT_EQ("EHLO xxxx\r\n", step.text);
  EXPECT_EQ("EHLO xxxx", step.echo);
}

TEST(ClientScriptTest, BlankAndCommentLinesAreSent) {
  EXPECT_EQ("\r\n", Parse("").text);
  EXPECT_EQ("# not a comment\r\n", Parse("# not a comment").text);
}

TEST(ClientScriptTest, TrailingSpacesAndCrAreSent) {
  EXPECT_EQ("MAIL FROM:<> \r\n", Parse("MAIL FROM:<> ").text);
  EXPECT_EQ("x\r\r\n", Parse("x\r").text);
}

TEST(ClientScriptTest, RawSend) {
  ClientStep step = Parse(">>> DATA\\r\\n");
  EXPECT_EQ(ClientStepKind::kSend, step.kind);
  EXPECT_FALSE(step.crlf);
  EXPECT_EQ("DATA\r\n", step.text);
  EXPECT_EQ("DATA\\r\\n", step.echo);  // echoed before escape expansion
  EXPECT_EQ("", Parse(">>> ").text);
  // ">>>" without the space is an ordinary line.
  EXPECT_EQ(">>>x\r\n", Parse(">>>x").text);
}

TEST(ClientScriptTest, Escapes) {
  EXPECT_EQ("a\nb", UnescapeClientText("a\\nb"));
  EXPECT_EQ("a\rb", UnescapeClientText("a\\rb"));
  EXPECT_EQ("a\\b", UnescapeClientText("a\\\\b"));
  EXPECT_EQ("aqb", UnescapeClientText("a\\qb"));
  EXPECT_EQ("\t", UnescapeClientText("\\x09"));
  EXPECT_EQ("\xff", UnescapeClientText("\\xFF"));
  EXPECT_EQ("\xab", UnescapeClientText("\\xaB"));
  EXPECT_EQ(std::string("a\0b", 3), UnescapeClientText("a\\x00b"));
  // The result of an escape is not looked at again.
  EXPECT_EQ("\\n", UnescapeClientText("\\\\n"));
}

TEST(ClientScriptTest, MalformedHexIsComputedAsClientDoes) {
  // No validation in client.c: 'Z' - '0' = 42, low nibble 0xA.
  EXPECT_EQ("\xaa", UnescapeClientText("\\xZZ"));
  EXPECT_EQ("\x4a" "b", UnescapeClientText("\\x4Zb"));
  // "\x" always eats two more characters; past the end they are NULs and the
  // result is shortened by what was eaten.
  EXPECT_EQ("ab", UnescapeClientText("ab\\x4"));
  EXPECT_EQ("", UnescapeClientText("\\x"));
  // A lone trailing backslash disappears.
  EXPECT_EQ("ab", UnescapeClientText("ab\\"));
}

TEST(ClientScriptTest, EscapeAtEndOfSendLineEatsPartOfCrlf) {
  // client.c unescapes after appending CRLF.
  EXPECT_EQ("ab\r\n", Parse("ab\\").text);
  EXPECT_EQ("ab\x4d\n", Parse("ab\\x4").text);
}

TEST(ClientScriptTest, EscapesInExpectedText) {
  EXPECT_EQ("a\tb", Parse("??? a\\x09b").text);
  // strncmp stops at a NUL: nothing after it takes part.
  EXPECT_EQ("ab", Parse("??? ab\\x00cd").text);
}

TEST(ClientScriptTest, Sleep) {
  ClientStep step = Parse("+++ 2");
  EXPECT_EQ(ClientStepKind::kSleep, step.kind);
  EXPECT_EQ(2, step.seconds);
  EXPECT_EQ(0, Parse("+++ x").seconds);
  EXPECT_EQ(3, Parse("+++  3s").seconds);
  EXPECT_EQ(ClientStepKind::kSend, Parse("+++1").kind);
}

TEST(ClientScriptTest, Include) {
  ClientStep step = Parse("<<< aux-fixed/script");
  EXPECT_EQ(ClientStepKind::kInclude, step.kind);
  EXPECT_EQ("aux-fixed/script", step.text);
}

TEST(ClientScriptTest, Atoi) {
  EXPECT_EQ(0, ClientAtoi(""));
  EXPECT_EQ(12, ClientAtoi(" \t12abc"));
  EXPECT_EQ(-4, ClientAtoi("-4"));
  EXPECT_EQ(5, ClientAtoi("+5"));
  EXPECT_EQ(2147483647, ClientAtoi("99999999999999999999"));
  EXPECT_EQ(-2147483647 - 1, ClientAtoi("-99999999999999999999"));
}

TEST(ClientScriptTest, EmbeddedNewlineIsTheOnlyError) {
  EXPECT_THROW(Parse("a\nb"), HarnessError);
  try {
    Parse("a\nb");
  } catch (const HarnessError& e) {
    EXPECT_EQ("s:7", e.loc().str());
  }
}

TEST(ClientScriptTest, ScriptNumbersLines) {
  std::vector<ClientStep> steps =
      ParseClientScript({"??? 220", "EHLO x", "??? 250"}, SourceLoc{"scripts/3650", 5});
  ASSERT_EQ(3u, steps.size());
  EXPECT_EQ("scripts/3650:5", steps[0].loc.str());
  EXPECT_EQ("scripts/3650:7", steps[2].loc.str());
  EXPECT_EQ(0, ParseClientScript({"a", "b"})[1].loc.line);
}

TEST(ClientScriptTest, SplitLikeFgets) {
  EXPECT_EQ(std::vector<std::string>{}, SplitClientLines(""));
  EXPECT_EQ((std::vector<std::string>{"a", "", "b "}), SplitClientLines("a\n\nb \n"));
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), SplitClientLines("a\nb"));
  EXPECT_EQ((std::vector<std::string>{""}), SplitClientLines("\n"));
  EXPECT_EQ(2u, ParseClientScriptText("??? 220\nquit\n").size());
}

}  // namespace
}  // namespace harness
