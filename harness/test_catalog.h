// test_catalog.h - finding numbered tests under scripts/ and selecting a range.
#ifndef HARNESS_TEST_CATALOG_H_
#define HARNESS_TEST_CATALOG_H_

#include <string>
#include <vector>

namespace harness {

/// One numbered test: scripts/<suite_dir>/<number>.
struct TestCase {
  int number = 0;
  std::string name;         ///< "3650" (always four digits)
  std::string script_path;  ///< .../scripts/3650-Dovecot/3650
  std::string suite_dir;    ///< .../scripts/3650-Dovecot
  std::string suite;        ///< "Dovecot" (the directory name after "NNNN-")
};

/// A selection: FIRST alone, FIRST LAST, or FIRST + (to the end).
struct TestRange {
  int first = 1;
  int last = 9999;
};

/// Parses the positional arguments of runtest ("3650", "3650 3660",
/// "3650 +"). Throws HarnessError on non-numbers, more than two words, or
/// LAST < FIRST. No arguments: every test.
TestRange ParseTestRange(const std::vector<std::string>& words);

/// Every file named by four digits in a directory of \a scripts_dir whose
/// name starts with four digits, sorted by number. Throws HarnessError if the
/// directory cannot be read or a number appears twice.
std::vector<TestCase> FindTests(const std::string& scripts_dir);

/// The tests of \a all within \a range.
std::vector<TestCase> SelectTests(const std::vector<TestCase>& all, const TestRange& range);

}  // namespace harness

#endif  // HARNESS_TEST_CATALOG_H_
