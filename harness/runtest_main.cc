// runtest_main.cc - the `runtest` command line.
#include <limits.h>
#include <malloc.h>
#include <nss.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "fake_dovecot/run.h"
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
    "usage: runtest [options] [TEST...]\n"
    "\n"
    "Runs the numbered Exim test scripts under scripts/ against the real Exim\n"
    "binary and compares their normalised outputs with expected/.\n"
    "  N                run test N (it must exist)\n"
    "  N-M              run the tests numbered N to M\n"
    "  N M ... / N,M    a list of numbers and ranges: 3650 3655 3660-3665\n"
    "  FIRST LAST       (exactly two numbers, as upstream) tests FIRST..LAST\n"
    "  FIRST +          FIRST to the end\n"
    "  (none)           every test\n"
    "\n"
    "options:\n"
    "  --exim PATH          Exim binary under test (default $EXIM_PATH, else /usr/sbin/exim4)\n"
    "  --dovecot=fake|real  auth responder: our fake_dovecot (default) or a private real Dovecot\n"
    "  --update             write the normalised outputs over expected/ (refused if a test\n"
    "                       errs or a command's exit status is wrong)\n"
    "  --keep               keep run directories of passing tests too\n"
    "  --no-keep            keep no run directory, not even a failing test's\n"
    "                       (the failure report is all that is left)\n"
    "  --clean              remove every kept run directory in the work directory, then exit\n"
    "  --max-age DAYS       at start, remove kept run directories older than DAYS\n"
    "                       (default 7; 0 keeps them all)\n"
    "  --debug[=FLAGS]      run Exim with -dFLAGS (default: plain -d, Exim's default\n"
    "                       debug set; e.g. --debug=+auth): its stderr goes to\n"
    "                       RUN/debug-N.txt and is not compared; -bd daemons run\n"
    "                       as -bdf; run directories are kept\n"
    "  --list               print the selected tests (number and title), run nothing\n"
    "  --filter REGEX       only tests whose \"NNNN title\" matches REGEX (RE2, unanchored)\n"
    "  --max-failures N     stop after N failing tests (the rest: NOT RUN)\n"
    "  --repeat N           run each selected test N times; a tally of verdicts at the end\n"
    "  -v, --verbose        show the raw line behind each differing normalised line\n"
    "  --work-dir DIR       parent of the per-test run directories (default\n"
    "                       /dev/shm/exim-harness, in memory; else BUILD/work)\n"
    "  --source-dir DIR     project root holding scripts/ confs/ expected/, or an\n"
    "                       upstream Exim test/ directory, run unchanged\n"
    "  --caller USER        run each test's commands (but `sudo` ones) as USER, a\n"
    "                       login with Exim's group, as upstream's runtest does\n"
    "                       (needed for an upstream test/ directory)\n"
    "  --junit FILE         also write JUnit XML\n"
    "  --color=auto|always|never  colour verdicts and diffs (auto: a terminal,\n"
    "                       unless $NO_COLOR is set or TERM=dumb)\n"
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

int ParseCount(const std::string& option, const std::string& value) {
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end || v <= 0 || v > 1000000) UsageError(option + " needs a positive number");
  return static_cast<int>(v);
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
  // runtest's threads (signals, the fake responder) share the main malloc
  // arena instead of each mapping one of its own (64 MB reserved, then its
  // pages faulted in): they allocate little, and seldom at the same time.
  mallopt(M_ARENA_MAX, 1);
#ifdef HARNESS_NSS_FILES_ONLY
  // Statically linked (harness/CMakeLists.txt, for bench/run figure 2):
  // users and groups from /etc/passwd and /etc/group only, through glibc's
  // built-in source; no NSS module is loaded.
  __nss_configure_lookup("passwd", "files");
  __nss_configure_lookup("group", "files");
#endif
  // Nothing runtest inherited reaches Exim (process.h).
  CloseInheritedDescriptorsOnExec();
  // issue 14: the rest runs as PID 1 of its own PID namespace (containment.h).
  if (std::string note = EnterContainment(); !note.empty()) std::fprintf(stderr, "runtest: note: %s\n", note.c_str());
  InstallInterruptHandler("runtest");
  RunOptions options;
  // install_layout: suite and helpers found relative to this executable (docs/install.md).
  const InstallLayout layout = LocateInstall(SelfDir());
  options.source_dir = layout.source_dir;
  options.build_dir = layout.build_dir;
  options.fake_dovecot_thread = &fake_dovecot::StartResponderThread;  // served by a thread, not executed
  std::string exim_cli, junit, color = "auto", work_dir, filter;
  bool list = false, filtered = false, clean = false;
  int max_age_days = 7;
  int max_failures = 0, repeat = 1;
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
    } else if (a == "--no-keep") {
      options.keep_none = true;
    } else if (a == "--debug") {
      options.debug = "";
    } else if (a.rfind("--debug=", 0) == 0) {
      options.debug = a.substr(8);
      if (options.debug->find_first_of(" \t\n") != std::string::npos || (!options.debug->empty() && (*options.debug)[0] != '+' && (*options.debug)[0] != '-'))
        UsageError("--debug=FLAGS takes Exim debug selectors such as +auth or +all-memory (got '" + *options.debug + "')");
    } else if (a == "--clean") {
      clean = true;
    } else if (is("--max-age")) {
      std::string v = value("--max-age");
      max_age_days = v == "0" ? 0 : ParseCount("--max-age", v);
    } else if (a == "--list") {
      list = true;
    } else if (is("--filter")) {
      filter = value("--filter");
      filtered = true;
    } else if (is("--max-failures")) {
      max_failures = ParseCount("--max-failures", value("--max-failures"));
    } else if (is("--repeat")) {
      repeat = ParseCount("--repeat", value("--repeat"));
    } else if (a == "-v" || a == "--verbose") {
      options.verbose = true;
    } else if (is("--work-dir")) {
      work_dir = value("--work-dir");
    } else if (is("--source-dir")) {
      options.source_dir = value("--source-dir");
    } else if (is("--caller")) {
      options.caller = value("--caller");
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
  if (options.debug && options.update) UsageError("--debug and --update cannot be combined (stderr is not compared)");
  if (options.keep_none && (options.keep || options.debug))
    UsageError(std::string("--no-keep and ") + (options.keep ? "--keep" : "--debug") + " cannot be combined");
  if (options.debug) options.keep = true;
  try {
    bool use_color = ResolveColor(color, fileno(stdout));
    TestSelection selection = ParseTestSelection(positional);
    std::vector<std::string> missing;
    std::vector<TestCase> tests = SelectTests(FindTests(options.source_dir + "/scripts"), selection, &missing);
    if (!missing.empty()) {
      std::string names;
      for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
      std::fprintf(stderr, "runtest: no test numbered %s in %s/scripts\n", names.c_str(), options.source_dir.c_str());
      return 2;
    }
    if (tests.empty()) {
      std::fprintf(stderr, "runtest: no test in %s/scripts\n", options.source_dir.c_str());
      return 2;
    }
    if (filtered) {
      tests = FilterTests(tests, filter);
      if (tests.empty()) {
        std::fprintf(stderr, "runtest: no selected test matches --filter '%s'\n", filter.c_str());
        return 2;
      }
    }
    if (list) {
      for (const auto& t : tests) {
        std::string title = ReadTestTitle(t);
        std::printf("%s%s%s\n", t.name.c_str(), title.empty() ? "" : " ", title.c_str());
      }
      return Finish(0);
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
                                          exim.uid, exim.gid, &note, TrustedOwners(options.source_dir));
      if (!note.empty()) std::fprintf(stderr, "runtest: %s\n", note.c_str());
      if (clean) {
        std::vector<std::string> removed = RemoveKeptRunDirs(options.work_root, time(nullptr) + 1);
        std::printf("runtest: removed %zu kept run director%s from %s\n", removed.size(),
                    removed.size() == 1 ? "y" : "ies", options.work_root.c_str());
        return Finish(0);
      }
      std::vector<std::string> old = RemoveOldKeptRunDirs(options.work_root, max_age_days);
      if (!old.empty())
        std::fprintf(stderr, "runtest: removed %zu kept run director%s older than %d day(s) from %s\n", old.size(),
                     old.size() == 1 ? "y" : "ies", max_age_days, options.work_root.c_str());
    }

    if (options.debug)
      std::fprintf(stderr,
                   "runtest: --debug: exim runs with -d%s; its stderr goes to RUN/debug-N.txt (N: the command number) "
                   "and is not compared; -bd daemons run as -bdf; run directories are kept\n",
                   options.debug->c_str());
    ConsoleReporter reporter(stdout, use_color, options.verbose);
    if (WantProgress(fileno(stdout))) reporter.ShowProgress(static_cast<int>(tests.size()) * repeat);
    TestRunner runner(options, exim);
    std::vector<TestResult> results;
    int failures = 0;
    bool stop = false;
    for (const auto& test : tests) {
      for (int run = 1; run <= repeat; ++run) {
        if (Interrupted()) break;  // nothing new after a signal
        if (stop) {  // --max-failures reached: the rest is reported as not run
          TestResult not_run;
          not_run.test = test;
          not_run.title = ReadTestTitle(test);
          not_run.outcome = Outcome::kNotRun;
          not_run.reason.message = "not run: --max-failures " + std::to_string(max_failures) + " reached";
          if (repeat > 1) not_run.run = run, not_run.runs = repeat;
          results.push_back(std::move(not_run));
          continue;
        }
        reporter.TestStarted(test);
        results.push_back(runner.Run(test));
        if (repeat > 1) results.back().run = run, results.back().runs = repeat;
        reporter.TestFinished(results.back());
        if (results.back().outcome == Outcome::kInterrupted) break;
        Outcome o = results.back().outcome;
        if (o != Outcome::kPass && o != Outcome::kSkip && max_failures > 0 && ++failures >= max_failures) stop = true;
      }
      if (Interrupted() || (!results.empty() && results.back().outcome == Outcome::kInterrupted)) break;
    }
    if (repeat > 1) std::fputs(RepeatTally(results).c_str(), stdout);
    reporter.Summary(results);
    RunFacts facts;
    facts.exim_version = exim.version;
    facts.exim_binary = exim.path;
    facts.dovecot = options.dovecot == DovecotMode::kReal ? "real" : "fake";
    if (!junit.empty()) WriteJUnit(junit, results, facts);
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
