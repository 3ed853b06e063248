// privileges_test.cc - without root, runtest skips every test with a clear
// reason (exit 77) instead of failing obscurely, and creates nothing.
#include <pwd.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

/// Whether user \a name can execute runtest and read the project's scripts
/// (the build and source trees must be world-readable for this test).
std::optional<std::string> WhyNobodyCannotRun() {
  if (geteuid() != 0) return std::string("needs root to drop to nobody");
  if (!getpwnam("nobody")) return std::string("no user 'nobody'");
  Child probe({"/usr/bin/test", "-x", RuntestPath(), "-a", "-r", ProjectDir() + "/scripts/3650-Dovecot/3650"},
              std::string("nobody"));
  if (probe.Wait(std::chrono::seconds(10)).exit_code != 0)
    return "user nobody cannot run " + RuntestPath() + " or read " + ProjectDir() + "/scripts";
  return std::nullopt;
}

TEST(Privileges, WithoutRootEveryTestIsSkippedWithAReason) {
  if (auto why = WhyNobodyCannotRun()) GTEST_SKIP() << *why;
  TempDir tmp("nobody");
  std::string work = tmp / "work";  // must not be created
  RunResult r = RunRuntest({"--color=never", "--work-dir", work, "3650"}, std::chrono::seconds(60),
                           std::string("nobody"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 77);
  EXPECT_NE(r.out.find("3650 Dovecot authentication (server only) SKIP ("), std::string::npos);
  EXPECT_NE(r.out.find("  skipped: needs root (Exim's spool must belong to "), std::string::npos);
  EXPECT_NE(r.out.find("0 passed, 0 failed, 1 skipped"), std::string::npos);
  EXPECT_EQ(r.err, "");
  EXPECT_FALSE(Exists(work)) << "a run without root created its work directory";
}

TEST(Privileges, WithoutRootABadScriptIsStillAnError) {
  if (auto why = WhyNobodyCannotRun()) GTEST_SKIP() << *why;
  TempDir tmp("nobody-bad");
  WriteFile(tmp / "src/scripts/9999-Bad/9999", "# bad\nfrobnicate\n");
  chmod((tmp / "src").c_str(), 0755);
  RunResult r = RunRuntest({"--color=never", "--source-dir", tmp / "src", "--work-dir", tmp / "work", "9999"},
                           std::chrono::seconds(60), std::string("nobody"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find(tmp / "src/scripts/9999-Bad/9999:2: unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace cli
