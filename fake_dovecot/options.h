// options.h - the fake_dovecot command line.
#ifndef FAKE_DOVECOT_OPTIONS_H_
#define FAKE_DOVECOT_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

namespace fake_dovecot {

/// Parsed command-line options of build/bin/fake_dovecot.
struct Options {
  std::string socket_path;                   ///< --socket PATH (required)
  std::string users_file;                    ///< --users FILE
  std::string scenario_file;                 ///< --scenario FILE
  std::string transcript_file;               ///< --transcript FILE
  std::optional<unsigned> failure_delay_ms;  ///< --failure-delay MS
  unsigned max_connections = 256;            ///< --max-connections N
  bool help = false;                         ///< --help
};

/// The --help text.
std::string UsageText();

/// Parses \a args (without argv[0]). Accepts `--opt VALUE` and
/// `--opt=VALUE`. Returns false with a message in \a err on bad usage.
bool ParseOptions(const std::vector<std::string>& args, Options* out,
                  std::string* err);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_OPTIONS_H_
