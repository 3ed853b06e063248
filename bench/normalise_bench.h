// normalise_bench.h - figure 5 of bench/run (see normalise_bench.cc).
#ifndef BENCH_NORMALISE_BENCH_H_
#define BENCH_NORMALISE_BENCH_H_

#include <string>

#include "bench/common.h"

namespace bench {

struct NormaliseOptions {
  std::string work_dir;
  std::string self;         // this program (run as `normalise-file`)
  std::string perl = "/usr/bin/perl";
  std::string perl_generator;  // normalise_pl: writes the Perl port of the rule table
  std::string perl_script;     // where it is written
  size_t bytes = 50u << 20;
  int runs = 10;
  bool keep_files = false;
};

/// Writes the generated debug log (deterministic) of at least \a bytes.
void GenerateLog(const std::string& path, size_t bytes);
/// `normalise-file`: stdin -> harness::Normaliser -> stdout, bench context.
int NormaliseFileMain(const std::string& stream);
std::string RunNormaliserBench(const NormaliseOptions& options);

}  // namespace bench

#endif  // BENCH_NORMALISE_BENCH_H_
