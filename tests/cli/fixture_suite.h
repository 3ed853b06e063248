// fixture_suite.h - a GoogleTest fixture holding a private copy of the
// fixture source tree tests/cli/fixtures/suite (plus the project's
// confs/prelude) and a private work root, and running runtest on them.
#ifndef TESTS_CLI_FIXTURE_SUITE_H_
#define TESTS_CLI_FIXTURE_SUITE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/cli/cli_support.h"

namespace cli {

class FixtureSuite : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = WhyCannotRun()) GTEST_SKIP() << *why;
    BecomeSubreaper();
    src_ = std::make_unique<TempDir>("src");
    CopyTree(CliDir() + "/fixtures/suite", src_->path());
    WriteFile(src_->path() + "/confs/prelude", ReadFile(ProjectDir() + "/confs/prelude"));
    work_ = std::make_unique<TempDir>("work");
  }

  void TearDown() override { KillAllDescendants(); }

  /// runtest --source-dir SRC --work-dir WORK --color=never ARGS...
  RunResult Run(const std::vector<std::string>& args,
                std::chrono::milliseconds bound = std::chrono::seconds(90)) {
    return RunRuntest(Args(args), bound);
  }
  std::vector<std::string> Args(const std::vector<std::string>& args) const {
    std::vector<std::string> all{"--source-dir", src_->path(), "--work-dir", work_->path(), "--color=never"};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }
  /// "SRC/scripts/..." as runtest prints it.
  std::string Script(const std::string& rel) const { return src_->path() + "/scripts/" + rel; }
  const std::string& src() const { return src_->path(); }
  const std::string& work() const { return work_->path(); }

  std::unique_ptr<TempDir> src_;
  std::unique_ptr<TempDir> work_;
};

/// Everything a run printed, for failure messages.
inline std::string Printed(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + (r.signal ? " signal " + std::to_string(r.signal) : "") +
         (r.timed_out ? " (TIMED OUT)" : "") + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

inline std::string Lines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "  " + x + "\n";
  return s;
}

}  // namespace cli

#endif  // TESTS_CLI_FIXTURE_SUITE_H_
