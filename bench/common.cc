// common.cc - see common.h.
#include "bench/common.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "harness/run_dir.h"

extern char** environ;

namespace bench {

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double CpuSeconds(const rusage& ru) {
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

double CpuDelta(const rusage& after, const rusage& before) { return CpuSeconds(after) - CpuSeconds(before); }

double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * v.size()));
  if (rank < 1) rank = 1;
  if (rank > v.size()) rank = v.size();
  return v[rank - 1];
}

namespace {
std::vector<std::string>& DirsRemovedOnDie() {
  static std::vector<std::string> dirs;
  return dirs;
}
}  // namespace

RemovedOnDie::RemovedOnDie(std::string dir) : dir_(std::move(dir)) { DirsRemovedOnDie().push_back(dir_); }

RemovedOnDie::~RemovedOnDie() {
  auto& dirs = DirsRemovedOnDie();
  auto it = std::find(dirs.rbegin(), dirs.rend(), dir_);
  if (it != dirs.rend()) dirs.erase(std::next(it).base());
}

void Die(const std::string& message) {
  std::cerr << "bench: " << message << std::endl;
  // Nothing a failed measurement started stays running (a floor run that
  // dies after starting fake_dovecot and an Exim daemon used to leave both):
  // the measurements make us a child subreaper, so what our children leave
  // is ours too. Kill our children until none is left.
  for (int round = 0; round < 50; ++round) {
    bool any = false;
    if (DIR* d = opendir("/proc")) {
      while (dirent* e = readdir(d)) {
        char* end = nullptr;
        long pid = std::strtol(e->d_name, &end, 10);
        if (*end || pid <= 1) continue;
        std::ifstream stat(std::string("/proc/") + e->d_name + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        size_t paren = text.rfind(')');
        if (paren == std::string::npos) continue;
        long ppid = 0;
        char state = 0;
        if (std::sscanf(text.c_str() + paren + 1, " %c %ld", &state, &ppid) != 2 || ppid != getpid()) continue;
        kill(static_cast<pid_t>(pid), SIGKILL);
        any = true;
      }
      closedir(d);
    }
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0) any = true;
    if (!any) break;
    usleep(20000);
  }
  for (const std::string& dir : DirsRemovedOnDie()) harness::RemoveTree(dir);
  std::exit(2);
}

namespace {

// What the child of Spawn() does between vfork() and execve(): system calls
// only, on data the parent prepared.
struct ChildPlan {
  const char* cgroup_procs = nullptr;
  bool new_group = false;
  int in = -1, out = -1, err = -1;
  char** argv = nullptr;
  char** envp = nullptr;
};

[[noreturn]] void ExecChild(const ChildPlan& plan) {
  if (plan.cgroup_procs) {
    int cg = open(plan.cgroup_procs, O_WRONLY | O_CLOEXEC);
    if (cg < 0 || write(cg, "0", 1) != 1) _exit(126);
    close(cg);
  }
  if (plan.new_group) setpgid(0, 0);
  dup2(plan.in, 0);
  dup2(plan.out, 1);
  dup2(plan.err, 2);
  execve(plan.argv[0], plan.argv, plan.envp);
  _exit(127);
}

}  // namespace

pid_t Spawn(const SpawnSpec& spec) {
  int pfd[2] = {-1, -1};
  if (spec.stdout_pipe && pipe2(pfd, O_CLOEXEC) != 0) Die("pipe: " + std::string(std::strerror(errno)));
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    bool replaced = false;
    for (const auto& kv : spec.env)
      if (s.compare(0, kv.first.size() + 1, kv.first + "=") == 0) replaced = true;
    if (!replaced) envs.push_back(s);
  }
  for (const auto& kv : spec.env) envs.push_back(kv.first + "=" + kv.second);
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : envs) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int out = spec.stdout_pipe ? -1
                             : open(spec.stdout_file.empty() ? "/dev/null" : spec.stdout_file.c_str(),
                                    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int err = open(spec.stderr_file.empty() ? "/dev/null" : spec.stderr_file.c_str(),
                 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  // vfork: no copy of this process's address space is made, or torn down
  // at exec and counted against the child (a cost of this process, not of
  // the program measured). The child only makes system calls on data
  // prepared here before it execs (ExecChild).
  ChildPlan plan;
  plan.cgroup_procs = spec.cgroup_procs.empty() ? nullptr : spec.cgroup_procs.c_str();
  plan.new_group = spec.new_group;
  plan.in = in;
  plan.out = spec.stdout_pipe ? pfd[1] : out;
  plan.err = err;
  plan.argv = argv.data();
  plan.envp = envp.data();
  pid_t pid = vfork();
  if (pid == 0) ExecChild(plan);
  if (pid < 0) Die("vfork: " + std::string(std::strerror(errno)));
  if (in >= 0) close(in);
  if (out >= 0) close(out);
  if (err >= 0) close(err);
  if (spec.stdout_pipe) {
    close(pfd[1]);
    *spec.stdout_fd = pfd[0];
  }
  return pid;
}

int Wait(pid_t pid, rusage* ru) {
  int st = 0;
  rusage dummy;
  while (wait4(pid, &st, 0, ru ? ru : &dummy) < 0) {
    if (errno != EINTR) return -1;
  }
  return st;
}

int WaitOwnCpu(pid_t pid, rusage* ru, double* own_cpu_s) {
  *own_cpu_s = -1;
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0) {
    if (errno != EINTR) return Wait(pid, ru);
  }
  std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
  unsigned long long ns = 0;
  if (in >> ns) *own_cpu_s = ns / 1e9;
  return Wait(pid, ru);
}

namespace {
// The mount point of a cgroup hierarchy: v1 with the cpuacct controller, or
// v2. Empty if none.
std::string FindCgroupMount(bool v2) {
  std::ifstream mounts("/proc/self/mounts");
  std::string dev, dir, type, opts, rest;
  while (mounts >> dev >> dir >> type >> opts && std::getline(mounts, rest)) {
    if (v2 && type == "cgroup2") return dir;
    if (!v2 && type == "cgroup") {
      std::stringstream o(opts);
      for (std::string opt; std::getline(o, opt, ',');)
        if (opt == "cpuacct") return dir;
    }
  }
  return "";
}

// Removes the (empty) groups an earlier bench run left when it died before
// its destructor ran: harness-bench.PID with no process PID any more.
void RemoveStaleGroups(const std::string& mount) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(mount, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("harness-bench.", 0) != 0) continue;
    std::string pid = name.substr(14);
    if (pid.empty() || access(("/proc/" + pid).c_str(), F_OK) == 0) continue;
    rmdir((e.path() / "runtest").c_str());
    rmdir((e.path() / "tools").c_str());
    rmdir(e.path().c_str());
  }
}
}  // namespace

std::unique_ptr<CpuCgroups> CpuCgroups::Create(std::string* why_not) {
  std::string tried;
  for (bool v2 : {false, true}) {
    std::string mount = FindCgroupMount(v2);
    if (mount.empty()) continue;
    RemoveStaleGroups(mount);
    std::unique_ptr<CpuCgroups> g(new CpuCgroups());
    g->v2_ = v2;
    g->base_ = mount + "/harness-bench." + std::to_string(getpid());
    g->runtest_ = g->base_ + "/runtest";
    g->tools_ = g->base_ + "/tools";
    if (mkdir(g->base_.c_str(), 0755) != 0 || mkdir(g->runtest_.c_str(), 0755) != 0 ||
        mkdir(g->tools_.c_str(), 0755) != 0) {
      tried += (tried.empty() ? "" : "; ") + g->base_ + ": " + std::strerror(errno);
      continue;  // the destructor removes what was made
    }
    if (g->RuntestUsage() < 0) {
      tried += (tried.empty() ? "" : "; ") + g->runtest_ + ": no CPU usage file";
      continue;
    }
    return g;
  }
  *why_not = tried.empty() ? "no cgroup v1 cpuacct or cgroup v2 hierarchy mounted" : tried;
  return nullptr;
}

CpuCgroups::~CpuCgroups() {
  // Empty by now: every task of a run has exited before the next starts.
  if (!tools_.empty()) rmdir(tools_.c_str());
  if (!runtest_.empty()) rmdir(runtest_.c_str());
  if (!base_.empty()) rmdir(base_.c_str());
}

double CpuCgroups::Usage(const std::string& dir) const {
  if (v2_) {
    std::ifstream in(dir + "/cpu.stat");
    std::string key;
    unsigned long long value;
    while (in >> key >> value)
      if (key == "usage_usec") return value / 1e6;
    return -1;
  }
  std::ifstream in(dir + "/cpuacct.usage");
  unsigned long long ns;
  return in >> ns ? ns / 1e9 : -1;
}

std::optional<std::string> ReadLine(int fd, double timeout_s) {
  std::string line;
  auto t0 = Clock::now();
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>((timeout_s - SecondsSince(t0)) * 1000);
    if (left <= 0) return std::nullopt;
    if (poll(&p, 1, left) <= 0) continue;
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) return std::nullopt;
    if (c == '\n') return line;
    line += c;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) Die("cannot write " + path);
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string Hostname() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

namespace {
std::string Quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      q += buf;
    } else {
      q += c;
    }
  }
  return q + "\"";
}
std::string Number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

Json& Json::Num(const std::string& key, double v) {
  fields_.emplace_back(key, Number(v));
  return *this;
}
Json& Json::Str(const std::string& key, const std::string& v) {
  fields_.emplace_back(key, Quote(v));
  return *this;
}
Json& Json::Raw(const std::string& key, const std::string& json) {
  fields_.emplace_back(key, json);
  return *this;
}
std::string Json::Text(int indent) const {
  std::string pad(indent + 2, ' ');
  std::string s = "{\n";
  for (size_t i = 0; i < fields_.size(); ++i) {
    s += pad + Quote(fields_[i].first) + ": " + fields_[i].second;
    s += i + 1 < fields_.size() ? ",\n" : "\n";
  }
  return s + std::string(indent, ' ') + "}";
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s + "]";
}

std::string JsonNumbers(const std::vector<double>& v) {
  std::vector<std::string> items;
  for (double x : v) items.push_back(Number(x));
  return JsonArray(items);
}

std::vector<Row>& Rows() {
  static std::vector<Row> rows;
  return rows;
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace bench
