// overhead.cc - figures 1 (per-test overhead), 2 (harness CPU) and 3
// (parallel suite).
//
// 1. `runtest 3650` wall time against a floor: the least a program can do to
//    make Exim do the same work (see RunFloor()).
// 2. CPU of runtest itself and of fake_dovecot against the CPU of Exim, with
//    every process attributed through bench_shim (see shim.cc).
// 3. `ctest -L exim -j8` wall time against `ctest -L exim -j1`.
// Runs are interleaved (runtest, floor, runtest-under-shims; then the floor
// first) so that drift from the other load on the machine hits both sides.
#include "bench/overhead.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "harness/run_dir.h"

namespace bench {
namespace {

namespace fs = std::filesystem;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    Die("cannot get a free port");
  close(fd);
  return ntohs(a.sin_port);
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

/// Line reader over a blocking socket with a receive timeout.
class Smtp {
 public:
  explicit Smtp(int fd) : fd_(fd) {}
  ~Smtp() { close(fd_); }
  // Reads one reply (all its lines); returns the last line.
  std::string Reply() {
    for (;;) {
      std::string line = Line();
      if (line.size() < 4 || line[3] != '-') return line;
    }
  }
  void Send(const std::string& s) {
    std::string d = s + "\r\n";
    if (write(fd_, d.data(), d.size()) != static_cast<ssize_t>(d.size())) Die("floor: SMTP write failed");
  }

 private:
  std::string Line() {
    for (;;) {
      size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      char b[4096];
      ssize_t n = read(fd_, b, sizeof b);
      if (n <= 0) Die("floor: SMTP connection closed or timed out");
      buf_.append(b, n);
    }
  }
  int fd_;
  std::string buf_;
};

void Expect(const std::string& line, const char* prefix) {
  if (line.compare(0, std::strlen(prefix), prefix) != 0) Die("floor: expected " + std::string(prefix) + ", got '" + line + "'");
}

/// Waits (inotify) until \a path no longer exists, or (pidfd) until \a pid
/// has exited, whichever comes first. Returns false if the process exited
/// and left the file behind (Exim deletes it from a re-exec'd child that can
/// lose that race), so that the caller can count it.
bool WaitGone(const std::string& path, pid_t pid, double timeout_s) {
  std::string dir = path.substr(0, path.rfind('/'));
  int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  inotify_add_watch(ifd, dir.c_str(), IN_DELETE | IN_MOVED_FROM);
  int pfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  auto t0 = Clock::now();
  bool vanished = true;
  while (access(path.c_str(), F_OK) == 0) {
    if (SecondsSince(t0) > timeout_s) Die("floor: " + path + " did not vanish");
    pollfd p[2] = {{ifd, POLLIN, 0}, {pfd, POLLIN, 0}};
    if (poll(p, pfd >= 0 ? 2 : 1, 100) > 0) {
      char b[4096];
      while (read(ifd, b, sizeof b) > 0) {
      }
      if (p[1].revents & POLLIN) {
        vanished = access(path.c_str(), F_OK) != 0;
        break;
      }
    }
  }
  if (pfd >= 0) close(pfd);
  close(ifd);
  return vanished;
}

struct Paths {
  std::string source, build, runtest, fake, exim, shim, tree, work, passwd;
  /// Where run directories go: the work root runtest picks by default (the
  /// floor's go there too, on the same file system).
  std::string runs;
};

struct FloorTemplate {
  std::string config;   // test-config as runtest generated it
  std::string old_dir;  // the run directory named inside it
  uid_t exim_uid = 0;
  gid_t exim_gid = 0;
};

/// One runtest --keep run, to take its generated test-config.
FloorTemplate MakeTemplate(const Paths& p) {
  std::string gen = p.work + "/template";
  RemoveTree(gen);
  fs::create_directories(gen);
  SpawnSpec s;
  s.argv = {p.runtest, "--keep", "--work-dir", gen, "3650"};
  int st = Wait(Spawn(s));
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die("runtest --keep 3650 failed; does `runtest 3650` pass?");
  FloorTemplate t;
  for (const auto& e : fs::directory_iterator(gen)) {
    if (e.path().filename().string().rfind("3650.", 0) == 0) t.old_dir = e.path().string();
  }
  if (t.old_dir.empty()) Die("no run directory in " + gen);
  t.config = ReadFile(t.old_dir + "/test-config");
  struct stat st_spool;
  if (stat((t.old_dir + "/spool").c_str(), &st_spool) != 0) Die("no spool in " + t.old_dir);
  t.exim_uid = st_spool.st_uid;
  t.exim_gid = st_spool.st_gid;
  return t;
}

struct FloorRun {
  double wall = 0;
  double exim_cpu = 0;
  double fake_cpu = 0;
  bool pid_file_left = false;
};

/// The floor: what any harness must do for test 3650, with nothing else.
///  - a fresh run directory with spool/ owned by Exim's user, and the same
///    generated configuration (the run directory path replaced, the seed's
///    fixed socket path replaced by the run directory's auth-client);
///  - fake_dovecot started directly (socket + users file), waited for by
///    its `ready` line;
///  - `exim -DSERVER=server -bd -oX PORT -oP PIDFILE`, launcher reaped;
///  - the port waited for by connect() retries every 0.5 ms, and that same
///    connection used for 3650's dialogue (220, EHLO, AUTH PLAIN -> 535,
///    quit -> 221);
///  - SIGTERM to the daemon, wait (inotify) for the pid file to vanish, reap;
///  - SIGTERM to fake_dovecot, reap; remove the run directory.
/// This process is a child subreaper, so the double-forked daemon is its
/// child and RUSAGE_CHILDREN covers all of Exim's processes.
FloorRun RunFloor(const Paths& p, const FloorTemplate& t) {
  FloorRun r;
  rusage before;
  getrusage(RUSAGE_CHILDREN, &before);
  auto t0 = Clock::now();

  std::string dir = p.runs + "/floor.XXXXXX";
  if (!mkdtemp(dir.data())) Die("mkdtemp " + dir + ": " + std::strerror(errno));
  RemovedOnDie scratch(dir);  // in the work root: not left behind by a failed run
  chmod(dir.c_str(), 0711);
  std::string spool = dir + "/spool";
  if (mkdir(spool.c_str(), 0750) != 0 || chown(spool.c_str(), t.exim_uid, t.exim_gid) != 0) Die("spool");
  // confs/3650 names the seed's fixed socket, which runtest provides in its
  // private mount namespace (harness/fixed_dir_mount.h, a cost of the
  // harness); the floor needs no mount: its Exim is told the socket itself.
  WriteFile(dir + "/test-config",
            Replace(Replace(t.config, t.old_dir, dir), "server_socket = /var/run/dovecot/auth-client",
                    "server_socket = " + dir + "/auth-client"));

  SpawnSpec fs_spec;
  int fake_out = -1;
  fs_spec.argv = {p.fake, "--socket", dir + "/auth-client", "--users", p.passwd};
  fs_spec.stdout_pipe = true;
  fs_spec.stdout_fd = &fake_out;
  pid_t fake = Spawn(fs_spec);
  auto ready = ReadLine(fake_out, 10);
  if (!ready || *ready != "ready") Die("floor: fake_dovecot not ready");

  int port = FreePort();
  std::string pid_file = dir + "/exim-daemon.pid";
  SpawnSpec ex;
  ex.argv = {p.exim, "-DEXIM_PATH=" + p.exim, "-C", dir + "/test-config", "-DSERVER=server", "-bd",
             "-oX", std::to_string(port), "-oP", pid_file};
  ex.stderr_file = dir + "/test-stderr-server";
  int st = Wait(Spawn(ex));
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die("floor: exim -bd failed");

  int fd = -1;
  auto c0 = Clock::now();
  for (;;) {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) break;
    close(fd);
    if (SecondsSince(c0) > 10) Die("floor: the daemon's port never opened");
    usleep(500);
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  {
    Smtp smtp(fd);
    Expect(smtp.Reply(), "220");
    smtp.Send("EHLO xxxx");
    Expect(smtp.Reply(), "250 ");
    smtp.Send("AUTH PLAIN AHVzZXJ4AHNlY3JldA==");
    Expect(smtp.Reply(), "535");
    smtp.Send("quit");
    Expect(smtp.Reply(), "221");
  }

  pid_t daemon = static_cast<pid_t>(std::atol(ReadFile(pid_file).c_str()));
  if (daemon <= 1) Die("floor: bad pid file");
  kill(daemon, SIGTERM);
  r.pid_file_left = !WaitGone(pid_file, daemon, 10);
  Wait(daemon);
  kill(fake, SIGTERM);
  rusage fru{};
  Wait(fake, &fru);
  close(fake_out);
  int ignored;
  while (waitpid(-1, &ignored, WNOHANG) > 0) {
  }
  RemoveTree(dir);
  r.wall = SecondsSince(t0);
  rusage after;
  getrusage(RUSAGE_CHILDREN, &after);
  r.fake_cpu = CpuSeconds(fru);
  r.exim_cpu = CpuDelta(after, before) - r.fake_cpu;
  return r;
}

struct RuntestRun {
  double wall = 0;
  double cpu_total = 0;  // runtest + everything it reaped
  double cpu_own = -1;   // runtest's main thread alone (schedstat), -1 if unknown
};

RuntestRun RunRuntest(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env,
                      const std::string& cgroup_procs = "") {
  SpawnSpec s;
  s.argv = argv;
  s.env = env;
  s.cgroup_procs = cgroup_procs;
  auto t0 = Clock::now();
  rusage ru{};
  RuntestRun r;
  int st = WaitOwnCpu(Spawn(s), &ru, &r.cpu_own);
  r.wall = SecondsSince(t0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die("`runtest 3650` did not pass (status " + std::to_string(st) + ")");
  r.cpu_total = CpuSeconds(ru);
  return r;
}

struct CpuRun {
  double runtest_self = 0;          // runtest's own CPU, as the ratio counts it (see RunUnderShims)
  double runtest_cgroup = -1;       // from its accounting cgroup (exact), -1 without cgroups
  double runtest_main_thread = -1;  // schedstat of its main thread (a lower bound)
  double runtest_subtracted = 0;    // its total minus every shim record (an upper bound)
  double fake = 0, exim_test = 0, exim_probe = 0, shims = 0;
  double exim_test_rusage = -1;  // from the keeper's record (-1: lost)
  bool complete = false;
};

CpuRun RunUnderShims(const Paths& p, const CpuCgroups* cg) {
  std::string records = p.work + "/rusage.txt";
  unlink(records.c_str());
  // Writable by all: Exim's re-exec of the shim runs as Exim's user.
  int rfd = open(records.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (rfd < 0 || fchmod(rfd, 0666) != 0) Die("cannot create " + records);
  close(rfd);
  std::vector<std::pair<std::string, std::string>> env = {
      {"BENCH_REAL_EXIM", p.exim}, {"BENCH_REAL_FAKE_DOVECOT", p.fake}, {"BENCH_RUSAGE_FILE", records}};
  if (cg) env.emplace_back("BENCH_TOOLS_CGROUP", cg->ToolsProcs());
  double usage_before = cg ? cg->RuntestUsage() : 0;
  double tools_before = cg ? cg->ToolsUsage() : 0;
  RuntestRun rr = RunRuntest({p.tree + "/bin/runtest", "--exim", p.tree + "/bin/exim", "3650"},
                             env, cg ? cg->RuntestProcs() : "");
  double usage = cg ? cg->RuntestUsage() - usage_before : 0;
  double tools = cg ? cg->ToolsUsage() - tools_before : 0;
  CpuRun c;
  std::istringstream in(ReadFile(records));
  std::string role;
  double children, self;
  int daemons = 0, fakes = 0;
  double accounted = 0, moved = 0, reexec = 0, keeper_start = 0, shim_self = 0;
  while (in >> role >> children >> self) {
    if (role == "cgroup-move") {  // a shim's CPU while still in runtest's cgroup
      moved += self;
      continue;
    }
    if (role == "exim-reexec-shim") {  // inside the keeper's figure, but not Exim's
      c.exim_test -= self;
      c.shims += self;
      reexec += self;
      continue;
    }
    if (role == "exim-keeper-start") {  // the keeper's own CPU so far
      keeper_start = self;
      continue;
    }
    shim_self += self;
    accounted += children + self;
    c.shims += self;
    if (role == "fake_dovecot") {
      c.fake += children;
      ++fakes;
    } else if (role == "exim-probe") {
      c.exim_probe += children;
    } else {
      c.exim_test += children;
      if (role == "exim-daemon") ++daemons;
    }
  }
  // runtest's own CPU, three ways:
  //  - cgroup: the usage of the cgroup runtest was started in, minus what
  //    each shim used there before it moved out (its cgroup-move record).
  //    Exact: every thread of runtest, its start and its exit included.
  //  - its main thread's schedstat, read while it is a zombie: a lower bound
  //    (not its signal thread; not the address-space teardown at exit when
  //    that thread is the last to go).
  //  - its rusage total minus every shim record: an upper bound (it also
  //    holds each shim's own exit, after its last getrusage).
  // The ratio uses the first, or the upper bound without cgroups.
  c.runtest_subtracted = rr.cpu_total - accounted;
  c.runtest_main_thread = rr.cpu_own;
  if (cg) c.runtest_cgroup = usage - moved;
  c.runtest_self = cg ? c.runtest_cgroup : c.runtest_subtracted;
  // runtest forks its responder (SpawnOptions::child_main) instead of
  // executing fake_dovecot: no shim record then, and the responder's CPU is
  // in runtest's cgroup, counted as runtest's own. An executed fake_dovecot
  // (an older runtest) leaves one record.
  if (daemons == 1) c.exim_test_rusage = c.exim_test;
  // Exim's CPU: with cgroups, the usage of "tools" (where each shim moved
  // before starting anything: every Exim process is counted there, also one
  // that runtest's exit killed before the keeper could reap it and write its
  // record) minus the shims' own CPU there (each one's total less what it used
  // before its move; the keeper's start when its final record is missing;
  // Exim's re-exec shims) and what else ran there (an executed fake_dovecot,
  // probes). Without cgroups: the keeper's RUSAGE_CHILDREN record.
  if (cg) {
    double shims_in_tools = (shim_self - moved) + (daemons == 1 ? 0 : keeper_start) + reexec;
    c.exim_test = tools - shims_in_tools - c.fake - c.exim_probe;
    c.complete = daemons <= 1 && fakes <= 1;
  } else {
    c.complete = daemons == 1 && fakes <= 1;
  }
  return c;
}

double RunCtest(const std::string& build, int jobs, int* tests, std::string* label_used) {
  SpawnSpec s;
  std::string out = build + "/bench-work/ctest.out";
  unlink(out.c_str());
  s.argv = {"/usr/bin/ctest", "--test-dir", build, "-L", "^exim$", "-j", std::to_string(jobs)};
  s.stdout_file = out;
  auto t0 = Clock::now();
  int st = Wait(Spawn(s));
  double wall = SecondsSince(t0);
  std::string text = ReadFile(out);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die("ctest -L exim -j" + std::to_string(jobs) + " failed:\n" + text);
  size_t p = text.find("tests failed out of ");
  if (p != std::string::npos) *tests = std::atoi(text.c_str() + p + 20);
  *label_used = "exim";
  return wall;
}

}  // namespace

namespace {
Paths MakePaths(const OverheadOptions& o) {
  Paths p;
  p.source = o.source_dir;
  p.build = o.build_dir;
  p.runtest = o.build_dir + "/bin/runtest";
  p.fake = o.build_dir + "/bin/fake_dovecot";
  p.exim = o.exim;
  p.shim = o.shim;
  p.work = o.build_dir + "/bench-work";
  p.tree = o.build_dir + "/bench-tree";
  p.passwd = o.source_dir + "/scripts/3650-Dovecot/passwd";
  return p;
}

/// The work root runtest itself chooses, with no --work-dir (the same code).
std::string DefaultRunRoot(const Paths& p, const FloorTemplate& t) {
  std::string note;
  std::string root = harness::ChooseWorkRoot("", p.build, t.exim_uid, t.exim_gid, &note);
  if (!note.empty()) std::fprintf(stderr, "  runtest's work root: %s\n", note.c_str());
  return root;
}
}  // namespace

void RunFloorOnly(const OverheadOptions& o) {
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  Paths p = MakePaths(o);
  fs::create_directories(p.work);
  FloorTemplate t = MakeTemplate(p);
  p.runs = DefaultRunRoot(p, t);
  for (int i = 0; i < o.runs; ++i) {
    FloorRun r = RunFloor(p, t);
    std::printf("floor %.3f s, exim cpu %.1f ms, fake cpu %.1f ms%s\n", r.wall, r.exim_cpu * 1e3, r.fake_cpu * 1e3,
                r.pid_file_left ? " (pid file left)" : "");
  }
}

std::string RunOverheadBench(const OverheadOptions& o) {
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  Paths p = MakePaths(o);
  fs::create_directories(p.work);
  RemoveTree(p.tree);
  fs::create_directories(p.tree + "/bin");
  fs::copy_file(p.runtest, p.tree + "/bin/runtest");
  fs::copy_file(p.shim, p.tree + "/bin/fake_dovecot");
  fs::copy_file(p.shim, p.tree + "/bin/exim");
  // For Exim's own re-exec through the shim, which runs without our
  // environment (shim.cc): the real binary, and where to record.
  fs::create_symlink(p.exim, p.tree + "/bin/exim.real");
  fs::create_symlink(p.work + "/rusage.txt", p.tree + "/bin/exim.records");

  FloorTemplate t = MakeTemplate(p);
  p.runs = DefaultRunRoot(p, t);
  std::vector<std::string> rt_argv = {p.runtest, "3650"};  // its default work root: p.runs
  std::string no_cgroups;
  std::unique_ptr<CpuCgroups> cg = CpuCgroups::Create(&no_cgroups);
  if (!cg) std::fprintf(stderr, "  no accounting cgroups (%s): runtest's CPU is its total minus the shims'\n",
                        no_cgroups.c_str());

  // Warm-up (page cache, Exim's first start), not counted.
  RunRuntest(rt_argv, {});
  RunFloor(p, t);
  RunUnderShims(p, cg.get());

  std::vector<double> h_exim_rusage;
  std::vector<double> rt_wall, fl_wall, ratio1, fl_exim, fl_fake, h_self, h_sub, h_main, h_fake, h_exim, h_probe,
      ratio2, ratio2_probes, ratio2_sub, rt_cpu_total;
  int incomplete = 0, pid_files_left = 0;
  for (int i = 0; i < o.runs; ++i) {
    RuntestRun a;
    FloorRun b;
    if (i % 2 == 0) {
      a = RunRuntest(rt_argv, {});
      b = RunFloor(p, t);
    } else {
      b = RunFloor(p, t);
      a = RunRuntest(rt_argv, {});
    }
    pid_files_left += b.pid_file_left;
    rt_wall.push_back(a.wall);
    rt_cpu_total.push_back(a.cpu_total);
    fl_wall.push_back(b.wall);
    ratio1.push_back(a.wall / b.wall);
    fl_exim.push_back(b.exim_cpu);
    fl_fake.push_back(b.fake_cpu);
    CpuRun c = RunUnderShims(p, cg.get());
    if (!c.complete) {
      ++incomplete;
      continue;
    }
    h_self.push_back(c.runtest_self);
    h_sub.push_back(c.runtest_subtracted);
    h_main.push_back(c.runtest_main_thread);
    ratio2_sub.push_back((c.runtest_subtracted + c.fake) / c.exim_test);
    h_fake.push_back(c.fake);
    h_exim.push_back(c.exim_test);
    if (c.exim_test_rusage >= 0) h_exim_rusage.push_back(c.exim_test_rusage);
    h_probe.push_back(c.exim_probe);
    ratio2.push_back((c.runtest_self + c.fake) / c.exim_test);
    ratio2_probes.push_back((c.runtest_self + c.fake + c.exim_probe) / c.exim_test);
    std::fprintf(stderr, "  run %2d: runtest %.3f s, floor %.3f s; cpu runtest %.1f ms, fake %.1f ms, exim %.1f ms (+probes %.1f ms)\n",
                 i + 1, a.wall, b.wall, c.runtest_self * 1e3, c.fake * 1e3, c.exim_test * 1e3, c.exim_probe * 1e3);
  }

  Json j1;
  j1.Str("measures", "wall time of `runtest 3650` / floor (same Exim work, minimal driver, fake_dovecot started directly)")
      .Num("runs", o.runs)
      .Num("runtest_wall_s", Median(rt_wall))
      .Num("floor_wall_s", Median(fl_wall))
      .Num("ratio", Median(ratio1))
      .Num("target_max", 1.10)
      .Num("floor_runs_where_exim_left_its_pid_file", pid_files_left)
      .Str("run_directories_in", p.runs)
      .Raw("runtest_wall_all", JsonNumbers(rt_wall))
      .Raw("floor_wall_all", JsonNumbers(fl_wall));
  Json j2;
  j2.Str("measures", "(runtest own CPU + fake_dovecot CPU) / CPU of the Exim processes of the test (daemon and its children), rusage via bench_shim")
      .Num("runs", static_cast<double>(ratio2.size()))
      .Num("incomplete_runs_dropped", incomplete)
      .Str("runtest_self_cpu_method",
           cg ? "usage of the accounting cgroup runtest ran in (" + cg->Kind() +
                    "), minus each shim's CPU before it moved out"
              : "runtest's rusage total minus every shim record (no accounting cgroups: " + no_cgroups + ")")
      .Num("runtest_self_cpu_ms", Median(h_self) * 1e3)
      .Num("runtest_main_thread_schedstat_ms", Median(h_main) * 1e3)
      .Num("runtest_total_minus_shim_records_ms", Median(h_sub) * 1e3)
      .Num("ratio_with_runtest_as_total_minus_shims", Median(ratio2_sub))
      .Num("fake_dovecot_cpu_ms", Median(h_fake) * 1e3)
      .Num("exim_test_cpu_ms", Median(h_exim) * 1e3)
      .Str("exim_cpu_method", cg ? "usage of the shims' cgroup (every Exim process, also those killed when runtest's "
                                   "namespace ended), minus the shims' own CPU there"
                                 : "the keeper shim's RUSAGE_CHILDREN record (runs without it dropped)")
      .Num("exim_test_cpu_rusage_ms_where_recorded", h_exim_rusage.empty() ? -1 : Median(h_exim_rusage) * 1e3)
      .Num("runs_with_the_keepers_record", static_cast<double>(h_exim_rusage.size()))
      .Num("exim_probe_cpu_ms", Median(h_probe) * 1e3)
      .Num("floor_exim_cpu_ms", Median(fl_exim) * 1e3)
      .Num("floor_fake_dovecot_cpu_ms", Median(fl_fake) * 1e3)
      .Num("runtest_tree_cpu_ms", Median(rt_cpu_total) * 1e3)
      .Num("ratio", Median(ratio2))
      .Num("ratio_with_probes_as_harness", Median(ratio2_probes))
      .Num("target_max", 0.15);

  Rows().push_back({"1 per-test overhead (runtest 3650 / floor, wall)", Fmt("%.3f s", Median(rt_wall)),
                    Fmt("%.3f s", Median(fl_wall)), Median(ratio1), "<= 1.10", Median(ratio1) <= 1.10});
  Rows().push_back({"2 harness CPU ((runtest + fake_dovecot) / Exim)", Fmt("%.1f ms", (Median(h_self) + Median(h_fake)) * 1e3),
                    Fmt("%.1f ms", Median(h_exim) * 1e3), Median(ratio2), "<= 0.15", Median(ratio2) <= 0.15});
  std::string json = "{\n  \"overhead\": " + j1.Text(2) + ",\n  \"cpu\": " + j2.Text(2);
  if (o.ctest_runs > 0) {
    std::vector<double> j1w, j8w, r3;
    int tests = 0;
    std::string label;
    RunCtest(p.build, 8, &tests, &label);  // warm-up
    for (int i = 0; i < o.ctest_runs; ++i) {
      double a, b;
      if (i % 2 == 0) {
        a = RunCtest(p.build, 1, &tests, &label);
        b = RunCtest(p.build, 8, &tests, &label);
      } else {
        b = RunCtest(p.build, 8, &tests, &label);
        a = RunCtest(p.build, 1, &tests, &label);
      }
      j1w.push_back(a);
      j8w.push_back(b);
      r3.push_back(b / a);
      std::fprintf(stderr, "  ctest run %2d: -j1 %.3f s, -j8 %.3f s (%d tests)\n", i + 1, a, b, tests);
    }
    Json j3;
    j3.Str("measures", "wall of `ctest -L exim -j8` / `ctest -L exim -j1` (the Exim-integration tests, fake and real Dovecot)")
        .Str("label", label)
        .Num("tests", tests)
        .Num("runs", o.ctest_runs)
        .Num("j1_wall_s", Median(j1w))
        .Num("j8_wall_s", Median(j8w))
        .Num("ratio", Median(r3))
        .Num("target_max", 0.30)
        .Raw("j1_all", JsonNumbers(j1w))
        .Raw("j8_all", JsonNumbers(j8w));
    json += ",\n  \"parallel\": " + j3.Text(2);
    Rows().push_back({"3 parallel suite (ctest -L exim: -j8 / -j1, " + std::to_string(tests) + " tests)",
                      Fmt("%.2f s", Median(j8w)), Fmt("%.2f s", Median(j1w)), Median(r3), "<= 0.30", Median(r3) <= 0.30});
  }
  return json + "\n}\n";
}

}  // namespace bench
