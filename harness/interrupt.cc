// interrupt.cc - see interrupt.h.
#include "harness/interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

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

void InstallInterruptHandler(const std::string& program) {
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([program, set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    std::string where = CurrentActivity();
    std::fprintf(stderr, "\n%s: caught SIG%s%s%s; stopping every process it started\n", program.c_str(),
                 sigabbrev_np(sig), where.empty() ? "" : " in ", where.c_str());
    KillAllDescendants(Clock::now() + std::chrono::seconds(10));
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      for (const auto& path : g_cleanup) unlink(path.c_str());
    }
    std::fflush(stderr);
    _exit(128 + sig);
  }).detach();
}

}  // namespace harness
