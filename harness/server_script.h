// server_script.h - the command line and the script language of Exim's test
// `server` program (test/src/server.c, Exim 4.99.1), parsed into values.
// Pure: no I/O, no sockets. The program that runs them is server_main.cc.
//
// The script is what runtest writes to the server's stdin: the lines after a
// "server" command up to "****", then a line "++++", which ends the script
// (nothing after it is read). Each line is cut to at most 10239 bytes (a
// longer one becomes several lines, as server.c's fgets does), loses its
// trailing white space, and has its escapes expanded: "\xHH" is a byte and
// "\c" is c for any other c. What a line does is decided on the expanded
// line, in this order:
//   ">*eof..."      close the connection (the rest of the line is ignored)
//   ">>TEXT"        send TEXT, nothing after it
//   ">CR>TEXT"      send TEXT and CR;   ">LF>TEXT"  send TEXT and LF
//   ">TEXT"         send TEXT and CRLF
//   "DIGIT..."      send the line and CRLF (an SMTP reply)
//   "*sleep N"      flush what is to be sent, then sleep N seconds
//   "*data N"       read and discard N bytes
//   "*eof..."       the client must close the connection
//   "."             read lines up to one that is "." (a message body)
//   "<<TEXT"        a line starting with TEXT, "<TEXT": the same, with the
//   "TEXT"          '<' allowing a TEXT that starts with a digit or '>'
// Any line starting ">>" switches every read of the whole script from line
// mode to "one read() of the expected length" mode (server.c's linebuf = 0).
#ifndef HARNESS_SERVER_SCRIPT_H_
#define HARNESS_SERVER_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// What one server script line asks the server to do.
enum class ServerStepKind {
  kSend,         ///< ">..." (not ">*eof"): write payload + ending.
  kCloseConn,    ///< ">*eof": close this connection, go on with the next.
  kReply,        ///< a line starting with a digit: write it + CRLF.
  kSleep,        ///< "*sleep N".
  kData,         ///< "*data N": read and discard N bytes.
  kExpect,       ///< read a line that must start with the expected text.
  kExpectData,   ///< ".": read lines up to a line ".".
  kExpectEof,    ///< "*eof": the client must close.
};

/// One parsed server script line.
struct ServerStep {
  ServerStepKind kind = ServerStepKind::kExpect;
  /// Where the line came from, for reports.
  SourceLoc loc;
  /// The line as read (trailing white space removed, escapes not expanded).
  std::string raw;
  /// The line after escape expansion, prefixes included (may hold NULs).
  /// Expectations are compared against it, ">" lines are echoed from it.
  std::string line;
  /// kSend: the bytes written before \a ending. kReply: the line up to its
  /// first NUL (server.c prints and sends it with "%s").
  std::string payload;
  /// kSend: "\r\n", "\r", "\n" or "".
  std::string ending;
  /// kSleep: seconds; kData: bytes (atoi semantics, may be <= 0).
  int number = 0;
  /// Expectations: 0, 1 for a "<" prefix, 2 for "<<" (the number of '<'
  /// characters that are in \a line but not on the wire).
  int offset = 0;
};

/// A parsed script.
struct ServerScript {
  std::vector<ServerStep> steps;
  /// False if any line started ">>": every read is then a single read() of
  /// the expected length (server.c's linebuf = 0).
  bool line_mode = true;
  /// True if a "++++" line ended the script (lines after it are ignored).
  bool terminated = false;
  /// Lines read after "++++" are not parsed; their count is here.
  int ignored_lines = 0;
  /// Lines server.c accepts but that very likely do not do what their
  /// author meant (a note never changes what a line does).
  std::vector<Diagnostic> notes;
};

/// Expands server.c escapes in \a text: "\xHH" gives the byte computed with
/// server.c's arithmetic (no validation: "\xZZ" is not an error), "\c" gives
/// c for any other c ("\\" gives "\"); a lone trailing "\", or an "\x" with
/// fewer than two characters after it, ends the text and gives nothing. Sets \a truncated, if
/// given, when a "\x" escape lacks one of its two digits.
std::string UnescapeServerText(std::string_view text, bool* truncated = nullptr);

/// Classifies one already-read line (trailing white space removed, no '\n')
/// found at \a loc. Never fails: every line means something to server.c.
ServerStep ParseServerLine(std::string_view raw, const SourceLoc& loc);

/// Reads a whole script the way server.c reads its stdin: fgets into a
/// 10240-byte buffer, a NUL ends the line's content, trailing white space is
/// removed, "++++" ends the script. \a first locates the first line (its
/// line number grows by one per '\n'; 0 means unnumbered). Never throws:
/// suspicious lines are reported in ServerScript::notes.
ServerScript ParseServerScript(std::string_view text, const SourceLoc& first = SourceLoc{});

/// The command line of server.c.
struct ServerOptions {
  bool debug = false;           ///< -d
  bool tcp_fast_open = false;   ///< -tfo
  int timeout = 5;              ///< -t N (absolute value; 0: none)
  bool timeout_is_success = false;  ///< -t with a negative N: timing out exits 0
  int initial_pause = 0;        ///< -i N
  bool ipv4 = true;             ///< cleared by -noipv4
  bool ipv6 = true;             ///< cleared by -noipv6
  std::string pidfile;          ///< -oP FILE (empty: none)
  /// A port (when \a socket_path is empty) as atoi gave it; the socket is
  /// bound to port & 0xffff, as htons() does.
  int port = 0;
  /// A UNIX domain socket path (the argument started with '/').
  std::string socket_path;
  /// Connections to accept, one after the other (atoi; <= 0: none).
  int connections = 1;
};

/// What the command line asks for when it does not lead to serving.
struct ServerEarlyExit {
  int exit_code = 0;
  std::string stdout_text;
};

/// Parses the words after the program name as server.c does. \a program is
/// argv[0] (shown in the usage text). Returns true with \a options set, or
/// false with \a early set: help (exit 0) and usage errors (exit 1, message on
/// stdout as in server.c).
bool ParseServerArgs(const std::string& program, const std::vector<std::string>& args,
                     ServerOptions* options, ServerEarlyExit* early);

/// server.c's printit(): \a bytes with '\' doubled and bytes outside
/// ' '..'~' as "\xhh", then a newline.
std::string ServerPrintable(std::string_view bytes);

}  // namespace harness

#endif  // HARNESS_SERVER_SCRIPT_H_
