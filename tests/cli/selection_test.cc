// selection_test.cc - issue 15: choosing and repeating tests (--list,
// lists and ranges, --filter, --max-failures, --repeat), the wording for a
// missing test number, and coloured diffs.
#include <gtest/gtest.h>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class Selection : public FixtureSuite {};

TEST_F(Selection, ListPrintsNumbersAndTitlesAndRunsNothing) {
  RunResult r = Run({"--list", "9101", "9103", "9201-9202"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "9101 JUnit fixture: passes\n"
            "9103 JUnit fixture: skipped (unmet REQUIRES)\n"
            "9201 " + ReadFile(Script("9200-Timeouts/9201")).substr(2, ReadFile(Script("9200-Timeouts/9201")).find('\n') - 2) + "\n"
            "9202 " + ReadFile(Script("9200-Timeouts/9202")).substr(2, ReadFile(Script("9200-Timeouts/9202")).find('\n') - 2) + "\n");
  EXPECT_TRUE(Glob(work() + "/*").empty()) << "--list created run directories";
}

TEST_F(Selection, UpstreamRangeFormsStillWork) {
  RunResult two = Run({"--list", "9101", "9103"});  // FIRST LAST: a range
  EXPECT_EQ(two.out.substr(0, 5), "9101 ");
  EXPECT_NE(two.out.find("\n9102 "), std::string::npos) << two.out;
  EXPECT_NE(two.out.find("\n9103 "), std::string::npos) << two.out;
  RunResult plus = Run({"--list", "9300", "+"});
  EXPECT_EQ(plus.out.rfind("9301 ", 0), 0u) << plus.out;
  EXPECT_EQ(plus.exit_code, 0);
}

TEST_F(Selection, AMissingTestNumberIsNamedNotCalledARange) {
  RunResult r = Run({"9101", "9105", "9190-9199"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "runtest: no test numbered 9105, 9190-9199 in " + src() + "/scripts\n");
  EXPECT_TRUE(Glob(work() + "/*").empty());
}

TEST_F(Selection, FilterMatchesNumberAndTitle) {
  RunResult r = Run({"--list", "--filter", "fails|^9103"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "9102 JUnit fixture: fails (golden mismatch)\n"
            "9103 JUnit fixture: skipped (unmet REQUIRES)\n"
            "9104 JUnit fixture: fails at a script line (wrong exit status)\n");
  RunResult none = Run({"--filter=no such test"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no selected test matches --filter 'no such test'"), std::string::npos) << none.err;
  RunResult bad = Run({"--filter", "("});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--filter: bad regular expression '('"), std::string::npos) << bad.err;
}

TEST_F(Selection, MaxFailuresStopsAndReportsTheRestAsNotRun) {
  std::string xml = work() + "/out.xml";
  RunResult r = Run({"--max-failures", "1", "--junit", xml, "9101", "9102", "9103", "9104"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("9101/Junit JUnit fixture: passes PASS ("), std::string::npos);
  EXPECT_NE(r.out.find("9102/Junit JUnit fixture: fails (golden mismatch) FAIL ("), std::string::npos);
  EXPECT_EQ(r.out.find("9103/"), std::string::npos) << "ran after the limit";
  EXPECT_EQ(r.out.find("9104/"), std::string::npos) << "ran after the limit";
  EXPECT_NE(r.out.find("2 test(s) not run (--max-failures reached)\n1 passed, 1 failed, 0 skipped\n"),
            std::string::npos);
  std::string report = ReadFile(xml);
  EXPECT_NE(report.find("tests=\"4\""), std::string::npos) << report;
  EXPECT_NE(report.find("not run: --max-failures was reached"), std::string::npos) << report;
}

TEST_F(Selection, RepeatRunsEachTestNTimesAndTalliesTheVerdicts) {
  RunResult r = Run({"--repeat", "2", "9101", "9102"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("9101/Junit JUnit fixture: passes [run 1/2] PASS ("), std::string::npos);
  EXPECT_NE(r.out.find("9101/Junit JUnit fixture: passes [run 2/2] PASS ("), std::string::npos);
  EXPECT_NE(r.out.find("verdicts per test (--repeat):\n"
                       "  9101/Junit JUnit fixture: passes: 2 PASS\n"
                       "  9102/Junit JUnit fixture: fails (golden mismatch): 2 FAIL\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("\n2 passed, 2 failed, 0 skipped\n"), std::string::npos);
  RunResult bad = Run({"--repeat", "0", "9101"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--repeat needs a positive number"), std::string::npos) << bad.err;
}

TEST_F(Selection, DiffsAreColouredWhenAskedAndNoColorIsHonoured) {
  RunResult r = RunRuntest({"--source-dir", src(), "--work-dir", work(), "--color=always", "9102"});
  SCOPED_TRACE(Printed(r));
  EXPECT_NE(r.out.find("\033[32m+> no\033[0m"), std::string::npos);
  EXPECT_NE(r.out.find("\033[31m-> yes\033[0m"), std::string::npos);
}


// issue 15 item 3: --debug, the command log and replay.sh, --clean.
TEST_F(Selection, DebugKeepsExiMsDebugOutputOutOfTheComparison) {
  RunResult r = Run({"--debug=+expand", "9101"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("9101/Junit JUnit fixture: passes PASS ("), std::string::npos);
  EXPECT_NE(r.err.find("runtest: --debug: exim runs with -d+expand;"), std::string::npos);
  std::vector<std::string> kept = Glob(work() + "/9101.*");
  ASSERT_EQ(kept.size(), 1u) << "--debug keeps the run directory";
  std::string debug = ReadFile(kept[0] + "/debug-1.txt");
  EXPECT_NE(debug.find("Exim version"), std::string::npos) << debug;
  EXPECT_FALSE(Exists(kept[0] + "/normalised/stderr"));
  std::string log = ReadFile(kept[0] + "/commands.log");
  EXPECT_NE(log.find(" -d+expand -be\n"), std::string::npos) << log;
  EXPECT_NE(log.find(": exit status 0\n"), std::string::npos) << log;
  // replay.sh reruns the command by hand.
  std::string before = ReadFile(kept[0] + "/test-stdout");
  ASSERT_FALSE(before.empty());
  Child replay({"/bin/sh", kept[0] + "/replay.sh"});
  RunResult rr = replay.Wait(std::chrono::seconds(30));
  EXPECT_EQ(rr.exit_code, 0) << rr.out << rr.err;
  EXPECT_NE(rr.out.find("command 1: exit status 0"), std::string::npos) << rr.out;
  EXPECT_EQ(ReadFile(kept[0] + "/test-stdout"), before + before) << "the replay's output is appended";

  RunResult both = Run({"--debug", "--update", "9101"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--debug and --update cannot be combined"), std::string::npos) << both.err;

  RunResult clean = Run({"--clean"});
  EXPECT_EQ(clean.exit_code, 0) << Printed(clean);
  EXPECT_NE(clean.out.find("runtest: removed 1 kept run directory from " + work()), std::string::npos) << clean.out;
  EXPECT_TRUE(Glob(work() + "/9101.*").empty());
}

}  // namespace
}  // namespace cli
