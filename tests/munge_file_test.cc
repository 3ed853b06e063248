// munge_file_test.cc - the extra-rules file format (harness/munge_file.h).
#include "harness/munge_file.h"

#include <string>

#include <gtest/gtest.h>

namespace harness {
namespace {

const char kGood[] =
    "# Suite-wide extra rules\n"
    "\n"
    "rule sync-check-data\n"
    "streams log rejectlog\n"
    "pattern ^(.* SMTP protocol synchronization error .* next input=.{8}).*$\n"
    "replace \\1<suppressed>\n"
    "example x SMTP protocol synchronization error (y) next input=ABCDEFGHIJ\n"
    "result x SMTP protocol synchronization error (y) next input=ABCDEFGH<suppressed>\n"
    "\n"
    "rule drop-dnssec\n"
    "streams stderr\n"
    "pattern ^Reverse DNS security status: unverified$\n"
    "drop\n"
    "example Reverse DNS security status: unverified\n"
    "\n"
    "rule home-mail\n"
    "streams all\n"
    "pattern ${caller_home}/mail\n"
    "replace MAILDIR\n";

TEST(MungeFile, ParsesRules) {
  std::vector<RuleSpec> rules = ParseExtraRules(kGood, "scripts/0000-Basic/munge");
  ASSERT_EQ(3u, rules.size());
  EXPECT_EQ("sync-check-data", rules[0].name);
  EXPECT_EQ(MaskOf(Stream::kLog) | MaskOf(Stream::kRejectLog), rules[0].streams);
  EXPECT_EQ("^(.* SMTP protocol synchronization error .* next input=.{8}).*$", rules[0].pattern);
  EXPECT_EQ("\\1<suppressed>", rules[0].replacement);
  EXPECT_FALSE(rules[0].drop);
  EXPECT_EQ("scripts/0000-Basic/munge:3", rules[0].loc.str());
  EXPECT_TRUE(rules[1].drop);
  EXPECT_EQ(MaskOf(Stream::kStderr), rules[1].streams);
  EXPECT_EQ(6u, __builtin_popcount(rules[2].streams));
  EXPECT_TRUE(ParseExtraRules("# nothing\n\n", "f").empty());
  EXPECT_TRUE(ParseExtraRules("", "f").empty());
}

TEST(MungeFile, RulesWorkInTheNormaliser) {
  NormaliseContext ctx;
  ctx.caller_home = "/home/alice";
  NormaliserOptions options;
  options.extra_rules = ParseExtraRules(kGood, "munge");
  Normaliser n(ctx, options);
  EXPECT_EQ("MAILDIR/inbox\n", n.Normalise("/home/alice/mail/inbox\n", Stream::kStdout));
  EXPECT_EQ("", n.Normalise("Reverse DNS security status: unverified\n", Stream::kStderr));
}

// Every error names file:line and says what is wrong.
void ExpectError(const std::string& text, const std::string& where, const std::string& what) {
  try {
    ParseExtraRules(text, "t.munge");
    ADD_FAILURE() << "no error for:\n" << text;
  } catch (const HarnessError& e) {
    EXPECT_EQ(where, e.loc().str()) << e.what();
    EXPECT_NE(std::string::npos, e.message().find(what)) << e.what();
  }
}

TEST(MungeFile, Errors) {
  ExpectError("streams log\n", "t.munge:1", "before the first rule");
  ExpectError("rule Bad_Name\n", "t.munge:1", "use a-z");
  ExpectError("rule a\nstreams log\npattern x\nreplace y\nrule a\n", "t.munge:5", "defined twice");
  ExpectError("rule a\nstreams log\npattern x\nreplace y\nfrobnicate z\n", "t.munge:5",
              "unknown key \"frobnicate\"");
  ExpectError("rule a\n  streams log\n", "t.munge:2", "must start the line");
  ExpectError("rule a\nstreams log mail\n", "t.munge:2", "unknown stream \"mail\"");
  ExpectError("rule a\nstreams\n", "t.munge:2", "at least one stream");
  ExpectError("rule a\nstreams log\nstreams log\n", "t.munge:3", "second streams");
  ExpectError("rule a\npattern x\nreplace y\n", "t.munge:1", "no streams");
  ExpectError("rule a\nstreams log\nreplace y\n", "t.munge:1", "no pattern");
  ExpectError("rule a\nstreams log\npattern x\n", "t.munge:1", "neither replace nor drop");
  ExpectError("rule a\nstreams log\npattern x\nreplace y\ndrop\n", "t.munge:5", "second replace");
  ExpectError("rule a\nstreams log\npattern x\ndrop now\n", "t.munge:4", "drop takes no value");
  ExpectError("rule a\nstreams log\npattern\n", "t.munge:3", "empty pattern");
  // RE2's own message for a bad pattern, at the rule's line.
  ExpectError("\nrule a\nstreams log\npattern a(b\nreplace y\n", "t.munge:2", "missing )");
  ExpectError("rule a\nstreams log\npattern a[b\nreplace y\n", "t.munge:1", "missing ]");
  // Look-around is not RE2 (linear time): rejected with RE2's message.
  ExpectError("rule a\nstreams log\npattern a(?=b)\nreplace y\n", "t.munge:1", "bad pattern");
  ExpectError("rule a\nstreams log\npattern (a)\nreplace \\2\n", "t.munge:1", "bad replacement");
  ExpectError("rule a\nstreams log\npattern ${nope}\nreplace y\n", "t.munge:1",
              "unknown placeholder");
  // Examples are checked.
  ExpectError("rule a\nstreams log\npattern b\nreplace c\nexample abc\nresult abc\n", "t.munge:6",
              "example gives \"acc\"");
  ExpectError("rule a\nstreams log\npattern b\nreplace c\nexample abc\n", "t.munge:5",
              "without a result");
  ExpectError("rule a\nstreams log\npattern b\nreplace c\nresult x\n", "t.munge:5",
              "result without an example");
  ExpectError("rule a\nstreams log\npattern b\ndrop\nexample xyz\n", "t.munge:5", "not dropped");
  ExpectError("rule a\nstreams log\npattern b\ndrop\nexample b\nresult b\n", "t.munge:5",
              "has no result");
}

TEST(MungeFile, Paths) {
  EXPECT_EQ((std::vector<std::string>{"scripts/3600-Dovecot/munge",
                                      "scripts/3600-Dovecot/3650.munge"}),
            ExtraRulePaths("scripts/3600-Dovecot/3650"));
}

}  // namespace
}  // namespace harness
