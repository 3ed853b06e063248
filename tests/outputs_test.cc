// outputs_test.cc - assembly of compared outputs; the full 3650 case from raw
// stock Exim 4.96 output to the seed golden files.
#include "harness/outputs.h"
#include "harness/file_io.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace harness {
namespace {

std::string ReadGolden(const std::string& kind) {
  std::string path = std::string(TESTS_SOURCE_DIR) + "/../expected/" + kind + "/3650";
  std::optional<std::string> text = ReadWholeFile(path);
  EXPECT_TRUE(text.has_value()) << path;
  return text.value_or("");
}

NormaliseContext Context3650() {
  NormaliseContext ctx;
  ctx.hostname = "ci-runner-7f3a";
  ctx.run_dir = "/work/main/build/run/3650";
  ctx.caller = "builder";
  ctx.caller_uid = 1000;
  ctx.caller_gid = 1000;
  ctx.caller_home = "/home/builder";
  ctx.exim_user = "Debian-exim";
  ctx.exim_uid = 101;
  ctx.exim_gid = 103;
  ctx.ports = {{43817, 1225}};
  return ctx;
}

// Raw files as a run of 3650 against stock Exim 4.96 leaves them.
const char kRawServerMainlog[] =
    "2026-11-27 22:31:07 exim 4.96 daemon started: pid=41234, no queue runs, listening for SMTP "
    "on port 43817 (IPv6 and IPv4)\n"
    "2026-11-27 22:31:07 dovecot authenticator failed for (xxxx) [127.0.0.1]: 535 Incorrect "
    "authentication data (set_id=userx)\n";
const char kRawServerRejectlog[] =
    "2026-11-27 22:31:07 dovecot authenticator failed for (xxxx) [127.0.0.1]: 535 Incorrect "
    "authentication data (set_id=userx)\n";
const char kRawStdout[] =
    "Connecting to 127.0.0.1 port 43817 ... connected\n"
    "??? 220\n"
    "<<< 220 myhost.test.ex ESMTP Exim 4.96 Fri, 27 Nov 2026 22:31:07 +0000\n"
    ">>> EHLO xxxx\n"
    "??? 250-\n"
    "<<< 250-myhost.test.ex Hello xxxx [127.0.0.1]\n"
    "??? 250-\n"
    "<<< 250-SIZE 52428800\n"
    "??? 250-\n"
    "<<< 250-PIPELINING\n"
    "??? 250-\n"
    "<<< 250-AUTH PLAIN\n"
    "??? 250\n"
    "<<< 250 HELP\n"
    ">>> AUTH PLAIN AHVzZXJ4AHNlY3JldA==\n"
    "??? 535\n"
    "<<< 535 Incorrect authentication data\n"
    ">>> quit\n"
    "??? 221\n"
    "<<< 221 myhost.test.ex closing connection\n"
    "End of script\n";

TEST(OutputsTest, Test3650FromStockExim) {
  Normaliser n(Context3650());
  const std::optional<std::string> absent;
  // runtest order: paniclog, rejectlog, log, stdout, stderr.
  EXPECT_EQ("", AssembleOutput(absent, absent, Stream::kPanicLog, n));
  EXPECT_EQ(ReadGolden("rejectlog"),
            AssembleOutput(absent, std::string(kRawServerRejectlog), Stream::kRejectLog, n));
  EXPECT_EQ(ReadGolden("log"),
            AssembleOutput(absent, std::string(kRawServerMainlog), Stream::kLog, n));
  EXPECT_EQ(ReadGolden("stdout"), AssembleOutput(std::string(kRawStdout), absent,
                                                 Stream::kStdout, n));
  // 2>>test-stderr-server creates an empty file: only the header remains.
  EXPECT_EQ(ReadGolden("stderr"), AssembleOutput(absent, std::string(), Stream::kStderr, n));
  EXPECT_EQ("\n******** SERVER ********\n", ReadGolden("stderr"));
}

TEST(OutputsTest, LinesVariantMatchesTextAndKeepsRawLines) {
  Normaliser n(Context3650());
  std::vector<OutputLine> lines =
      AssembleOutputLines(std::nullopt, std::string(kRawServerMainlog), Stream::kLog, n);
  ASSERT_EQ(4u, lines.size());
  EXPECT_EQ(LineOrigin::kHeader, lines[0].origin);
  EXPECT_EQ("", lines[0].line.text);
  EXPECT_EQ("******** SERVER ********", lines[1].line.text);
  EXPECT_EQ(LineOrigin::kServer, lines[2].origin);
  EXPECT_EQ(1, lines[2].line.raw_line);
  EXPECT_NE(std::string::npos, lines[2].line.raw.find("(IPv6 and IPv4)"));
  EXPECT_EQ(2, lines[3].line.raw_line);
  EXPECT_EQ(ReadGolden("log"), JoinOutputLines(lines));
}

TEST(OutputsTest, AssemblyRules) {
  Normaliser n(NormaliseContext{});
  const std::optional<std::string> absent;
  EXPECT_EQ("", AssembleOutput(absent, absent, Stream::kLog, n));
  EXPECT_EQ("", AssembleOutput(std::string(), absent, Stream::kLog, n));
  EXPECT_EQ("a\n", AssembleOutput(std::string("a\n"), absent, Stream::kLog, n));
  EXPECT_EQ("a\n\n******** SERVER ********\nb\n",
            AssembleOutput(std::string("a\n"), std::string("b\n"), Stream::kLog, n));
  // The header's leading newline ends an unterminated main file.
  EXPECT_EQ("a\n******** SERVER ********\nb",
            AssembleOutput(std::string("a"), std::string("b"), Stream::kLog, n));
  for (auto main : {std::optional<std::string>(), std::optional<std::string>(""),
                    std::optional<std::string>("a"), std::optional<std::string>("a\n")}) {
    for (auto server : {std::optional<std::string>(), std::optional<std::string>(""),
                        std::optional<std::string>("b"), std::optional<std::string>("b\n\n")}) {
      EXPECT_EQ(AssembleOutput(main, server, Stream::kStdout, n),
                JoinOutputLines(AssembleOutputLines(main, server, Stream::kStdout, n)));
    }
  }
}

TEST(OutputsTest, SpecsInRuntestOrder) {
  const std::vector<OutputSpec>& specs = OutputSpecs();
  ASSERT_EQ(6u, specs.size());
  EXPECT_STREQ("paniclog", specs[0].name);
  EXPECT_STREQ("rejectlog", specs[1].name);
  EXPECT_STREQ("log", specs[2].name);
  EXPECT_STREQ("spool/log/mainlog", specs[2].main_raw);
  EXPECT_STREQ("spool/log/servermainlog", specs[2].server_raw);
  EXPECT_STREQ("stdout", specs[3].name);
  EXPECT_STREQ("test-stdout-server", specs[3].server_raw);
  EXPECT_STREQ("stderr", specs[4].name);
  EXPECT_EQ(Stream::kStderr, SpecOf(OutputKind::kStderr).stream);
  EXPECT_STREQ("spool/log/serverpaniclog", SpecOf(OutputKind::kPanicLog).server_raw);
  // The Dovecot transcript is a kind like the others, compared when its golden exists.
  EXPECT_STREQ("dovecot", specs[5].name);
  EXPECT_EQ(nullptr, specs[5].server_raw);
  EXPECT_EQ(CompareWhen::kWhenGoldenExists, SpecOf(OutputKind::kDovecot).when);
}

}  // namespace
// upstream runtest's `sortlog`: runs of delivery lines sorted, the note first.
TEST(SortDeliveryLines, SortsEachRunOfDeliveryLinesAndPutsTheNoteFirst) {
  auto line = [](const std::string& text) {
    OutputLine l;
    l.line.text = text;
    return l;
  };
  const std::string t = "1999-03-02 09:44:33 ";
  std::vector<OutputLine> lines = {
      line(t + "10HmaX-000000005vi-0000 <= CALLER@myhost.test.ex U=CALLER P=local S=sss"),
      line(t + "10HmaX-000000005vi-0000 *> b@test.ex R=r1 T=t1"),
      line(t + "10HmaX-000000005vi-0000 => a@test.ex R=r1 T=t1"),
      line(t + "10HmaX-000000005vi-0000 -> c@test.ex R=r1 T=t1"),
      line(t + "10HmaX-000000005vi-0000 Completed"),
      line(t + "10HmaY-000000005vi-0000 ==> z@test.ex R=r1 T=t1"),
      line(t + "10HmaY-000000005vi-0000 => y@test.ex R=r1 T=t1"),
      line("1999-03-02 09:44:33.123 10HmaZ-000000005vi-0000 => x@test.ex"),  // with milliseconds
      line(t + "10HmaZ-000000005vi-0000 => w@test.ex"),
      line(t + "short-id => not a delivery line"),
  };
  SortDeliveryLines(&lines);
  std::vector<std::string> got;
  for (const OutputLine& l : lines) got.push_back(l.line.text);
  const std::vector<std::string> want = {
      kSortedNote,
      t + "10HmaX-000000005vi-0000 <= CALLER@myhost.test.ex U=CALLER P=local S=sss",
      t + "10HmaX-000000005vi-0000 *> b@test.ex R=r1 T=t1",
      t + "10HmaX-000000005vi-0000 -> c@test.ex R=r1 T=t1",
      t + "10HmaX-000000005vi-0000 => a@test.ex R=r1 T=t1",
      t + "10HmaX-000000005vi-0000 Completed",
      t + "10HmaY-000000005vi-0000 ==> z@test.ex R=r1 T=t1",  // as strings: '=' < '>'
      t + "10HmaY-000000005vi-0000 => y@test.ex R=r1 T=t1",
      t + "10HmaZ-000000005vi-0000 => w@test.ex",  // ' ' < '.'
      "1999-03-02 09:44:33.123 10HmaZ-000000005vi-0000 => x@test.ex",
      t + "short-id => not a delivery line",
  };
  EXPECT_EQ(want, got);
  EXPECT_EQ(LineOrigin::kHeader, lines[0].origin);
}

}  // namespace harness

namespace harness {
namespace {

// Lines as AssembleOutputLines makes them (each with its "\n").
std::vector<OutputLine> TruncLines(const std::vector<std::string>& texts) {
  std::vector<OutputLine> lines;
  for (const std::string& t : texts) {
    OutputLine l;
    l.line.text = t;
    lines.push_back(std::move(l));
  }
  return lines;
}

std::vector<std::string> TruncTexts(const std::vector<OutputLine>& lines) {
  std::vector<std::string> texts;
  for (const OutputLine& l : lines) texts.push_back(l.line.text);
  return texts;
}

std::vector<std::string> Aligned(const std::vector<std::string>& ours, std::string_view golden) {
  std::vector<OutputLine> lines = TruncLines(ours);
  AlignTruncatedLines(&lines, golden);
  return TruncTexts(lines);
}

const std::string kMark = "*** truncated ***";

TEST(HasTruncatedMarker, FindsRuntestsMarkerOnly) {
  EXPECT_TRUE(HasTruncatedMarker("a\n*** truncated ***\n"));
  EXPECT_TRUE(HasTruncatedMarker("x *** truncated *** y"));
  // Exim's debug "**** debug string too long - truncated ****" is not it.
  EXPECT_FALSE(HasTruncatedMarker("**** debug string too long - truncated ****\n"));
  EXPECT_FALSE(HasTruncatedMarker(""));
}

// rejectlog/0162: our user name is shorter, one more recipient (cut short)
// fits before the marker; runtest removes it back to the golden's line.
TEST(AlignTruncatedLines, RemovesTheExtraLinesBeforeTheMarker) {
  const std::string golden = "head\n  <u283@hotmail.com>,\n  <u284@bigfoot.com>,\n" + kMark + "\ntail\n";
  EXPECT_EQ((std::vector<std::string>{"head", "  <u283@hotmail.com>,", "  <u284@bigfoot.com>,", kMark, "tail"}),
            Aligned({"head", "  <u283@hotmail.com>,", "  <u284@bigfoot.com>,", "  <u285@onli", kMark, "tail"}, golden));
  EXPECT_EQ((std::vector<std::string>{"head", "  <u283@hotmail.com>,", "  <u284@bigfoot.com>,", kMark, "tail"}),
            Aligned({"head", "  <u283@hotmail.com>,", "  <u284@bigfoot.com>,", "x1", "x2", "x3", kMark, "tail"}, golden));
  // Fewer lines than the golden: no line to go back to; nothing changes.
  const std::vector<std::string> fewer = {"head", "  <u283@hotmail.com>,", "  <u28", kMark, "tail"};
  EXPECT_EQ(fewer, Aligned(fewer, golden));
}

TEST(AlignTruncatedLines, NothingChangesWithoutAMarkerInTheGolden) {
  const std::vector<std::string> ours = {"head", "a", "b", "extra", kMark, "tail"};
  EXPECT_EQ(ours, Aligned(ours, "head\na\nb\ntail\n"));
  EXPECT_EQ(ours, Aligned(ours, ""));
}

TEST(AlignTruncatedLines, NothingChangesWithoutAMarkerInOurs) {
  const std::vector<std::string> ours = {"head", "a", "b", "extra", "tail"};
  EXPECT_EQ(ours, Aligned(ours, "head\na\nb\n" + kMark + "\ntail\n"));
}

TEST(AlignTruncatedLines, NothingChangesWithoutTheGoldensPreviousLine) {
  const std::vector<std::string> ours = {"head", "a", "c", "extra", kMark, "tail"};
  EXPECT_EQ(ours, Aligned(ours, "head\na\nb\n" + kMark + "\ntail\n"));
}

// runtest's `last if $k <= 0`: a match on the first line counts as none.
TEST(AlignTruncatedLines, AMatchOnTheFirstLineCountsAsNone) {
  const std::vector<std::string> ours = {"b", "extra", kMark, "tail"};
  EXPECT_EQ(ours, Aligned(ours, "b\n" + kMark + "\ntail\n"));
  EXPECT_EQ((std::vector<std::string>{"a", "b", kMark, "tail"}),
            Aligned({"a", "b", "extra", kMark, "tail"}, "a\nb\n" + kMark + "\ntail\n"));
}

// Perl's eq compares the "\n" too.
TEST(AlignTruncatedLines, ComparesTheLineEnd) {
  std::vector<OutputLine> lines = TruncLines({"head", "b", "extra", kMark});
  lines[1].line.has_newline = false;  // cannot happen in an assembled file; the comparison sees it
  AlignTruncatedLines(&lines, "head\nb\n" + kMark + "\n");
  EXPECT_EQ(4u, lines.size());
}

TEST(AlignTruncatedLines, TwoMarkersEachAlignedWithTheLinesBeforeIt) {
  // runtest does not advance j past the golden's marker it found: our
  // second marker is aligned with the line before the golden's FIRST marker.
  const std::string golden = "a\nb\n" + kMark + "\nc\nb\n" + kMark + "\nz\n";
  EXPECT_EQ((std::vector<std::string>{"a", "b", kMark, "c", "b", kMark, "z"}),
            Aligned({"a", "b", "x", kMark, "c", "b", "y1", "y2", kMark, "z"}, golden));
}

TEST(AlignTruncatedLines, ASecondMarkerUsesTheGoldensFirstMarker) {
  // Exactly runtest: the golden's second marker follows "d", but our second
  // marker looks back for "b" (before the golden's first marker) and removes
  // everything after it.
  const std::string golden = "a\nb\n" + kMark + "\nc\nd\n" + kMark + "\nz\n";
  EXPECT_EQ((std::vector<std::string>{"a", "b", kMark, "z"}),
            Aligned({"a", "b", "x", kMark, "c", "d", "y", kMark, "z"}, golden));
}

TEST(AlignTruncatedLines, StopsAtTheFirstMarkerItCannotAlign) {
  // `last`: after a failed marker, later ones are left as they are.
  const std::vector<std::string> ours = {"a", "q", "x", kMark, "c", "b", "y", kMark, "z"};
  EXPECT_EQ(ours, Aligned(ours, "a\nb\n" + kMark + "\nz\n"));
}

TEST(AlignTruncatedLines, AGoldenStartingWithTheMarkerLooksForItsLastLine) {
  // $saved[$j - 1] with $j == 0 is Perl's $saved[-1], the golden's last line.
  EXPECT_EQ((std::vector<std::string>{"h", "last", kMark}), Aligned({"h", "last", "x", kMark}, kMark + "\nlast\n"));
}

}  // namespace
}  // namespace harness
