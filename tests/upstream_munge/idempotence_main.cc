// idempotence_main.cc - runs the upstream rule table (harness/upstream_rules.h)
// over upstream's own golden files. A golden is munged output already, so
// munging it again must leave it unchanged; every line that changes is
// reported as FILE:LINE with its before and after, and the run fails unless
// the change is one of the documented exceptions below.
//
// usage: upstream_munge_idempotence TEST_DIR SELECTION...
//   TEST_DIR   an upstream test/ directory (scripts/, log/, stdout/, ...)
//   SELECTION  SUITE (every test of scripts/SUITE) or SUITE:FIRST-LAST
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/normaliser.h"
#include "harness/text.h"
#include "harness/upstream_rules.h"

namespace {

using harness::Normaliser;
using harness::NormaliserOptions;
using harness::Stream;

// A documented exception: golden lines that upstream's munge() itself does
// not leave unchanged: those of files whose name (relative to TEST_DIR)
// starts with `file` and that contain `text`.
struct Exception {
  const char* file;
  const char* text;
  const char* reason;
};

// Every entry says why runtest's own munge() is not idempotent there.
const Exception kExceptions[] = {
#include "idempotence_exceptions.inc"
};

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

const Exception* FindException(const std::string& file, std::string_view line) {
  for (const Exception& e : kExceptions)
    if (file.rfind(e.file, 0) == 0 && line.find(e.text) != std::string::npos) return &e;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " TEST_DIR SUITE[:FIRST-LAST]...\n";
    return 2;
  }
  const std::string dir = argv[1];
  long files = 0, lines = 0, changed = 0, excused = 0;
  std::vector<bool> used(sizeof(kExceptions) / sizeof(kExceptions[0]), false);
  for (int a = 2; a < argc; ++a) {
    std::string sel = argv[a], suite = sel;
    int first = 0, last = 99999;
    std::size_t colon = sel.find(':');
    if (colon != std::string::npos) {
      suite = sel.substr(0, colon);
      if (std::sscanf(sel.c_str() + colon + 1, "%d-%d", &first, &last) != 2) {
        std::cerr << "bad selection " << sel << "\n";
        return 2;
      }
    }
    const std::string scripts = dir + "/scripts/" + suite;
    std::vector<std::string> tests = List(scripts);
    if (tests.empty()) {
      std::cerr << scripts << ": no such suite (or empty)\n";
      return 2;
    }
    for (const std::string& test : tests) {
      if (test.size() != 4 || !std::all_of(test.begin(), test.end(), ::isdigit)) continue;
      int number = std::stoi(test);
      if (number < first || number > last) continue;
      // The script's `munge NAME` (the last one counts), rmfiltertest, need_ipv6.
      std::string script;
      ReadFile(scripts + "/" + test, &script);
      // Runtest's fixed values (ports, V4NET, V6NET); the host's own values
      // are ones no golden holds (a golden holds only their munged forms).
      harness::NormaliseContext ctx = harness::normalise::UpstreamExampleContext();
      ctx.hostname = "idempotence-check.invalid";
      ctx.run_dir = "/nonexistent/idempotence-check/test";
      ctx.caller = "idemcaller";
      ctx.caller_group = "idemgroup";
      ctx.caller_home = "/nonexistent/idempotence-check/home";
      ctx.caller_gecos = "Idempotence Check";
      ctx.exim_user = "idemexim";
      ctx.shell = "/nonexistent/idempotence-check/test/aux-var/sh";
      ctx.ipv4 = "192.0.2.210";
      ctx.ipv6 = "2001:db8::d10";
      ctx.rmfiltertest = false;
      NormaliserOptions options;
      options.rule_set = harness::RuleSet::kUpstream;
      for (std::string_view l : harness::text::SplitLines(script)) {
        if (l.rfind("munge ", 0) == 0) options.upstream_munge = std::string(l.substr(6));
        if (l.rfind("rmfiltertest", 0) == 0) ctx.rmfiltertest = true;
        if (l.rfind("need_ipv6", 0) == 0) ctx.ipv6_test = true;
      }
      Normaliser normaliser(ctx, options);
      // runtest's order: paniclog, rejectlog, log, stdout, stderr, mail, msglog.
      std::vector<std::pair<std::string, Stream>> golden;
      for (auto [kind, stream] : {std::pair<const char*, Stream>{"paniclog", Stream::kPanicLog},
                                  {"rejectlog", Stream::kRejectLog}, {"log", Stream::kLog},
                                  {"stdout", Stream::kStdout}, {"stderr", Stream::kStderr}})
        golden.emplace_back(std::string(kind) + "/" + test, stream);
      for (auto [kind, stream] : {std::pair<const char*, Stream>{"mail", Stream::kMail},
                                  {"msglog", Stream::kMsgLog}})
        for (const std::string& name : List(dir + "/" + kind))
          if (name.rfind(test + ".", 0) == 0) golden.emplace_back(std::string(kind) + "/" + name, stream);
      for (const auto& [file, stream] : golden) {
        std::string text;
        if (!ReadFile(dir + "/" + file, &text)) continue;
        ++files;
        std::vector<std::string_view> before = harness::text::SplitLines(text);
        std::vector<harness::NormalisedLine> after = normaliser.NormaliseLines(text, stream);
        lines += static_cast<long>(before.size());
        // Map output lines back to their raw lines; a dropped raw line is a change.
        std::vector<std::string> out(before.size());
        std::vector<bool> kept(before.size(), false);
        for (const harness::NormalisedLine& l : after) {
          std::size_t i = static_cast<std::size_t>(l.raw_line - 1);
          if (i < before.size()) {
            out[i] = l.text;
            kept[i] = true;
          }
        }
        for (std::size_t i = 0; i < before.size(); ++i) {
          if (kept[i] && out[i] == before[i]) continue;
          const std::string shown = kept[i] ? out[i] : std::string("<dropped>");
          const Exception* e = FindException(file, before[i]);
          if (e != nullptr) {
            ++excused;
            used[static_cast<std::size_t>(e - kExceptions)] = true;
            std::cout << "EXCEPTION " << file << ":" << i + 1 << "\n  before: " << before[i]
                      << "\n  after:  " << shown << "\n  (" << e->reason << ")\n";
            continue;
          }
          ++changed;
          std::cout << "CHANGED " << file << ":" << i + 1 << "\n  before: " << before[i]
                    << "\n  after:  " << shown << "\n";
        }
      }
    }
  }
  int stale = 0;
  for (std::size_t i = 0; i < used.size(); ++i)
    if (!used[i]) {
      ++stale;
      std::cout << "STALE EXCEPTION " << kExceptions[i].file << "... \"" << kExceptions[i].text
                << "\" (no golden line changes there any more: remove it)\n";
    }
  std::cout << files << " golden files, " << lines << " lines checked; " << changed
            << " changed, " << excused << " documented exceptions, " << stale
            << " stale exceptions\n";
  if (files == 0) {
    std::cout << "no golden file found: wrong TEST_DIR?\n";
    return 1;
  }
  return changed == 0 && stale == 0 ? 0 : 1;
}
