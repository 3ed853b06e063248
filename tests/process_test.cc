// Tests for harness/process.h: real child processes (sh, sleep), no mocks.
#include "harness/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gtest/gtest.h"
#include "harness/diagnostic.h"
#include "harness/file_io.h"

namespace harness {
namespace {

// Every temporary directory is removed when the test program ends.
std::string TempDir() {
  static struct Dirs {
    std::vector<std::string> paths;
    ~Dirs() {
      for (const auto& p : paths) {
        std::error_code ec;
        std::filesystem::remove_all(p, ec);
      }
    }
  } dirs;
  char tmpl[] = "/tmp/process_test.XXXXXX";
  std::string dir = mkdtemp(tmpl);
  dirs.paths.push_back(dir);
  return dir;
}

std::string Slurp(const std::string& path) {
  return ReadWholeFile(path).value_or("");
}

TEST(ProcessTest, CapturesExitStatusAndAppendsOutput) {
  std::string dir = TempDir();
  SpawnOptions o;
  o.argv = {"sh", "-c", "cat; echo err >&2; exit 3"};
  o.stdin_data = "hello\n";
  o.stdout_file = dir + "/out";
  o.stderr_file = dir + "/err";
  std::ofstream(dir + "/out") << "before\n";
  auto p = Process::Spawn(o);
  auto st = p->WaitUntil(Clock::now() + std::chrono::seconds(10));
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(WIFEXITED(*st));
  EXPECT_EQ(3, WEXITSTATUS(*st));
  EXPECT_EQ("before\nhello\n", Slurp(dir + "/out"));
  EXPECT_EQ("err\n", Slurp(dir + "/err"));
  EXPECT_EQ("exit status 3", DescribeWaitStatus(*st));
}

// A descriptor runtest inherited without close-on-exec (CTest's log, a CI
// runner's pipe) reaches no child once CloseInheritedDescriptorsOnExec ran.
TEST(ProcessTest, InheritedDescriptorsDoNotReachChildren) {
  std::string dir = TempDir();
  int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC, as an inherited one
  ASSERT_GE(leaked, 3);
  auto child_sees = [&] {
    SpawnOptions o;
    o.argv = {"sh", "-c", "test -e /proc/self/fd/" + std::to_string(leaked) + " && echo open || echo closed"};
    o.stdout_file = dir + "/out";
    std::remove((dir + "/out").c_str());
    auto p = Process::Spawn(o);
    p->WaitUntil(Clock::now() + std::chrono::seconds(10));
    return Slurp(dir + "/out");
  };
  EXPECT_EQ("open\n", child_sees());
  CloseInheritedDescriptorsOnExec();
  EXPECT_EQ("closed\n", child_sees());
  EXPECT_NE(fcntl(leaked, F_GETFD), -1) << "still open in the parent";
  close(leaked);
}

// --caller: the child runs with exactly the credentials asked for (the
// parent, root, keeps its own), and cannot regain root.
TEST(ProcessTest, ChildRunsAsTheCredentialsGiven) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to change credentials";
  std::string dir = TempDir();
  chmod(dir.c_str(), 0777);
  SpawnOptions o;
  o.argv = {"sh", "-c", "id -u; id -g; id -G; cat /etc/shadow >/dev/null 2>&1 && echo can-read-shadow; true"};
  o.stdout_file = dir + "/out";
  o.as = Credentials{65534, 65534, {65534, 12345}};
  auto st = Process::Spawn(o)->WaitUntil(Clock::now() + std::chrono::seconds(10));
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ("exit status 0", DescribeWaitStatus(*st));
  EXPECT_EQ("65534\n65534\n65534 12345\n", Slurp(dir + "/out"));
  EXPECT_EQ(0u, geteuid());
}

TEST(ProcessTest, WaitTimesOutThenTerminateKills) {
  SpawnOptions o;
  o.argv = {"sleep", "30"};
  auto p = Process::Spawn(o);
  auto start = Clock::now();
  EXPECT_FALSE(p->WaitUntil(Clock::now() + milliseconds(200)).has_value());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  int st = p->Terminate(milliseconds(2000));
  EXPECT_TRUE(WIFSIGNALED(st));
  EXPECT_EQ(SIGTERM, WTERMSIG(st));
  EXPECT_EQ("killed by signal 15 (SIGTERM)", DescribeWaitStatus(st));
}

TEST(ProcessTest, ChildHasDefaultSignalMaskEvenIfParentBlocks) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, &old);
  SpawnOptions o;
  o.argv = {"sleep", "30"};
  auto p = Process::Spawn(o);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  p->Signal(SIGTERM);
  auto st = p->WaitUntil(Clock::now() + std::chrono::seconds(5));
  ASSERT_TRUE(st.has_value()) << "SIGTERM was blocked in the child";
  EXPECT_TRUE(WIFSIGNALED(*st));
}

TEST(ProcessTest, DestructorKillsAndReaps) {
  pid_t pid;
  {
    SpawnOptions o;
    o.argv = {"sleep", "30"};
    auto p = Process::Spawn(o);
    pid = p->pid();
  }
  EXPECT_EQ(-1, kill(pid, 0));
  EXPECT_EQ(ESRCH, errno);
}

TEST(ProcessTest, SpawnFailureNamesTheProgram) {
  SpawnOptions o;
  o.argv = {"/nonexistent/program"};
  try {
    Process::Spawn(o);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/program"), std::string::npos) << e.what();
  }
}

TEST(ProcessTest, ReadStdoutLineFromPipe) {
  SpawnOptions o;
  o.argv = {"sh", "-c", "echo ready; sleep 30"};
  o.stdout_pipe = true;
  auto p = Process::Spawn(o);
  auto line = p->ReadStdoutLine(Clock::now() + std::chrono::seconds(5));
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ("ready", *line);
  EXPECT_FALSE(p->ReadStdoutLine(Clock::now() + milliseconds(100)).has_value());
}

// issue 14: a probe child whose grandchild keeps stdout open costs nothing
// once the child has exited (it used to cost the whole 20 s deadline), and
// endless output is cut at the limit (it used to grow until bad_alloc).
TEST(ProcessTest, RunCaptureStopsAtTheChildsExitAndAtTheSizeLimit) {
  auto start = Clock::now();
  CapturedRun r = RunCapture({"sh", "-c", "echo out; sleep 30 & exit 3"}, Clock::now() + std::chrono::seconds(10));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ("out\n", r.out);
  EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 3);
  EXPECT_FALSE(r.timed_out || r.overflow);
  KillAllDescendants(Clock::now() + std::chrono::seconds(5));  // the orphaned sleep, if ours

  start = Clock::now();
  r = RunCapture({"cat", "/dev/zero"}, Clock::now() + std::chrono::seconds(10), 100000);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(r.overflow);
  EXPECT_EQ(100000u, r.out.size());

  start = Clock::now();
  r = RunCapture({"sleep", "30"}, Clock::now() + milliseconds(300));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(r.timed_out);
  EXPECT_TRUE(WIFSIGNALED(r.status));
}

TEST(ProcessTest, RunCaptureCollectsStdout) {
  CapturedRun r = RunCapture({"sh", "-c", "echo a; echo b"}, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ("a\nb\n", r.out);
  EXPECT_TRUE(WIFEXITED(r.status));
}

// A double-forked daemon (like `exim -bd`): the first process exits, the
// grandchild is reparented to us (the subreaper) and must be found, killed
// and reaped by KillAllDescendants; WaitForPidExit sees it go.
TEST(ProcessTest, SubreaperReapsDoubleForkedDaemon) {
  BecomeSubreaper();
  std::string dir = TempDir();
  SpawnOptions o;
  o.argv = {"sh", "-c", "sleep 30 & echo $! > " + dir + "/pid"};
  auto p = Process::Spawn(o);
  ASSERT_TRUE(p->WaitUntil(Clock::now() + std::chrono::seconds(5)).has_value());
  ASSERT_TRUE(WaitForFile(dir + "/pid", Clock::now() + std::chrono::seconds(5)));
  pid_t daemon = std::stoi(Slurp(dir + "/pid"));
  auto desc = ListDescendants();
  EXPECT_NE(std::find(desc.begin(), desc.end(), daemon), desc.end()) << "orphan not reparented to us";
  EXPECT_FALSE(WaitForPidExit(daemon, Clock::now() + milliseconds(100)));
  kill(daemon, SIGTERM);
  EXPECT_TRUE(WaitForPidExit(daemon, Clock::now() + std::chrono::seconds(5)));
  // Reaped, not a zombie: the pid is gone.
  EXPECT_EQ(-1, kill(daemon, 0));

  SpawnOptions o2;
  o2.argv = {"sh", "-c", "sleep 30 & sleep 30 & wait"};
  auto p2 = Process::Spawn(o2);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_GE(ListDescendants().size(), 3u);
  EXPECT_GE(KillAllDescendants(Clock::now() + std::chrono::seconds(10)), 3);
  EXPECT_TRUE(ListDescendants().empty());
  EXPECT_TRUE(p2->WaitUntil(Clock::now() + std::chrono::seconds(1)).has_value());
}

TEST(ProcessTest, ChildInheritsOrExtendsTheEnvironment) {
  setenv("PROCESS_TEST_VAR", "outer", 1);
  auto run = [](std::vector<std::pair<std::string, std::string>> env) {
    SpawnOptions o;
    o.argv = {"sh", "-c", "echo \"$PROCESS_TEST_VAR/$PROCESS_TEST_EXTRA\""};
    o.stdout_pipe = true;
    o.env = std::move(env);
    auto p = Process::Spawn(o);
    auto line = p->ReadStdoutLine(Clock::now() + std::chrono::seconds(5));
    p->WaitUntil(Clock::now() + std::chrono::seconds(5));
    return line.value_or("<none>");
  };
  EXPECT_EQ("outer/", run({}));
  EXPECT_EQ("inner/x", run({{"PROCESS_TEST_VAR", "inner"}, {"PROCESS_TEST_EXTRA", "x"}}));
  unsetenv("PROCESS_TEST_VAR");
}

TEST(ProcessTest, KillAllDescendantsWithNoChildLeft) {
  BecomeSubreaper();
  SpawnOptions o;
  o.argv = {"true"};
  auto p = Process::Spawn(o);
  ASSERT_TRUE(p->WaitUntil(Clock::now() + std::chrono::seconds(5)).has_value());
  EXPECT_EQ(0, KillAllDescendants(Clock::now() + std::chrono::seconds(5)));
  EXPECT_TRUE(ListDescendants().empty());
}

TEST(ProcessTest, FindInPathSearchesEachDirectoryOfPath) {
  std::string dir = TempDir();
  std::string program = dir + "/harness-findme";
  std::ofstream(program) << "#!/bin/sh\n";
  chmod(program.c_str(), 0755);
  std::ofstream(dir + "/not-executable") << "x";
  const char* saved = std::getenv("PATH");
  std::string old_path = saved ? saved : "";
  setenv("PATH", ("/nonexistent:" + dir + ":/usr/bin:/bin").c_str(), 1);
  EXPECT_EQ(program, FindInPath("harness-findme"));
  EXPECT_EQ("", FindInPath("not-executable"));
  EXPECT_EQ("", FindInPath("no-such-program-anywhere"));
  EXPECT_NE("", FindInPath("sh"));
  setenv("PATH", old_path.c_str(), 1);
}

TEST(ProcessTest, WaitForFileTimesOutAndSeesLateFile) {
  std::string dir = TempDir();
  auto start = Clock::now();
  EXPECT_FALSE(WaitForFile(dir + "/never", Clock::now() + milliseconds(150)));
  EXPECT_GE(Clock::now() - start, milliseconds(140));
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(100));
    std::ofstream(dir + "/late") << "42\n";
  });
  EXPECT_TRUE(WaitForFile(dir + "/late", Clock::now() + std::chrono::seconds(5)));
  writer.join();
}

}  // namespace
}  // namespace harness
