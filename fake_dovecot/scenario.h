// scenario.h - fault-injection scenarios for the fake Dovecot, as data.
//
// The scenario language is documented in one place, docs/fake-dovecot.md
// ("Scenario files"); the types below are what a file parses into.
#ifndef FAKE_DOVECOT_SCENARIO_H_
#define FAKE_DOVECOT_SCENARIO_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fake_dovecot {

/// A piece of `send` text: literal bytes, or a placeholder expanded when the
/// step runs ({id}, {mech}, {user}, {spid}, {cuid}, {cookie}).
struct TextPiece {
  bool placeholder = false;
  /// The literal bytes, or the placeholder's name.
  std::string text;
};

/// One action of a rule.
struct Step {
  enum class Kind {
    kSend,       ///< send text (escapes and placeholders expanded)
    kHandshake,  ///< send the default handshake (shaped by the directives)
    kDefault,    ///< do what Dovecot would do with this event
    kStall,      ///< do nothing for stall_ms (input is still read)
    kClose,      ///< flush what was sent, then close the connection
    kExit,       ///< end the whole responder at once, as a crash would
  };
  Kind kind = Kind::kSend;
  std::vector<TextPiece> text;  ///< kSend
  unsigned repeat = 1;          ///< kSend: `send-repeat COUNT TEXT`
  unsigned stall_ms = 0;        ///< kStall
  int line = 0;                 ///< where the step was declared
};

/// The events a rule can hook.
enum class Trigger {
  kConnect,  ///< a client connected (default: the handshake)
  kAuth,     ///< a well-formed AUTH request arrived (default: authenticate)
  kCont,     ///< a well-formed CONT line arrived (default: continue)
};

/// How the fake presents its socket.
enum class SocketPresence {
  kPresent,  ///< listen normally
  kAbsent,   ///< create nothing: connect() gives ENOENT
  kRefused,  ///< leave a socket file nobody listens on: ECONNREFUSED
};

/// How a `temp-fail` user's failure is flagged.
enum class TempFailStyle {
  kCode,  ///< `code=temp_fail` (Dovecot 2.3)
  kTemp,  ///< bare `temp` (older Dovecot)
};

/// A parsed scenario file. Default-constructed = plain Dovecot 2.3.19.
struct Scenario {
  std::string file;  ///< where it came from ("" = none)
  /// Mechanisms advertised by the default handshake, in order. Only the
  /// advertisement changes: PLAIN, LOGIN and CRAM-MD5 are always served.
  std::vector<std::string> mechanisms{"PLAIN", "LOGIN", "CRAM-MD5"};
  unsigned version_major = 1;
  unsigned version_minor = 2;
  /// Handshake line kinds left out of the default handshake
  /// (VERSION, MECH, SPID, CUID, COOKIE, DONE).
  std::set<std::string> omit;
  /// End every generated line (handshake and replies) with CRLF.
  bool crlf = false;
  std::optional<unsigned> failure_delay_ms;
  /// Close every connection this long after accepting it, whatever it is
  /// doing (a watchdog that does not block processing, unlike `stall`).
  std::optional<unsigned> close_after_ms;
  std::map<std::string, TempFailStyle> temp_fail_users;
  SocketPresence socket = SocketPresence::kPresent;
  unsigned socket_mode = 0666;
  /// `on EVENT` rules: every occurrence without a numbered rule.
  std::map<Trigger, std::vector<Step>> rules;
  /// `on EVENT N` rules: only the Nth occurrence (N >= 1). AUTH and CONT
  /// are counted per connection (well-formed lines only); connect counts
  /// the connections the fake accepted (the Nth has CUID N).
  std::map<std::pair<Trigger, unsigned>, std::vector<Step>> numbered_rules;

  /// The `on EVENT` steps for \a trigger, or nullptr when there is none.
  const std::vector<Step>* Rule(Trigger trigger) const;
  /// The steps for the \a occurrence-th \a trigger (1-based): its
  /// `on EVENT N` rule, else the `on EVENT` rule, else nullptr (do what
  /// Dovecot would do).
  const std::vector<Step>* Rule(Trigger trigger, unsigned occurrence) const;
};

/// Parses scenario \a text (the language of docs/fake-dovecot.md). Errors
/// are "filename:line: message".
bool ParseScenario(std::string_view text, const std::string& filename,
                   Scenario* out, std::string* err);

/// Reads and parses the scenario file at \a path.
bool LoadScenarioFile(const std::string& path, Scenario* out,
                      std::string* err);

/// Parses `send` text (escapes, placeholders) into pieces. \a err gets a
/// message without location. Exposed for tests.
bool ParseSendText(std::string_view text, std::vector<TextPiece>* out,
                   std::string* err);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_SCENARIO_H_
