// report.cc - see report.h.
#include "harness/report.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <cstring>
#include <pugixml.hpp>
#include <sstream>

#include "harness/diagnostic.h"
#include "harness/file_io.h"
#include "harness/script.h"

namespace harness {
namespace {

const char* kGreen = "32";
const char* kRed = "31";
const char* kYellow = "33";

const char* OutcomeColour(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return kGreen;
    case Outcome::kSkip:
      return kYellow;
    default:
      return kRed;
  }
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fs", s);
  return buf;
}

/// JUnit "time": plain decimal seconds ("0.004", never "4e-03" as a double
/// attribute may be printed), which every JUnit consumer and schema accepts.
std::string XmlSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
  return buf;
}

/// \a text with \a prefix before every line (a multi-line reason, such as a
/// responder's startup error with its stderr, stays under its test).
std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += prefix;
  }
  return out;
}

}  // namespace

bool ResolveColor(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (mode == "auto") {
    // https://no-color.org; a dumb terminal shows escape codes as text.
    if (std::getenv("NO_COLOR")) return false;
    if (const char* term = std::getenv("TERM"); term && std::string(term) == "dumb") return false;
    return isatty(fd);
  }
  throw HarnessError("--color must be auto, always or never (got '" + mode + "')");
}

std::string ConsoleReporter::Paint(const std::string& text, const char* code) const {
  if (!color_) return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

bool WantProgress(int fd) {
  const char* term = std::getenv("TERM");
  return isatty(fd) && !(term && std::string(term) == "dumb");
}

void ConsoleReporter::TestStarted(const TestCase& test) {
  ++started_;
  if (progress_total_ <= 0) return;
  std::fprintf(out_, "\r[%d/%d] %s ...\033[K", started_, progress_total_, test.name.c_str());
  std::fflush(out_);
  progress_shown_ = true;
}

const char* ConsoleLabel(Outcome outcome) {
  // A timeout is a failure on the console line (CI scripts match " FAIL ("),
  // told apart by its reason line and in the summary and JUnit.
  return outcome == Outcome::kTimeout ? "FAIL" : OutcomeName(outcome);
}

std::string ReasonText(const TestResult& r) {
  if (r.outcome == Outcome::kTimeout) return "timed out at " + r.reason.loc.str() + " (" + r.reason.message + ")";
  return r.reason.str();
}

std::string RawLineText(const RawLineNote& n) {
  std::string where = n.raw_file.empty()
                          ? std::string("raw ") + (n.server ? "server " : "") + "line " + std::to_string(n.raw_line)
                          : n.raw_file + ":" + std::to_string(n.raw_line);
  return "    +" + std::to_string(n.actual_line) + " <- " + where + ": " + EscapeForDisplay(n.raw, 400) + "\n";
}

namespace {

/// One line of a unified diff, painted by what it is.
std::string PaintDiffLine(const std::string& line, bool color) {
  if (!color || line.empty()) return line;
  const char* code = nullptr;
  if (line.rfind("---", 0) == 0 || line.rfind("+++", 0) == 0) code = "1";
  else if (line.rfind("@@", 0) == 0) code = "36";
  else if (line[0] == '-') code = kRed;
  else if (line[0] == '+') code = kGreen;
  if (!code) return line;
  return std::string("\033[") + code + "m" + line + "\033[0m";
}

}  // namespace

std::string ConsoleName(const TestResult& r) {
  const std::string& suite = r.test.suite;
  bool title_names_suite = !suite.empty() && r.title.rfind(suite, 0) == 0 &&
                           (r.title.size() == suite.size() || !std::isalnum(static_cast<unsigned char>(r.title[suite.size()])));
  std::string name = r.test.name;
  if (!suite.empty() && !title_names_suite) name += "/" + suite;
  if (!r.title.empty()) name += " " + r.title;
  return name;
}

std::string FailureDetails(const TestResult& r, bool verbose, bool color) {
  std::ostringstream s;
  if (r.outcome == Outcome::kError || r.outcome == Outcome::kInterrupted || r.command_failed) {
    s << Indent(ReasonText(r), "  ") << "\n";
  }
  for (const auto& c : r.checks) {
    if (c.matched) continue;
    s << "  " << (c.summary.empty() ? c.expected_path + ": differs" : c.summary) << "\n";
    std::istringstream diff(c.diff);
    for (std::string line; std::getline(diff, line);) s << "    " << PaintDiffLine(line, color) << "\n";
    if (verbose)
      for (const RawLineNote& n : c.raw_lines) s << RawLineText(n);
  }
  for (const auto& u : r.updates) s << "  " << u << "\n";
  if (r.run_dir_kept) s << "  run directory kept: " << r.run_dir << "\n";
  return s.str();
}

void ConsoleReporter::TestFinished(const TestResult& r) {
  if (progress_shown_) {
    std::fputs("\r\033[K", out_);  // the verdict line replaces the progress line
    progress_shown_ = false;
  }
  std::string run = r.runs > 1 ? " [run " + std::to_string(r.run) + "/" + std::to_string(r.runs) + "]" : "";
  std::fprintf(out_, "%s%s %s (%s)\n", ConsoleName(r).c_str(), run.c_str(),
               Paint(ConsoleLabel(r.outcome), OutcomeColour(r.outcome)).c_str(), Seconds(r.seconds).c_str());
  if (r.outcome == Outcome::kSkip) std::fprintf(out_, "  skipped: %s\n", ReasonText(r).c_str());
  if (r.outcome != Outcome::kPass && r.outcome != Outcome::kSkip) {
    std::fputs(FailureDetails(r, verbose_, color_).c_str(), out_);
  } else if (!r.updates.empty() || (verbose_ && r.run_dir_kept)) {
    std::fputs(FailureDetails(r, verbose_, color_).c_str(), out_);
  }
  std::fflush(out_);
}

void ConsoleReporter::Summary(const std::vector<TestResult>& results) {
  int passed = 0, failed = 0, skipped = 0, errors = 0, timeouts = 0, interrupted = 0, not_run = 0;
  for (const auto& r : results) {
    switch (r.outcome) {
      case Outcome::kPass:
        ++passed;
        break;
      case Outcome::kFail:
        ++failed;
        break;
      case Outcome::kError:
        ++errors;
        break;
      case Outcome::kTimeout:
        ++timeouts;
        break;
      case Outcome::kInterrupted:
        ++interrupted;
        break;
      case Outcome::kSkip:
        ++skipped;
        break;
      case Outcome::kNotRun:
        ++not_run;
        break;
    }
  }
  if (errors) std::fprintf(out_, "%d test(s) could not run (harness or input error)\n", errors);
  if (timeouts) std::fprintf(out_, "%d test(s) timed out\n", timeouts);
  if (interrupted) std::fprintf(out_, "%d test(s) interrupted by a signal\n", interrupted);
  if (not_run) std::fprintf(out_, "%d test(s) not run (--max-failures reached)\n", not_run);
  // CI systems parse this line: errors, timeouts and interrupted tests are
  // counted as failed.
  std::fprintf(out_, "%d passed, %d failed, %d skipped\n", passed, failed + errors + timeouts + interrupted, skipped);
  std::fflush(out_);
}

int ExitStatusFor(const std::vector<TestResult>& results) {
  bool any_error = false, any_fail = false, all_skipped = true;
  for (const auto& r : results) {
    any_error |= r.outcome == Outcome::kError;
    any_fail |= r.outcome == Outcome::kFail || r.outcome == Outcome::kTimeout || r.outcome == Outcome::kInterrupted;
    all_skipped &= r.outcome == Outcome::kSkip || r.outcome == Outcome::kNotRun;
  }
  if (any_error) return 2;
  if (any_fail) return 1;
  if (all_skipped) return 77;
  return 0;
}

std::string StripControlCharacters(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7f)) {
      out += static_cast<char>(c);
    }
  }
  // Also drop invalid UTF-8 sequences: keep only well-formed ones.
  std::string valid;
  valid.reserve(out.size());
  for (size_t i = 0; i < out.size();) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= out.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(out[i + k]) >> 6) == 2;
    if (ok) {
      valid.append(out, i, len);
      i += len;
    } else {
      ++i;
    }
  }
  return valid;
}

std::string JUnitClassName(const TestResult& r, const RunFacts& facts) {
  return "exim" + (facts.exim_version.empty() ? std::string() : "-" + facts.exim_version) + "." + facts.dovecot +
         "." + (r.test.suite.empty() ? std::string("tests") : r.test.suite);
}

std::string RepeatTally(const std::vector<TestResult>& results) {
  // Per test (in order of first appearance): how often each verdict came.
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, int>> tally;
  std::map<std::string, std::string> names;
  bool repeated = false;
  for (const auto& r : results) {
    repeated |= r.runs > 1;
    if (r.outcome == Outcome::kNotRun) continue;
    if (!names.count(r.test.name)) {
      order.push_back(r.test.name);
      names[r.test.name] = ConsoleName(r);
    }
    ++tally[r.test.name][OutcomeName(r.outcome)];
  }
  if (!repeated) return "";
  std::string out = "verdicts per test (--repeat):\n";
  for (const auto& name : order) {
    std::string counts;
    for (const auto& [verdict, n] : tally[name]) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + verdict;
    out += "  " + names[name] + ": " + counts + (tally[name].size() > 1 ? " (flaky)" : "") + "\n";
  }
  return out;
}

std::string JUnitXml(const std::vector<TestResult>& results, const RunFacts& facts) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  auto suite = suites.append_child("testsuite");
  int failures = 0, errors = 0, skipped = 0;
  double total = 0;
  for (const auto& r : results) {
    failures += r.outcome == Outcome::kFail || r.outcome == Outcome::kTimeout;
    errors += r.outcome == Outcome::kError || r.outcome == Outcome::kInterrupted;
    skipped += r.outcome == Outcome::kSkip || r.outcome == Outcome::kNotRun;
    total += r.seconds;
  }
  suite.append_attribute("name") = "runtest";
  suite.append_attribute("tests") = static_cast<int>(results.size());
  suite.append_attribute("failures") = failures;
  suite.append_attribute("errors") = errors;
  suite.append_attribute("skipped") = skipped;
  suite.append_attribute("time") = XmlSeconds(total).c_str();
  auto properties = suite.append_child("properties");
  auto property = [&](const char* name, const std::string& value) {
    auto p = properties.append_child("property");
    p.append_attribute("name") = name;
    p.append_attribute("value") = StripControlCharacters(value).c_str();
  };
  property("exim.version", facts.exim_version);
  property("exim.binary", facts.exim_binary);
  property("dovecot", facts.dovecot);
  for (const auto& r : results) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") = StripControlCharacters(JUnitClassName(r, facts)).c_str();
    std::string name = r.test.name + (r.title.empty() ? "" : " " + r.title);
    if (r.runs > 1) name += " [run " + std::to_string(r.run) + "/" + std::to_string(r.runs) + "]";
    tc.append_attribute("name") = StripControlCharacters(name).c_str();
    tc.append_attribute("time") = XmlSeconds(r.seconds).c_str();
    if (r.outcome == Outcome::kNotRun) {
      tc.append_child("skipped").append_attribute("message") = "not run: --max-failures was reached";
    } else if (r.outcome == Outcome::kSkip) {
      tc.append_child("skipped").append_attribute("message") = StripControlCharacters(ReasonText(r)).c_str();
    } else if (r.outcome != Outcome::kPass) {
      // FAIL and TIMEOUT are <failure>s; ERROR and INTERRUPTED (the test
      // did not get to a verdict) are <error>s; type says which.
      bool failure = r.outcome == Outcome::kFail || r.outcome == Outcome::kTimeout;
      auto f = tc.append_child(failure ? "failure" : "error");
      std::string message = ReasonText(r);
      if (r.failed_at && !(r.failed_at->file == r.reason.loc.file && r.failed_at->line == r.reason.loc.line)) {
        message = "at " + r.failed_at->str() + ": " + message;
      }
      f.append_attribute("message") = StripControlCharacters(message).c_str();
      f.append_attribute("type") = OutcomeName(r.outcome);
      std::string body = (r.failed_at ? "script line: " + r.failed_at->str() + "\n" : std::string()) +
                         FailureDetails(r, true);
      f.append_child(pugi::node_pcdata).set_value(StripControlCharacters(body).c_str());
    }
  }
  std::ostringstream s;
  doc.save(s, "  ", pugi::format_default, pugi::encoding_utf8);
  return s.str();
}

void WriteJUnit(const std::string& path, const std::vector<TestResult>& results, const RunFacts& facts) {
  std::string xml = JUnitXml(results, facts);
  if (int err = TryWriteWholeFile(path, xml, 0644))
    throw HarnessError(path + ": cannot write JUnit XML: " + std::strerror(err));
}

}  // namespace harness
