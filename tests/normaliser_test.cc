// normaliser_test.cc - the normaliser's rule table (every example of every
// rule is a test of its own) and its rules against real Exim output.
#include "harness/normaliser.h"

#include <re2/re2.h>

#include <set>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "fake_dovecot/base64.h"
#include "harness/normalise_rules.h"

namespace harness {
namespace {

NormaliseContext TestContext() { return normalise::ExampleContext(); }

// --- The table's examples, one test each ---------------------------------

struct ExampleCase {
  const normalise::Rule* rule;
  int index;
};

void PrintTo(const ExampleCase& c, std::ostream* os) {
  *os << c.rule->name << " example " << c.index + 1;
}

std::vector<ExampleCase> AllExamples() {
  std::vector<ExampleCase> cases;
  for (const normalise::Rule& rule : normalise::Rules())
    for (int i = 0; i < 2; ++i)
      if (i == 0 || !rule.examples[i].input.empty()) cases.push_back({&rule, i});
  return cases;
}

std::string Terminated(std::string_view text) {
  return text.empty() ? std::string() : std::string(text) + "\n";
}

class RuleExample : public ::testing::TestWithParam<ExampleCase> {};

// The whole table turns the example's input into its output, and (when the
// example changes something) the table without this rule does not: the
// example shows this rule at work.
TEST_P(RuleExample, GivesItsOutput) {
  const normalise::Rule& rule = *GetParam().rule;
  const normalise::Example& example = rule.examples[GetParam().index];
  const Stream stream = normalise::FirstStream(rule.streams);
  Normaliser whole(normalise::ExampleContext());
  EXPECT_EQ(Terminated(example.output), whole.Normalise(Terminated(example.input), stream))
      << "rule " << rule.name << " on " << StreamName(stream);
  if (example.input != example.output) {
    NormaliserOptions without;
    without.disabled_rules = {std::string(rule.name)};
    Normaliser others(normalise::ExampleContext(), without);
    EXPECT_NE(Terminated(example.output), others.Normalise(Terminated(example.input), stream))
        << "rule " << rule.name << ": the example passes without the rule";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RuleExample, ::testing::ValuesIn(AllExamples()),
    [](const ::testing::TestParamInfo<ExampleCase>& info) {
      std::string name(info.param.rule->name);
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name + "_" + std::to_string(info.param.index + 1);
    });

TEST(RuleTable, EveryRowIsComplete) {
  std::set<std::string_view> names;
  for (const normalise::Rule& rule : normalise::Rules()) {
    SCOPED_TRACE(std::string(rule.name));
    EXPECT_TRUE(names.insert(rule.name).second) << "duplicate name";
    EXPECT_NE(0u, rule.streams);
    EXPECT_FALSE(rule.examples[0].input.empty()) << "no example";
    EXPECT_NE(rule.examples[0].input, rule.examples[0].output)
        << "the first example must show the rule changing something";
    if (rule.code) {
      EXPECT_TRUE(rule.pattern.empty());
      EXPECT_FALSE(rule.perl.empty()) << "a code rule needs its Perl port";
      continue;
    }
    EXPECT_TRUE(rule.perl.empty());
    std::string pattern;
    ASSERT_TRUE(normalise::ExpandPlaceholders(rule.pattern, normalise::ExampleContext(),
                                              [](std::string_view v) { return RE2::QuoteMeta(v); },
                                              &pattern));
    RE2 re(pattern, RE2::Latin1);
    ASSERT_TRUE(re.ok()) << re.error();
    std::string error;
    if (rule.replacement != normalise::kDropLine) {
      EXPECT_TRUE(re.CheckRewriteString(std::string(rule.replacement), &error)) << error;
    }
  }
}

TEST(RuleTable, Prefilters) {
  normalise::Prefilter none("");
  EXPECT_TRUE(none.Admits("anything"));
  normalise::Prefilter contains("id=");
  EXPECT_TRUE(contains.Admits("a uid=1"));
  EXPECT_FALSE(contains.Admits("a uid 1"));
  normalise::Prefilter starts("^Exim ");
  EXPECT_TRUE(starts.Admits("Exim version"));
  EXPECT_FALSE(starts.Admits(" Exim version"));
  normalise::Prefilter first("^[0123456789]");
  EXPECT_TRUE(first.Admits("2026-"));
  EXPECT_FALSE(first.Admits("x2026"));
  EXPECT_FALSE(first.Admits(""));
  normalise::Prefilter any("]:|^Port: |ort=");
  EXPECT_TRUE(any.Admits("x [1.2.3.4]:5"));
  EXPECT_TRUE(any.Admits("Port: 5"));
  EXPECT_FALSE(any.Admits("x Port: 5"));
  EXPECT_TRUE(any.Admits("x port=5"));
  EXPECT_FALSE(any.Admits("x port 5"));
  normalise::Prefilter digits("^####-##");
  EXPECT_TRUE(digits.Admits("2026-11 x"));
  EXPECT_FALSE(digits.Admits("2026-1x"));
  EXPECT_FALSE(digits.Admits("x2026-11"));
  // The pair gate: a line lacking one of a literal's byte pairs is refused
  // without a search, and every line holding the literal passes.
  normalise::Prefilter lit("listening for SMTP");
  EXPECT_TRUE(normalise::PairSet::Of("a listening for SMTP on").Contains(lit.necessary()));
  EXPECT_FALSE(lit.Admits("listening for smtp"));
}

TEST(RuleTable, Placeholders) {
  std::string out;
  auto same = [](std::string_view v) { return std::string(v); };
  ASSERT_TRUE(normalise::ExpandPlaceholders("a ${caller} ${caller_uid}.", TestContext(), same,
                                            &out));
  EXPECT_EQ("a alice 1000.", out);
  EXPECT_FALSE(normalise::ExpandPlaceholders("${nope}", TestContext(), same, &out));
  EXPECT_FALSE(normalise::ExpandPlaceholders("${caller}", NormaliseContext{}, same, &out));
}

// --- Behaviour across rules and files --------------------------------------

// Normalises one line (given without its newline) and returns it without one.
std::string One(const std::string& raw, Stream stream, NormaliseContext ctx = TestContext()) {
  Normaliser n(std::move(ctx));
  std::string out = n.Normalise(raw + "\n", stream);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

const char kGoldenDaemonLine[] =
    "1999-03-02 09:44:33 exim x.yz daemon started: pid=pppp, no queue runs, listening for SMTP "
    "on port 1225";

TEST(NormaliserTest, DaemonStartedLineFromStockExim) {
  EXPECT_EQ(kGoldenDaemonLine,
            One("2026-11-27 22:31:07 exim 4.96 daemon started: pid=41234, no queue runs, "
                "listening for SMTP on port 43817 (IPv6 and IPv4)",
                Stream::kLog));
}

// The first normaliser alive takes a shared byte-pair table and gives it
// back zeroed; one made while it is in use has its own. Either way every
// normaliser gives the same output, whatever came before it.
TEST(NormaliserTest, NormalisersAliveTogetherOrOneAfterAnotherAgree) {
  const std::string line =
      "2026-11-27 22:31:07 exim 4.96 daemon started: pid=41234, no queue runs, listening for SMTP on port 43817 (IPv4)";
  auto a = std::make_unique<Normaliser>(TestContext());
  Normaliser b(TestContext(), NormaliserOptions{});  // while a holds the shared table
  EXPECT_EQ(kGoldenDaemonLine, a->Normalise(line, Stream::kLog));
  EXPECT_EQ(kGoldenDaemonLine, b.Normalise(line, Stream::kLog));
  a.reset();
  Normaliser c(TestContext());  // the shared table again, as a left it
  EXPECT_EQ(kGoldenDaemonLine, c.Normalise(line, Stream::kLog));
  EXPECT_EQ("1 S> VERSION\\t1\\t2", c.Normalise("1 S> VERSION\\t1\\t2", Stream::kDovecot));
}

TEST(NormaliserTest, DaemonStartedLineAddressFamilyVariants) {
  const std::string prefix =
      "2026-11-27 22:31:07 exim 4.96 daemon started: pid=41234, no queue runs, listening for SMTP "
      "on";
  EXPECT_EQ(kGoldenDaemonLine, One(prefix + " port 43817 (IPv4)", Stream::kLog));
  EXPECT_EQ(kGoldenDaemonLine, One(prefix + " port 43817 (IPv6)", Stream::kLog));
  EXPECT_EQ(kGoldenDaemonLine, One(prefix + " port 43817 (IPv6 with IPv4)", Stream::kLog));
  EXPECT_EQ(kGoldenDaemonLine,
            One(prefix + " port 43817 (IPv6) port 43817 (IPv4)", Stream::kLog));
  // Specific interfaces keep their form, with the port mapped.
  EXPECT_EQ("1999-03-02 09:44:33 exim x.yz daemon started: pid=pppp, no queue runs, listening "
            "for SMTP on [127.0.0.1]:1225",
            One(prefix + " [127.0.0.1]:43817", Stream::kLog));
  EXPECT_EQ("1999-03-02 09:44:33 exim x.yz daemon started: pid=pppp, no queue runs, listening "
            "for SMTP on [127.0.0.1]:{1225,1226}",
            One(prefix + " [127.0.0.1]:{43817,43818}", Stream::kLog));
}

TEST(NormaliserTest, Ipv6TestKeepsAddressFamily) {
  NormaliseContext ctx = TestContext();
  ctx.ipv6_test = true;
  EXPECT_EQ("1999-03-02 09:44:33 exim x.yz daemon started: pid=pppp, no queue runs, listening "
            "for SMTP on port 1225 (IPv6 and IPv4)",
            One("2026-11-27 22:31:07 exim 4.96 daemon started: pid=41234, no queue runs, "
                "listening for SMTP on port 43817 (IPv6 and IPv4)",
                Stream::kLog, ctx));
}

TEST(NormaliserTest, VersionForms) {
  for (const char* v : {"4.96", "4.96.1", "4.97-RC2", "4.96 #2", "4.98_1"}) {
    EXPECT_EQ("<<< 220 myhost.test.ex ESMTP Exim x.yz Tue, 2 Mar 1999 09:44:33 +0000",
              One(std::string("<<< 220 myhost.test.ex ESMTP Exim ") + v +
                      " Fri, 27 Nov 2026 22:31:07 +0000",
                  Stream::kStdout))
        << v;
  }
  EXPECT_EQ("1999-03-02 09:44:33 exim x.yz daemon started: pid=pppp, no queue runs, listening "
            "for SMTP on port 1225",
            One("2026-11-27 22:31:07 exim 4.97.1 daemon started: pid=7, no queue runs, "
                "listening for SMTP on port 43817 (IPv4)",
                Stream::kLog));
  // Not a version: left alone.
  EXPECT_EQ("exim configuration", One("exim configuration", Stream::kLog));
}

TEST(NormaliserTest, BannerAndConnectLine) {
  EXPECT_EQ("<<< 220 myhost.test.ex ESMTP Exim x.yz Tue, 2 Mar 1999 09:44:33 +0000",
            One("<<< 220 myhost.test.ex ESMTP Exim 4.96 Fri, 27 Nov 2026 22:31:07 +0000",
                Stream::kStdout));
  EXPECT_EQ("<<< 220 myhost.test.ex ESMTP Exim x.yz Tue, 2 Mar 1999 09:44:33 +0000",
            One("<<< 220 myhost.test.ex ESMTP Exim 4.96 Mon, 1 Dec 2026 07:01:59 -0500",
                Stream::kStdout));
  EXPECT_EQ("Connecting to 127.0.0.1 port 1225 ... connected",
            One("Connecting to 127.0.0.1 port 43817 ... connected", Stream::kStdout));
}

TEST(NormaliserTest, LogDates) {
  const std::string tail = " dovecot authenticator failed for (xxxx) [127.0.0.1]: 535 "
                           "Incorrect authentication data (set_id=userx)";
  const std::string golden = "1999-03-02 09:44:33" + tail;
  EXPECT_EQ(golden, One("2026-11-27 22:31:07" + tail, Stream::kRejectLog));
  EXPECT_EQ(golden, One("2026-11-27 22:31:07 +0100" + tail, Stream::kLog));
  EXPECT_EQ(golden, One("2026-11-27 22:31:07.123" + tail, Stream::kLog));
  EXPECT_EQ(golden, One("2026-11-27 22:31:07.123 -0700" + tail, Stream::kLog));
  // Not a date at the start of a line.
  EXPECT_EQ("x 2026-11-27 22:31:07", One("x 2026-11-27 22:31:07", Stream::kLog));
  EXPECT_EQ("20261127 22:31:07", One("20261127 22:31:07", Stream::kLog));
}

TEST(NormaliserTest, MessageIdsAreRenumberedStablyAcrossFiles) {
  Normaliser n(TestContext());
  std::string log = n.Normalise(
      "2026-11-27 22:31:07 1qXyzA-000AbC-De <= a@b.c\n"
      "2026-11-27 22:31:08 1qXyzB-000AbC-Df <= d@e.f\n"
      "2026-11-27 22:31:09 1qXyzA-000AbC-De Completed\n",
      Stream::kLog);
  EXPECT_EQ("1999-03-02 09:44:33 10HmaX-0005vi-00 <= a@b.c\n"
            "1999-03-02 09:44:33 10HmaY-0005vi-00 <= d@e.f\n"
            "1999-03-02 09:44:33 10HmaX-0005vi-00 Completed\n",
            log);
  // A later file of the same test sees the same mapping and continues the series.
  EXPECT_EQ("Message 10HmaY-0005vi-00 and 10HmaZ-0005vi-00\n",
            n.Normalise("Message 1qXyzB-000AbC-Df and 1qXyzC-000AbC-Dg\n", Stream::kStdout));
  // 4.97+ 23-character ids continue the same series in the 4.96 form.
  EXPECT_EQ("10HmbA-0005vi-00 <=\n",
            n.Normalise("1qXyzD-00000000AbC-DeFg <=\n", Stream::kStdout));
  // A fresh Normaliser (next test) starts again at aX.
  Normaliser fresh(TestContext());
  EXPECT_EQ("10HmaX-0005vi-00\n", fresh.Normalise("1qXyzB-000AbC-Df\n", Stream::kLog));
}

// Line by line to a sink: the same text as the string form, in the same
// pieces as the lines that survive (a dropped line is no call, a last line
// without "\n" comes without one).
TEST(NormaliserTest, TextHandedOutLineByLineIsTheSameText) {
  const std::string raw =
      "2026-11-27 22:31:07 1qXyzA-000AbC-De <= a@b.c\n"
      "in tls_advertise_hosts? no (option unset)\n"  // dropped on stderr
      "\n"
      "2026-11-27 22:31:09 1qXyzA-000AbC-De Completed";
  for (Stream stream : {Stream::kLog, Stream::kStderr}) {
    Normaliser whole(TestContext()), pieces(TestContext());
    std::vector<std::string> got;
    pieces.Normalise(raw, stream, [&got](std::string_view text) { got.emplace_back(text); });
    std::string joined;
    for (const std::string& piece : got) joined += piece;
    EXPECT_EQ(whole.Normalise(raw, stream), joined) << StreamName(stream);
    std::vector<NormalisedLine> lines = Normaliser(TestContext()).NormaliseLines(raw, stream);
    ASSERT_EQ(lines.size(), got.size()) << StreamName(stream);
    EXPECT_EQ(stream == Stream::kStderr ? 3u : 4u, got.size()) << StreamName(stream);
    EXPECT_EQ(lines.back().text, got.back()) << "the last line, without a newline";
    for (std::size_t i = 0; i + 1 < got.size(); ++i) EXPECT_EQ(lines[i].text + "\n", got[i]);
  }
}

// Exim 4.97+ writes 6-11-4 base-62 ids where 4.96 writes 6-6-2: the same
// test's outputs from both versions normalise to the same text.
TEST(NormaliserTest, MessageIdFormsOfBothVersionsGiveTheSameText) {
  Normaliser v496(TestContext());
  Normaliser v499(TestContext());
  const std::string golden =
      "1999-03-02 09:44:33 10HmaX-0005vi-00 <= CALLER@myhost.test.ex U=CALLER P=local S=sss\n"
      "1999-03-02 09:44:33 10HmaY-0005vi-00 <= CALLER@myhost.test.ex U=CALLER P=local S=sss\n"
      "1999-03-02 09:44:33 10HmaX-0005vi-00 Completed\n";
  EXPECT_EQ(golden, v496.Normalise(
                        "2026-11-27 22:31:07 1tABCD-0005vi-00 <= alice@myhost.test.ex U=alice "
                        "P=local S=321\n"
                        "2026-11-27 22:31:08 1tABCE-0006Wz-00 <= alice@myhost.test.ex U=alice "
                        "P=local S=322\n"
                        "2026-11-27 22:31:09 1tABCD-0005vi-00 Completed\n",
                        Stream::kLog));
  EXPECT_EQ(golden, v499.Normalise(
                        "2026-11-27 22:31:07 1tABCD-000000005vi-0000 <= alice@myhost.test.ex "
                        "U=alice P=local S=321\n"
                        "2026-11-27 22:31:08 1tABCE-00000006Wz1-0Ab9 <= alice@myhost.test.ex "
                        "U=alice P=local S=322\n"
                        "2026-11-27 22:31:09 1tABCD-000000005vi-0000 Completed\n",
                        Stream::kLog));
  // A 6-11-4 id must start with a digit (Exim's time part), like upstream's.
  EXPECT_EQ("xABCDE-000000005vi-0000", One("xABCDE-000000005vi-0000", Stream::kLog));
}

TEST(NormaliserTest, ExtraRulesRunFirstAndOnTheirStreams) {
  RuleSpec sync;
  sync.name = "sync-check-data";
  sync.streams = MaskOf(Stream::kLog);
  sync.pattern = "^(.* next input=.{8}).*$";
  sync.replacement = "\\1<suppressed>";
  RuleSpec drop;
  drop.name = "drop-dnssec";
  drop.streams = MaskOf(Stream::kStderr);
  drop.pattern = "^Reverse DNS security status: unverified$";
  drop.drop = true;
  NormaliserOptions options;
  options.extra_rules = {sync, drop};
  Normaliser n(TestContext(), options);
  EXPECT_EQ("1999-03-02 09:44:33 error next input=\"1234567<suppressed>\n",
            n.Normalise("2026-11-27 22:31:07 error next input=\"1234567890\n", Stream::kLog));
  EXPECT_EQ("kept\n",
            n.Normalise("Reverse DNS security status: unverified\nkept\n", Stream::kStderr));
  // Not on other streams.
  EXPECT_EQ("Reverse DNS security status: unverified\n",
            n.Normalise("Reverse DNS security status: unverified\n", Stream::kStdout));
}

TEST(NormaliserTest, ExtraRuleWithBadPatternNamesItsLocation) {
  RuleSpec bad;
  bad.name = "bad";
  bad.streams = MaskOf(Stream::kLog);
  bad.pattern = "(unclosed";
  bad.loc = SourceLoc{"scripts/0000-Basic/munge", 7};
  NormaliserOptions options;
  options.extra_rules = {bad};
  try {
    Normaliser n(TestContext(), options);
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ("scripts/0000-Basic/munge:7", e.loc().str());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("missing )")) << e.what();
  }
}

TEST(NormaliserTest, ContextValuesWithPrefilterSyntaxStillMatch) {
  NormaliseContext ctx = TestContext();
  ctx.run_dir = "/tmp/a|^b#[c]";
  EXPECT_EQ("TESTSUITE/spool", One("/tmp/a|^b#[c]/spool", Stream::kLog, ctx));
}

TEST(NormaliserTest, MessageIdNeedsWholeToken) {
  EXPECT_EQ("x1qXyzA-000AbC-De", One("x1qXyzA-000AbC-De", Stream::kLog));
  EXPECT_EQ("1qXyzA-000AbC-Dex", One("1qXyzA-000AbC-Dex", Stream::kLog));
  EXPECT_EQ("spool/input/10HmaX-0005vi-00-D",
            One("spool/input/1qXyzA-000AbC-De-D", Stream::kStdout));
}

TEST(NormaliserTest, PortOnlyInPortContexts) {
  EXPECT_EQ("support 43817 and 43817 bytes, id 43817",
            One("support 43817 and 43817 bytes, id 43817", Stream::kLog));
  EXPECT_EQ("port 438170 stays", One("port 438170 stays", Stream::kLog));
  EXPECT_EQ("port 43819 unknown", One("port 43819 unknown", Stream::kLog));
  EXPECT_EQ("interface address=127.0.0.1 port=1225",
            One("interface address=127.0.0.1 port=43817", Stream::kStderr));
  EXPECT_EQ("PORT 1226", One("PORT 43818", Stream::kStderr));
  EXPECT_EQ("I=[127.0.0.1]:1225", One("I=[127.0.0.1]:43817", Stream::kLog));
}

TEST(NormaliserTest, EphemeralPortsRenumberedStably) {
  Normaliser n(TestContext());
  EXPECT_EQ("SMTP connection from [127.0.0.1]:1111 I=[127.0.0.1]:1225\n"
            "SMTP connection from [127.0.0.1]:1112\n"
            "SMTP connection from [127.0.0.1]:1111\n"
            "Connecting to [127.0.0.1]:54999\n",
            n.Normalise("SMTP connection from [127.0.0.1]:54321 I=[127.0.0.1]:43817\n"
                        "SMTP connection from [127.0.0.1]:54322\n"
                        "SMTP connection from [127.0.0.1]:54321\n"
                        "Connecting to [127.0.0.1]:54999\n",
                        Stream::kLog));
}

TEST(NormaliserTest, HostRunDirCallerAndEximUser) {
  EXPECT_EQ("the.local.host.name TESTSUITE/spool CALLER_HOME/x CALLER",
            One("buildhost.example.org /tmp/harness/run/3650/spool /home/alice/x alice",
                Stream::kLog));
  // Not inside longer names.
  EXPECT_EQ("sub.buildhost.example.org.uk malice alice2",
            One("sub.buildhost.example.org.uk malice alice2", Stream::kLog));
  EXPECT_EQ("uid=CALLER_UID gid=CALLER_GID euid=EXIM_UID egid=EXIM_GID",
            One("uid=1000 gid=1001 euid=101 egid=102", Stream::kStderr));
  EXPECT_EQ("uid=uuuu gid=gggg euid=uuuu egid=gggg pid=pppp",
            One("uid=7 gid=8 euid=9 egid=10 pid=11", Stream::kStderr));
  EXPECT_EQ("<= <> R=1 U=EXIMUSER P=local S=sss",
            One("<= <> R=1 U=Debian-exim P=local S=1234", Stream::kLog));
  EXPECT_EQ("EXIMUSER@myhost.test.ex", One("Debian-exim@myhost.test.ex", Stream::kLog));
  // An empty context changes nothing.
  EXPECT_EQ("x", One("x", Stream::kLog, NormaliseContext{}));
}

TEST(NormaliserTest, StderrRules) {
  Normaliser n(TestContext());
  std::string out = n.Normalise(
      "Exim version 4.96 #2 built 02-Jun-2023 10:00:00\n"
      "  4321 listening on all interfaces (IPv4) port 43817\n"
      "  4321 pid written to /tmp/harness/run/3650/spool/exim-daemon.pid\n"
      "auxiliary group list: 4 24\n"
      ">>>>>>>>>>>>>>>> Exim pid=4999 terminating with rc=0 >>>>>>>>>>>>>>>>\n"
      "Connection request from 127.0.0.1 port 54321\n",
      Stream::kStderr);
  EXPECT_EQ("Exim version x.yz ....\n"
            "listening on all interfaces (IPv4) port 1225\n"
            "pid written to TESTSUITE/spool/exim-daemon.pid\n"
            ">>>>>>>>>>>>>>>> Exim pid=pppp terminating with rc=0 >>>>>>>>>>>>>>>>\n"
            "Connection request from 127.0.0.1 port sssss\n",
            out);
}

TEST(NormaliserTest, PanicLogCrash) {
  Normaliser n(TestContext());
  EXPECT_EQ("1999-03-02 09:44:33 SIGSEGV (fault address: (nil))\n"
            "1999-03-02 09:44:33 SIGSEGV (pppp handling incoming connection from (client.ex) "
            "[127.0.0.1])\n"
            "1999-03-02 09:44:33 SIGSEGV (pppp handling incoming connection)\n"
            "1999-03-02 09:44:33 SIGBUS (fault address: 0xAAAAAAAA)\n",
            n.Normalise("2026-11-27 22:31:07 SIGSEGV (fault address: (nil))\n"
                        "2026-11-27 22:31:07 SIGSEGV (15818 handling incoming connection from "
                        "(client.ex) [127.0.0.1])\n"
                        "2026-11-27 22:31:07 SIGSEGV ( 1234 handling incoming connection)\n"
                        "2026-11-27 22:31:07 SIGBUS (fault address: 0x7ffd1234)\n",
                        Stream::kPanicLog));
}

// Exim 4.98+ logs the process purpose before the pid and a backtrace block;
// its frames (build paths, ASLR addresses, as many as the stack) are dropped.
TEST(NormaliserTest, CrashBacktraceOfExim499) {
  Normaliser n(TestContext());
  const std::string raw =
      "2026-12-03 12:57:59 SIGSEGV (daemon-accept:     9 handling incoming connection from "
      "(xxxx) [127.0.0.1]\n"
      ")\n"
      "2026-12-03 12:57:59 backtrace\n"
      "2026-12-03 12:57:59 ---\n"
      "2026-12-03 12:57:59 \t/opt/exim-4.99.1/bin/exim(+0x501e2) [0x56466da3e1e2]\n"
      "2026-12-03 12:57:59 \t/lib/x86_64-linux-gnu/libc.so.6(+0x3c050) [0x7fd2b265a050]\n"
      "2026-12-03 12:57:59 \t/lib/x86_64-linux-gnu/libc.so.6(__libc_start_main+0x85) "
      "[0x7fd2b2645305]\n"
      "2026-12-03 12:57:59 ---\n";
  const std::string golden =
      "1999-03-02 09:44:33 SIGSEGV (daemon-accept: pppp handling incoming connection from "
      "(xxxx) [127.0.0.1]\n"
      ")\n"
      "1999-03-02 09:44:33 backtrace\n"
      "1999-03-02 09:44:33 ---\n"
      "1999-03-02 09:44:33 ---\n";
  EXPECT_EQ(golden, n.Normalise(raw, Stream::kPanicLog));
  EXPECT_EQ(golden, n.Normalise(raw, Stream::kLog));
  // A 5-digit pid fills the field.
  EXPECT_EQ("1999-03-02 09:44:33 SIGSEGV (daemon-accept: pppp handling x)\n",
            n.Normalise("2026-12-03 12:57:59 SIGSEGV (daemon-accept: 12345 handling x)\n",
                        Stream::kLog));
}

// Rules see the line as earlier rules left it: a literal that only appears
// after a change (here in the middle of the line) still brings its rule in,
// also with more rules than one 64-bit mask holds.
TEST(NormaliserTest, DispatchFollowsChanges) {
  NormaliserOptions options;
  options.builtin_rules = false;
  auto plain = [](std::string name, std::string from, std::string to) {
    RuleSpec r;
    r.name = std::move(name);
    r.streams = MaskOf(Stream::kLog);
    r.pattern = std::move(from);
    r.replacement = std::move(to);
    return r;
  };
  options.extra_rules.push_back(plain("a", "foo", "bar"));
  for (int i = 0; i < 140; ++i)
    options.extra_rules.push_back(plain("filler" + std::to_string(i), "Zq" + std::to_string(i) + "Q", "-"));
  options.extra_rules.push_back(plain("b", "obarq", "HIT"));
  options.extra_rules.push_back(plain("c", "HITx", "DONE"));
  Normaliser n(TestContext(), options);
  EXPECT_EQ("x HIT y\nx DONE --\nno obar\n",
            n.Normalise("x ofooq y\nx ofooqx Zq7QZq139Q\nno obar\n", Stream::kLog));
}

TEST(NormaliserTest, ErrnoAndSizes) {
  EXPECT_EQ("H=[127.0.0.1] Connection refused (dd): Connection refused errno=dd",
            One("H=[127.0.0.1] Connection refused (111): Connection refused errno=111",
                Stream::kLog));
  EXPECT_EQ("connect: Network Error", One("connect: Network is unreachable", Stream::kLog));
  EXPECT_EQ("<<< 250-SIZE 52428800", One("<<< 250-SIZE 52428800", Stream::kStdout));
  EXPECT_EQ("MAIL FROM:<a@b> SIZE=ssss", One("MAIL FROM:<a@b> SIZE=1234", Stream::kStderr));
  EXPECT_EQ("xS=1234", One("xS=1234", Stream::kLog));
}

TEST(NormaliserTest, DovecotTranscript) {
  Normaliser n(TestContext());
  // Escaped tabs (as the fake responder writes them) ...
  EXPECT_EQ("VERSION\\t1\\t2\nSPID\\tpppp\nCUID\\tcccc\nCOOKIE\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
            "CPID\\tpppp\n",
            n.Normalise("VERSION\\t1\\t2\nSPID\\t4242\nCUID\\t17\n"
                        "COOKIE\\t0123456789abcdef0123456789ABCDEF\nCPID\\t41235\n",
                        Stream::kDovecot));
  // ... and real tabs.
  EXPECT_EQ("CPID\tpppp\nCOOKIE\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
            n.Normalise("CPID\t41235\nCOOKIE\t0123456789abcdef0123456789abcdef\n",
                        Stream::kDovecot));
  // Not a cookie (31 hex digits) and not a number.
  EXPECT_EQ("COOKIE\\t0123456789abcdef0123456789abcde\nCPID\\tabc\n",
            n.Normalise("COOKIE\\t0123456789abcdef0123456789abcde\nCPID\\tabc\n",
                        Stream::kDovecot));
}

TEST(NormaliserTest, CramMd5Challenge) {
  const std::string fixed =
      fake_dovecot::Base64Encode("<1896.697170952@postoffice.reston.mci.net>");
  const std::string raw =
      fake_dovecot::Base64Encode("<8370295011274815.1764282667@dovecot.host>");
  EXPECT_EQ("CONT\\t1\\t" + fixed, One("CONT\\t1\\t" + raw, Stream::kDovecot));
  EXPECT_EQ("CONT\t1\t" + fixed, One("CONT\t1\t" + raw, Stream::kDovecot));
  EXPECT_EQ("<<< 334 " + fixed, One("<<< 334 " + raw, Stream::kStdout));
  // Other base64 (an AUTH PLAIN response) is left alone.
  EXPECT_EQ("AUTH\\t1\\tPLAIN\\tservice=smtp\\tresp=AHVzZXJ4AHNlY3JldA==",
            One("AUTH\\t1\\tPLAIN\\tservice=smtp\\tresp=AHVzZXJ4AHNlY3JldA==", Stream::kDovecot));
  EXPECT_EQ("CONT\\t1\\tAHVzZXJ4AHNlY3JldA==", One("CONT\\t1\\tAHVzZXJ4AHNlY3JldA==",
                                                 Stream::kDovecot));
}

TEST(NormaliserTest, DroppedLinesKeepRawLineNumbers) {
  Normaliser n(TestContext());
  std::vector<NormalisedLine> lines = n.NormaliseLines(
      "first\ntranslate_ip_address = x\nConnecting to 127.0.0.1 port 43817 ... connected",
      Stream::kStdout);
  ASSERT_EQ(2u, lines.size());
  EXPECT_EQ("first", lines[0].text);
  EXPECT_EQ(1, lines[0].raw_line);
  EXPECT_TRUE(lines[0].has_newline);
  EXPECT_EQ("Connecting to 127.0.0.1 port 1225 ... connected", lines[1].text);
  EXPECT_EQ("Connecting to 127.0.0.1 port 43817 ... connected", lines[1].raw);
  EXPECT_EQ(3, lines[1].raw_line);
  EXPECT_FALSE(lines[1].has_newline);
  // The missing final newline survives.
  Normaliser m(TestContext());
  EXPECT_EQ("a\nb", m.Normalise("a\nb", Stream::kStdout));
  EXPECT_EQ("", m.Normalise("", Stream::kStdout));
  EXPECT_EQ("\n\n", m.Normalise("\n\n", Stream::kStdout));
}

TEST(NormaliserTest, RuleNamesInTableOrder) {
  std::vector<std::string_view> names = Normaliser::RuleNames();
  ASSERT_EQ(normalise::Rules().size(), names.size());
  EXPECT_EQ("run-dir", names.front());
}

TEST(NormaliserTest, MagicIncrementAndStrictBase64) {
  EXPECT_EQ("aY", normalise::MagicIncrement("aX"));
  EXPECT_EQ("bA", normalise::MagicIncrement("aZ"));
  EXPECT_EQ("aaA", normalise::MagicIncrement("zZ"));
  EXPECT_EQ("a10", normalise::MagicIncrement("a09"));
  std::string out;
  for (std::string s : {std::string("a"), std::string("ab"), std::string("abc"),
                        std::string("abcd"), std::string("\0\xff", 2)}) {
    ASSERT_TRUE(fake_dovecot::Base64Decode(fake_dovecot::Base64Encode(s), &out));
    EXPECT_EQ(s, out);
  }
  EXPECT_EQ("AHVzZXJ4AHNlY3JldA==",
            fake_dovecot::Base64Encode(std::string("\0userx\0secret", 13)));
  EXPECT_FALSE(fake_dovecot::Base64Decode("", &out));
  EXPECT_FALSE(fake_dovecot::Base64Decode("abc", &out));
  EXPECT_FALSE(fake_dovecot::Base64Decode("ab!d", &out));
  EXPECT_FALSE(fake_dovecot::Base64Decode("ab c", &out));
  EXPECT_FALSE(fake_dovecot::Base64Decode("a===", &out));
  EXPECT_FALSE(fake_dovecot::Base64Decode("ab==cd==", &out));
}

}  // namespace
}  // namespace harness
