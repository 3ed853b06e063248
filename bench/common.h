// common.h - small helpers shared by the bench programs: clocks, statistics,
// spawning and reaping with rusage, JSON output.
#ifndef BENCH_COMMON_H_
#define BENCH_COMMON_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t0);
double CpuSeconds(const rusage& ru);  // user + system
double CpuDelta(const rusage& after, const rusage& before);

double Median(std::vector<double> v);
/// Nearest-rank percentile (p in 0..100) of \a v.
double Percentile(std::vector<double> v, double p);

/// Prints "bench: MESSAGE", kills every child this process has (and, as a
/// child subreaper, what they left), removes the directories registered with
/// RemovedOnDie, and exits 2.
[[noreturn]] void Die(const std::string& message);

/// Registers \a dir (a measurement's scratch directory outside the build
/// tree, such as a floor run's directory in the work root) for Die() to
/// remove, for as long as this object lives.
class RemovedOnDie {
 public:
  explicit RemovedOnDie(std::string dir);
  ~RemovedOnDie();
  RemovedOnDie(const RemovedOnDie&) = delete;
  RemovedOnDie& operator=(const RemovedOnDie&) = delete;

 private:
  std::string dir_;
};

/// What Spawn() connects the child to.
struct SpawnSpec {
  std::vector<std::string> argv;               // argv[0]: absolute path
  std::vector<std::pair<std::string, std::string>> env;  // added/replaced
  std::string stdout_file;   // empty: /dev/null
  std::string stderr_file;   // empty: /dev/null
  bool stdout_pipe = false;  // parent reads *stdout_fd
  int* stdout_fd = nullptr;
  bool new_group = false;
  /// If set: a cgroup's process list (cgroup.procs) the child moves itself
  /// into before it execs.
  std::string cgroup_procs;
};

/// Starts the child with vfork + execve (see common.cc).
pid_t Spawn(const SpawnSpec& spec);

/// waitpid/wait4 with EINTR retry; returns raw status, fills \a ru if given.
int Wait(pid_t pid, rusage* ru = nullptr);

/// Two CPU-accounting cgroups, made for one bench run and removed after it:
/// "runtest" (where runtest is started) and "tools" (where bench_shim moves
/// Exim and fake_dovecot as they start). A cgroup's usage counts every task
/// while it is inside, whole: every thread, exec and exit, page-table
/// teardown, nanoseconds (cgroup v1 cpuacct.usage) or microseconds (v2
/// cpu.stat usage_usec).
class CpuCgroups {
 public:
  /// nullptr (and *why_not) when neither a cgroup v1 cpuacct hierarchy nor
  /// a cgroup v2 one lets us make child groups.
  static std::unique_ptr<CpuCgroups> Create(std::string* why_not);
  ~CpuCgroups();
  CpuCgroups(const CpuCgroups&) = delete;
  CpuCgroups& operator=(const CpuCgroups&) = delete;

  std::string RuntestProcs() const { return runtest_ + "/cgroup.procs"; }
  std::string ToolsProcs() const { return tools_ + "/cgroup.procs"; }
  /// CPU seconds used so far by the tasks while in "runtest".
  double RuntestUsage() const { return Usage(runtest_); }
  /// CPU seconds used so far by the tasks while in "tools" (every shim
  /// after its move, and all it starts: Exim).
  double ToolsUsage() const { return Usage(tools_); }
  /// "cgroup v1 cpuacct" or "cgroup v2".
  std::string Kind() const { return v2_ ? "cgroup v2 cpu.stat usage_usec" : "cgroup v1 cpuacct.usage"; }

 private:
  CpuCgroups() = default;
  double Usage(const std::string& dir) const;
  std::string base_, runtest_, tools_;
  bool v2_ = false;
};

/// Waits for pid to exit and, before reaping it, reads the CPU time its main
/// thread used (/proc/PID/schedstat of the zombie, nanoseconds: start-up,
/// run and exit, and nothing of its children or of whoever forked it) into
/// *own_cpu_s; then reaps it like Wait(). *own_cpu_s is -1 when the kernel
/// has no schedstat.
int WaitOwnCpu(pid_t pid, rusage* ru, double* own_cpu_s);

/// Reads one '\n'-terminated line from fd (blocking, byte at a time is fine
/// for the one-line "ready" handshake). nullopt on EOF.
std::optional<std::string> ReadLine(int fd, double timeout_s);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
/// rm -rf.
void RemoveTree(const std::string& path);
std::string Hostname();

/// A flat JSON object builder (numbers and strings, nested via raw JSON).
class Json {
 public:
  Json& Num(const std::string& key, double v);
  Json& Str(const std::string& key, const std::string& v);
  Json& Raw(const std::string& key, const std::string& json);
  std::string Text(int indent = 0) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

std::string JsonArray(const std::vector<std::string>& items);
std::string JsonNumbers(const std::vector<double>& v);

/// One line of the summary table bench/run prints.
struct Row {
  std::string figure;    // "1 per-test overhead"
  std::string subject;   // e.g. "0.612 s"
  std::string baseline;  // e.g. "0.580 s"
  double ratio = 0;
  std::string target;    // "<= 1.10"
  bool met = false;
};
std::vector<Row>& Rows();
std::string Fmt(const char* format, double v);

}  // namespace bench

#endif  // BENCH_COMMON_H_
