// Tests for harness/file_io.h.
#include "harness/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "harness/diagnostic.h"

namespace harness {
namespace {

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/file_io_test.XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string dir_;
};

TEST_F(FileIoTest, WritesReplacesAppendsAndReadsBack) {
  std::string path = dir_ + "/f";
  WriteWholeFile(path, "one\n", 0600);
  WriteWholeFile(path, "two\n", 0600);
  WriteWholeFile(path, "three", 0600, /*append=*/true);
  int err = -1;
  EXPECT_EQ("two\nthree", ReadWholeFile(path, &err).value_or("?"));
  EXPECT_EQ(0, err);
  struct stat st;
  ASSERT_EQ(0, stat(path.c_str(), &st));
  EXPECT_EQ(0600u, st.st_mode & 07777);
}

TEST_F(FileIoTest, ModeIsSetWhateverTheUmask) {
  mode_t old = umask(077);
  WriteWholeFile(dir_ + "/config", "x", 0644);
  umask(old);
  struct stat st;
  ASSERT_EQ(0, stat((dir_ + "/config").c_str(), &st));
  EXPECT_EQ(0644u, st.st_mode & 07777);
}

TEST_F(FileIoTest, ReadsLargeAndEmptyFiles) {
  std::string big(100000, 'x');
  big += "end";
  WriteWholeFile(dir_ + "/big", big, 0644);
  EXPECT_EQ(big, ReadWholeFile(dir_ + "/big").value_or("?"));
  WriteWholeFile(dir_ + "/empty", "", 0644);
  EXPECT_EQ("", ReadWholeFile(dir_ + "/empty").value_or("?"));
}

TEST_F(FileIoTest, ReadFailuresSayWhy) {
  int err = 0;
  EXPECT_FALSE(ReadWholeFile(dir_ + "/missing", &err));
  EXPECT_EQ(ENOENT, err);
  EXPECT_FALSE(ReadWholeFile(dir_, &err));  // a directory opens, but cannot be read
  EXPECT_EQ(EISDIR, err);
}

TEST_F(FileIoTest, WriteFailureNamesThePath) {
  std::string path = dir_ + "/no/such/dir/f";
  try {
    WriteWholeFile(path, "x", 0644);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_EQ(path + ": cannot write: No such file or directory", std::string(e.what()));
  }
}

}  // namespace
}  // namespace harness
