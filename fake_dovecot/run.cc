// run.cc - fake_dovecot's whole program as a function, and the same
// responder served by a thread of the caller (run.h).
#include "fake_dovecot/run.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/signal_set.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <ctime>
#include <fstream>
#include <ostream>
#include <thread>

#include "fake_dovecot/options.h"
#include "fake_dovecot/responder.h"
#include "fake_dovecot/scenario.h"
#include "fake_dovecot/std_streams.h"
#include "fake_dovecot/transcript.h"
#include "fake_dovecot/user_db.h"

namespace fake_dovecot {
namespace {

/// Everything one responder serves with, set up from its options: the same
/// for the program and for a thread of runtest.
struct Served {
  UserDb users;
  Scenario scenario;
  std::unique_ptr<Transcript> transcript;
  char host[256] = {0};
  SessionEnv env;
  boost::asio::io_context io;
  std::unique_ptr<Responder> responder;
  bool exited = false;  ///< a scenario's `exit` ended it

  /// Loads the files of \a opts and listens; false with the program's
  /// message in \a err.
  bool Setup(const Options& opts, std::ostream* log, std::string* err) {
    if (!opts.users_file.empty() && !users.LoadFile(opts.users_file, err)) return false;
    if (!opts.scenario_file.empty() && !LoadScenarioFile(opts.scenario_file, &scenario, err)) return false;
    if (!opts.transcript_file.empty()) {
      transcript = Transcript::OpenFile(opts.transcript_file, err);
      if (!transcript) return false;
    }
    if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof(host), "localhost");
    env.users = &users;
    env.scenario = &scenario;
    env.failure_delay_ms = opts.failure_delay_ms.value_or(scenario.failure_delay_ms.value_or(0));
    env.spid = static_cast<unsigned>(getpid());
    env.hostname = host;
    env.random_bytes = SecureRandomBytes;
    env.unix_time = [] { return static_cast<int64_t>(std::time(nullptr)); };
    env.transcript = transcript.get();
    env.exit = [this] {
      exited = true;
      io.stop();  // every connection is dropped with the responder, unanswered
    };
    responder = std::make_unique<Responder>(io, env, opts.socket_path, opts.max_connections, log);
    return responder->Listen(err);
  }

  /// Serves until stopped; the exit status. The connections are still open:
  /// Close() ends them.
  int Serve() {
    // Serves until stopped, even with nothing to serve (a scenario's absent
    // or refused socket).
    auto busy = boost::asio::make_work_guard(io);
    io.run();
    return exited ? 1 : 0;
  }

  /// Ends every connection and removes the socket.
  void Close() { responder->Stop(); }

  int Run() {
    int status = Serve();
    Close();
    return status;
  }
};

int Fail(std::ostream& log, const std::string& message) {
  log << "fake_dovecot: " << message << std::endl;
  return 2;
}

// Stop() reaches the thread as SIGTERM reaches the program: through a pipe
// the io_context watches (Asio's signal_set is one too). Events already
// pending are served in the same round, in the order they came: a client
// that closed its connection before the stop is recorded as `client closed`,
// as with the program (a stop posted straight to the io_context could run
// first: `server closed`).
class Thread final : public harness::ResponderThread {
 public:
  Thread(std::unique_ptr<Served> served, std::unique_ptr<std::ofstream> log, int stop_read, int stop_write)
      : served_(std::move(served)),
        log_(std::move(log)),
        stop_(std::make_unique<boost::asio::posix::stream_descriptor>(served_->io, stop_read)),
        stop_write_(stop_write) {
    stop_->async_read_some(boost::asio::buffer(&stop_byte_, 1),
                          [this](boost::system::error_code, std::size_t) { served_->io.stop(); });
    thread_ = std::thread([this] {
      int status;
      try {
        status = served_->Serve();
      } catch (const std::exception& e) {
        status = Fail(*log_, e.what());
      }
      // Known as ended before its connections close: a client (Exim) that
      // sees the end and finishes is not checked before Ended() says so.
      status_.store(status);
      ended_.store(true);
      try {
        served_->Close();
      } catch (const std::exception& e) {
        Fail(*log_, e.what());
      }
    });
  }
  ~Thread() override { Stop(); }

  int Stop() override {
    if (thread_.joinable()) {
      char byte = 'x';
      while (write(stop_write_, &byte, 1) < 0 && errno == EINTR) {
      }
      thread_.join();
      close(stop_write_);
      stop_.reset();    // before the io_context it belongs to
      served_.reset();  // closes the connections, removes the socket
      log_->flush();
    }
    return status_.load();
  }

  std::optional<int> Ended() const override {
    if (!ended_.load()) return std::nullopt;
    return status_.load();
  }

 private:
  std::unique_ptr<Served> served_;
  std::unique_ptr<std::ofstream> log_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> stop_;
  int stop_write_;
  char stop_byte_ = 0;
  std::atomic<bool> ended_{false};
  std::atomic<int> status_{0};
  std::thread thread_;
};

}  // namespace

int RunResponderMain(const std::vector<std::string>& args) {
  std::signal(SIGPIPE, SIG_IGN);
  Options opts;
  std::string err;
  if (!ParseOptions(args, &opts, &err)) return Fail(StandardError(), err);
  if (opts.help) {
    StandardOutput() << UsageText();
    return 0;
  }
  try {
    Served served;
    if (!served.Setup(opts, &StandardError(), &err)) return Fail(StandardError(), err);
    boost::asio::signal_set signals(served.io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
      if (!ec) served.io.stop();
    });
    StandardOutput() << "ready" << std::endl;
    return served.Run();
  } catch (const std::exception& e) {
    return Fail(StandardError(), e.what());
  }
}

std::unique_ptr<harness::ResponderThread> StartResponderThread(const std::vector<std::string>& args,
                                                                const std::string& log_path,
                                                                std::string* error) {
  auto log = std::make_unique<std::ofstream>(log_path, std::ios::app);
  if (!*log) {
    *error = log_path + ": cannot open the responder's log";
    return nullptr;
  }
  Options opts;
  auto fail = [&](const std::string& message) -> std::unique_ptr<harness::ResponderThread> {
    Fail(*log, message);
    *error = message;
    return nullptr;
  };
  if (!ParseOptions(args, &opts, error)) return fail(*error);
  if (opts.help) return fail("--help: not a responder");
  try {
    auto served = std::make_unique<Served>();
    if (!served->Setup(opts, log.get(), error)) return fail(*error);
    int stop[2];
    if (pipe2(stop, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
    return std::make_unique<Thread>(std::move(served), std::move(log), stop[0], stop[1]);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace fake_dovecot
