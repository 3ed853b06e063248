// normalise_bench.cc - figure 5: harness::Normaliser against the same rule
// table as a Perl s/// loop (generated from the table by bench/normalise_pl.cc
// at every run, into the work directory).
//
// A deterministic generator writes an Exim debug-style log (stderr stream:
// debug lines with daemon pid prefixes, SMTP dialogue, Dovecot lines, log
// lines with dates/pids/message ids/ports/sizes, build-info headers, lines the
// rules drop, UTF-8 tree characters as 4.96 prints them). Both normalisers run
// as separate processes over the same file with the same per-test context;
// their outputs must be byte-identical, then each is timed (wall, interleaved).
#include "bench/normalise_bench.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "harness/file_io.h"
#include "harness/normaliser.h"

namespace bench {
namespace {

struct Ctx {
  std::string hostname = "mx1.bench.example";
  std::string run_dir = "/work/main/build/work/3650.Ab12Cd";
  std::string caller = "benchuser";
  unsigned caller_uid = 1234, caller_gid = 1235;
  std::string caller_home = "/home/benchuser";
  std::string exim_user = "Debian-exim";
  unsigned exim_uid = 101, exim_gid = 103;
  std::vector<std::pair<int, int>> ports = {{40001, 1225}, {40002, 1226}, {40003, 1227},
                                            {40004, 1228}, {40005, 1223}, {40006, 1224}};
};

std::string PortsArg(const Ctx& c) {
  std::string s;
  for (auto& p : c.ports) s += (s.empty() ? "" : ",") + std::to_string(p.first) + ":" + std::to_string(p.second);
  return s;
}

harness::NormaliseContext ToHarness(const Ctx& c) {
  harness::NormaliseContext n;
  n.hostname = c.hostname;
  n.run_dir = c.run_dir;
  n.caller = c.caller;
  n.caller_uid = c.caller_uid;
  n.caller_gid = c.caller_gid;
  n.caller_home = c.caller_home;
  n.exim_user = c.exim_user;
  n.exim_uid = c.exim_uid;
  n.exim_gid = c.exim_gid;
  n.ports = c.ports;
  return n;
}

class Gen {
 public:
  explicit Gen(const Ctx& c) : c_(c), rng_(20240517) {
    static const char* a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 3000; ++i) {
      std::string id;
      for (int k = 0; k < 16; ++k) id += (k == 6 || k == 13) ? '-' : a[Rand(62)];
      ids_.push_back(id);
    }
  }
  unsigned Rand(unsigned n) { return static_cast<unsigned>(rng_() % n); }
  std::string Num(unsigned lo, unsigned hi) { return std::to_string(lo + Rand(hi - lo + 1)); }
  std::string Pid() { return Num(1000, 65000); }
  std::string Id() { return ids_[Rand(ids_.size())]; }
  std::string EPort() { return Num(32768, 60999); }
  std::string DPort() { return std::to_string(c_.ports[Rand(2)].first); }
  std::string Date() {
    char b[64];
    std::snprintf(b, sizeof b, "2024-%02u-%02u %02u:%02u:%02u", 1 + Rand(12), 1 + Rand(28), Rand(24), Rand(60), Rand(60));
    std::string d = b;
    if (Rand(4) == 0) d += "." + std::to_string(100 + Rand(900));
    return d;
  }
  std::string Rfc() {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char b[64];
    std::snprintf(b, sizeof b, "%s, %u %s 2024 %02u:%02u:%02u +0%u00", days[Rand(7)], 1 + Rand(28), mons[Rand(12)],
                  Rand(24), Rand(60), Rand(60), Rand(3));
    return b;
  }
  std::string Uid() {
    switch (Rand(4)) {
      case 0: return "0";
      case 1: return std::to_string(c_.caller_uid);
      case 2: return std::to_string(c_.exim_uid);
      default: return Num(1, 60000);
    }
  }

  // One block of debug output: a header, a daemon section, an SMTP session.
  void Block(std::string& o) {
    std::string spid = Pid(), pid = Pid(), id = Id(), ep = EPort(), dp = DPort(), h = c_.hostname;
    std::string sp = (Rand(2) ? " " : "") + spid + " ";
    auto L = [&o](const std::string& s) { o += s; o += '\n'; };
    if (Rand(8) == 0) {
      L("Exim version 4.96 #2 (Debian 4.96-15+deb12u10) uid=" + Uid() + " gid=" + Uid() + " pid=" + pid + " D=fbb95cfd");
      L("Support for: crypteq iconv() IPv6 PAM Perl Expand_dlfunc GnuTLS TLS_resume move_frozen_messages DANE DKIM DNSSEC");
      L("Lookups (built-in): lsearch wildlsearch nwildlsearch iplsearch cdb dbm dbmjz dbmnz dnsdb dsearch");
      L("Library version: GnuTLS: Compile: 3.7.9");
      L("                         Runtime: 3.7.9");
      L("Authenticators: cram_md5 cyrus_sasl dovecot external plaintext spa tls");
      L("Size of off_t: 8");
      L("Compiler: GCC [12.2.0]");
      L("configuration file is " + c_.run_dir + "/test-config");
      L("changed uid/gid: forcing real = effective");
      L("  uid=" + Uid() + " gid=" + Uid() + " pid=" + pid);
      L("  auxiliary group list: <none>");
      L("originator: uid=" + std::to_string(c_.caller_uid) + " gid=" + std::to_string(c_.caller_gid) + " login=" +
        c_.caller + " name=" + c_.caller);
      L("sender address = " + c_.caller + "@" + h);
      L("getpwnam() succeeded uid=" + std::to_string(c_.exim_uid) + " gid=" + std::to_string(c_.exim_gid));
    }
    L(sp + "daemon_smtp_port overridden by -oX:");
    L(sp + "  <: " + dp);
    L(sp + "listening on all interfaces (IPv6) port " + dp);
    L(sp + "listening on all interfaces (IPv4) port " + dp);
    L(sp + "pid written to " + c_.run_dir + "/exim-daemon.pid");
    L(sp + "LOG: MAIN");
    L(sp + "  exim 4.96 daemon started: pid=" + spid + ", no queue runs, listening for SMTP on port " + dp +
      " (IPv6) port " + dp + " (IPv4)");
    L(sp + "set_process_info: " + (Rand(2) ? " " : "") + spid + " daemon(4.96): no queue runs, port " + dp);
    L(sp + "daemon running with uid=" + std::to_string(c_.exim_uid) + " gid=" + std::to_string(c_.exim_gid) +
      " euid=" + std::to_string(c_.exim_uid) + " egid=" + std::to_string(c_.exim_gid));
    L(sp + "Listening...");
    L(sp + "Connection request from 127.0.0.1 port " + ep);
    L(sp + "1 SMTP accept process running");
    L(sp + "postfork: daemon-accept");
    L("Process " + pid + " is handling incoming connection from [127.0.0.1]:" + ep);
    L("set_process_info: " + pid + " handling incoming connection from [127.0.0.1]:" + ep);
    L("host in hosts_connection_nolog? no (option unset)");
    L("LOG: smtp_connection MAIN");
    L("  SMTP connection from [127.0.0.1]:" + ep + " (TCP/IP connection count = 1)");
    L("host in hosts_proxy? no (option unset)");
    L("in tls_advertise_hosts? no (option unset)");
    L("SMTP>> 220 myhost.test.ex ESMTP Exim 4.96 #2 " + Rfc());
    L("Process " + pid + " is ready for new message");
    L("SMTP<< EHLO xxxx");
    L("sender_fullhost = (xxxx) [127.0.0.1]");
    L("sender_rcvhost = [127.0.0.1] (helo=xxxx)");
    L("SMTP>> 250-myhost.test.ex Hello xxxx [127.0.0.1]");
    L("250-SIZE 52428800");
    L("250-8BITMIME");
    L("250-AUTH PLAIN");
    L("250 HELP");
    L("SMTP<< AUTH PLAIN AHVzZXJ4AHNlY3JldA==");
    L("dovecot authentication");
    L("dovecot: sent: VERSION\t1\t0");
    L("dovecot: sent: CPID\t" + pid);
    L("dovecot: received: VERSION\t1\t2");
    L("dovecot: received: MECH\tPLAIN\tplaintext");
    L("dovecot: received: SPID\t" + Pid());
    L("dovecot: received: CUID\t" + Num(1, 99));
    L("dovecot: received: COOKIE\t1f3f52064ce66c08bc0e5e0e2e454fc7");
    L("dovecot: received: DONE");
    L("dovecot: sent: AUTH\t1\tPLAIN\tservice=smtp\tlip=127.0.0.1\trip=127.0.0.1\tlport=" + dp + "\trport=" + ep +
      "\tresp=<hidden>");
    L("dovecot: received: FAIL\t1\tuser=userx");
    L("╭considering: ${if eq{$authenticated_id}{}{no}{yes}}");
    L("├───expanding: $authenticated_id");
    L("╰─────result: userx");
    L("LOG: MAIN REJECT");
    L("  dovecot authenticator failed for (xxxx) [127.0.0.1]:" + ep + ": 535 Incorrect authentication data (set_id=userx)");
    L("SMTP>> 535 Incorrect authentication data");
    L("SMTP<< quit");
    L("SMTP>> 221 myhost.test.ex closing connection");
    L("LOG: smtp_connection MAIN");
    L("  SMTP connection from (xxxx) [127.0.0.1]:" + ep + " closed by QUIT");
    L("search_tidyup called");
    L(">>>>>>>>>>>>>>>> Exim pid=" + pid + " (daemon-accept) terminating with rc=0 >>>>>>>>>>>>>>>>");
    // Log-style lines (reception, delivery) and odds and ends.
    std::string size = Num(200, 99999);
    L(Date() + " " + id + " <= " + c_.caller + "@" + h + " H=(xxxx) [127.0.0.1]:" + ep +
      " P=esmtpa A=dovecot:userx S=" + size + " id=E" + Id() + "@" + h);
    L(Date() + " [" + pid + "] " + id + " => usery <usery@test.ex> R=localuser T=appendfile");
    L(Date() + " " + id + " Completed");
    L("Writing spool header file: " + c_.run_dir + "/spool//input//hdr." + pid);
    L("DSN: Write SPOOL: " + c_.run_dir + "/spool/input/" + id + "-D");
    L("Received: from " + c_.exim_user + " by " + h + " with local (Exim 4.96)");
    L("\t(envelope-from <" + c_.exim_user + "@" + h + ">)");
    L("\tid " + Id() + "; " + Rfc());
    L("Date: " + Rfc());
    L("Message-Id: <E" + Id() + "@" + h + ">");
    L("  SMTP data: size=" + size + " lines=" + Num(1, 300));
    L("MAIL FROM:<" + c_.caller + "@" + h + "> SIZE=" + size + " AUTH=<>");
    switch (Rand(10)) {
      case 0:
        L("connect to 127.0.0.1 port " + Num(1, 1000) + " failed: errno=111 (111): Connection refused");
        L("LOG: MAIN");
        L("  " + Id() + " H=127.0.0.1 [127.0.0.1]:" + Num(1, 1000) + " Connection refused");
        break;
      case 1:
        L("Connecting to 127.0.0.1 [127.0.0.1]:" + dp + " ... connected");
        L("process " + Pid() + " running as transport filter: write=" + Num(3, 12) + " read=" + Num(3, 12));
        L("reading pipe for subprocess " + Pid() + " (ended)");
        break;
      case 2:
        L("appendfile: mode=600 notify_comsat=0 quota=0 warning=0");
        L("  file=" + c_.caller_home + "/mail/inbox format=unix");
        L("lock name: " + c_.run_dir + "/test-mail/temp." + pid + "." + h);
        L("hitch name: " + c_.exim_user + ".lock." + h + "." + Num(10000, 99999));
        break;
      case 3:
        L("waiting for children of " + pid);
        L("read response data: size=" + Num(10, 999));
        L("forking for queue-runner");
        L("Running as: " + c_.exim_user);
        L("U=" + c_.exim_user + " P=local S=" + size);
        break;
      case 4:
        L("SIGSEGV (" + pid + " handling incoming connection) fault address: 0x" + std::string("7ffd3c2a"));
        L(Date() + " 10" + Id().substr(2) + " SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[127.0.0.1]:" + ep);
        break;
      case 5:
        L("sender_host_address=127.0.0.1 port=" + ep + " interface_port=" + dp);
        L("user_id=" + Uid() + " group_id=" + Uid() + " pid " + pid);
        L("PID: " + pid + " file: " + c_.run_dir + "/spool/db/retry.lockfile");
        break;
      default:
        L("routing usery@test.ex");
        L("--------> usery@test.ex <--------");
        L("local_part=usery domain=test.ex");
        L("calling localuser router");
        L("localuser router called for usery@test.ex: domain=test.ex");
        L("set transport appendfile");
        L("queued for appendfile transport: local_part = usery domain = test.ex errors_to=NULL");
        L("routed by localuser router");
        L("  envelope to: usery@test.ex");
        L("  transport: appendfile");
        break;
    }
  }

 private:
  const Ctx& c_;
  std::mt19937_64 rng_;
  std::vector<std::string> ids_;
};

double RunTimed(const std::vector<std::string>& argv, const std::string& in, const std::string& out) {
  SpawnSpec s;
  s.argv = argv;
  s.stdout_file = out;
  unlink(out.c_str());
  // stdin: the log file, opened by the shell-free redirect below.
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* fi = std::freopen(in.c_str(), "r", stdin);
    FILE* fo = std::freopen(out.c_str(), "w", stdout);
    if (!fi || !fo) _exit(126);
    std::vector<char*> a;
    for (auto& x : argv) a.push_back(const_cast<char*>(x.c_str()));
    a.push_back(nullptr);
    execv(a[0], a.data());
    _exit(127);
  }
  int st = Wait(pid);
  double wall = SecondsSince(t0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die(argv[0] + " failed (status " + std::to_string(st) + ")");
  return wall;
}

/// First differing line of two texts, for the report.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t line = 1, start = 0, i = 0;
  for (; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
    if (a[i] == '\n') {
      ++line;
      start = i + 1;
    }
  auto cut = [&](const std::string& s) {
    size_t e = s.find('\n', start);
    return s.substr(start, e == std::string::npos ? std::string::npos : e - start);
  };
  return "line " + std::to_string(line) + ":\n  C++:  " + cut(a) + "\n  Perl: " + cut(b);
}

}  // namespace

void GenerateLog(const std::string& path, size_t bytes) {
  Ctx c;
  Gen g(c);
  std::string o;
  o.reserve(bytes + 65536);
  while (o.size() < bytes) g.Block(o);
  WriteFile(path, o);
}

int NormaliseFileMain(const std::string& stream_name) {
  // stdin -> stdout, the bench context (the generated log's values). A
  // regular file is mapped (read-only, prefaulted) and normalised in one go;
  // anything else is read whole first.
  std::string raw;
  std::string_view input;
  void* map = MAP_FAILED;
  struct stat st;
  if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    map = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, 0, 0);
    if (map != MAP_FAILED) input = std::string_view(static_cast<const char*>(map), static_cast<size_t>(st.st_size));
  }
  if (map == MAP_FAILED) {
    char buf[1 << 16];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) raw.append(buf, static_cast<size_t>(n));
    input = raw;
  }
  harness::Stream stream = harness::Stream::kStderr;
  for (auto s : {harness::Stream::kLog, harness::Stream::kRejectLog, harness::Stream::kPanicLog,
                 harness::Stream::kStdout, harness::Stream::kStderr, harness::Stream::kDovecot})
    if (stream_name == harness::StreamName(s)) stream = s;
  harness::Normaliser norm(ToHarness(Ctx{}));
  // Written as it comes, through a buffer (as the Perl script's print is):
  // the whole output gathered first cost a page fault per 4 KB of it.
  std::string buffer;
  buffer.reserve(1 << 18);
  auto flush = [&buffer] {
    if (int err = harness::TryWriteAll(1, buffer)) Die(std::string("normalise-file: write: ") + std::strerror(err));
    buffer.clear();
  };
  norm.Normalise(input, stream, [&](std::string_view text) {
    buffer += text;
    if (buffer.size() >= (1 << 18) - 4096) flush();
  });
  flush();
  return 0;
}

std::string RunNormaliserBench(const NormaliseOptions& o) {
  namespace fs = std::filesystem;
  fs::create_directories(o.work_dir);
  std::string log = o.work_dir + "/debug.log";
  GenerateLog(log, o.bytes);
  RunTimed({o.perl_generator}, "/dev/null", o.perl_script);
  size_t size = fs::file_size(log);
  Ctx c;
  std::vector<std::string> cxx = {o.self, "normalise-file", "--stream", "stderr"};
  std::vector<std::string> perl = {o.perl, o.perl_script, "--stream", "stderr", "--hostname", c.hostname,
                                   "--run-dir", c.run_dir, "--caller", c.caller,
                                   "--caller-uid", std::to_string(c.caller_uid), "--caller-gid", std::to_string(c.caller_gid),
                                   "--caller-home", c.caller_home, "--exim-user", c.exim_user,
                                   "--exim-uid", std::to_string(c.exim_uid), "--exim-gid", std::to_string(c.exim_gid),
                                   "--ports", PortsArg(c)};
  std::string out_c = o.work_dir + "/out.cxx", out_p = o.work_dir + "/out.perl";
  // Honesty check first: byte-identical outputs.
  RunTimed(cxx, log, out_c);
  RunTimed(perl, log, out_p);
  std::string a = ReadFile(out_c), b = ReadFile(out_p);
  bool identical = a == b;
  if (!identical) std::fprintf(stderr, "  normaliser: C++ and Perl outputs DIFFER at %s\n", FirstDifference(a, b).c_str());
  size_t lines = 0;
  for (char ch : ReadFile(log)) lines += ch == '\n';
  std::vector<double> tc, tp, ratio;
  for (int i = 0; i < o.runs; ++i) {
    double x, y;
    if (i % 2 == 0) {
      x = RunTimed(cxx, log, out_c);
      y = RunTimed(perl, log, out_p);
    } else {
      y = RunTimed(perl, log, out_p);
      x = RunTimed(cxx, log, out_c);
    }
    tc.push_back(x);
    tp.push_back(y);
    ratio.push_back(y / x);
    std::fprintf(stderr, "  normaliser run %2d: C++ %.3f s, Perl %.3f s\n", i + 1, x, y);
  }
  if (!o.keep_files) {
    unlink(out_c.c_str());
    unlink(out_p.c_str());
    unlink(log.c_str());
  }
  // Targets: at least 10x the Perl port, and at least 28 MB/s of raw log.
  const double ratio_med = Median(ratio), mbps = size / 1e6 / Median(tc);
  const bool met = identical && ratio_med >= 10 && mbps >= 28;
  Rows().push_back({std::string("5 normaliser (Perl s/// / C++, 50 MB") + (identical ? ", outputs identical)" : ", OUTPUTS DIFFER)"),
                    Fmt("%.2f s", Median(tc)) + Fmt(" (%.1f MB/s)", mbps), Fmt("%.2f s", Median(tp)), ratio_med,
                    ">= 10, >= 28 MB/s", met});
  Json j;
  j.Str("measures", "wall time of the Perl s/// port of the rule table (generated by normalise_pl) / harness::Normaliser, same generated Exim debug log, stream stderr")
      .Num("log_bytes", static_cast<double>(size))
      .Num("log_lines", static_cast<double>(lines))
      .Num("output_bytes", static_cast<double>(a.size()))
      .Str("outputs_identical", identical ? "yes" : "NO")
      .Num("runs", o.runs)
      .Num("cxx_s", Median(tc))
      .Num("perl_s", Median(tp))
      .Num("cxx_mb_per_s", size / 1e6 / Median(tc))
      .Num("perl_mb_per_s", size / 1e6 / Median(tp))
      .Num("ratio", Median(ratio))
      .Num("target_min", 10.0)
      .Num("target_min_cxx_mb_per_s", 28.0)
      .Raw("cxx_all", JsonNumbers(tc))
      .Raw("perl_all", JsonNumbers(tp));
  return j.Text(2);
}

}  // namespace bench
