// isolation_test.cc - a run writes nowhere but its private run directory
// under the work root: not into its working directory, not into the source
// tree; a passing test's run directory is removed, a failing one's kept; and
// parallel runs of the same test do not collide (ports, sockets, dirs).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "tests/cli/fixture_suite.h"

namespace fs = std::filesystem;

namespace cli {
namespace {

std::set<std::string> Listing(const std::string& dir) {
  std::set<std::string> all;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    all.insert(fs::relative(e.path(), dir).string());
  }
  return all;
}

class Isolation : public FixtureSuite {};

TEST_F(Isolation, WritesOnlyUnderItsRunDirectory) {
  TempDir cwd("cwd");
  auto source_before = Listing(src());
  std::vector<std::string> argv{RuntestPath()};
  for (const auto& a : Args({"9101", "9102"})) argv.push_back(a);
  Child child(argv, std::nullopt, cwd.path());
  RunResult r = child.Wait(std::chrono::seconds(60));
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);  // 9101 passes, 9102 fails
  EXPECT_TRUE(Listing(cwd.path()).empty()) << "runtest wrote into its working directory";
  EXPECT_EQ(Listing(src()), source_before) << "runtest wrote into the source tree";
  // The passing test's run directory is gone; the failing one's is kept.
  std::vector<std::string> top;
  for (const auto& e : fs::directory_iterator(work())) top.push_back(e.path().filename().string());
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].rfind("9102.", 0), 0u) << top[0];
  EXPECT_EQ(fs::status(work() + "/" + top[0]).permissions() & fs::perms::all,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);  // 0750 (issue 14, S2)
  EXPECT_NE(r.out.find("run directory kept: " + work() + "/" + top[0]), std::string::npos);
}

// --no-keep: the failing test's run directory goes too, and no kept path is
// printed; it cannot be combined with --keep.
TEST_F(Isolation, NoKeepLeavesNoRunDirectory) {
  RunResult r = Run({"--no-keep", "9101", "9102"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);  // 9101 passes, 9102 fails
  EXPECT_NE(r.out.find("9102"), std::string::npos);
  EXPECT_EQ(r.out.find("run directory kept"), std::string::npos);
  std::vector<std::string> top;
  for (const auto& e : fs::directory_iterator(work()))
    if (e.path().filename().string()[0] != '.') top.push_back(e.path().filename().string());
  EXPECT_TRUE(top.empty()) << top.front();
  RunResult both = Run({"--no-keep", "--keep", "9101"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--no-keep and --keep cannot be combined"), std::string::npos) << both.err;
}

TEST_F(Isolation, ParallelRunsOfTheSameDialogueDoNotCollide) {
  // Four runtest processes run the same Dovecot dialogue at once, with the
  // same work root: each gets its own run directory, ports and socket.
  std::vector<std::unique_ptr<Child>> children;
  for (int i = 0; i < 4; ++i) {
    std::vector<std::string> argv{RuntestPath()};
    for (const auto& a : Args({"--keep", "--command-timeout", "3", "9201"})) argv.push_back(a);
    children.push_back(std::make_unique<Child>(argv));
  }
  std::set<std::string> run_dirs;
  for (auto& c : children) {
    RunResult r = c->Wait(std::chrono::seconds(60));
    SCOPED_TRACE(Printed(r));
    // Each times out at the same line, by itself, not by a collision.
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("timed out at " + Script("9200-Timeouts/9201:4 (client)")), std::string::npos);
    EXPECT_EQ(r.out.find("Address already in use"), std::string::npos);
  }
  for (const auto& e : fs::directory_iterator(work())) run_dirs.insert(e.path().string());
  EXPECT_EQ(run_dirs.size(), 4u);
  for (const auto& d : run_dirs) {
    // Every responder saw exactly one connection: its own Exim's.
    std::string transcript = ReadFile(d + "/dovecot-transcript");
    EXPECT_NE(transcript.find("1 connect"), std::string::npos) << d;
    EXPECT_EQ(transcript.find("2 connect"), std::string::npos) << d;
  }
  auto left = LeftoversAfter(work(), std::chrono::milliseconds(500));
  EXPECT_TRUE(left.empty()) << "still running:\n" << Lines(left);
}

}  // namespace
}  // namespace cli

namespace cli {
namespace {

// The seed's confs/3650 names server_socket = /var/run/dovecot/auth-client
// (fixed_paths.h): three runs of it at once each reach their own responder
// there, and the machine's /run never shows a dovecot directory that it did
// not have (nor loses one it had).
TEST(FixedPaths, TheSeedsSocketIsEachRunsOwnAndTheMachinesRunIsUntouched) {
  if (auto why = WhyCannotRun()) GTEST_SKIP() << *why;
  const bool existed = Exists("/run/dovecot");
  std::vector<std::unique_ptr<Child>> children;
  for (int i = 0; i < 3; ++i) children.push_back(std::make_unique<Child>(std::vector<std::string>{RuntestPath(), "3650"}));
  int looks = 0;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
       std::chrono::steady_clock::now() < deadline; ++looks) {
    EXPECT_EQ(Exists("/run/dovecot"), existed) << "seen from outside during the runs";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(looks, 10);
  for (auto& c : children) {
    RunResult r = c->Wait(std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("3650 Dovecot authentication (server only) PASS"), std::string::npos) << r.out;
  }
  EXPECT_EQ(Exists("/run/dovecot"), existed);
}

}  // namespace
}  // namespace cli
