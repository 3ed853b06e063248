// Tests for harness/file_io.h.
#include "harness/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

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

// issue 14: every input is opened as a regular file of bounded size; anything
// else is an error naming the file, at once (no hang, no unbounded memory).
TEST_F(FileIoTest, RefusesWhatIsNotARegularFile) {
  auto message = [](const std::string& path) -> std::string {
    try {
      ReadWholeFile(path);
      return "no exception";
    } catch (const HarnessError& e) {
      return e.what();
    }
  };
  // Without an errno to report, a directory used to read as a missing file.
  EXPECT_EQ(dir_ + ": is a directory, not a regular file", message(dir_));
  ASSERT_EQ(0, mkfifo((dir_ + "/fifo").c_str(), 0600));
  EXPECT_EQ(dir_ + "/fifo: is a FIFO, not a regular file", message(dir_ + "/fifo"));  // used to hang
  EXPECT_EQ("/dev/zero: is a character device, not a regular file", message("/dev/zero"));  // endless
}

TEST_F(FileIoTest, RefusesAFileLargerThanTheLimit) {
  WriteWholeFile(dir_ + "/big", std::string(5000, 'x'), 0644);
  EXPECT_EQ(5000u, ReadWholeFile(dir_ + "/big", nullptr, 5000).value_or("").size());
  try {
    ReadWholeFile(dir_ + "/big", nullptr, 4999);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_EQ(dir_ + "/big: larger than 4999 bytes, the limit for a file read whole", std::string(e.what()));
  }
  // /proc files say size 0: the limit holds while reading too.
  EXPECT_THROW(ReadWholeFile("/proc/self/maps", nullptr, 10), HarnessError);
  EXPECT_TRUE(ReadWholeFile("/proc/self/stat").has_value());
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

TEST_F(FileIoTest, TryWriteReturnsTheErrno) {
  EXPECT_EQ(ENOENT, TryWriteWholeFile(dir_ + "/no/such/dir/f", "x", 0644));
  EXPECT_EQ(0, TryWriteWholeFile(dir_ + "/f", "x", 0644));
  EXPECT_EQ("x", ReadWholeFile(dir_ + "/f").value_or("?"));
}

TEST_F(FileIoTest, ReadOrErrorGivesTheErrorAsText) {
  std::string err;
  WriteWholeFile(dir_ + "/f", "text", 0644);
  EXPECT_EQ("text", ReadWholeFileOrError(dir_ + "/f", "users", &err).value_or("?"));
  EXPECT_EQ("", err);
  EXPECT_FALSE(ReadWholeFileOrError(dir_ + "/missing", "users", &err));
  EXPECT_EQ(dir_ + "/missing: cannot open users file", err);
  EXPECT_FALSE(ReadWholeFileOrError(dir_, "scenario", &err));
  EXPECT_EQ(dir_ + ": cannot open scenario file", err);
  EXPECT_FALSE(ReadWholeFileOrError("/dev/zero", "scenario", &err));
  EXPECT_EQ("/dev/zero: is a character device, not a regular file", err);
}

TEST_F(FileIoTest, ListsFilesBelowRelativeToTheDirectoryAsNamed) {
  // Named through a symbolic link, as a source tree often is: the names are
  // still relative to the name given, nested ones with their directories.
  ASSERT_EQ(0, mkdir((dir_ + "/real").c_str(), 0755));
  ASSERT_EQ(0, mkdir((dir_ + "/real/0237.userx").c_str(), 0755));
  ASSERT_EQ(0, mkdir((dir_ + "/real/0237.userx/new").c_str(), 0755));
  WriteWholeFile(dir_ + "/real/3400.userx", "", 0644);
  WriteWholeFile(dir_ + "/real/0237.userx/new/1.H.x", "", 0644);
  ASSERT_EQ(0, symlink((dir_ + "/real").c_str(), (dir_ + "/link").c_str()));
  const std::vector<std::string> want = {"0237.userx/new/1.H.x", "3400.userx"};
  EXPECT_EQ(want, ListFilesBelow(dir_ + "/link"));
  EXPECT_EQ(want, ListFilesBelow(dir_ + "/real/"));
  EXPECT_TRUE(ListFilesBelow(dir_ + "/missing").empty());
}

// A run directory's spool/ is Exim's user's: a link planted below the base
// is not followed, wherever it is on the way.
TEST_F(FileIoTest, ReadBelowFollowsNoLinkBelowTheBase) {
  ASSERT_EQ(0, mkdir((dir_ + "/spool").c_str(), 0755));
  ASSERT_EQ(0, mkdir((dir_ + "/spool/log").c_str(), 0755));
  WriteWholeFile(dir_ + "/spool/log/mainlog", "logged\n", 0644);
  WriteWholeFile(dir_ + "/secret", "root's\n", 0600);
  EXPECT_EQ("logged\n", ReadWholeFileBelow(dir_, "spool/log/mainlog").value_or("?"));
  ASSERT_EQ(0, symlink((dir_ + "/secret").c_str(), (dir_ + "/spool/log/rejectlog").c_str()));
  int err = 0;
  EXPECT_FALSE(ReadWholeFileBelow(dir_, "spool/log/rejectlog", &err));
  EXPECT_EQ(ELOOP, err);
  ASSERT_EQ(0, mkdir((dir_ + "/elsewhere").c_str(), 0755));
  WriteWholeFile(dir_ + "/elsewhere/paniclog", "root's\n", 0600);
  ASSERT_EQ(0, symlink((dir_ + "/elsewhere").c_str(), (dir_ + "/spool/msglog").c_str()));
  EXPECT_FALSE(ReadWholeFileBelow(dir_, "spool/msglog/paniclog", &err));
  EXPECT_TRUE(err == ELOOP || err == ENOTDIR) << err;
  EXPECT_FALSE(ReadWholeFileBelow(dir_, "spool/../secret", &err));
  EXPECT_FALSE(ReadWholeFileBelow(dir_, "spool/log/missing", &err));
  EXPECT_EQ(ENOENT, err);
  // Listing with no_links: neither a link to a file nor a linked directory.
  WriteWholeFile(dir_ + "/elsewhere/1.H.x", "x", 0600);
  EXPECT_EQ(std::vector<std::string>{"mainlog"}, ListFilesBelow(dir_ + "/spool/log", true));
  EXPECT_EQ((std::vector<std::string>{"mainlog", "rejectlog"}), ListFilesBelow(dir_ + "/spool/log"));
  EXPECT_TRUE(ListFilesBelow(dir_ + "/spool/msglog", true).empty());
  EXPECT_EQ(std::vector<std::string>{"log/mainlog"}, ListFilesBelow(dir_ + "/spool", true));
}

}  // namespace
}  // namespace harness
