// auth_load.h - figure 4 of bench/run (see auth_load.cc).
#ifndef BENCH_AUTH_LOAD_H_
#define BENCH_AUTH_LOAD_H_

#include <string>
#include <vector>

#include "bench/common.h"

namespace bench {

struct LoadResult {
  int requests = 0;
  double seconds = 0;
  double rate = 0;               // requests per second
  std::vector<double> latencies; // seconds, one per round trip
};

/// One load run: \a conns connections to \a socket, each sending
/// \a per_conn AUTH PLAIN requests one at a time (userx with the right
/// password if \a ok, else the wrong one). Dies on a protocol error.
LoadResult RunAuthLoad(const std::string& socket, int conns, bool ok, int per_conn, double timeout_s);

struct ThroughputOptions {
  std::string work_dir;
  std::string fake_binary;
  std::string users_file;
  std::vector<int> concurrency = {1, 8, 64};
  int runs = 10;
  int requests_per_run = 4000;   // split over the connections
  int real_fail_requests = 2;    // per connection, real Dovecot FAIL runs
};

std::string RunThroughputBench(const ThroughputOptions& options);

}  // namespace bench

#endif  // BENCH_AUTH_LOAD_H_
