// interrupt.h - SIGINT/SIGTERM/SIGHUP handling for runtest.
//
// The signals are blocked in every thread and taken by one sigwait() thread,
// which says where the run stopped, kills and reaps every descendant, removes
// the registered sockets and exits 128+signal (130 for SIGINT, 143 for
// SIGTERM). The main thread never has to check a flag.
#ifndef HARNESS_INTERRUPT_H_
#define HARNESS_INTERRUPT_H_

#include <string>

namespace harness {

/// Blocks the signals and starts the handler thread. Call before any other
/// thread exists. \a program prefixes the message ("runtest").
void InstallInterruptHandler(const std::string& program);

/// What the run is doing now, e.g. "test 3650 at scripts/3650-Dovecot/3650:4 (client)".
void SetActivity(const std::string& what);
std::string CurrentActivity();

/// Paths removed if the run is interrupted (sockets, pid files).
void RegisterCleanupPath(const std::string& path);
void UnregisterCleanupPath(const std::string& path);

/// Held by the main thread while it starts a process (and around its own
/// exit). Once a signal has been caught, constructing one never returns: the
/// handler thread is stopping everything and will _exit, so no process can be
/// started behind its back (after its sweep of descendants) and the main
/// thread cannot exit with another status first. The handler waits for a
/// holder to finish (briefly), so hold it only around short operations.
class InterruptGate {
 public:
  InterruptGate();
  ~InterruptGate();
  InterruptGate(const InterruptGate&) = delete;
  InterruptGate& operator=(const InterruptGate&) = delete;
};

/// True once SIGINT/SIGTERM/SIGHUP has been caught.
bool Interrupted();

}  // namespace harness

#endif  // HARNESS_INTERRUPT_H_
