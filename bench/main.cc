// main.cc - bench_tool: the measurements behind bench/run.
//
//   bench_tool all --source DIR --build DIR --shim PATH --out FILE [--runs N]
//              [--only 1,2,3,4,5] [--normalise-mb N]
//   bench_tool normalise-file --stream NAME   (stdin -> Normaliser -> stdout)
//   bench_tool genlog FILE MB                 (the generated debug log)
//   bench_tool floor --source DIR --build DIR [--runs N]  (the floor alone)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "bench/auth_load.h"
#include "bench/common.h"
#include "bench/normalise_bench.h"
#include "bench/overhead.h"

using namespace bench;

namespace {

std::string SelfPath() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) Die("readlink /proc/self/exe");
  buf[n] = 0;
  return buf;
}

std::string Machine() {
  std::string cpu = "?";
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  int cores = 0;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0 && cpu == "?") cpu = line.substr(line.find(':') + 2);
    if (line.rfind("processor", 0) == 0) ++cores;
  }
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s, %d CPUs, %.0f GB RAM", cpu.c_str(), cores, pages * double(page) / (1 << 30));
  return buf;
}

std::string Load() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

void PrintTable(const std::string& machine) {
  std::printf("\n| figure | subject | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n");
  for (const Row& r : Rows())
    std::printf("| %s | %s | %s | %.3g | %s | %s |\n", r.figure.c_str(), r.subject.c_str(), r.baseline.c_str(),
                r.ratio, r.target.c_str(), r.met ? "yes" : "**no**");
  std::printf("\nMachine: %s\n", machine.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) Die("usage: bench_tool all|normalise-file|genlog ...");
  std::string cmd = args[0];
  auto opt = [&](const std::string& name, const std::string& dflt) {
    for (size_t i = 1; i + 1 < args.size(); ++i)
      if (args[i] == name) return args[i + 1];
    return dflt;
  };
  // Paths made absolute here: they reach Exim's -C, fake_dovecot's --users
  // and programs run in other directories (Exim changes to / at once; a
  // relative --build made the floor fail).
  auto path_opt = [&](const std::string& name) {
    std::string value = opt(name, "");
    return value.empty() ? value : std::filesystem::absolute(value).lexically_normal().string();
  };
  if (cmd == "normalise-file") return NormaliseFileMain(opt("--stream", "stderr"));
  if (cmd == "genlog") {
    if (args.size() < 3) Die("usage: bench_tool genlog FILE MB");
    GenerateLog(args[1], static_cast<size_t>(std::atof(args[2].c_str()) * (1 << 20)));
    return 0;
  }
  if (cmd == "floor") {
    OverheadOptions o;
    o.source_dir = path_opt("--source");
    o.build_dir = path_opt("--build");
    o.runs = std::atoi(opt("--runs", "1").c_str());
    RunFloorOnly(o);
    return 0;
  }
  if (cmd != "all") Die("unknown command " + cmd);

  std::string source = path_opt("--source"), build = path_opt("--build"), out = opt("--out", "");
  if (source.empty() || build.empty() || out.empty()) Die("all needs --source, --build and --out");
  int runs = std::atoi(opt("--runs", "10").c_str());
  if (runs < 1) runs = 1;
  std::set<int> only;
  for (char c : opt("--only", "12345"))
    if (c >= '1' && c <= '5') only.insert(c - '0');

  std::string machine = Machine();
  std::time_t now = std::time(nullptr);
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string load_before = Load();
  std::vector<std::pair<std::string, std::string>> parts;

  if (only.count(1) || only.count(2) || only.count(3)) {
    std::fprintf(stderr, "figures 1-3: runtest 3650 vs floor, CPU attribution, ctest -j8 vs -j1 ...\n");
    OverheadOptions o;
    o.source_dir = source;
    o.build_dir = build;
    o.shim = path_opt("--shim");
    o.runs = runs;
    o.ctest_runs = only.count(3) ? runs : 0;
    parts.emplace_back("runtest", RunOverheadBench(o));
  }
  if (only.count(4)) {
    std::fprintf(stderr, "figure 4: auth round trips, fake_dovecot vs real Dovecot ...\n");
    ThroughputOptions t;
    t.work_dir = build + "/bench-work/auth";
    t.fake_binary = build + "/bin/fake_dovecot";
    t.users_file = source + "/scripts/3650-Dovecot/passwd";
    t.runs = runs;
    parts.emplace_back("throughput", RunThroughputBench(t));
  }
  if (only.count(5)) {
    std::fprintf(stderr, "figure 5: normaliser, C++ vs Perl ...\n");
    NormaliseOptions n;
    n.work_dir = build + "/bench-work/normalise";
    n.self = SelfPath();
    n.perl_generator = build + "/bin/normalise_pl";
    n.perl_script = n.work_dir + "/normalise.pl";
    n.runs = runs;
    n.bytes = static_cast<size_t>(std::atof(opt("--normalise-mb", "50").c_str()) * 1e6);
    n.keep_files = opt("--keep-files", "no") == "yes";
    parts.emplace_back("normaliser", RunNormaliserBench(n));
  }

  Json j;
  j.Str("when", when).Str("machine", machine).Str("loadavg_before", load_before).Str("loadavg_after", Load())
      .Num("runs_per_figure", runs);
  for (auto& p : parts) j.Raw(p.first, p.second);
  std::vector<std::string> rows;
  bool all_met = true;
  for (const Row& r : Rows()) {
    Json x;
    x.Str("figure", r.figure).Str("subject", r.subject).Str("baseline", r.baseline).Num("ratio", r.ratio)
        .Str("target", r.target).Str("met", r.met ? "yes" : "no");
    rows.push_back(x.Text(4));
    all_met = all_met && r.met;
  }
  j.Raw("summary", JsonArray(rows));
  WriteFile(out, j.Text() + "\n");
  PrintTable(machine + "; load average before " + load_before + ", after " + Load());
  std::printf("JSON: %s\n", out.c_str());
  return all_met ? 0 : 1;
}
