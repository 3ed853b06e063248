// containment.cc - see containment.h.
#include "harness/containment.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace harness {
namespace {

volatile sig_atomic_t g_child = 0;

void Forward(int sig) {
  if (g_child > 0) kill(g_child, sig);
}

[[noreturn]] void RelayChild(pid_t child) {
  g_child = child;
  struct sigaction sa {};
  sa.sa_handler = Forward;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaction(sig, &sa, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) _exit(2);
  }
  if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
  // Died of a signal: die of the same one (no core dump of ours). runtest,
  // the init of its namespace, cannot (a signal it sends itself is
  // ignored): it exits with 128 + the signal instead, and that is relayed.
  int sig = WTERMSIG(status);
  signal(sig, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, sig);
  sigprocmask(SIG_UNBLOCK, &only, nullptr);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  kill(getpid(), sig);
  _exit(128 + sig);
}

}  // namespace

std::string EnterContainment() {
  if (const char* off = std::getenv("HARNESS_NO_CONTAINMENT"); off && *off && std::strcmp(off, "0") != 0)
    return "";
  if (geteuid() != 0) return "";  // no test runs without root; nothing to contain
  // A PID namespace, a mount namespace for its /proc and for the fixed
  // paths a configuration may name (fixed_dir_mount.h), and a UTS namespace
  // for a qualified host name (QualifyHostName). runtest is the PID
  // namespace's init: every orphan of the namespace is reparented to it, and
  // kill(-1) reaches all of them (process.cc, KillAllDescendants).
  if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS) != 0) {
    return std::string("processes not contained (unshare: ") + std::strerror(errno) +
           "): a SIGKILL of runtest may leave its Exim daemon or responder running";
  }
  // The child learns of its parent's death through this pipe's other end.
  int alive[2];
  if (pipe2(alive, O_CLOEXEC) != 0) return std::string("processes not contained (pipe: ") + std::strerror(errno) + ")";
  // Signals arriving between fork and the handlers: held, then forwarded or
  // handled by the child's own handler (installed by the caller).
  sigset_t block, old;
  sigemptyset(&block);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&block, sig);
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t child = fork();
  if (child < 0) {
    sigprocmask(SIG_SETMASK, &old, nullptr);
    close(alive[0]);
    close(alive[1]);
    return std::string("processes not contained (fork: ") + std::strerror(errno) + ")";
  }
  if (child > 0) {
    close(alive[0]);  // alive[1] stays open until this process dies
    RelayChild(child);
  }
  // runtest goes on as PID 1 of the new namespace.
  close(alive[1]);
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  // The parent may have died before the line above: its end of the pipe is
  // then closed (getppid() cannot tell: it is 0 across the namespace border).
  pollfd p{alive[0], POLLIN, 0};
  if (poll(&p, 1, 0) > 0) _exit(137);
  close(alive[0]);
  // Our own /proc (the pids of this namespace): whatever reads /proc/self
  // (LeakSanitizer's thread list, gdb, a pid from a pid file) must see the
  // pids it gets from the kernel. Made private first, so that the new proc
  // does not propagate to the namespace we came from.
  if (mount(nullptr, "/proc", nullptr, MS_PRIVATE, nullptr) != 0 ||
      mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    std::fprintf(stderr, "runtest: cannot mount /proc in the PID namespace: %s\n", std::strerror(errno));
    _exit(2);
  }
  // Out of the terminal's foreground process group: a ^C reaches the parent
  // only, which forwards it once (not twice).
  setpgid(0, 0);
  // SIGINT, SIGTERM and SIGHUP stay blocked: one forwarded this early is
  // kept pending for the caller's handler (InstallInterruptHandler), instead
  // of killing runtest silently before it is installed.
  sigset_t keep = old;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&keep, sig);
  sigprocmask(SIG_SETMASK, &keep, nullptr);
  return "";
}

bool IsNamespaceInit() { return getpid() == 1; }

std::string QualifyHostName(const std::string& domain, std::string* note) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string name = host;
  if (name.find('.') != std::string::npos) return name;
  if (!IsNamespaceInit()) {
    *note = "host name '" + name + "' is not fully qualified and runtest has no namespace of its own to qualify it in";
    return name;
  }
  std::string qualified = name + "." + domain;
  if (sethostname(qualified.c_str(), qualified.size()) != 0) {
    *note = "host name '" + name + "' is not fully qualified, and sethostname(" + qualified +
            ") failed: " + std::strerror(errno);
    return name;
  }
  return qualified;
}

}  // namespace harness
