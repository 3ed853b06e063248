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
// fake_dovecot: fork+exec the real one, ignore SIGTERM/SIGINT (runtest
// signals the process group, which reaches the real responder), wait4 it.
// exim -bd: the daemon double-forks and would be reparented to runtest (a
// subreaper); so the shim forks a keeper that is itself a child subreaper and
// starts Exim. The shim exits with the launcher's status as soon as the
// launcher exits (runtest's readiness logic is unchanged); the keeper reaps the
// daemon and everything it leaves, then writes RUSAGE_CHILDREN.
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

void Record(const char* role, double children, double self) {
  const char* file = getenv("BENCH_RUSAGE_FILE");
  if (!file) return;
  int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[160];
  int n = std::snprintf(line, sizeof line, "%s %.6f %.6f\n", role, children, self);
  if (write(fd, line, n) < 0) {
  }
  close(fd);
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

[[noreturn]] void ExecReal(const char* real, char** argv) {
  argv[0] = const_cast<char*>(real);
  execv(real, argv);
  std::perror(real);
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
  const char* real = getenv(fake ? "BENCH_REAL_FAKE_DOVECOT" : "BENCH_REAL_EXIM");
  if (!real) {
    std::fprintf(stderr, "bench_shim: BENCH_REAL_%s not set\n", fake ? "FAKE_DOVECOT" : "EXIM");
    return 127;
  }
  if (fake) {
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    pid_t pid = fork();
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
    pid_t pid = fork();
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
    pid_t launcher = fork();
    if (launcher == 0) {
      close(pfd[1]);
      ExecReal(real, argv);
    }
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
