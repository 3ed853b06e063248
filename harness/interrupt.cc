// interrupt.cc - see interrupt.h.
#include "harness/interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "harness/process.h"

namespace harness {
namespace {

std::mutex g_mutex;
std::string g_activity;
std::set<std::string> g_cleanup;
std::atomic<bool> g_interrupted{false};
// Held around process starts; see InterruptGate.
std::timed_mutex g_gate;

[[noreturn]] void ParkForever() {
  // Every signal is blocked in this thread: nothing wakes it. The handler
  // thread ends the process with _exit().
  for (;;) pause();
}

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void SetActivity(const std::string& what) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_activity = what;
}

std::string CurrentActivity() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_activity;
}

void RegisterCleanupPath(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_cleanup.insert(path);
}

void UnregisterCleanupPath(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_cleanup.erase(path);
}

InterruptGate::InterruptGate() {
  g_gate.lock();
  if (g_interrupted.load()) {
    g_gate.unlock();
    ParkForever();
  }
}

InterruptGate::~InterruptGate() { g_gate.unlock(); }

bool Interrupted() { return g_interrupted.load(); }

void InstallInterruptHandler(const std::string& program) {
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([program, set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    g_interrupted = true;
    std::string where;
    std::set<std::string> cleanup;
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      where = g_activity;
      cleanup = g_cleanup;
    }
    std::fprintf(stderr, "\n%s: caught SIG%s%s%s; stopping every process it started\n", program.c_str(),
                 sigabbrev_np(sig), where.empty() ? "" : " in ", where.c_str());
    std::fflush(stderr);
    // Wait for a process start in progress to finish, so that the sweep below
    // sees the new child; every later start parks the main thread. A start
    // that holds the gate too long (a responder slow to get ready) is not
    // waited for: its child already exists and is swept.
    bool gated = g_gate.try_lock_for(std::chrono::seconds(2));
    KillAllDescendants(Clock::now() + std::chrono::seconds(10));
    for (const auto& path : cleanup) unlink(path.c_str());
    {
      // Paths registered while we were sweeping.
      std::lock_guard<std::mutex> lock(g_mutex);
      for (const auto& path : g_cleanup) unlink(path.c_str());
    }
    (void)gated;
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(128 + sig);
  }).detach();
}

}  // namespace harness
