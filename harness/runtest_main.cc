// runtest_main.cc - the `runtest` command line.
#include <limits.h>
#include <nss.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/containment.h"  // issue 14
#include "harness/diagnostic.h"
#include "harness/exim_binary.h"
#include "harness/install_layout.h"  // install_layout
#include "harness/interrupt.h"
#include "harness/process.h"
#include "harness/report.h"
#include "harness/run_dir.h"
#include "harness/runner.h"
#include "harness/test_catalog.h"

namespace fs = std::filesystem;
using namespace harness;

namespace {

const char kUsage[] =
    "usage: runtest [options] [FIRST [LAST|+]]\n"
    "\n"
    "Runs the numbered Exim test scripts under scripts/ against the real Exim\n"
    "binary and compares their normalised outputs with expected/.\n"
    "  FIRST            run only test FIRST\n"
    "  FIRST LAST       run tests FIRST..LAST;  FIRST +  runs FIRST to the end\n"
    "  (none)           run every test\n"
    "\n"
    "options:\n"
    "  --exim PATH          Exim binary under test (default $EXIM_PATH, else /usr/sbin/exim4)\n"
    "  --dovecot=fake|real  auth responder: our fake_dovecot (default) or a private real Dovecot\n"
    "  --update             write the normalised outputs over expected/ (refused if a test\n"
    "                       errs or a command's exit status is wrong)\n"
    "  --keep               keep run directories of passing tests too\n"
    "  -v, --verbose        show the raw line behind each differing normalised line\n"
    "  --work-dir DIR       parent of the per-test run directories (default\n"
    "                       /dev/shm/exim-harness, in memory; else BUILD/work)\n"
    "  --source-dir DIR     project root holding scripts/ confs/ expected/\n"
    "  --junit FILE         also write JUnit XML\n"
    "  --color=auto|always|never\n"
    "  --command-timeout S  limit for one command (default 30)\n"
    "  --test-timeout S     limit for one whole test (default 120)\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 all passed, 1 a test failed, 2 harness or usage error,\n"
    "77 every selected test was skipped; 130/143 interrupted by SIGINT/SIGTERM\n"
    "(the report, JUnit too, is written first: the interrupted test as INTERRUPTED).\n";

[[noreturn]] void UsageError(const std::string& message) {
  std::fprintf(stderr, "runtest: %s\n(runtest --help for usage)\n", message.c_str());
  std::exit(2);
}

std::string SelfDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  buf[n] = 0;
  return fs::path(buf).parent_path().string();
}

int ParseSeconds(const std::string& option, const std::string& value) {
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end || v <= 0 || v > 86400) UsageError(option + " needs a number of seconds (1-86400)");
  return static_cast<int>(v);
}

/// The exit path of main: once a signal has been caught the run ends with
/// 128+signal, whatever else happened, after its report was written (the
/// handler thread is told, and stops waiting to exit on its own).
int Finish(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (Interrupted()) {
    status = InterruptHandled();
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(status);
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef HARNESS_NSS_FILES_ONLY
  // Statically linked (harness/CMakeLists.txt, for bench/run figure 2):
  // users and groups from /etc/passwd and /etc/group only, through glibc's
  // built-in source; no NSS module is loaded.
  __nss_configure_lookup("passwd", "files");
  __nss_configure_lookup("group", "files");
#endif
  // issue 14: the rest runs as PID 1 of its own PID namespace (containment.h).
  if (std::string note = EnterContainment(); !note.empty()) std::fprintf(stderr, "runtest: note: %s\n", note.c_str());
  InstallInterruptHandler("runtest");
  RunOptions options;
  // install_layout: suite and helpers found relative to this executable (docs/install.md).
  const InstallLayout layout = LocateInstall(SelfDir());
  options.source_dir = layout.source_dir;
  options.build_dir = layout.build_dir;
  std::string exim_cli, junit, color = "auto", work_dir;
  std::vector<std::string> positional;

  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& name) -> std::string {
      std::string v;
      if (a.size() > name.size() && a.compare(0, name.size() + 1, name + "=") == 0) {
        v = a.substr(name.size() + 1);
      } else if (a == name + "=" || i + 1 >= args.size()) {
        UsageError(name + " needs a value");
      } else {
        v = args[++i];
      }
      if (v.empty()) UsageError(name + " needs a value");
      return v;
    };
    auto is = [&](const std::string& name) { return a == name || a.rfind(name + "=", 0) == 0; };
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (is("--exim")) {
      exim_cli = value("--exim");
    } else if (is("--dovecot")) {
      std::string mode = value("--dovecot");
      if (mode == "fake") options.dovecot = DovecotMode::kFake;
      else if (mode == "real") options.dovecot = DovecotMode::kReal;
      else UsageError("--dovecot must be fake or real (got '" + mode + "')");
    } else if (a == "--update") {
      options.update = true;
    } else if (a == "--keep") {
      options.keep = true;
    } else if (a == "-v" || a == "--verbose") {
      options.verbose = true;
    } else if (is("--work-dir")) {
      work_dir = value("--work-dir");
    } else if (is("--source-dir")) {
      options.source_dir = value("--source-dir");
    } else if (is("--junit")) {
      junit = value("--junit");
    } else if (is("--color")) {
      color = value("--color");
    } else if (is("--command-timeout")) {
      options.command_timeout = std::chrono::seconds(ParseSeconds("--command-timeout", value("--command-timeout")));
    } else if (is("--test-timeout")) {
      options.test_timeout = std::chrono::seconds(ParseSeconds("--test-timeout", value("--test-timeout")));
    } else if (a.size() > 1 && a[0] == '-' && a != "+") {
      UsageError("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }

  if (options.source_dir.empty()) UsageError(layout.error);  // install_layout
  try {
    bool use_color = ResolveColor(color, fileno(stdout));
    TestRange range = ParseTestRange(positional);
    std::vector<TestCase> tests = SelectTests(FindTests(options.source_dir + "/scripts"), range);
    if (tests.empty()) {
      std::fprintf(stderr, "runtest: no test in %s/scripts matches the range\n", options.source_dir.c_str());
      return 2;
    }
    BecomeSubreaper();
    // Without root every test is skipped (the runner says why); nothing is
    // created and a binary this user cannot probe is no reason to fail.
    bool root = getuid() == 0;
    EximBinary exim;
    try {
      InterruptGate gate;  // no process start behind a signal handler's back
      exim = ProbeEximBinary(ChooseEximPath(exim_cli));
    } catch (const HarnessError& e) {
      if (root) throw;
      if (options.verbose) std::fprintf(stderr, "runtest: %s\n", e.what());
    }
    if (root) {
      std::string note;
      options.work_root = ChooseWorkRoot(work_dir, layout.work_parent,  // install_layout
                                          exim.uid, exim.gid, &note);
      if (!note.empty()) std::fprintf(stderr, "runtest: %s\n", note.c_str());
    }

    ConsoleReporter reporter(stdout, use_color, options.verbose);
    TestRunner runner(options, exim);
    std::vector<TestResult> results;
    for (const auto& test : tests) {
      if (Interrupted()) break;  // nothing new after a signal
      reporter.TestStarted(test);
      results.push_back(runner.Run(test));
      reporter.TestFinished(results.back());
      if (results.back().outcome == Outcome::kInterrupted) break;
    }
    reporter.Summary(results);
    if (!junit.empty()) WriteJUnit(junit, results);
    int status = ExitStatusFor(results);
    if (options.update) {
      for (const auto& r : results) {
        if (r.outcome == Outcome::kError || r.command_failed) {
          std::fprintf(stderr, "runtest: --update refused for test %s: %s\n", r.test.name.c_str(),
                       ReasonText(r).c_str());
          status = 2;
        }
      }
    }
    return Finish(status);
  } catch (const InterruptedError&) {
    // Finish() below exits 128+signal.
  } catch (const HarnessError& e) {
    std::fprintf(stderr, "runtest: %s\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "runtest: internal error: %s\n", e.what());
  }
  KillAllDescendants(Clock::now() + std::chrono::seconds(10));
  return Finish(2);
}
