// differ_test.cc - unified diff hunks, line numbers, summaries.
#include "harness/differ.h"
#include "harness/file_io.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace harness {
namespace {

std::string Numbered(int n, int changed = 0) {
  std::string s;
  for (int i = 1; i <= n; ++i)
    s += (i == changed ? "CHANGED " : "line ") + std::to_string(i) + "\n";
  return s;
}

TEST(DifferTest, EqualTextsHaveNoDiff) {
  DiffResult r = Diff("a\nb\n", "a\nb\n");
  EXPECT_TRUE(r.equal);
  EXPECT_TRUE(r.hunks.empty());
  EXPECT_EQ("", r.unified);
  EXPECT_EQ("", r.summary);
}

TEST(DifferTest, OneLineChangeWithContext) {
  DiffOptions opt;
  opt.expected_label = "expected/log/3650";
  DiffResult r = Diff(Numbered(10), Numbered(10, 5), opt);
  ASSERT_FALSE(r.equal);
  ASSERT_EQ(1u, r.hunks.size());
  EXPECT_EQ("@@ -2,7 +2,7 @@", r.hunks[0].Header());
  EXPECT_EQ(5, r.first_expected_line);
  EXPECT_EQ("expected/log/3650:5: first difference", r.summary);
  EXPECT_EQ("--- expected/log/3650\n"
            "+++ actual (normalised)\n"
            "@@ -2,7 +2,7 @@\n"
            " line 2\n line 3\n line 4\n"
            "-line 5\n"
            "+CHANGED 5\n"
            " line 6\n line 7\n line 8\n",
            r.unified);
  const DiffLine& minus = r.hunks[0].lines[3];
  EXPECT_EQ('-', minus.op);
  EXPECT_EQ(5, minus.expected_line);
  EXPECT_EQ(0, minus.actual_line);
  const DiffLine& plus = r.hunks[0].lines[4];
  EXPECT_EQ('+', plus.op);
  EXPECT_EQ(5, plus.actual_line);
}

TEST(DifferTest, ChangeAtStartAndEnd) {
  EXPECT_EQ("@@ -1,4 +1,4 @@", Diff(Numbered(10), Numbered(10, 1)).hunks[0].Header());
  EXPECT_EQ("@@ -7,4 +7,4 @@", Diff(Numbered(10), Numbered(10, 10)).hunks[0].Header());
  EXPECT_EQ("@@ -1 +1 @@", Diff("a\n", "b\n").hunks[0].Header());
}

TEST(DifferTest, DistantChangesMakeTwoHunks) {
  std::string actual = Numbered(30);
  actual.replace(actual.find("line 3\n"), 7, "three\n");
  actual.replace(actual.find("line 25\n"), 8, "");
  DiffResult r = Diff(Numbered(30), actual);
  ASSERT_EQ(2u, r.hunks.size());
  EXPECT_EQ("@@ -1,6 +1,6 @@", r.hunks[0].Header());
  EXPECT_EQ("@@ -22,7 +22,6 @@", r.hunks[1].Header());
  EXPECT_EQ(3, r.first_expected_line);
}

TEST(DifferTest, NearbyChangesMerge) {
  std::string actual = Numbered(20);
  actual.replace(actual.find("line 5\n"), 7, "five\n");
  actual.replace(actual.find("line 11\n"), 8, "eleven\n");  // 5 equal lines between
  DiffResult r = Diff(Numbered(20), actual);
  ASSERT_EQ(1u, r.hunks.size());
  EXPECT_EQ("@@ -2,13 +2,13 @@", r.hunks[0].Header());
}

TEST(DifferTest, InsertionsDeletionsAndEmptySides) {
  EXPECT_EQ("--- expected\n+++ actual (normalised)\n@@ -0,0 +1,2 @@\n+a\n+b\n",
            Diff("", "a\nb\n").unified);
  EXPECT_EQ("@@ -1 +0,0 @@", Diff("a\n", "").hunks[0].Header());
  DiffResult r = Diff("a\nb\n", "a\nb\nc\n");
  EXPECT_EQ("@@ -1,2 +1,3 @@", r.hunks[0].Header());
  EXPECT_EQ(3, r.first_expected_line);  // just past the end of expected
  EXPECT_EQ(3, r.first_actual_line);
}

TEST(DifferTest, MissingFinalNewlineIsVisible) {
  DiffResult r = Diff("a\nb\n", "a\nb");
  ASSERT_FALSE(r.equal);
  EXPECT_EQ("--- expected\n+++ actual (normalised)\n"
            "@@ -1,2 +1,2 @@\n"
            " a\n"
            "-b\n"
            "+b\n"
            "\\ No newline at end of file\n",
            r.unified);
  EXPECT_EQ(2, r.first_expected_line);
}

TEST(DifferTest, BytesAreKept) {
  DiffResult r = Diff("a\tb\x01\n", "a\tb\x02\n");
  EXPECT_NE(std::string::npos, r.unified.find("-a\tb\x01\n+a\tb\x02\n"));
}

TEST(DifferTest, OneLineChangeInSeedGoldenPointsAtThatLine) {
  const std::string golden = ReadWholeFile(std::string(TESTS_SOURCE_DIR) + "/../expected/log/3650").value_or("");
  ASSERT_FALSE(golden.empty());
  std::string actual = golden;
  std::size_t at = actual.find("535 Incorrect");
  ASSERT_NE(std::string::npos, at);
  actual.replace(at, 3, "454");
  DiffOptions opt;
  opt.expected_label = "expected/log/3650";
  DiffResult r = Diff(golden, actual, opt);
  EXPECT_EQ("expected/log/3650:4: first difference", r.summary);
  ASSERT_EQ(1u, r.hunks.size());
  EXPECT_EQ("@@ -1,4 +1,4 @@", r.hunks[0].Header());
  EXPECT_EQ('-', r.hunks[0].lines[3].op);
  EXPECT_EQ(4, r.hunks[0].lines[3].expected_line);
  EXPECT_EQ('+', r.hunks[0].lines[4].op);
  EXPECT_EQ(4, r.hunks[0].lines[4].actual_line);
}

TEST(DifferTest, RepeatedLineChangeStaysOneGroup) {
  // Myers alone yields "+c5 / l29 / -l29"; diff -u shows one change.
  DiffResult r = Diff("l9\nl29\nl29\nl10\n", "l9\nc5\nl29\nl10\n");
  EXPECT_EQ("--- expected\n+++ actual (normalised)\n@@ -1,4 +1,4 @@\n l9\n-l29\n+c5\n l29\n l10\n",
            r.unified);
  // Without a neighbouring change a run goes as far down as it can.
  EXPECT_EQ("--- expected\n+++ actual (normalised)\n@@ -1,3 +1,2 @@\n a\n a\n-a\n",
            Diff("a\na\na\n", "a\na\n").unified);
}

TEST(DifferTest, CapFallsBackToWholeReplace) {
  DiffOptions opt;
  opt.max_cells = 4;
  std::string a = Numbered(10);
  std::string b = "x\n" + Numbered(10, 5) + "y\n";
  DiffResult r = Diff(a, b, opt);
  EXPECT_TRUE(r.approximate);
  ASSERT_EQ(1u, r.hunks.size());
  EXPECT_EQ("@@ -1,10 +1,12 @@", r.hunks[0].Header());
}

// Reference LCS length by dynamic programming.
int Lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t[a.size()][b.size()];
}

TEST(DifferTest, RandomDiffsAreMinimalAndReconstructBothSides) {
  std::mt19937 rng(3650);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> a(rng() % 15), b(rng() % 15);
    for (auto& s : a) s = std::string(1, static_cast<char>('a' + rng() % 4));
    for (auto& s : b) s = std::string(1, static_cast<char>('a' + rng() % 4));
    std::string ta, tb;
    for (auto& s : a) ta += s + "\n";
    for (auto& s : b) tb += s + "\n";
    DiffOptions opt;
    opt.context = 1000;  // one hunk holding everything
    DiffResult r = Diff(ta, tb, opt);
    if (ta == tb) {
      EXPECT_TRUE(r.equal);
      continue;
    }
    ASSERT_EQ(1u, r.hunks.size());
    std::string ra, rb;
    int changes = 0;
    for (const DiffLine& l : r.hunks[0].lines) {
      if (l.op != '+') ra += l.text + "\n";
      if (l.op != '-') rb += l.text + "\n";
      changes += l.op != ' ';
    }
    EXPECT_EQ(ta, ra);
    EXPECT_EQ(tb, rb);
    EXPECT_EQ(static_cast<int>(a.size() + b.size()) - 2 * Lcs(a, b), changes) << ta << "|" << tb;
  }
}

}  // namespace
}  // namespace harness
