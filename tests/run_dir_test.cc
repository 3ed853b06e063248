// Tests for harness/run_dir.h: the default work root in memory and where it
// is refused, CreateRunDir and RemoveTree.
#include "harness/run_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <vector>
#include <string>

#include "gtest/gtest.h"
#include "harness/diagnostic.h"

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
  // issue 14 (S2): the run directory is closed to other users.
  ASSERT_EQ(0, stat(run.c_str(), &st));
  EXPECT_EQ(0750u, st.st_mode & 07777);
  EXPECT_EQ(getgid(), st.st_gid);
  // No ACL entry for the user dovecot unless a real Dovecot is started.
  char acl[256];
  EXPECT_LT(getxattr(run.c_str(), "system.posix_acl_access", acl, sizeof acl), 0);
  if (getpwnam("dovecot") != nullptr) {
    AllowDovecotSearch(run);
    EXPECT_GT(getxattr(run.c_str(), "system.posix_acl_access", acl, sizeof acl), 0);
  }
  std::ofstream(run + "/spool/file") << "x";
  RemoveTree(run);
  EXPECT_NE(0, stat(run.c_str(), &st));
}

// issue 14: Exim replaces a macro name (upper-case first letter) wherever it
// occurs in a conf line; run directory names hold no upper-case letter.
TEST(RunDirNameTest, SuffixHasNoUpperCaseLetter) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string s = RandomRunDirSuffix();
    ASSERT_EQ(6u, s.size());
    for (char c : s) ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << s;
    seen.insert(s);
  }
  EXPECT_GT(seen.size(), 1990u);  // random, not a counter stuck on one value
}

// issue 14 (S1): a work root another user could swap things in is refused.
TEST_F(RamWorkRootTest, UnsafeWorkRootsAreRefused) {
  ASSERT_EQ(0, mkdir(dir_.c_str(), 0711));
  EXPECT_EQ("", WhyUnsafeDir(dir_));
  chmod(dir_.c_str(), 0777);
  EXPECT_NE(std::string::npos, WhyUnsafeDir(dir_).find("is writable by other users")) << WhyUnsafeDir(dir_);
  chmod(dir_.c_str(), 0711);
  std::string link = dir_ + "/link", inner = dir_ + "/inner";
  ASSERT_EQ(0, mkdir(inner.c_str(), 0711));
  ASSERT_EQ(0, symlink(inner.c_str(), link.c_str()));
  EXPECT_NE(std::string::npos, WhyUnsafeDir(link).find("symbolic link")) << WhyUnsafeDir(link);
  if (geteuid() == 0) {
    ASSERT_EQ(0, chown(inner.c_str(), 4242, 4242));
    EXPECT_NE(std::string::npos, WhyUnsafeDir(inner).find("belongs to uid 4242")) << WhyUnsafeDir(inner);
    // Below a directory another user may write to (not sticky): refused.
    ASSERT_EQ(0, chown(inner.c_str(), 0, 0));
    ASSERT_EQ(0, mkdir((inner + "/root").c_str(), 0711));
    chmod(inner.c_str(), 0777);
    EXPECT_NE(std::string::npos, WhyUnsafeDir(inner + "/root").find("writable by other users"));
    chmod(inner.c_str(), 01777);  // sticky, as /tmp: fine
    EXPECT_EQ("", WhyUnsafeDir(inner + "/root"));
  }
  // The --work-dir path refuses it with a clear error.
  chmod(dir_.c_str(), 0777);
  std::string note;
  try {
    ChooseWorkRoot(dir_, "/nonexistent", getuid(), getgid(), &note);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("refused")) << e.what();
  }
  chmod(dir_.c_str(), 0711);
}

// issue 14 (S1): a work root below another user's directory is refused,
// even when that directory is not writable by others (she may rename what is
// in it: e.g. her own /var/tmp/exim-test-harness, the installed runtest's
// fallback), and nothing is made in it first; the test tree's owner or
// $SUDO_UID's user (TrustedOwners) may own such a directory.
TEST_F(RamWorkRootTest, WorkRootBelowAnotherUsersDirectoryIsRefusedAndNotMade) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give a directory to another uid";
  dir_ = "/dev/shm/rdt." + std::to_string(getpid());  // short: room for a socket path below
  ASSERT_EQ(0, mkdir(dir_.c_str(), 0711));
  std::string hers = dir_ + "/hers";
  ASSERT_EQ(0, mkdir(hers.c_str(), 0755));
  ASSERT_EQ(0, mkdir((hers + "/x").c_str(), 0711));
  ASSERT_EQ(0, chown(hers.c_str(), 4242, 4242));
  std::string why = WhyUnsafeDir(hers + "/x");
  EXPECT_NE(std::string::npos, why.find(hers + " belongs to uid 4242")) << why;
  EXPECT_EQ("", WhyUnsafeDir(hers + "/x", {4242}));
  std::string root = hers + "/sub/work";
  try {
    ChooseWorkRoot(root, "/nonexistent", 0, 0, nullptr);
    ADD_FAILURE() << "accepted " << root;
  } catch (const HarnessError& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("refused: " + hers + " belongs to uid 4242"))
        << e.what();
  }
  EXPECT_NE(0, access((hers + "/sub").c_str(), F_OK)) << "made something in her directory";
  // Trusted (the tree's owner): made, and used.
  EXPECT_EQ(root, ChooseWorkRoot(root, "/nonexistent", 0, 0, nullptr, {4242}));
  struct stat st;
  ASSERT_EQ(0, lstat((hers + "/sub").c_str(), &st));
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(0711u, st.st_mode & 0777);
  // A link on the way is not followed to make anything.
  std::string link = dir_ + "/link", target = dir_ + "/target";
  ASSERT_EQ(0, mkdir(target.c_str(), 0711));
  ASSERT_EQ(0, symlink(target.c_str(), link.c_str()));
  ASSERT_EQ(0, lchown(link.c_str(), 4242, 4242));
  EXPECT_THROW(ChooseWorkRoot(link + "/work", "/nonexistent", 0, 0, nullptr), HarnessError);
  EXPECT_NE(0, access((target + "/work").c_str(), F_OK)) << "made through her link";
}

// TrustedOwners: the test tree's owner and $SUDO_UID.
TEST(TrustedOwnersTest, TreeOwnerAndSudoUid) {
  const char* saved = std::getenv("SUDO_UID");
  std::string old = saved ? saved : "";
  setenv("SUDO_UID", "1234", 1);
  struct stat st;
  ASSERT_EQ(0, stat("/", &st));
  EXPECT_EQ((std::vector<uid_t>{st.st_uid, 1234}), TrustedOwners("/"));
  setenv("SUDO_UID", "12x", 1);
  EXPECT_EQ((std::vector<uid_t>{st.st_uid}), TrustedOwners("/"));
  unsetenv("SUDO_UID");
  EXPECT_EQ((std::vector<uid_t>{}), TrustedOwners("/nonexistent"));
  if (saved) setenv("SUDO_UID", old.c_str(), 1);
}

// issue 14: what a SIGKILLed runtest left (its test's run directory, named in
// its unlocked lock file) is removed by the next run; a live run's is not.
TEST_F(RamWorkRootTest, StaleRunsOfKilledRuntestsAreSwept) {
  ASSERT_EQ(0, mkdir(dir_.c_str(), 0711));
  std::string dead_run = dir_ + "/3650.dead00", live_run = dir_ + "/3651.live00";
  ASSERT_EQ(0, mkdir(dead_run.c_str(), 0750));
  ASSERT_EQ(0, mkdir(live_run.c_str(), 0750));
  ASSERT_EQ(0, mkdir((dir_ + "/0001.kept00").c_str(), 0750));  // a kept directory: no lock names it
  std::ofstream(dir_ + "/.runtest-dead00.lock") << dead_run << "\n";
  std::ofstream(dir_ + "/.runtest-live00.lock") << live_run << "\n";
  int live = open((dir_ + "/.runtest-live00.lock").c_str(), O_RDONLY);
  ASSERT_EQ(0, flock(live, LOCK_EX));
  // A lock file a runtest killed before it could lock it: removed.
  std::ofstream(dir_ + "/.runtest-half00.new") << "";
  // A lock file naming something outside the work root is not followed.
  std::ofstream(dir_ + "/.runtest-evil00.lock") << "/etc\n";
  std::vector<std::string> removed = SweepStaleRuns(dir_);
  EXPECT_EQ(std::vector<std::string>{dead_run}, removed);
  struct stat st;
  EXPECT_NE(0, stat(dead_run.c_str(), &st));
  EXPECT_EQ(0, stat(live_run.c_str(), &st));
  EXPECT_EQ(0, stat((dir_ + "/0001.kept00").c_str(), &st));
  EXPECT_EQ(0, stat("/etc/passwd", &st));
  EXPECT_NE(0, stat((dir_ + "/.runtest-half00.new").c_str(), &st));
  EXPECT_EQ(0, stat((dir_ + "/.runtest-live00.lock").c_str(), &st));
  EXPECT_NE(0, stat((dir_ + "/.runtest-dead00.lock").c_str(), &st));
  close(live);
}

// RemoveTree follows no symbolic link: a link inside the tree (one its
// owner, the caller or Exim's user, could plant or swap in) is removed as a
// link; what it points to stays.
TEST(RemoveTreeTest, RemovesLinksNotWhatTheyPointTo) {
  char tmpl[] = "/tmp/remove_tree_test.XXXXXX";
  std::string root = mkdtemp(tmpl);
  std::string outside = root + "/outside";
  std::string tree = root + "/tree";
  ASSERT_EQ(0, mkdir(outside.c_str(), 0700));
  std::ofstream(outside + "/precious") << "keep me\n";
  ASSERT_EQ(0, mkdir(tree.c_str(), 0700));
  ASSERT_EQ(0, mkdir((tree + "/spool").c_str(), 0700));
  std::ofstream(tree + "/spool/file") << "x\n";
  ASSERT_EQ(0, symlink(outside.c_str(), (tree + "/spool/link-to-dir").c_str()));
  ASSERT_EQ(0, symlink((outside + "/precious").c_str(), (tree + "/link-to-file").c_str()));
  RemoveTree(tree);
  struct stat st;
  EXPECT_NE(0, lstat(tree.c_str(), &st)) << "the tree is gone";
  EXPECT_EQ(0, stat((outside + "/precious").c_str(), &st)) << "what a link pointed to stays";
  RemoveTree(root);
  EXPECT_NE(0, lstat(root.c_str(), &st));
}

// Root's --clean and --max-age also remove a kept run directory it gave to an
// upstream tree's caller (--caller); before, such directories piled up.
TEST(KeptRunsTest, RootRemovesACallersKeptRunDirectory) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (chown to another user)";
  char tmpl[] = "/tmp/kept_runs_test.XXXXXX";
  std::string root = mkdtemp(tmpl);
  std::string run = root + "/0001.abc123";
  ASSERT_EQ(0, mkdir(run.c_str(), 0750));
  std::ofstream(run + "/test-stdout") << "x\n";
  ASSERT_EQ(0, chown(run.c_str(), 65534, 65534));
  ASSERT_EQ(0, chown((run + "/test-stdout").c_str(), 65534, 65534));
  EXPECT_EQ(RemoveKeptRunDirs(root, time(nullptr) + 1), std::vector<std::string>{run});
  EXPECT_NE(access(run.c_str(), F_OK), 0);
  RemoveTree(root);
}

}  // namespace
}  // namespace harness

// issue 15: kept run directories older than a limit are removed (and all of
// them with --clean), but never one a live runtest has in progress.
namespace harness {
namespace {

TEST(KeptRunDirsTest, RemovesOldOnesOnlyAndSparesOneInProgress) {
  char tmpl[] = "/tmp/kept_runs_test.XXXXXX";
  std::string root = mkdtemp(tmpl);
  auto make = [&](const std::string& name, time_t mtime) {
    std::string p = root + "/" + name;
    mkdir(p.c_str(), 0750);
    std::ofstream(p + "/test-config") << "x\n";
    timespec times[2] = {{mtime, 0}, {mtime, 0}};
    utimensat(AT_FDCWD, p.c_str(), times, 0);
    return p;
  };
  time_t now = time(nullptr);
  std::string old = make("3650.abc123", now - 8 * 86400);
  std::string young = make("3651.abc123", now - 3600);
  std::string busy = make("3652.abc123", now - 9 * 86400);
  std::string other = make("notarun", now - 9 * 86400);
  std::ofstream(root + "/.runtest-abcdef.lock") << busy << "\n";  // a live runtest's test
  EXPECT_EQ(RemoveOldKeptRunDirs(root, 0), std::vector<std::string>{});  // 0: keep all
  EXPECT_EQ(RemoveOldKeptRunDirs(root, 7), std::vector<std::string>{old});
  EXPECT_NE(access(young.c_str(), F_OK), -1);
  EXPECT_NE(access(busy.c_str(), F_OK), -1);
  EXPECT_NE(access(other.c_str(), F_OK), -1);
  // --clean: every kept directory, whatever its age, but not one in progress.
  EXPECT_EQ(RemoveKeptRunDirs(root, now + 1), std::vector<std::string>{young});
  EXPECT_NE(access(busy.c_str(), F_OK), -1);
  RemoveTree(root);
}

}  // namespace
}  // namespace harness
