// interrupt.cc - see interrupt.h.
#include "harness/interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

namespace harness {
namespace {

std::mutex g_mutex;
std::condition_variable g_cv;  // signalled (under g_mutex) when the sweep is done / main is done
std::string g_activity;
std::set<std::string> g_cleanup;
std::atomic<int> g_signal{0};
bool g_swept = false;         // under g_mutex
bool g_main_done = false;     // under g_mutex
// Held around process starts; see InterruptGate.
std::timed_mutex g_gate;

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
  if (int sig = g_signal.load()) {
    g_gate.unlock();
    throw InterruptedError{sig};
  }
}

InterruptGate::~InterruptGate() { g_gate.unlock(); }

bool Interrupted() { return g_signal.load() != 0; }

int InterruptSignal() { return g_signal.load(); }

bool WaitForInterruptUntil(Clock::time_point until) {
  std::unique_lock<std::mutex> lock(g_mutex);
  return g_cv.wait_until(lock, until, [] { return g_swept; });
}

int InterruptHandled() {
  int sig = g_signal.load();
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_main_done = true;
  }
  g_cv.notify_all();
  return 128 + sig;
}

void InstallInterruptHandler(const std::string& program) {
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([program, set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    g_signal = sig;
    std::string where;
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      where = g_activity;
    }
    std::fprintf(stderr, "\n%s: caught SIG%s%s%s; stopping every process it started\n", program.c_str(),
                 sigabbrev_np(sig), where.empty() ? "" : " in ", where.c_str());
    std::fflush(stderr);
    // Wait for a process start in progress to finish, so that the sweep below
    // sees the new child; every later start throws InterruptedError. A start
    // that holds the gate too long (a responder slow to get ready) is not
    // waited for: its child already exists and is swept.
    bool gated = g_gate.try_lock_for(std::chrono::seconds(2));
    KillAllDescendants(Clock::now() + std::chrono::seconds(10));
    std::unique_lock<std::mutex> lock(g_mutex);
    for (const auto& path : g_cleanup) unlink(path.c_str());
    g_swept = true;
    if (gated) g_gate.unlock();
    g_cv.notify_all();
    // The main thread now ends its test as interrupted, writes its report
    // and exits; should it not, within the grace, exit here.
    if (!g_cv.wait_for(lock, kInterruptGrace, [] { return g_main_done; })) {
      std::fprintf(stderr, "%s: no report within %lld s of SIG%s; exiting\n", program.c_str(),
                   static_cast<long long>(kInterruptGrace.count()), sigabbrev_np(sig));
      std::fflush(stdout);
      std::fflush(stderr);
      _exit(128 + sig);
    }
  }).detach();
}

}  // namespace harness
