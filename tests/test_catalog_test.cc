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

}  // namespace
}  // namespace harness
