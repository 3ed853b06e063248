// report.h - presenting results: the console lines and JUnit XML.
#ifndef HARNESS_REPORT_H_
#define HARNESS_REPORT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "harness/runner.h"

namespace harness {

/// Console output: one line per test, details under a failing one, and the
/// closing "N passed, N failed, N skipped" line.
class ConsoleReporter {
 public:
  ConsoleReporter(std::FILE* out, bool color, bool verbose) : out_(out), color_(color), verbose_(verbose) {}
  /// On a terminal: "[K/N] NNNN ..." while a test runs, erased by its
  /// verdict line (\a total tests to run; 0 turns it off, the default).
  void ShowProgress(int total) { progress_total_ = total; }
  void TestStarted(const TestCase& test);
  void TestFinished(const TestResult& result);
  void Summary(const std::vector<TestResult>& results);

 private:
  std::string Paint(const std::string& text, const char* code) const;
  std::FILE* out_;
  bool color_;
  bool verbose_;
  int progress_total_ = 0;
  int started_ = 0;
  bool progress_shown_ = false;
};

/// Whether a progress line suits \a fd: a terminal, and TERM is not "dumb".
bool WantProgress(int fd);

/// "always" -> true; "never" -> false; "auto" -> isatty(fd), unless
/// $NO_COLOR is set (to any value, even empty) or $TERM is "dumb". Anything
/// else: HarnessError.
bool ResolveColor(const std::string& mode, int fd);

/// The facts of a whole run that JUnit records: classnames read
/// "exim-<version>.<dovecot>.<Suite>" and <properties> carry them.
struct RunFacts {
  std::string exim_version;  ///< "4.96"; "" when unknown
  std::string exim_binary;   ///< the path of the Exim under test
  std::string dovecot = "fake";  ///< "fake" or "real"
};

/// The JUnit classname of a test: "exim-4.96.fake.Dovecot" (no "-VERSION"
/// when the version is unknown).
std::string JUnitClassName(const TestResult& result, const RunFacts& facts);

/// --repeat: one line per test, "NNNN title: 3 PASS, 1 FAIL", marked
/// "(flaky)" when the verdicts differ. "" when no result has runs > 1.
std::string RepeatTally(const std::vector<TestResult>& results);

/// The console line's name: "NNNN title", with "/Suite" after the number
/// only when the title does not begin with the suite's name.
std::string ConsoleName(const TestResult& result);

/// Drops what XML 1.0 cannot carry (C0 controls except TAB/LF/CR, DEL, and
/// invalid UTF-8) so that any JUnit consumer accepts the text.
std::string StripControlCharacters(const std::string& text);

/// JUnit XML (pugixml): one <testsuite name="runtest">, one <testcase> per
/// test (classname = JUnitClassName, name = number + title), <properties>
/// exim.version, exim.binary, dovecot, <failure> with
/// the failing script line and the diffs, <error> for harness errors,
/// <skipped message=reason/>.
std::string JUnitXml(const std::vector<TestResult>& results, const RunFacts& facts = RunFacts());

/// Writes JUnitXml to \a path; HarnessError on failure.
void WriteJUnit(const std::string& path, const std::vector<TestResult>& results,
               const RunFacts& facts = RunFacts());

/// The process exit status for a set of results: 2 if any ERROR, else 1 if
/// any FAIL, TIMEOUT or INTERRUPTED (main exits 128+signal for the latter), else 77 if every test was skipped (or none ran), else 0.
int ExitStatusFor(const std::vector<TestResult>& results);

/// The word on a test's console line: OutcomeName, except that a timeout
/// shows as "FAIL" (its reason line says "timed out at ...").
const char* ConsoleLabel(Outcome outcome);

/// The one-line reason: "FILE:LINE: message", or for a timeout
/// "timed out at FILE:LINE (what)".
std::string ReasonText(const TestResult& result);

/// -v: "    +N <- FILE:M: TEXT" (FILE the raw file relative to the run
/// directory; TEXT escaped, at most 400 bytes).
std::string RawLineText(const RawLineNote& note);

/// Everything printed under a failing test: reason, command failures,
/// diffs (and raw lines with verbose), updates, run directory.
/// \a color: the diff's lines painted (removed red, added green, hunk
/// headers cyan).
std::string FailureDetails(const TestResult& result, bool verbose, bool color = false);

}  // namespace harness

#endif  // HARNESS_REPORT_H_
