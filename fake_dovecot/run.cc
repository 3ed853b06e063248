// run.cc - fake_dovecot's whole program as a function (run.h).
#include "fake_dovecot/run.h"

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <ctime>
#include <iostream>

#include "fake_dovecot/options.h"
#include "fake_dovecot/responder.h"
#include "fake_dovecot/scenario.h"
#include "fake_dovecot/transcript.h"
#include "fake_dovecot/user_db.h"

namespace fake_dovecot {
namespace {

int Fail(const std::string& message) {
  std::cerr << "fake_dovecot: " << message << "\n";
  return 2;
}

}  // namespace

int RunResponderMain(const std::vector<std::string>& args) {
  std::signal(SIGPIPE, SIG_IGN);
  Options opts;
  std::string err;
  if (!ParseOptions(args, &opts, &err)) return Fail(err);
  if (opts.help) {
    std::cout << UsageText();
    return 0;
  }
  try {
    UserDb users;
    if (!opts.users_file.empty() && !users.LoadFile(opts.users_file, &err))
      return Fail(err);
    Scenario scenario;
    if (!opts.scenario_file.empty() &&
        !LoadScenarioFile(opts.scenario_file, &scenario, &err))
      return Fail(err);
    std::unique_ptr<Transcript> transcript;
    if (!opts.transcript_file.empty()) {
      transcript = Transcript::OpenFile(opts.transcript_file, &err);
      if (!transcript) return Fail(err);
    }
    char host[256] = {0};
    if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0')
      std::snprintf(host, sizeof(host), "localhost");

    SessionEnv env;
    env.users = &users;
    env.scenario = &scenario;
    env.failure_delay_ms = opts.failure_delay_ms.value_or(
        scenario.failure_delay_ms.value_or(0));
    env.spid = static_cast<unsigned>(getpid());
    env.hostname = host;
    env.random_bytes = SecureRandomBytes;
    env.unix_time = [] { return static_cast<int64_t>(std::time(nullptr)); };
    env.transcript = transcript.get();

    boost::asio::io_context io;
    Responder responder(io, env, opts.socket_path, opts.max_connections);
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      responder.Stop();
      io.stop();
    });
    if (!responder.Listen(&err)) return Fail(err);
    std::cout << "ready" << std::endl;
    io.run();
    responder.Stop();
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace fake_dovecot
