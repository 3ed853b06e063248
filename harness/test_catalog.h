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

/// One item of a selection: a single test number (first == last, which must
/// exist) or a range (tests in it may be missing, but not all of them).
struct SelectionItem {
  int first = 1;
  int last = 9999;
  bool single = false;
  std::string text;  ///< as the user wrote it, for messages ("3655", "3660-3665")
};

/// The positional arguments of runtest: empty = every test.
struct TestSelection {
  std::vector<SelectionItem> items;
};

/// Parses runtest's positional words. Two forms:
///  * upstream's: "FIRST", "FIRST LAST" (a range), "FIRST +" (to the end);
///  * lists: any number of "N" and "N-M" words ("3650 3655 3660-3665"; a
///    word may also hold several, comma-separated: "3650,3655").
/// Exactly two plain numbers keep upstream's meaning, FIRST..LAST.
/// Throws HarnessError on a bad word or a backwards range.
TestSelection ParseTestSelection(const std::vector<std::string>& words);

/// The tests of \a all that \a selection names, in number order, each once.
/// \a missing receives the items that name no test ("3655", "3660-3665").
std::vector<TestCase> SelectTests(const std::vector<TestCase>& all, const TestSelection& selection,
                                  std::vector<std::string>* missing);

/// Line 1 of a script's text from column 3 (as the parser takes it), read
/// before the script is parsed so that a skipped test still shows its title.
std::string TitleOfScript(const std::string& text);

/// A script's title: line 1 from column 3 ("" when line 1 is no comment or
/// the file cannot be read). For --list and --filter.
std::string ReadTestTitle(const TestCase& test);

/// The tests whose "NNNN title" (title from ReadTestTitle) contains a match
/// of the RE2 regular expression \a regex. Throws HarnessError when \a regex
/// does not compile.
std::vector<TestCase> FilterTests(const std::vector<TestCase>& tests, const std::string& regex);

/// Every file named by four digits in a directory of \a scripts_dir whose
/// name starts with four digits, sorted by number. Throws HarnessError if the
/// directory cannot be read or a number appears twice.
std::vector<TestCase> FindTests(const std::string& scripts_dir);

/// The tests of \a all within \a range.
std::vector<TestCase> SelectTests(const std::vector<TestCase>& all, const TestRange& range);

}  // namespace harness

#endif  // HARNESS_TEST_CATALOG_H_
