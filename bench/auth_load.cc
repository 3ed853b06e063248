// auth_load.cc - figure 4: auth round-trips per second through the Dovecot
// auth-client protocol, fake_dovecot against a private real Dovecot 2.3.
//
// One single-threaded load client (poll over plain UNIX sockets) opens C
// connections, completes each handshake (server's VERSION..DONE, then our
// VERSION and CPID), and only then starts the clock. Each connection then
// keeps exactly one AUTH PLAIN request outstanding (as Exim does), N requests
// in all, and every round trip's latency is recorded. Loops are bounded by N
// and by a per-run timeout.
#include "bench/auth_load.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "harness/dovecot_backend.h"

namespace bench {
namespace {

std::string B64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += k[v >> 18 & 63];
    out += k[v >> 12 & 63];
    out += k[v >> 6 & 63];
    out += k[v & 63];
  }
  if (i < in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (i + 1 < in.size() ? (unsigned char)in[i + 1] << 8 : 0);
    out += k[v >> 18 & 63];
    out += k[v >> 12 & 63];
    out += i + 1 < in.size() ? k[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

struct Conn {
  int fd = -1;
  std::string in;
  bool handshaken = false;
  int sent = 0, done = 0;
  unsigned next_id = 1;
  Clock::time_point t_sent;
};

int ConnectUnix(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("connect " + path + ": " + std::strerror(errno));
  return fd;
}

void SendAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n <= 0) Die("auth load: write failed");
    off += n;
  }
}

}  // namespace

LoadResult RunAuthLoad(const std::string& socket, int conns, bool ok, int per_conn, double timeout_s) {
  static const std::string kOk = B64(std::string("\0userx\0letmein", 14));
  static const std::string kFail = B64(std::string("\0userx\0secret", 13));
  const std::string& resp = ok ? kOk : kFail;
  const char* want = ok ? "OK\t" : "FAIL\t";
  std::vector<Conn> cs(conns);
  std::vector<pollfd> pfds(conns);
  for (int i = 0; i < conns; ++i) {
    cs[i].fd = ConnectUnix(socket);
    pfds[i] = {cs[i].fd, POLLIN, 0};
  }
  auto deadline_from = [&](Clock::time_point t0) { return SecondsSince(t0) > timeout_s; };
  auto send_auth = [&](Conn& c) {
    std::string line = "AUTH\t" + std::to_string(c.next_id++) + "\tPLAIN\tservice=smtp\tresp=" + resp + "\n";
    c.t_sent = Clock::now();
    SendAll(c.fd, line);
    ++c.sent;
  };
  LoadResult r;
  r.latencies.reserve(static_cast<size_t>(conns) * per_conn);
  // Phase 1: handshakes.
  auto h0 = Clock::now();
  int pending = conns;
  char buf[8192];
  while (pending > 0) {
    if (deadline_from(h0)) Die("auth load: handshake timed out");
    if (poll(pfds.data(), conns, 1000) <= 0) continue;
    for (int i = 0; i < conns; ++i) {
      if (!(pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) || cs[i].handshaken) continue;
      ssize_t n = read(cs[i].fd, buf, sizeof buf);
      if (n <= 0) Die("auth load: server closed during handshake");
      cs[i].in.append(buf, n);
      size_t d = cs[i].in.find("DONE\n");
      if (d != std::string::npos) {
        cs[i].in.erase(0, d + 5);
        cs[i].handshaken = true;
        SendAll(cs[i].fd, "VERSION\t1\t2\nCPID\t" + std::to_string(getpid() * 100 + i) + "\n");
        --pending;
      }
    }
  }
  // Phase 2: the timed request loop.
  auto t0 = Clock::now();
  for (auto& c : cs) send_auth(c);
  int active = conns;
  while (active > 0) {
    if (deadline_from(t0)) Die("auth load: run timed out");
    if (poll(pfds.data(), conns, 1000) <= 0) continue;
    for (int i = 0; i < conns; ++i) {
      if (!(pfds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Conn& c = cs[i];
      ssize_t n = read(c.fd, buf, sizeof buf);
      if (n <= 0) Die("auth load: server closed the connection");
      c.in.append(buf, n);
      size_t nl;
      while ((nl = c.in.find('\n')) != std::string::npos) {
        std::string line = c.in.substr(0, nl);
        c.in.erase(0, nl + 1);
        if (line.compare(0, std::strlen(want), want) != 0) Die("auth load: unexpected reply '" + line + "'");
        r.latencies.push_back(SecondsSince(c.t_sent));
        ++c.done;
        if (c.sent < per_conn) {
          send_auth(c);
        } else {
          --active;
          pfds[i].events = 0;
        }
      }
    }
  }
  r.seconds = SecondsSince(t0);
  r.requests = static_cast<int>(r.latencies.size());
  r.rate = r.requests / r.seconds;
  for (auto& c : cs) close(c.fd);
  return r;
}

namespace {

struct Side {
  std::vector<double> rates, lat;
};

std::string SideJson(const Side& s) {
  Json j;
  j.Num("rate_per_s", Median(s.rates))
      .Num("p50_ms", Percentile(s.lat, 50) * 1e3)
      .Num("p99_ms", Percentile(s.lat, 99) * 1e3)
      .Raw("rates_all", JsonNumbers(s.rates));
  return j.Text(6);
}

}  // namespace

std::string RunThroughputBench(const ThroughputOptions& o) {
  namespace fs = std::filesystem;
  std::string work = o.work_dir;
  RemoveTree(work);
  fs::create_directories(work);
  auto deadline = [] { return harness::Clock::now() + std::chrono::seconds(30); };

  harness::DovecotSetup fake_setup;
  fake_setup.run_dir = work + "/fake";
  fs::create_directories(fake_setup.run_dir);
  fake_setup.socket_path = fake_setup.run_dir + "/auth-client";
  fake_setup.users_file = o.users_file;
  fake_setup.fake_binary = o.fake_binary;
  fake_setup.failure_delay_ms = 0;
  harness::DovecotBackend fake(fake_setup);
  fake.Start(deadline());

  harness::DovecotSetup real_setup;
  real_setup.run_dir = work + "/real";
  fs::create_directories(real_setup.run_dir);
  real_setup.socket_path = real_setup.run_dir + "/auth-client";
  real_setup.users_file = o.users_file;
  real_setup.real = true;
  harness::DovecotBackend real(real_setup);
  real.Start(deadline());

  // Warm up both (Dovecot starts its auth process on first use).
  RunAuthLoad(fake.socket_path(), 1, true, 200, 30);
  RunAuthLoad(real.socket_path(), 1, true, 200, 30);
  RunAuthLoad(real.socket_path(), 1, false, 1, 30);

  std::vector<std::string> rows;
  for (int conns : o.concurrency) {
    for (bool ok : {true, false}) {
      Side f, r;
      std::vector<double> ratios;
      int n_fast = std::max(1, o.requests_per_run / conns);
      // Real Dovecot holds every FAIL back ~0.5 s: a few per connection.
      int n_real = ok ? n_fast : o.real_fail_requests;
      for (int run = 0; run < o.runs; ++run) {
        LoadResult a, b;
        if (run % 2 == 0) {
          a = RunAuthLoad(fake.socket_path(), conns, ok, n_fast, 60);
          b = RunAuthLoad(real.socket_path(), conns, ok, n_real, 60);
        } else {
          b = RunAuthLoad(real.socket_path(), conns, ok, n_real, 60);
          a = RunAuthLoad(fake.socket_path(), conns, ok, n_fast, 60);
        }
        f.rates.push_back(a.rate);
        r.rates.push_back(b.rate);
        f.lat.insert(f.lat.end(), a.latencies.begin(), a.latencies.end());
        r.lat.insert(r.lat.end(), b.latencies.begin(), b.latencies.end());
        ratios.push_back(a.rate / b.rate);
      }
      std::fprintf(stderr, "  auth c=%-2d %-4s fake %9.0f/s (p50 %.3f ms p99 %.3f ms)  real %9.0f/s (p50 %.3f ms p99 %.3f ms)  ratio %.2f\n",
                   conns, ok ? "OK" : "FAIL", Median(f.rates), Percentile(f.lat, 50) * 1e3, Percentile(f.lat, 99) * 1e3,
                   Median(r.rates), Percentile(r.lat, 50) * 1e3, Percentile(r.lat, 99) * 1e3, Median(ratios));
      Rows().push_back({"4 responder throughput c=" + std::to_string(conns) + (ok ? " OK" : " FAIL") + " (fake / real Dovecot)",
                        Fmt("%.0f/s", Median(f.rates)), Fmt("%.0f/s", Median(r.rates)), Median(ratios), ">= 1.0",
                        Median(ratios) >= 1.0});
      Json row;
      row.Num("connections", conns)
          .Str("result", ok ? "OK" : "FAIL")
          .Num("runs", o.runs)
          .Num("requests_per_run_fake", static_cast<double>(n_fast) * conns)
          .Num("requests_per_run_real", static_cast<double>(n_real) * conns)
          .Raw("fake", SideJson(f))
          .Raw("real", SideJson(r))
          .Num("ratio", Median(ratios))
          .Num("target_min", 1.0);
      rows.push_back(row.Text(4));
    }
  }
  fake.Stop();
  real.Stop();
  RemoveTree(work);
  Json j;
  j.Str("measures", "auth round trips/s, one load client, C connections each with one AUTH PLAIN outstanding; fake_dovecot (--failure-delay 0) / private real Dovecot 2.3 (auth_failure_delay = 0, auth_cache_size = 0)")
      .Raw("cases", JsonArray(rows));
  return j.Text(2);
}

}  // namespace bench
