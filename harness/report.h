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
  void TestStarted(const TestCase& test);
  void TestFinished(const TestResult& result);
  void Summary(const std::vector<TestResult>& results);

 private:
  std::string Paint(const std::string& text, const char* code) const;
  std::FILE* out_;
  bool color_;
  bool verbose_;
};

/// "auto" -> isatty(fd); "always"; "never". Anything else: HarnessError.
bool ResolveColor(const std::string& mode, int fd);

/// Drops what XML 1.0 cannot carry (C0 controls except TAB/LF/CR, DEL, and
/// invalid UTF-8) so that any JUnit consumer accepts the text.
std::string StripControlCharacters(const std::string& text);

/// JUnit XML (pugixml): one <testsuite name="runtest">, one <testcase> per
/// test (classname = "exim.<suite>", name = number + title), <failure> with
/// the failing script line and the diffs, <error> for harness errors,
/// <skipped message=reason/>.
std::string JUnitXml(const std::vector<TestResult>& results);

/// Writes JUnitXml to \a path; HarnessError on failure.
void WriteJUnit(const std::string& path, const std::vector<TestResult>& results);

/// The process exit status for a set of results: 2 if any ERROR, else 1 if
/// any FAIL, TIMEOUT or INTERRUPTED (main exits 128+signal for the latter), else 77 if every test was skipped (or none ran), else 0.
int ExitStatusFor(const std::vector<TestResult>& results);

/// The word on a test's console line: OutcomeName, except that a timeout
/// shows as "FAIL" (its reason line says "timed out at ...").
const char* ConsoleLabel(Outcome outcome);

/// The one-line reason: "FILE:LINE: message", or for a timeout
/// "timed out at FILE:LINE (what)".
std::string ReasonText(const TestResult& result);

/// -v: "    +N <- raw [server ]line M: TEXT" (TEXT escaped, at most 400 bytes).
std::string RawLineText(const RawLineNote& note);

/// Everything printed under a failing test: reason, command failures,
/// diffs (and raw lines with verbose), updates, run directory.
std::string FailureDetails(const TestResult& result, bool verbose);

}  // namespace harness

#endif  // HARNESS_REPORT_H_
