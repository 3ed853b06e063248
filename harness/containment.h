// containment.h - no process of a run outlives runtest, even after SIGKILL.
//
// A SIGKILL (OOM killer, `timeout -s KILL`, a CI runner's kill) gives runtest
// no chance to stop what it started: the Exim daemon, fake_dovecot or a real
// Dovecot would be reparented to PID 1 and live on. EnterContainment() makes
// the rest of runtest run in a new PID namespace (with a private mount
// namespace for its own /proc); the kernel kills every process of a
// namespace when its init dies, init dies with the original process
// (PR_SET_PDEATHSIG) and exits when runtest does, so killing runtest in any
// way kills them all.
#ifndef HARNESS_CONTAINMENT_H_
#define HARNESS_CONTAINMENT_H_

#include <string>

namespace harness {

/// Enters the namespaces. In PID 2 of the namespace (the caller's grandchild;
/// PID 1 relays like the caller) it returns "" and the program goes on; the
/// original process never returns
/// from it: it forwards SIGINT, SIGTERM and SIGHUP to the child, waits for
/// it and exits with its status (or dies of its signal). Without root, or if
/// the kernel refuses the namespaces, it returns a note saying why nothing is
/// contained, and the program goes on uncontained. Call it first in main(),
/// before any thread exists and before the signal handler is installed: in
/// the namespace it returns with SIGINT, SIGTERM and SIGHUP blocked (one that
/// arrived meanwhile stays pending for the handler). Set
/// HARNESS_NO_CONTAINMENT=1 to skip it.
std::string EnterContainment();

}  // namespace harness

#endif  // HARNESS_CONTAINMENT_H_
