// report.cc - see report.h.
#include "harness/report.h"

#include <unistd.h>

#include <cerrno>
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
  if (mode == "auto") return isatty(fd);
  throw HarnessError("--color must be auto, always or never (got '" + mode + "')");
}

std::string ConsoleReporter::Paint(const std::string& text, const char* code) const {
  if (!color_) return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

void ConsoleReporter::TestStarted(const TestCase&) {}

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
  return "    +" + std::to_string(n.actual_line) + " <- raw " + (n.server ? "server " : "") + "line " +
         std::to_string(n.raw_line) + ": " + EscapeForDisplay(n.raw, 400) + "\n";
}

std::string FailureDetails(const TestResult& r, bool verbose) {
  std::ostringstream s;
  if (r.outcome == Outcome::kError || r.outcome == Outcome::kInterrupted || r.command_failed) {
    s << Indent(ReasonText(r), "  ") << "\n";
  }
  for (const auto& c : r.checks) {
    if (c.matched) continue;
    s << "  " << (c.summary.empty() ? c.expected_path + ": differs" : c.summary) << "\n";
    std::istringstream diff(c.diff);
    for (std::string line; std::getline(diff, line);) s << "    " << line << "\n";
    if (verbose)
      for (const RawLineNote& n : c.raw_lines) s << RawLineText(n);
  }
  for (const auto& u : r.updates) s << "  " << u << "\n";
  if (r.run_dir_kept) s << "  run directory kept: " << r.run_dir << "\n";
  return s.str();
}

void ConsoleReporter::TestFinished(const TestResult& r) {
  std::string title = r.title.empty() ? "" : " " + r.title;
  std::fprintf(out_, "%s%s%s %s (%s)\n", r.test.name.c_str(), r.test.suite.empty() ? "" : ("/" + r.test.suite).c_str(),
               title.c_str(), Paint(ConsoleLabel(r.outcome), OutcomeColour(r.outcome)).c_str(),
               Seconds(r.seconds).c_str());
  if (r.outcome == Outcome::kSkip) std::fprintf(out_, "  skipped: %s\n", ReasonText(r).c_str());
  if (r.outcome != Outcome::kPass && r.outcome != Outcome::kSkip) {
    std::fputs(FailureDetails(r, verbose_).c_str(), out_);
  } else if (!r.updates.empty() || (verbose_ && r.run_dir_kept)) {
    std::fputs(FailureDetails(r, verbose_).c_str(), out_);
  }
  std::fflush(out_);
}

void ConsoleReporter::Summary(const std::vector<TestResult>& results) {
  int passed = 0, failed = 0, skipped = 0, errors = 0, timeouts = 0, interrupted = 0;
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
    }
  }
  if (errors) std::fprintf(out_, "%d test(s) could not run (harness or input error)\n", errors);
  if (timeouts) std::fprintf(out_, "%d test(s) timed out\n", timeouts);
  if (interrupted) std::fprintf(out_, "%d test(s) interrupted by a signal\n", interrupted);
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
    all_skipped &= r.outcome == Outcome::kSkip;
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

std::string JUnitXml(const std::vector<TestResult>& results) {
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
    skipped += r.outcome == Outcome::kSkip;
    total += r.seconds;
  }
  suite.append_attribute("name") = "runtest";
  suite.append_attribute("tests") = static_cast<int>(results.size());
  suite.append_attribute("failures") = failures;
  suite.append_attribute("errors") = errors;
  suite.append_attribute("skipped") = skipped;
  suite.append_attribute("time") = XmlSeconds(total).c_str();
  for (const auto& r : results) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") =
        StripControlCharacters("exim." + (r.test.suite.empty() ? std::string("tests") : r.test.suite)).c_str();
    std::string name = r.test.name + (r.title.empty() ? "" : " " + r.title);
    tc.append_attribute("name") = StripControlCharacters(name).c_str();
    tc.append_attribute("time") = XmlSeconds(r.seconds).c_str();
    if (r.outcome == Outcome::kSkip) {
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

void WriteJUnit(const std::string& path, const std::vector<TestResult>& results) {
  std::string xml = JUnitXml(results);
  if (int err = TryWriteWholeFile(path, xml, 0644))
    throw HarnessError(path + ": cannot write JUnit XML: " + std::strerror(err));
}

}  // namespace harness
