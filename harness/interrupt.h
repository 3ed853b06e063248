// interrupt.h - SIGINT/SIGTERM/SIGHUP handling for runtest.
//
// The signals are blocked in every thread and taken by one sigwait() thread.
// It records the signal (Interrupted(), InterruptSignal()), says where the run
// stopped, kills and reaps every descendant (so that whatever the main thread
// waits for ends at once) and removes the registered sockets. The main thread
// sees the flag: the executor ends the test as INTERRUPTED, nothing new is
// started, and main writes its report (JUnit too) and exits 128+signal (130
// for SIGINT, 143 for SIGTERM), calling InterruptHandled() first. Should the
// main thread not get there within kInterruptGrace, the handler thread exits
// 128+signal itself: the wait for a report is bounded.
#ifndef HARNESS_INTERRUPT_H_
#define HARNESS_INTERRUPT_H_

#include <chrono>
#include <string>

#include "harness/process.h"

namespace harness {

/// Thrown where the main thread would start something after a signal.
struct InterruptedError {
  int signal;
};

/// How long the handler thread waits for the main thread's report.
inline constexpr std::chrono::seconds kInterruptGrace{10};

/// Blocks the signals and starts the handler thread. Call before any other
/// thread exists. \a program prefixes the message ("runtest").
void InstallInterruptHandler(const std::string& program);

/// What the run is doing now, e.g. "test 3650 at scripts/3650-Dovecot/3650:4 (client)".
void SetActivity(const std::string& what);
std::string CurrentActivity();

/// Paths removed if the run is interrupted (sockets, pid files).
void RegisterCleanupPath(const std::string& path);
void UnregisterCleanupPath(const std::string& path);

/// Held by the main thread while it starts a process or creates a run
/// directory. Once a signal has been caught, constructing one throws
/// InterruptedError: nothing is started behind the handler's back (after its
/// sweep of descendants). The handler waits for a holder to finish (briefly),
/// so hold it only around short operations.
class InterruptGate {
 public:
  InterruptGate();
  ~InterruptGate();
  InterruptGate(const InterruptGate&) = delete;
  InterruptGate& operator=(const InterruptGate&) = delete;
};

/// True once SIGINT/SIGTERM/SIGHUP has been caught.
bool Interrupted();
/// The signal caught (0 if none).
int InterruptSignal();
/// Sleeps until \a until or until a signal has been caught and the handler
/// has stopped the descendants; true if interrupted.
bool WaitForInterruptUntil(Clock::time_point until);
/// The main thread has written its report: the handler may let it exit.
/// Returns the exit status to use (128+signal).
int InterruptHandled();

}  // namespace harness

#endif  // HARNESS_INTERRUPT_H_
