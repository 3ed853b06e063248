#include "harness/test_catalog.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "harness/diagnostic.h"

namespace harness {
namespace {

std::string ErrorOf(const std::vector<std::string>& words) {
  try {
    ParseTestRange(words);
  } catch (const HarnessError& e) {
    return e.what();
  }
  return "";
}

TEST(TestCatalogTest, Ranges) {
  TestRange all = ParseTestRange({});
  EXPECT_EQ(1, all.first);
  EXPECT_EQ(9999, all.last);
  TestRange one = ParseTestRange({"3650"});
  EXPECT_EQ(3650, one.first);
  EXPECT_EQ(3650, one.last);
  TestRange plus = ParseTestRange({"3650", "+"});
  EXPECT_EQ(9999, plus.last);
  TestRange two = ParseTestRange({"3650", "3655"});
  EXPECT_EQ(3655, two.last);
  EXPECT_EQ("bad test number 'abc' (expected 1 to 4 digits)", ErrorOf({"abc"}));
  EXPECT_EQ("bad test number '12345' (expected 1 to 4 digits)", ErrorOf({"12345"}));
  EXPECT_EQ("test range 3655 3650 is backwards", ErrorOf({"3655", "3650"}));
  EXPECT_EQ("too many test numbers (expected FIRST [LAST|+])", ErrorOf({"1", "2", "3"}));
}

TEST(TestCatalogTest, FindsTheRealSuite) {
  auto tests = FindTests(std::string(TESTS_SOURCE_DIR) + "/../scripts");
  ASSERT_FALSE(tests.empty());
  auto sel = SelectTests(tests, ParseTestRange({"3650"}));
  ASSERT_EQ(1u, sel.size());
  EXPECT_EQ("3650", sel[0].name);
  EXPECT_EQ("Dovecot", sel[0].suite);
  EXPECT_NE(sel[0].script_path.find("scripts/3650-Dovecot/3650"), std::string::npos);
}

// A temporary directory, removed with everything in it at the end of scope.
struct TempTree {
  TempTree() {
    char tmpl[] = "/tmp/catalog_test.XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

TEST(TestCatalogTest, IgnoresNonNumericAndRejectsDuplicates) {
  TempTree tree;
  const std::string& dir = tree.path;
  mkdir((dir + "/0001-A").c_str(), 0755);
  mkdir((dir + "/0002-B").c_str(), 0755);
  mkdir((dir + "/notes").c_str(), 0755);
  std::ofstream(dir + "/0001-A/0001") << "# t\n";
  std::ofstream(dir + "/0001-A/REQUIRES") << "\n";
  std::ofstream(dir + "/0001-A/0001.dovecot") << "\n";
  std::ofstream(dir + "/notes/0005") << "# t\n";
  auto tests = FindTests(dir);
  ASSERT_EQ(1u, tests.size());
  EXPECT_EQ(1, tests[0].number);
  std::ofstream(dir + "/0002-B/0001") << "# t\n";
  EXPECT_THROW(FindTests(dir), HarnessError);
  EXPECT_THROW(FindTests(dir + "/missing"), HarnessError);
}

TEST(TestCatalogTest, FollowsSymlinksAndSkipsDirectoriesNamedLikeTests) {
  TempTree tree;
  const std::string& dir = tree.path;
  mkdir((dir + "/elsewhere").c_str(), 0755);
  std::ofstream(dir + "/elsewhere/0007") << "# t\n";
  mkdir((dir + "/0001-A").c_str(), 0755);
  ASSERT_EQ(0, symlink((dir + "/elsewhere/0007").c_str(), (dir + "/0001-A/0007").c_str()));
  mkdir((dir + "/0001-A/0008").c_str(), 0755);                 // a directory, not a script
  ASSERT_EQ(0, symlink((dir + "/0001-A").c_str(), (dir + "/0009-Linked").c_str()));  // suite via symlink
  ASSERT_EQ(0, symlink("/nonexistent", (dir + "/0001-A/0006").c_str()));             // dangling: skipped
  // The symlinked suite holds the same test 0007 again: a duplicate.
  EXPECT_THROW(FindTests(dir), HarnessError);
  unlink((dir + "/0009-Linked").c_str());
  auto tests = FindTests(dir);
  ASSERT_EQ(1u, tests.size());
  EXPECT_EQ(7, tests[0].number);
  EXPECT_EQ(dir + "/0001-A/0007", tests[0].script_path);
  EXPECT_EQ("A", tests[0].suite);
}


// issue 15: lists and ranges, missing numbers named, --filter.
std::vector<TestCase> Numbered(std::initializer_list<int> numbers) {
  std::vector<TestCase> all;
  for (int n : numbers) {
    TestCase t;
    t.number = n;
    char name[8];
    std::snprintf(name, sizeof name, "%04d", n);
    t.name = name;
    all.push_back(t);
  }
  return all;
}

std::vector<int> NumbersOf(const std::vector<TestCase>& tests) {
  std::vector<int> out;
  for (const auto& t : tests) out.push_back(t.number);
  return out;
}

TEST(TestCatalogTest, ListsAndRangesSelectAndNameWhatIsMissing) {
  auto all = Numbered({3650, 3651, 3655, 3660, 3662, 3670});
  std::vector<std::string> missing;
  auto sel = SelectTests(all, ParseTestSelection({"3650", "3655", "3660-3665"}), &missing);
  EXPECT_EQ((std::vector<int>{3650, 3655, 3660, 3662}), NumbersOf(sel));
  EXPECT_TRUE(missing.empty());
  // Upstream's forms keep their meaning: two numbers are a range, "+" the rest.
  EXPECT_EQ((std::vector<int>{3650, 3651, 3655}), NumbersOf(SelectTests(all, ParseTestSelection({"3650", "3655"}), &missing)));
  EXPECT_EQ((std::vector<int>{3662, 3670}), NumbersOf(SelectTests(all, ParseTestSelection({"3661", "+"}), &missing)));
  EXPECT_EQ((std::vector<int>{3650, 3655}), NumbersOf(SelectTests(all, ParseTestSelection({"3650,3655"}), &missing)));
  EXPECT_EQ(all.size(), SelectTests(all, ParseTestSelection({}), &missing).size());
  // Overlapping items select a test once.
  EXPECT_EQ((std::vector<int>{3650, 3651}), NumbersOf(SelectTests(all, ParseTestSelection({"3650-3651", "3651", "3650"}), &missing)));
  EXPECT_TRUE(missing.empty());
  // A single number that names no test, and a range with none, are named.
  SelectTests(all, ParseTestSelection({"3650", "3652", "3690-3699"}), &missing);
  EXPECT_EQ((std::vector<std::string>{"3652", "3690-3699"}), missing);
  auto error = [](std::vector<std::string> words) {
    try {
      ParseTestSelection(words);
    } catch (const HarnessError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ("test range 3665-3660 is backwards", error({"1", "2", "3665-3660"}));
  EXPECT_EQ("bad test number 'x' (expected 1 to 4 digits)", error({"1", "2", "x"}));
  EXPECT_EQ("'+' must follow a single test number (FIRST +)", error({"1", "2", "+"}));
  EXPECT_EQ("bad test list '1,,2' (empty element)", error({"1,,2"}));
}

TEST(TestCatalogTest, FilterMatchesNumberAndTitle) {
  TempTree tree;
  mkdir((tree.path + "/0001-A").c_str(), 0755);
  std::ofstream(tree.path + "/0001-A/0001") << "# PLAIN success\nexim -be\n";
  std::ofstream(tree.path + "/0001-A/0002") << "# LOGIN failure  \n";
  std::ofstream(tree.path + "/0001-A/0003") << "no title\n";
  auto tests = FindTests(tree.path);
  ASSERT_EQ(3u, tests.size());
  EXPECT_EQ("LOGIN failure", ReadTestTitle(tests[1]));
  EXPECT_EQ("", ReadTestTitle(tests[2]));
  EXPECT_EQ((std::vector<int>{1}), NumbersOf(FilterTests(tests, "PLAIN")));
  EXPECT_EQ((std::vector<int>{2}), NumbersOf(FilterTests(tests, "^0002 ")));
  EXPECT_EQ((std::vector<int>{1, 2}), NumbersOf(FilterTests(tests, "(?i)plain|login")));
  EXPECT_TRUE(FilterTests(tests, "nothing").empty());
  EXPECT_THROW(FilterTests(tests, "("), HarnessError);
}

}  // namespace
}  // namespace harness
