// options.cc - see options.h.
#include "fake_dovecot/options.h"

namespace fake_dovecot {

std::string UsageText() {
  return
      "usage: fake_dovecot --socket PATH [--users FILE] [--scenario FILE]\n"
      "                    [--transcript FILE] [--failure-delay MS]\n"
      "                    [--max-connections N]\n"
      "\n"
      "A Dovecot 2.3 auth-client protocol responder on a UNIX socket, for tests.\n"
      "Prints 'ready' on stdout once the socket is listening; SIGTERM or SIGINT\n"
      "stops it and removes the socket.\n"
      "\n"
      "  --socket PATH        UNIX socket to listen on (at most 107 bytes)\n"
      "  --users FILE         Dovecot passwd-file: user:{PLAIN}password:...\n"
      "  --scenario FILE      fault-injection scenario (see README)\n"
      "  --transcript FILE    record every byte in and out, per connection\n"
      "  --failure-delay MS   delay of password/user FAIL replies (default: the\n"
      "                       scenario's failure-delay, else 0; Dovecot: ~500)\n"
      "  --max-connections N  connections served at once (default 256)\n"
      "  --help               this text\n"
      "\n"
      "Exit status: 0 after a clean stop, 2 for bad arguments or files.\n";
}

namespace {

bool ParseNumber(const std::string& s, unsigned max, unsigned* out) {
  if (s.empty() || s.size() > 10) return false;
  unsigned long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > max) return false;
  *out = static_cast<unsigned>(v);
  return true;
}

}  // namespace

bool ParseOptions(const std::vector<std::string>& args, Options* out,
                  std::string* err) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    std::string value;
    bool has_value = false;
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto take = [&](std::string* dst) {
      if (!has_value) {
        if (i + 1 >= args.size()) {
          *err = arg + " needs a value";
          return false;
        }
        value = args[++i];
      }
      if (value.empty()) {
        *err = arg + " needs a non-empty value";
        return false;
      }
      *dst = value;
      return true;
    };
    if (arg == "--socket") {
      if (!take(&o.socket_path)) return false;
    } else if (arg == "--users") {
      if (!take(&o.users_file)) return false;
    } else if (arg == "--scenario") {
      if (!take(&o.scenario_file)) return false;
    } else if (arg == "--transcript") {
      if (!take(&o.transcript_file)) return false;
    } else if (arg == "--failure-delay") {
      std::string v;
      unsigned ms;
      if (!take(&v)) return false;
      if (!ParseNumber(v, 600000, &ms)) {
        *err = "--failure-delay: '" + v + "' is not a number of milliseconds (0..600000)";
        return false;
      }
      o.failure_delay_ms = ms;
    } else if (arg == "--max-connections") {
      std::string v;
      if (!take(&v)) return false;
      if (!ParseNumber(v, 100000, &o.max_connections) || o.max_connections == 0) {
        *err = "--max-connections: '" + v + "' is not a number in 1..100000";
        return false;
      }
    } else {
      *err = "unknown argument '" + args[i] + "' (see --help)";
      return false;
    }
  }
  if (!o.help && o.socket_path.empty()) {
    *err = "--socket PATH is required (see --help)";
    return false;
  }
  *out = std::move(o);
  return true;
}

}  // namespace fake_dovecot
