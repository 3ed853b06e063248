// containment.h - no process of a run outlives runtest, even after SIGKILL.
//
// A SIGKILL (OOM killer, `timeout -s KILL`, a CI runner's kill) gives runtest
// no chance to stop what it started: the Exim daemon, fake_dovecot or a real
// Dovecot would be reparented to PID 1 and live on. EnterContainment() makes
// the rest of runtest run as the init (PID 1) of a new PID namespace; the
// kernel kills every process of a namespace when its init dies, and runtest
// dies with the original process (PR_SET_PDEATHSIG), so killing runtest in
// any way kills them all. One process more than an uncontained run (the
// original one, relaying). On x86-64 (but under AddressSanitizer) the relay
// shares runtest's memory instead of being a forked copy of it (clone with
// CLONE_VM): no page tables copied, no copy-on-write faults, one address
// space torn down, about 5% of runtest's CPU per test (bench/run figure 2);
// it runs on a stack of its own and makes only raw system calls, so that
// nothing of runtest's memory (glibc's thread state, errno) is touched by two
// processes. A private UTS namespace (its host name) and a
// private mount namespace too, with the PID
// namespace's own /proc (what reads /proc/self sees the pids the kernel
// gives it) and where a test's fixed paths are provided (fixed_dir_mount.h).
// runtest needs no /proc to find what it started: every orphan of the
// namespace is reparented to its init, and kill(-1) reaches all of them.
//
// What being PID 1 changes for the programs runtest starts: Exim's `-bd`
// does not fork into the background when its parent's pid is 1 (it takes
// itself for a daemon re-executed after SIGHUP), so the daemon runtest
// starts is its child, as a `-bdf` one is (real_runner.cc).
#ifndef HARNESS_CONTAINMENT_H_
#define HARNESS_CONTAINMENT_H_

#include <string>

namespace harness {

/// Enters the namespace. In PID 1 of the namespace (the caller's child) it
/// returns "" and the program goes on; the original process never returns
/// from it: it forwards SIGINT, SIGTERM and SIGHUP to the child, waits for
/// it and exits with its status (or dies of its signal). Without root, or if
/// the kernel refuses the namespaces, it returns a note saying why nothing is
/// contained, and the program goes on uncontained. Call it first in main(),
/// before any thread exists and before the signal handler is installed: in
/// the namespace it returns with SIGINT, SIGTERM and SIGHUP blocked (one that
/// arrived meanwhile stays pending for the handler). Set
/// HARNESS_NO_CONTAINMENT=1 to skip it.
std::string EnterContainment();

/// True in the init of a PID namespace (after EnterContainment()).
bool IsNamespaceInit();

/// The host name runtest and what it starts see. A name without a dot (upstream's
/// test/README requires a fully qualified one) becomes NAME.\a domain in
/// runtest's own UTS namespace (after EnterContainment(): the machine's
/// name is untouched); outside one it stays as it is, and \a note says so.
std::string QualifyHostName(const std::string& domain, std::string* note);

}  // namespace harness

#endif  // HARNESS_CONTAINMENT_H_
