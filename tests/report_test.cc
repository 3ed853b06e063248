// report_test.cc - console lines, JUnit XML (parsed back with pugixml and
// queried with XPath), control-character stripping and exit statuses, from
// TestResult values built here (pure: nothing runs).
#include "harness/report.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <pugixml.hpp>
#include <regex>

namespace harness {
namespace {

TestResult Result(const std::string& number, const std::string& title, Outcome outcome, double seconds = 1.25) {
  TestResult r;
  r.test.number = std::stoi(number);
  r.test.name = number;
  r.test.suite = "Dovecot";
  r.test.script_path = "/src/scripts/3650-Dovecot/" + number;
  r.test.suite_dir = "/src/scripts/3650-Dovecot";
  r.title = title;
  r.outcome = outcome;
  r.seconds = seconds;
  return r;
}

TestResult Mismatch() {
  TestResult r = Result("3651", "Dovecot: wrong password", Outcome::kFail, 2.5);
  r.reason = Diagnostic{SourceLoc{}, "expected/log/3651 differs"};
  OutputCheck c;
  c.kind = "log";
  c.expected_path = "expected/log/3651";
  c.matched = false;
  c.summary = "expected/log/3651:2: first difference";
  c.diff = "--- expected/log/3651\n+++ actual log (normalised)\n@@ -2 +2 @@\n-535 Incorrect\n+535 Wrong\n";
  c.raw_lines.push_back(RawLineNote{2, false, 7, "535 Wrong"});
  r.checks.push_back(c);
  r.run_dir = "/build/work/3651.abcdef";
  r.run_dir_kept = true;
  return r;
}

TestResult CommandFailed() {
  TestResult r = Result("3652", "Dovecot: stall", Outcome::kTimeout, 3);
  r.failed_at = SourceLoc{"/src/scripts/3650-Dovecot/3652", 4};
  r.reason = Diagnostic{*r.failed_at, "client"};
  r.command_failed = true;
  return r;
}

TestResult Skipped() {
  TestResult r = Result("3653", "Dovecot: IPv6", Outcome::kSkip, 0.001);
  r.reason = Diagnostic{SourceLoc{}, "missing running IPv6 (Exim built without IPv6)"};
  return r;
}

TestResult Errored() {
  TestResult r = Result("3654", "", Outcome::kError, 0);
  r.failed_at = SourceLoc{"/src/scripts/3650-Dovecot/3654", 3};
  r.reason = Diagnostic{*r.failed_at, "unknown command 'frobnicate'"};
  return r;
}

pugi::xml_document Parse(const std::string& xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_string(xml.c_str());
  EXPECT_TRUE(ok) << ok.description() << "\n" << xml;
  return doc;
}

std::string Text(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_node(xpath).node().text().get();
}
std::string Attr(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_node(xpath).attribute().value();
}

TEST(ReportTest, JUnitHasOneTestcasePerTestAndTheCounts) {
  std::vector<TestResult> results{Result("3650", "Dovecot authentication (server only)", Outcome::kPass),
                                  Mismatch(), CommandFailed(), Skipped(), Errored()};
  auto doc = Parse(JUnitXml(results));
  EXPECT_EQ(doc.select_nodes("/testsuites/testsuite").size(), 1u);
  EXPECT_EQ(doc.select_nodes("/testsuites/testsuite/testcase").size(), 5u);
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@name"), "runtest");
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@tests"), "5");
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@failures"), "2");
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@errors"), "1");
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@skipped"), "1");
  EXPECT_EQ(Attr(doc, "/testsuites/testsuite/@time"), "6.751");
  EXPECT_EQ(Attr(doc, "//testcase[1]/@name"), "3650 Dovecot authentication (server only)");
  EXPECT_EQ(Attr(doc, "//testcase[1]/@classname"), "exim.fake.Dovecot");
  EXPECT_EQ(Attr(doc, "//testcase[1]/@time"), "1.250");
  EXPECT_FALSE(doc.select_node("//testcase[1]/*"));
  // A test without a title is named by its number alone.
  EXPECT_EQ(Attr(doc, "//testcase[5]/@name"), "3654");
}

TEST(ReportTest, JUnitTimesArePlainDecimals) {
  // A double attribute could be printed as 1e-05, which is no xs:decimal.
  auto doc = Parse(JUnitXml({Result("3650", "t", Outcome::kPass, 0.00001), Result("3651", "t", Outcome::kPass, 1e7)}));
  EXPECT_EQ(Attr(doc, "//testcase[1]/@time"), "0.000");
  EXPECT_EQ(Attr(doc, "//testcase[2]/@time"), "10000000.000");
  for (auto n : doc.select_nodes("//@time")) {
    EXPECT_TRUE(std::regex_match(std::string(n.attribute().value()), std::regex(R"(\d+\.\d{3})")))
        << n.attribute().value();
  }
}

TEST(ReportTest, JUnitFailureCarriesTheDiff) {
  auto doc = Parse(JUnitXml({Mismatch()}));
  auto failure = doc.select_node("//testcase/failure");
  ASSERT_TRUE(failure);
  EXPECT_EQ(Attr(doc, "//testcase/failure/@type"), "FAIL");
  EXPECT_EQ(Attr(doc, "//testcase/failure/@message"), "expected/log/3651 differs");
  std::string text = Text(doc, "//testcase/failure");
  EXPECT_NE(text.find("expected/log/3651:2: first difference"), std::string::npos) << text;
  EXPECT_NE(text.find("    -535 Incorrect\n    +535 Wrong\n"), std::string::npos) << text;
  EXPECT_NE(text.find("+2 <- raw line 7: 535 Wrong"), std::string::npos) << text;  // always verbose
  EXPECT_NE(text.find("run directory kept: /build/work/3651.abcdef"), std::string::npos) << text;
}

TEST(ReportTest, JUnitFailureNamesTheScriptLine) {
  auto doc = Parse(JUnitXml({CommandFailed()}));
  // The message names the line once.
  EXPECT_EQ(Attr(doc, "//testcase/failure/@message"), "timed out at /src/scripts/3650-Dovecot/3652:4 (client)");
  std::string text = Text(doc, "//testcase/failure");
  EXPECT_EQ(text.rfind("script line: /src/scripts/3650-Dovecot/3652:4\n", 0), 0u) << text;
}

TEST(ReportTest, JUnitMessageNamesAScriptLineTheReasonLacks) {
  TestResult r = Mismatch();
  r.failed_at = SourceLoc{"/src/scripts/3650-Dovecot/3651", 9};
  auto doc = Parse(JUnitXml({r}));
  EXPECT_EQ(Attr(doc, "//testcase/failure/@message"),
            "at /src/scripts/3650-Dovecot/3651:9: expected/log/3651 differs");
}

TEST(ReportTest, JUnitSkipAndError) {
  auto doc = Parse(JUnitXml({Skipped(), Errored()}));
  EXPECT_EQ(Attr(doc, "//testcase[1]/skipped/@message"), "missing running IPv6 (Exim built without IPv6)");
  EXPECT_FALSE(doc.select_node("//testcase[1]/failure"));
  EXPECT_EQ(Attr(doc, "//testcase[2]/error/@type"), "ERROR");
  EXPECT_EQ(Attr(doc, "//testcase[2]/error/@message"),
            "/src/scripts/3650-Dovecot/3654:3: unknown command 'frobnicate'");
  EXPECT_NE(Text(doc, "//testcase[2]/error").find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(ReportTest, JUnitStripsControlCharactersEverywhere) {
  TestResult r = Mismatch();
  r.title = std::string("title\x01\x1b[31m red\x7f", 17);
  r.test.suite = "Dove\x02" "cot";
  r.reason.message = std::string("bad \x00 byte \x0c form feed", 22);
  r.checks[0].diff = "@@ -1 +1 @@\n-ok\n+\x1b[1mbold\x1b[0m \xff\xfe invalid utf-8 \xc3\xa9 valid\n";
  std::string xml = JUnitXml({r, Skipped()});
  for (unsigned char c : xml) {
    EXPECT_TRUE(c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c != 0x7f)) << "byte " << int(c);
  }
  auto doc = Parse(xml);
  EXPECT_EQ(Attr(doc, "//testcase[1]/@name"), "3651 title[31m red");
  EXPECT_EQ(Attr(doc, "//testcase[1]/@classname"), "exim.fake.Dovecot");
  EXPECT_EQ(Attr(doc, "//testcase[1]/failure/@message"), "bad  byte  form feed");
  std::string text = Text(doc, "//testcase[1]/failure");
  EXPECT_NE(text.find("+[1mbold[0m  invalid utf-8 \xc3\xa9 valid"), std::string::npos) << text;
}

TEST(ReportTest, JUnitEscapesMarkup) {
  TestResult r = Mismatch();
  r.checks[0].diff = "+<tag attr=\"x\"> & ]]> '\n";
  auto doc = Parse(JUnitXml({r}));
  EXPECT_NE(Text(doc, "//failure").find("+<tag attr=\"x\"> & ]]> '"), std::string::npos);
}

TEST(ReportTest, StripControlCharacters) {
  EXPECT_EQ(StripControlCharacters("plain\ttext\r\n"), "plain\ttext\r\n");
  EXPECT_EQ(StripControlCharacters(std::string("a\x00" "b\x01\x1f\x7f" "c", 7)), "abc");
  EXPECT_EQ(StripControlCharacters("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(StripControlCharacters("\xc3"), "");                 // truncated sequence
  EXPECT_EQ(StripControlCharacters("a\x80" "b\xff" "c"), "abc");  // stray continuation, invalid lead
  EXPECT_EQ(StripControlCharacters(""), "");
}

TEST(ReportTest, ExitStatusFor) {
  auto pass = Result("3650", "", Outcome::kPass);
  auto fail = Result("3651", "", Outcome::kFail);
  auto skip = Result("3652", "", Outcome::kSkip);
  auto error = Result("3653", "", Outcome::kError);
  EXPECT_EQ(ExitStatusFor({}), 77);
  EXPECT_EQ(ExitStatusFor({pass}), 0);
  EXPECT_EQ(ExitStatusFor({pass, skip}), 0);
  EXPECT_EQ(ExitStatusFor({skip}), 77);
  EXPECT_EQ(ExitStatusFor({skip, skip}), 77);
  EXPECT_EQ(ExitStatusFor({pass, fail, skip}), 1);
  EXPECT_EQ(ExitStatusFor({fail, error}), 2);
  EXPECT_EQ(ExitStatusFor({error, pass}), 2);
}

TEST(ReportTest, ResolveColor) {
  EXPECT_TRUE(ResolveColor("always", -1));
  EXPECT_FALSE(ResolveColor("never", 1));
  EXPECT_FALSE(ResolveColor("auto", -1));  // not a terminal
  EXPECT_THROW(ResolveColor("sometimes", 1), HarnessError);
}

/// What a ConsoleReporter prints, through a memory stream.
std::string Console(bool color, bool verbose, const std::vector<TestResult>& results) {
  char* buf = nullptr;
  size_t size = 0;
  FILE* f = open_memstream(&buf, &size);
  ConsoleReporter reporter(f, color, verbose);
  for (const auto& r : results) {
    reporter.TestStarted(r.test);
    reporter.TestFinished(r);
  }
  reporter.Summary(results);
  fclose(f);
  std::string text(buf, size);
  free(buf);
  return text;
}

TEST(ReportTest, ConsoleOneLinePerTestAndSummary) {
  std::string out = Console(false, false, {Result("3650", "Dovecot authentication (server only)", Outcome::kPass),
                                          Skipped(), CommandFailed()});
  EXPECT_EQ(out,
            "3650 Dovecot authentication (server only) PASS (1.25s)\n"
            "3653 Dovecot: IPv6 SKIP (0.00s)\n"
            "  skipped: missing running IPv6 (Exim built without IPv6)\n"
            "3652 Dovecot: stall FAIL (3.00s)\n"
            "  timed out at /src/scripts/3650-Dovecot/3652:4 (client)\n"
            "1 test(s) timed out\n"
            "1 passed, 1 failed, 1 skipped\n");
}

TEST(ReportTest, ConsoleErrorsCountAsFailedAndAreAnnounced) {
  std::string out = Console(false, false, {Errored()});
  EXPECT_NE(out.find("3654/Dovecot ERROR (0.00s)\n  /src/scripts/3650-Dovecot/3654:3: unknown command"),
            std::string::npos) << out;
  EXPECT_NE(out.find("1 test(s) could not run (harness or input error)\n0 passed, 1 failed, 0 skipped\n"),
            std::string::npos) << out;
}

TEST(ReportTest, ConsoleColourOnlyWhenAsked) {
  std::string plain = Console(false, false, {Mismatch()});
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  std::string painted = Console(true, false, {Result("3650", "t", Outcome::kPass), Mismatch(), Skipped()});
  EXPECT_NE(painted.find("\033[32mPASS\033[0m"), std::string::npos);
  EXPECT_NE(painted.find("\033[31mFAIL\033[0m"), std::string::npos);
  EXPECT_NE(painted.find("\033[33mSKIP\033[0m"), std::string::npos);
}

TEST(ReportTest, ConsoleVerboseShowsTheRawLines) {
  std::string quiet = Console(false, false, {Mismatch()});
  std::string verbose = Console(false, true, {Mismatch()});
  EXPECT_EQ(quiet.find("<- raw line 7"), std::string::npos);
  EXPECT_NE(verbose.find("    +2 <- raw line 7: 535 Wrong\n"), std::string::npos);
  EXPECT_NE(quiet.find("    -535 Incorrect\n    +535 Wrong\n"), std::string::npos);
  EXPECT_NE(quiet.find("  run directory kept: /build/work/3651.abcdef\n"), std::string::npos);
}

TEST(ReportTest, ExitStatusForTimeoutsAndInterruptions) {
  EXPECT_EQ(ExitStatusFor({Result("3650", "", Outcome::kPass), Result("3651", "", Outcome::kTimeout)}), 1);
  EXPECT_EQ(ExitStatusFor({Result("3650", "", Outcome::kInterrupted)}), 1);
}

TestResult Interrupted() {
  TestResult r = Result("3655", "Dovecot: long", Outcome::kInterrupted, 0.5);
  r.signal = 15;
  r.reason = Diagnostic{SourceLoc{}, "interrupted by SIGTERM"};
  r.run_dir = "/build/work/3655.abcdef";
  r.run_dir_kept = true;
  return r;
}

TEST(ReportTest, JUnitTimeoutIsAFailureOfTypeTimeout) {
  auto doc = Parse(JUnitXml({CommandFailed()}));
  EXPECT_EQ(Attr(doc, "//testcase/failure/@type"), "TIMEOUT");
  EXPECT_EQ(Attr(doc, "//testsuite/@failures"), "1");
}

TEST(ReportTest, JUnitInterruptedIsAnErrorSayingWhichSignal) {
  auto doc = Parse(JUnitXml({Result("3650", "t", Outcome::kPass), Interrupted()}));
  EXPECT_EQ(Attr(doc, "//testcase[2]/error/@type"), "INTERRUPTED");
  EXPECT_EQ(Attr(doc, "//testcase[2]/error/@message"), "interrupted by SIGTERM");
  EXPECT_FALSE(doc.select_node("//failure"));
  EXPECT_EQ(Attr(doc, "//testsuite/@errors"), "1");
  EXPECT_EQ(Attr(doc, "//testsuite/@tests"), "2");
}

TEST(ReportTest, ConsoleInterruptedAndTimeoutLines) {
  std::string out = Console(false, false, {Interrupted()});
  EXPECT_EQ(out,
            "3655 Dovecot: long INTERRUPTED (0.50s)\n"
            "  interrupted by SIGTERM\n"
            "  run directory kept: /build/work/3655.abcdef\n"
            "1 test(s) interrupted by a signal\n"
            "0 passed, 1 failed, 0 skipped\n");
  EXPECT_STREQ(ConsoleLabel(Outcome::kTimeout), "FAIL");
}

TEST(ReportTest, ReasonTextFormatsTheLocationOnce) {
  EXPECT_EQ(ReasonText(Errored()), "/src/scripts/3650-Dovecot/3654:3: unknown command 'frobnicate'");
  EXPECT_EQ(ReasonText(CommandFailed()), "timed out at /src/scripts/3650-Dovecot/3652:4 (client)");
  EXPECT_EQ(ReasonText(Skipped()), "missing running IPv6 (Exim built without IPv6)");
  EXPECT_EQ(RawLineText(RawLineNote{3, true, 9, "a\x01" "b"}), "    +3 <- raw server line 9: a\\x01b\n");
}


// issue 15 item 4: diffs coloured on a terminal, the raw file named, no
// "Dovecot Dovecot".
TEST(ReportTest, ConsoleColoursTheDiff) {
  std::string painted = Console(true, false, {Mismatch()});
  EXPECT_NE(painted.find("    \033[31m-535 Incorrect\033[0m\n    \033[32m+535 Wrong\033[0m\n"), std::string::npos)
      << painted;
  EXPECT_NE(painted.find("\033[36m@@ -2 +2 @@\033[0m"), std::string::npos) << painted;
  // JUnit bodies never carry escape codes.
  EXPECT_EQ(JUnitXml({Mismatch()}).find("[31m"), std::string::npos);
}

TEST(ReportTest, ColourAutoHonoursNoColorAndDumbTerminals) {
  // "always" and "never" are explicit; "auto" on no terminal is off anyway,
  // so check the environment on a pseudo-terminal when one can be opened.
  int fd = posix_openpt(O_RDWR | O_NOCTTY);
  if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0) GTEST_SKIP() << "no pseudo-terminal";
  int tty = open(ptsname(fd), O_RDWR | O_NOCTTY);
  ASSERT_GE(tty, 0);
  std::string old_term = getenv("TERM") ? getenv("TERM") : "";
  unsetenv("NO_COLOR");
  setenv("TERM", "xterm", 1);
  EXPECT_TRUE(ResolveColor("auto", tty));
  setenv("NO_COLOR", "", 1);  // any value, even empty
  EXPECT_FALSE(ResolveColor("auto", tty));
  EXPECT_TRUE(ResolveColor("always", tty));
  unsetenv("NO_COLOR");
  setenv("TERM", "dumb", 1);
  EXPECT_FALSE(ResolveColor("auto", tty));
  setenv("TERM", old_term.c_str(), 1);
  close(tty);
  close(fd);
}

TEST(ReportTest, VerboseNamesTheRawFileAndLine) {
  RawLineNote note{2, true, 7, "535 Wrong", "dovecot/transcript"};
  EXPECT_EQ(RawLineText(note), "    +2 <- dovecot/transcript:7: 535 Wrong\n");
}

TEST(ReportTest, ConsoleNameDropsASuiteTheTitleRepeats) {
  EXPECT_EQ(ConsoleName(Result("3650", "Dovecot authentication", Outcome::kPass)), "3650 Dovecot authentication");
  EXPECT_EQ(ConsoleName(Result("3650", "Dovecot: x", Outcome::kPass)), "3650 Dovecot: x");
  EXPECT_EQ(ConsoleName(Result("3650", "Dovecots", Outcome::kPass)), "3650/Dovecot Dovecots");
  EXPECT_EQ(ConsoleName(Result("3650", "PLAIN", Outcome::kPass)), "3650/Dovecot PLAIN");
  EXPECT_EQ(ConsoleName(Result("3650", "", Outcome::kPass)), "3650/Dovecot");
}

// issue 15 item 5: classnames tell fake from real Dovecot and the Exim version.
TEST(ReportTest, JUnitClassnamesAndPropertiesNameEximAndDovecot) {
  RunFacts real{"4.96", "/usr/sbin/exim4", "real"};
  auto doc = Parse(JUnitXml({Result("3650", "t", Outcome::kPass)}, real));
  EXPECT_EQ(Attr(doc, "//testcase[1]/@classname"), "exim-4.96.real.Dovecot");
  EXPECT_EQ(Attr(doc, "//testsuite/properties/property[@name='exim.version']/@value"), "4.96");
  EXPECT_EQ(Attr(doc, "//testsuite/properties/property[@name='exim.binary']/@value"), "/usr/sbin/exim4");
  EXPECT_EQ(Attr(doc, "//testsuite/properties/property[@name='dovecot']/@value"), "real");
  RunFacts fake{"4.99.1", "/x/exim", "fake"};
  EXPECT_EQ(JUnitClassName(Result("3650", "t", Outcome::kPass), fake), "exim-4.99.1.fake.Dovecot");
}

// issue 15 item 2: --max-failures' NOT RUN and --repeat's tally.
TEST(ReportTest, NotRunIsNeitherPassedNorFailed) {
  TestResult not_run = Result("3651", "t", Outcome::kNotRun, 0);
  std::vector<TestResult> results{CommandFailed(), not_run};
  std::string out = Console(false, false, results);
  EXPECT_NE(out.find("1 test(s) not run (--max-failures reached)\n0 passed, 1 failed, 0 skipped\n"), std::string::npos)
      << out;
  EXPECT_EQ(ExitStatusFor(results), 1);
  auto doc = Parse(JUnitXml(results));
  EXPECT_EQ(Attr(doc, "//testcase[2]/skipped/@message"), "not run: --max-failures was reached");
}

TEST(ReportTest, RepeatTallyCountsVerdictsPerTest) {
  auto run = [](const char* number, Outcome o, int k) {
    TestResult r = Result(number, "Dovecot: x", o);
    r.run = k;
    r.runs = 3;
    return r;
  };
  std::vector<TestResult> results{run("3650", Outcome::kPass, 1), run("3650", Outcome::kFail, 2),
                                  run("3650", Outcome::kPass, 3), run("3651", Outcome::kPass, 1),
                                  run("3651", Outcome::kPass, 2), run("3651", Outcome::kPass, 3)};
  EXPECT_EQ(RepeatTally(results),
            "verdicts per test (--repeat):\n"
            "  3650 Dovecot: x: 1 FAIL, 2 PASS (flaky)\n"
            "  3651 Dovecot: x: 3 PASS\n");
  EXPECT_EQ(RepeatTally({Result("3650", "t", Outcome::kPass)}), "");
  std::string out = Console(false, false, {results[1]});
  EXPECT_NE(out.find("3650 Dovecot: x [run 2/3] FAIL ("), std::string::npos) << out;
  EXPECT_EQ(Attr(Parse(JUnitXml(results)), "//testcase[2]/@name"), "3650 Dovecot: x [run 2/3]");
}


TEST(ReportTest, ProgressLineIsReplacedByTheVerdict) {
  char* buf = nullptr;
  size_t size = 0;
  FILE* f = open_memstream(&buf, &size);
  ConsoleReporter reporter(f, false, false);
  reporter.ShowProgress(2);
  TestResult r = Result("3650", "Dovecot authentication", Outcome::kPass);
  reporter.TestStarted(r.test);
  reporter.TestFinished(r);
  fclose(f);
  std::string text(buf, size);
  free(buf);
  EXPECT_EQ(text, "\r[1/2] 3650 ...\033[K\r\033[K3650 Dovecot authentication PASS (1.25s)\n");
  EXPECT_FALSE(WantProgress(-1));
}

}  // namespace
}  // namespace harness
