// shim.cc - bench_shim: stands in for exim and fake_dovecot during the CPU
// measurement of `runtest` (bench/run figure 2), so that every process's CPU
// can be attributed exactly, with rusage (microseconds), not sampled.
//
// Installed (copied) as BENCHTREE/bin/fake_dovecot and BENCHTREE/bin/exim;
// BENCHTREE/bin/runtest is a copy of runtest, so runtest's build_dir (the
// parent of its own directory) is BENCHTREE and it starts this shim as its
// fake_dovecot, and as Exim through --exim BENCHTREE/bin/exim.
//
// Environment: BENCH_REAL_EXIM, BENCH_REAL_FAKE_DOVECOT (the real binaries),
// BENCH_RUSAGE_FILE (records are appended, one line each):
//   <role> <children-cpu-seconds> <own-cpu-seconds>
// role: fake_dovecot | exim-probe (-bV, -bP) | exim-daemon (-bd, with every
// process it forks) | exim (anything else).
//
// Children are started with vfork + exec (nothing of the shim is copied or
// torn down and counted against the real program).
// fake_dovecot: vfork+exec the real one, ignore SIGTERM/SIGINT (runtest
// signals the process group, which reaches the real responder), wait4 it.
// exim -bd: the daemon double-forks and would be reparented to runtest (a
// subreaper); so the shim forks a keeper that is itself a child subreaper and
// starts Exim. The shim exits with the launcher's status as soon as the
// launcher exits (runtest's readiness logic is unchanged); the keeper reaps the
// daemon and everything it leaves, then writes RUSAGE_CHILDREN.
//
// With BENCH_TOOLS_CGROUP (a cgroup.procs file), each shim first moves
// itself into that cgroup and records what it used before (role
// cgroup-move), so that the bench can read runtest's own CPU, exactly, from
// the cgroup runtest runs in.
//
// Exim re-executes itself from the daemon (exim_path, which is this shim:
// e.g. `-oPX` to delete the pid file on SIGTERM) with an emptied environment.
// Such a process is inside the keeper's tree, whose RUSAGE_CHILDREN already
// counts it, so the shim just becomes the real Exim there: no record, no
// fork. It finds the real binary in BENCHTREE/bin/exim.real (a symlink the
// bench makes), since BENCH_REAL_EXIM is gone with the environment.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

double Cpu(const rusage& ru) {
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

void RecordTo(const char* file, const char* role, double children, double self) {
  int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[160];
  int n = std::snprintf(line, sizeof line, "%s %.6f %.6f\n", role, children, self);
  if (write(fd, line, n) < 0) {
  }
  close(fd);
}

void Record(const char* role, double children, double self) {
  if (const char* file = getenv("BENCH_RUSAGE_FILE")) RecordTo(file, role, children, self);
}

double SelfCpu() {
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return Cpu(ru);
}

[[noreturn]] void ExitLike(int status) {
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
  }
  _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

// Also the child side of vfork() below: system calls only (argv[0] is
// overwritten in the shared memory, but only with the same pointer each time).
[[noreturn]] void ExecReal(const char* real, char** argv) {
  argv[0] = const_cast<char*>(real);
  execv(real, argv);
  static const char msg[] = "bench_shim: cannot exec the real program\n";
  if (write(2, msg, sizeof msg - 1) < 0) {
  }
  _exit(127);
}

int WaitChild(pid_t pid, rusage* ru) {
  int st = 0;
  while (wait4(pid, &st, 0, ru) < 0) {
    if (errno != EINTR) return 1 << 8;
  }
  return st;
}

}  // namespace

int main(int argc, char** argv) {
  std::string name = argv[0];
  name = name.substr(name.rfind('/') + 1);
  bool fake = name == "fake_dovecot";
  if (!fake && !getenv("BENCH_RUSAGE_FILE")) {
    // Exim's own re-exec (see above): counted by the keeper, as Exim's. What
    // this shim itself used before it becomes the real Exim (its exec and
    // start-up) is recorded as exim-reexec-shim, for the bench to take off
    // Exim's figure; the records file is named by BENCHTREE/bin/exim.records.
    char self[4096], real_exim[4096], records[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
      self[n] = 0;
      std::string dir = std::string(self).substr(0, std::string(self).rfind('/'));
      ssize_t m = readlink((dir + "/exim.real").c_str(), real_exim, sizeof real_exim - 1);
      ssize_t r = readlink((dir + "/exim.records").c_str(), records, sizeof records - 1);
      if (m > 0) {
        real_exim[m] = 0;
        if (r > 0) {
          records[r] = 0;
          RecordTo(records, "exim-reexec-shim", 0, SelfCpu());
        }
        ExecReal(real_exim, argv);
      }
    }
    std::fprintf(stderr, "bench_shim: started without BENCH_RUSAGE_FILE and no exim.real beside it\n");
    return 127;
  }
  if (const char* procs = getenv("BENCH_TOOLS_CGROUP")) {
    // Leave runtest's accounting cgroup: from here on this shim and all it
    // starts are counted in "tools". What it used until now (the end of
    // runtest's vfork, its exec, its start-up) was counted in runtest's
    // cgroup; the bench subtracts it.
    double so_far = SelfCpu();
    int fd = open(procs, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1) {
      std::fprintf(stderr, "bench_shim: cannot move into %s: %s\n", procs, std::strerror(errno));
      return 127;
    }
    close(fd);
    Record("cgroup-move", 0, so_far);
  }
  const char* real = getenv(fake ? "BENCH_REAL_FAKE_DOVECOT" : "BENCH_REAL_EXIM");
  if (!real) {
    std::fprintf(stderr, "bench_shim: BENCH_REAL_%s not set\n", fake ? "FAKE_DOVECOT" : "EXIM");
    return 127;
  }
  if (fake) {
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    pid_t pid = vfork();
    if (pid == 0) {
      for (int s : {SIGTERM, SIGINT, SIGHUP}) signal(s, SIG_DFL);
      ExecReal(real, argv);
    }
    rusage ru{};
    int st = WaitChild(pid, &ru);
    Record("fake_dovecot", Cpu(ru), SelfCpu());
    ExitLike(st);
  }

  bool daemon = false, probe = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-bd" || a == "-bdf") daemon = true;
    if (a == "-bV" || a == "-bP") probe = true;
  }
  if (!daemon) {
    pid_t pid = vfork();
    if (pid == 0) ExecReal(real, argv);
    rusage ru{};
    int st = WaitChild(pid, &ru);
    Record(probe ? "exim-probe" : "exim", Cpu(ru), SelfCpu());
    ExitLike(st);
  }

  int pfd[2];
  if (pipe(pfd) != 0) return 127;
  pid_t keeper = fork();
  if (keeper == 0) {
    close(pfd[0]);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    pid_t launcher = vfork();
    if (launcher == 0) {
      close(pfd[1]);
      ExecReal(real, argv);
    }
    // What the keeper used so far (its fork's copy-on-write start), in case
    // it is killed before its final record: runtest's exit ends its PID
    // namespace, and the keeper may still be waiting then.
    Record("exim-keeper-start", 0, SelfCpu());
    int st = WaitChild(launcher, nullptr);
    if (write(pfd[1], &st, sizeof st) < 0) {
    }
    close(pfd[1]);
    // Reap the daemon and anything reparented to us, until none is left.
    int ignored;
    while (wait(&ignored) > 0 || errno == EINTR) {
    }
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    Record("exim-daemon", Cpu(ru), SelfCpu());
    _exit(0);
  }
  close(pfd[1]);
  int st = 1 << 8;
  while (read(pfd[0], &st, sizeof st) < 0 && errno == EINTR) {
  }
  Record("exim-shim", 0, SelfCpu());
  ExitLike(st);
}
