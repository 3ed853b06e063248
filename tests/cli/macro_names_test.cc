// macro_names_test.cc - issue 14: run directory names that no Exim conf
// macro can alter. Exim replaces a macro's name wherever it occurs in a
// configuration line and macro names start with an upper-case letter;
// mkdtemp's suffixes held capitals (3414.SB0tsd became 3414.#B0tsd under a
// macro S: "cannot open main log"). A conf defining all 26 one-letter macros
// A..Z is run 30 times; with mkdtemp names nearly every run failed.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class MacroNames : public FixtureSuite {};

TEST_F(MacroNames, OneLetterMacrosNeverAlterTheRunDirectory) {
  // The fixture's test 9101 with a conf defining A..Z after the lines that
  // use the harness's own macros.
  std::string conf = "# every one-letter macro\nexim_path = EXIM_PATH\n";
  for (char c = 'A'; c <= 'Z'; ++c) conf += std::string(1, c) + " = #\n";
  conf +=
      "primary_hostname = myhost.test.ex\n"
      "spool_directory = DIR/spool\n"
      "log_file_path = DIR/spool/log/%slog\n";
  WriteFile(src() + "/confs/9101", conf);
  // Exim prints the spool directory it read from the conf: an altered run
  // directory name shows (and a golden mismatch fails the run).
  WriteFile(src() + "/scripts/9100-Junit/9101", "# macros\nexim -bP spool_directory log_file_path\n****\n");
  WriteFile(src() + "/expected/stdout/9101",
            "spool_directory = TESTSUITE/spool\nlog_file_path = TESTSUITE/spool/log/%slog\n");
  // A work root whose own path holds no capital (FixtureSuite's has some).
  std::string work = MakeCliTmpDir("macros." + std::to_string(getpid()), 0711);
  for (char c : work) ASSERT_FALSE(std::isupper(static_cast<unsigned char>(c))) << work;
  int failures = 0;
  std::string first_failure;
  for (int i = 0; i < 30; ++i) {
    RunResult r = RunRuntest({"--source-dir", src(), "--work-dir", work, "--color=never", "9101"});
    if (r.exit_code != 0) {
      ++failures;
      if (first_failure.empty()) first_failure = Printed(r);
    }
  }
  rmdir(work.c_str());
  RemoveCliTmpParentIfEmpty();
  EXPECT_EQ(0, failures) << "of 30 runs; the first:\n" << first_failure;
}

}  // namespace
}  // namespace cli
