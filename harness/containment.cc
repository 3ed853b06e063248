// containment.cc - see containment.h.
#include "harness/containment.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// The relay shares runtest's memory (clone with CLONE_VM, no fork) on
// x86-64, unless AddressSanitizer is in (its per-thread state would be
// shared too): see SharedRelay below. Elsewhere it is a forked copy.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define HARNESS_SHARED_RELAY 1
#endif

#ifdef HARNESS_SHARED_RELAY
// long harness_clone_relay(unsigned long flags, void* relay_stack_top, void (*relay)(long child))
//
// clone(flags) with the child on the caller's stack: the child returns 0 from
// this call, as from fork(), and goes on with the program. The parent, which
// shares that stack with the child from the system call on, never writes to
// it: it moves to relay_stack_top at once and runs relay(child), which must
// not return. On failure the parent returns -errno, on its own stack. Every
// signal must be blocked: a handler's frame would land on the shared stack.
extern "C" long harness_clone_relay(unsigned long flags, void* relay_stack_top, void (*relay)(long));
asm(R"(
    .text
    .p2align 4
    .type harness_clone_relay,@function
harness_clone_relay:
    push %rbx
    push %r12
    mov %rsi, %rbx
    mov %rdx, %r12
    xor %esi, %esi
    xor %edx, %edx
    xor %r10d, %r10d
    xor %r8d, %r8d
    mov $56, %eax
    syscall
    test %rax, %rax
    jg 1f
    pop %r12
    pop %rbx
    ret
1:
    mov %rbx, %rsp
    mov %rax, %rdi
    call *%r12
    ud2
    .size harness_clone_relay, .-harness_clone_relay
)");
#endif

namespace harness {
namespace {

volatile sig_atomic_t g_child = 0;

/// The relay's signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT go to \a forward
/// (which passes them on to the child), and nothing is blocked any more.
/// glibc's sigaction and sigprocmask write errno only on a failure, so the
/// relay that shares runtest's memory may call this too.
void ForwardSignals(void (*forward)(int)) {
  struct sigaction sa {};
  sa.sa_handler = forward;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaction(sig, &sa, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

#ifdef HARNESS_SHARED_RELAY
// The relay runs beside runtest in the same memory, on its own stack, with
// the thread-local storage (errno, glibc's thread state) of runtest's main
// thread: it makes its system calls raw (glibc's wrappers may write errno or
// cancellation state there) and calls nothing else that writes memory, but
// glibc's sigaction and sigprocmask, which write errno only on a failure.
long Raw(long n, long a = 0, long b = 0, long c = 0, long d = 0) {
  long ret;
  register long r10 asm("r10") = d;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return ret;
}

int g_alive_read = -1;  // the child's end of the pipe, closed by the relay
alignas(64) char g_relay_stack[64 * 1024];

void ForwardRaw(int sig) {
  if (g_child > 0) Raw(SYS_kill, g_child, sig);
}

[[noreturn]] void SharedRelay(long child) {
  g_child = static_cast<pid_t>(child);
  Raw(SYS_close, g_alive_read);
  ForwardSignals(ForwardRaw);
  int status = 0;
  for (;;) {
    long r = Raw(SYS_wait4, child, reinterpret_cast<long>(&status), 0, 0);
    if (r == child) break;
    if (r != -EINTR) Raw(SYS_exit_group, 2);
  }
  if (WIFEXITED(status)) Raw(SYS_exit_group, WEXITSTATUS(status));
  // Died of a signal: die of the same one (see RelayChild).
  int sig = WTERMSIG(status);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, nullptr);
  Raw(SYS_prctl, PR_SET_DUMPABLE, 0);
  Raw(SYS_kill, Raw(SYS_getpid), sig);
  Raw(SYS_exit_group, 128 + sig);
  __builtin_unreachable();
}
#endif

#ifndef HARNESS_SHARED_RELAY
void Forward(int sig) {
  if (g_child > 0) kill(g_child, sig);
}

[[noreturn]] void RelayChild(pid_t child) {
  g_child = child;
  ForwardSignals(Forward);
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
#endif

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
  // Signals arriving between the child's start and the handlers: held, then
  // forwarded or handled by the child's own handler (installed by the
  // caller).
  sigset_t block, old;
#ifdef HARNESS_SHARED_RELAY
  // The relay (the original process) shares our memory: no copy of it is
  // made and none torn down (a fork cost runtest about 5% of its CPU per
  // test, bench/run figure 2). Every signal blocked: see harness_clone_relay.
  sigfillset(&block);
  sigprocmask(SIG_BLOCK, &block, &old);
  g_alive_read = alive[0];  // alive[1] stays open in the relay until it dies
  long child = harness_clone_relay(CLONE_VM | SIGCHLD, g_relay_stack + sizeof g_relay_stack, &SharedRelay);
  if (child < 0) {
    sigprocmask(SIG_SETMASK, &old, nullptr);
    close(alive[0]);
    close(alive[1]);
    return std::string("processes not contained (clone: ") + std::strerror(static_cast<int>(-child)) + ")";
  }
#else
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
#endif
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
