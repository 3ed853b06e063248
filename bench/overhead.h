// overhead.h - figures 1-3 of bench/run (see overhead.cc).
#ifndef BENCH_OVERHEAD_H_
#define BENCH_OVERHEAD_H_

#include <string>

#include "bench/common.h"

namespace bench {

struct OverheadOptions {
  std::string source_dir;  // project root
  std::string build_dir;   // where bin/runtest and bin/fake_dovecot live
  std::string exim = "/usr/sbin/exim4";
  std::string shim;        // bench_shim binary
  int runs = 10;
  int ctest_runs = 10;     // 0: skip figure 3
};

/// Runs figures 1, 2 (and 3) and returns a JSON object text
/// {"overhead": {...}, "cpu": {...}, "parallel": {...}}.
std::string RunOverheadBench(const OverheadOptions& options);
/// `bench_tool floor`: only the floor, options.runs times, one line each.
void RunFloorOnly(const OverheadOptions& options);

}  // namespace bench

#endif  // BENCH_OVERHEAD_H_
