// Tests for harness/run_dir.h: the default work root in memory and where it
// is refused, CreateRunDir and RemoveTree.
#include "harness/run_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace harness {
namespace {

// A fresh name under /dev/shm for one test; removed afterwards.
class RamWorkRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!IsTmpfs("/dev/shm")) GTEST_SKIP() << "/dev/shm is not a tmpfs here";
    dir_ = "/dev/shm/run_dir_test." + std::to_string(getpid()) + "." +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  void TearDown() override {
    if (!dir_.empty()) RemoveTree(dir_);
  }
  std::string dir_;
};

TEST(IsTmpfsTest, TellsMemoryFromOtherFileSystems) {
  EXPECT_FALSE(IsTmpfs("/proc"));
  EXPECT_FALSE(IsTmpfs("/nonexistent/path"));
}

TEST_F(RamWorkRootTest, MakesAPrivateSearchableDirectory) {
  std::string problem;
  EXPECT_EQ(dir_, PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem)) << problem;
  struct stat st;
  ASSERT_EQ(0, lstat(dir_.c_str(), &st));
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(0711u, st.st_mode & 07777);
  // Again, with it in place (and a wrong mode fixed).
  chmod(dir_.c_str(), 0755);
  EXPECT_EQ(dir_, PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem)) << problem;
  ASSERT_EQ(0, lstat(dir_.c_str(), &st));
  EXPECT_EQ(0711u, st.st_mode & 07777);
}

TEST_F(RamWorkRootTest, RefusesASymlinkPlantedAtItsName) {
  ASSERT_EQ(0, symlink("/tmp", dir_.c_str()));
  std::string problem;
  EXPECT_EQ("", PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem));
  EXPECT_EQ(dir_ + " exists and is not a directory", problem);
  unlink(dir_.c_str());
}

TEST_F(RamWorkRootTest, RefusesAFileAtItsName) {
  std::ofstream(dir_) << "x";
  std::string problem;
  EXPECT_EQ("", PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem));
  EXPECT_EQ(dir_ + " exists and is not a directory", problem);
  unlink(dir_.c_str());
}

TEST_F(RamWorkRootTest, RefusesADirectoryOfAnotherUser) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give the directory away";
  ASSERT_EQ(0, mkdir(dir_.c_str(), 0777));
  ASSERT_EQ(0, chown(dir_.c_str(), 65534, 65534));
  std::string problem;
  EXPECT_EQ("", PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem));
  EXPECT_EQ(dir_ + " belongs to uid 65534", problem);
}

TEST_F(RamWorkRootTest, RefusesAPathTooLongForTheSocket) {
  std::string longer = dir_ + "/" + std::string(100, 'x');
  std::string problem;
  ASSERT_EQ(0, mkdir(dir_.c_str(), 0711));
  EXPECT_EQ("", PrepareRamWorkRoot(longer, getuid(), getgid(), &problem));
  EXPECT_EQ(longer + " is too long for a UNIX socket path", problem);
}

TEST(PrepareRamWorkRootTest, RefusesAParentThatIsNotInMemory) {
  std::string problem;
  EXPECT_EQ("", PrepareRamWorkRoot("/proc/exim-harness", getuid(), getgid(), &problem));
  EXPECT_EQ("/proc is not a tmpfs", problem);
}

TEST_F(RamWorkRootTest, RunDirectoriesGoInsideAndAreRemovedWhole) {
  std::string problem;
  ASSERT_EQ(dir_, PrepareRamWorkRoot(dir_, getuid(), getgid(), &problem)) << problem;
  std::string run = CreateRunDir(dir_, "3650", getuid(), getgid());
  EXPECT_EQ(0u, run.rfind(dir_ + "/3650.", 0));
  struct stat st;
  ASSERT_EQ(0, stat((run + "/spool").c_str(), &st));
  EXPECT_EQ(0750u, st.st_mode & 07777);
  std::ofstream(run + "/spool/file") << "x";
  RemoveTree(run);
  EXPECT_NE(0, stat(run.c_str(), &st));
}

}  // namespace
}  // namespace harness
