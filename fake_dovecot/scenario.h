// scenario.h - fault-injection scenarios for the fake Dovecot, as data.
//
// The file format is documented in full in docs (see the README section) and
// in ParseScenario() below; in short:
//
//   # comment
//   mechanisms PLAIN LOGIN          <- global directives, anywhere
//   failure-delay 500
//   on connect                      <- a rule: the steps below run when
//     handshake                        the event happens
//     send OK\t1\tuser=userx\n
//   on auth
//     stall 2000
//     close
//   on cont 1                       <- only the first CONT of a connection
//     send CONT\t{id}\tUGFzc3dvcmQ6\n
//   on cont 2                       <- only the second; `on cont` (no
//     send OK\t{id}\tuser={user}\n      number) serves every other one
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

/// Parses scenario \a text. Errors are "filename:line: message".
///
/// Lines: blank and `#` lines are ignored; leading whitespace is ignored;
/// a trailing CR is dropped. Global directives:
///   mechanisms NAME...        advertised MECH lines (known names get
///                             Dovecot's flags; others none)
///   version MAJOR MINOR       the VERSION line of the default handshake
///   omit KIND...              drop VERSION/MECH/SPID/CUID/COOKIE/DONE lines
///                             from the default handshake
///   line-ending lf|crlf       line ending of generated lines
///   failure-delay MS          delay of password/user FAILs (0..600000)
///   close-after MS            close each connection MS ms after accept
///   temp-fail USER [code|temp] every AUTH for USER fails temporarily
///   socket present|absent|refused
///   socket-mode OCTAL         permissions of the socket (default 0666)
/// Rules: `on connect|auth|cont [N]`, each at most once, followed by steps;
/// without N the rule serves every occurrence that has no `on EVENT N` rule
/// (N = 1.. counts the event on its connection; for connect, the
/// connection's number):
///   send TEXT                 TEXT is everything after one space; escapes
///                             \t \r \n \\ \xHH \{ and placeholders {id}
///                             {mech} {user} {spid} {cuid} {cookie}
///   send-repeat COUNT TEXT    TEXT COUNT times (1..1000000)
///   handshake                 the default handshake
///   default                   what Dovecot would do with the event
///   stall MS                  pause (0..600000 ms)
///   close                     close the connection (after flushing)
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
