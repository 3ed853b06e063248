// local_user_test.cc - issue 14, S1/S2: another local user (harness-mallory,
// created for the test if missing and removed afterwards) can neither hand
// runtest a work root of hers nor read, or connect to, a running test's
// files and auth socket.
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <thread>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char kMallory[] = "harness-mallory";

class LocalUser : public FixtureSuite {
 protected:
  void SetUp() override {
    FixtureSuite::SetUp();
    if (IsSkipped()) return;
    if (!getpwnam(kMallory)) {
      int rc = std::system("useradd --system --no-create-home --shell /usr/sbin/nologin harness-mallory "
                           ">/dev/null 2>&1");
      created_ = rc == 0;
    }
    const passwd* pw = getpwnam(kMallory);
    if (!pw) GTEST_SKIP() << "cannot create the user " << kMallory;
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
  }
  void TearDown() override {
    FixtureSuite::TearDown();
    if (created_) (void)!std::system("userdel harness-mallory >/dev/null 2>&1");
  }

  /// Runs \a what as harness-mallory in a child process; returns its errno
  /// (0: it succeeded).
  template <typename F>
  int AsMallory(F what) {
    pid_t pid = fork();
    if (pid == 0) {
      if (setgroups(0, nullptr) != 0 || setgid(gid_) != 0 || setuid(uid_) != 0) _exit(255);
      _exit(what());
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 254;
  }

  /// Connects to the UNIX socket \a path as harness-mallory; her errno.
  int ConnectAsMallory(const std::string& path) {
    return AsMallory([&] {
      int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
      return connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 ? 0 : errno;
    });
  }

  bool created_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

// S1: a work root owned by another user, or a symbolic link, is refused.
TEST_F(LocalUser, HerWorkRootIsRefused) {
  std::string hers = work() + "/hers";
  ASSERT_EQ(0, mkdir(hers.c_str(), 0755));
  ASSERT_EQ(0, chown(hers.c_str(), uid_, gid_));
  RunResult r = RunRuntest({"--source-dir", src(), "--work-dir", hers, "--color=never", "9101"});
  EXPECT_EQ(2, r.exit_code) << Printed(r);
  EXPECT_NE(std::string::npos, r.err.find("refused: " + hers + " belongs to uid " + std::to_string(uid_)))
      << Printed(r);
  std::string link = work() + "/link";
  ASSERT_EQ(0, symlink(hers.c_str(), link.c_str()));
  r = RunRuntest({"--source-dir", src(), "--work-dir", link, "--color=never", "9101"});
  EXPECT_EQ(2, r.exit_code) << Printed(r);
  EXPECT_NE(std::string::npos, r.err.find("refused")) << Printed(r);
  // Below a directory she may write to (not sticky): she could swap it.
  std::string open_dir = work() + "/open";
  ASSERT_EQ(0, mkdir(open_dir.c_str(), 0777));
  chmod(open_dir.c_str(), 0777);
  r = RunRuntest({"--source-dir", src(), "--work-dir", open_dir + "/root", "--color=never", "9101"});
  EXPECT_EQ(2, r.exit_code) << Printed(r);
  EXPECT_NE(std::string::npos, r.err.find("writable by other users")) << Printed(r);
}

// S2: while a test runs (9201: mid-dialogue with fake_dovecot), she can
// neither read its conf nor its transcript, nor connect to its auth socket.
TEST_F(LocalUser, CannotReachARunningTest) {
  Child child([&] {
    std::vector<std::string> argv{RuntestPath()};
    for (const auto& a : Args({"9201"})) argv.push_back(a);
    return argv;
  }());
  std::string run;
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (run.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& t : Glob(work() + "/9201.*/dovecot-transcript")) {
      if (ReadFile(t).find(" C> AUTH\\t") != std::string::npos) run = t.substr(0, t.rfind('/'));
    }
    if (run.empty()) std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_FALSE(run.empty()) << child.PeekOut() << child.PeekErr();
  ASSERT_TRUE(Exists(run + "/auth-client"));
  for (const char* file : {"test-config", "dovecot-transcript"}) {
    std::string path = run + "/" + file;
    EXPECT_EQ(EACCES, AsMallory([&] {
                int fd = open(path.c_str(), O_RDONLY);
                return fd >= 0 ? 0 : errno;
              }))
        << path << " can be read by another user";
  }
  std::string socket_path = run + "/auth-client";
  EXPECT_EQ(EACCES, ConnectAsMallory(socket_path))
      << "another user can connect to the auth socket";
  // Root and Exim's group still can: the run directory is root:Exim's group 0750.
  struct stat st;
  ASSERT_EQ(0, stat(run.c_str(), &st));
  EXPECT_EQ(0750u, st.st_mode & 0777);
  kill(child.pid(), SIGTERM);
  child.Wait(seconds(20));
}

// A real Dovecot whose socket names would not fit below a long work root
// gets its base_dir in /tmp: closed as a run directory is (one level up:
// Dovecot makes base_dir itself world-readable), so she cannot connect.
TEST_F(LocalUser, CannotReachARealDovecotMovedToTmp) {
  if (access("/usr/sbin/dovecot", X_OK) != 0) GTEST_SKIP() << "dovecot is not installed";
  std::string root = work() + "/a-work-root-long-enough-to-move-dovecot-out";
  ASSERT_GT(root.size() + 25 + 40, 108u) << "not long enough to move base_dir";
  Child child(std::vector<std::string>{RuntestPath(), "--source-dir", src(), "--work-dir", root, "--color=never",
                                       "--dovecot=real", "9301"});
  std::string base;
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (base.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& conf : Glob(root + "/9301.*/dovecot/dovecot.conf")) {
      std::string text = ReadFile(conf);
      size_t at = text.find("base_dir = ");
      if (at == std::string::npos) continue;
      std::string dir = text.substr(at + 11, text.find('\n', at) - at - 11);
      if (Exists(dir + "/auth-client")) base = dir;
    }
    if (base.empty()) std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_FALSE(base.empty()) << child.PeekOut() << child.PeekErr();
  ASSERT_EQ(0u, base.rfind("/tmp/hdv.", 0)) << base;
  struct stat st;
  ASSERT_EQ(0, stat(base.substr(0, base.rfind('/')).c_str(), &st));
  EXPECT_EQ(0750u, st.st_mode & 0777);
  std::string socket_path = base + "/auth-client";
  EXPECT_EQ(EACCES, ConnectAsMallory(socket_path))
      << "another user can connect to the real Dovecot's auth socket";
  RunResult r = child.Wait(seconds(30));
  EXPECT_EQ(0, r.exit_code) << Printed(r);
  EXPECT_FALSE(Exists(base)) << "left behind";
}

// The CLI tests' own directories (root writes in them) are made only in a
// parent that is a real directory of ours that nobody else can write to:
// hers, a link, a world-writable one are refused; a fresh one is made.
TEST_F(LocalUser, HerParentOfTheTestsDirectoriesIsRefused) {
  std::string hers = work() + "/hers";
  ASSERT_EQ(0, mkdir(hers.c_str(), 0755));
  ASSERT_EQ(0, chown(hers.c_str(), uid_, gid_));
  std::string link = work() + "/link";
  ASSERT_EQ(0, symlink(hers.c_str(), link.c_str()));
  std::string open_dir = work() + "/open";
  ASSERT_EQ(0, mkdir(open_dir.c_str(), 0777));
  ASSERT_EQ(0, chmod(open_dir.c_str(), 0777));
  for (const std::string& parent : {hers, link, open_dir}) {
    try {
      std::string made = MakeCliTmpDir("case.XXXXXX", 0755, parent);
      ADD_FAILURE() << parent << " was used: " << made;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string::npos, std::string(e.what()).find(parent + " refused")) << e.what();
    }
  }
  std::string fresh = work() + "/fresh";
  std::string made = MakeCliTmpDir("case.XXXXXX", 0711, fresh);
  EXPECT_EQ(fresh + "/case.", made.substr(0, fresh.size() + 6));
  struct stat st;
  ASSERT_EQ(0, stat(made.c_str(), &st));
  EXPECT_EQ(0711u, st.st_mode & 0777);
  ASSERT_EQ(0, stat(fresh.c_str(), &st));
  EXPECT_EQ(0755u, st.st_mode & 0777);
}

}  // namespace
}  // namespace cli
