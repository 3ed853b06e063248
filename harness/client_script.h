// client_script.h - the script language of Exim's test `client` program,
// parsed into steps. Pure: no I/O, no sockets.
//
// The semantics are those of Exim's test/src/client.c (modern version):
//   "??? TEXT"   the next server line must start with TEXT (after escapes)
//   "????TEXT"   optional, repeatable: matching server lines are consumed
//                silently while they have arrived; the first non-matching one
//                is left for the next step
//   "???*"       the server must close the connection
//   "+++ N"      sleep N seconds (atoi semantics)
//   "<<< FILE"   read more script lines from FILE
//   ">>> TEXT"   send TEXT with no CRLF
//   anything else (blank and '#' lines included) is sent followed by CRLF.
// Only a trailing '\n' is removed from a line by the reader; trailing spaces
// and a trailing '\r' are part of the line.
#ifndef HARNESS_CLIENT_SCRIPT_H_
#define HARNESS_CLIENT_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// What one client script line asks the client to do.
enum class ClientStepKind {
  kExpect,          ///< "??? TEXT": read a line, it must start with TEXT.
  kExpectOptional,  ///< "????TEXT": consume matching lines silently.
  kExpectEof,       ///< "???*": the next read must see end of file.
  kSleep,           ///< "+++ N": pause.
  kInclude,         ///< "<<< FILE": run the lines of FILE here.
  kSend,            ///< any other line: send it (with CRLF unless ">>> ").
};

/// One parsed client script line.
struct ClientStep {
  ClientStepKind kind = ClientStepKind::kSend;
  /// Where the line came from (file and 1-based line), for error reports.
  SourceLoc loc;
  /// The line exactly as written (without its '\n'). Expect and sleep lines
  /// are echoed as this text in the transcript.
  std::string line;
  /// kExpect/kExpectOptional/kExpectEof: the expected prefix after escape
  /// expansion, cut at the first NUL (client.c compares with strncmp).
  /// kSend: the exact bytes to write (escapes expanded, CRLF added unless the
  /// line began with ">>> ").
  /// kInclude: the file name (no escape processing).
  std::string text;
  /// kSend: the text echoed after ">>> " in the transcript, which is the line
  /// before escape expansion, without a leading ">>> ".
  std::string echo;
  /// kSend: true unless the line began with ">>> ".
  bool crlf = true;
  /// kSleep: seconds to sleep.
  int seconds = 0;
};

/// Expands client.c escapes in \a text: "\n", "\r", "\xHH", and "\c" -> c for
/// any other c ("\\" -> "\"). Malformed escapes are not errors, exactly as in
/// client.c's unescape_buf: the two characters after "\x" are always consumed
/// and turned into nibbles with client.c's unchecked arithmetic (so "\xZZ"
/// gives 0xAA), and a character missing at the end of \a text counts as NUL.
std::string UnescapeClientText(std::string_view text);

/// client.c's atoi(): optional leading white space and sign, then digits;
/// 0 when there are none; saturates instead of overflowing.
int ClientAtoi(std::string_view text);

/// Parses one script line (no '\n' in it) found at \a loc.
/// Throws HarnessError if \a line contains '\n' (the line reader never
/// produces one; this is the only error the parser reports).
ClientStep ParseClientLine(std::string_view line, const SourceLoc& loc);

/// Parses a list of lines, the first of which is at \a first (its line number
/// is incremented for each following line; 0 means unnumbered).
/// Throws HarnessError as ParseClientLine does.
std::vector<ClientStep> ParseClientScript(const std::vector<std::string>& lines,
                                          const SourceLoc& first = SourceLoc{});

/// Splits \a text into lines the way client.c's fgets loop does: each '\n'
/// ends a line (and is dropped); a final line without '\n' still counts; an
/// empty \a text has no lines.
std::vector<std::string> SplitClientLines(std::string_view text);

/// SplitClientLines followed by ParseClientScript. Never throws.
std::vector<ClientStep> ParseClientScriptText(std::string_view text,
                                              const SourceLoc& first = SourceLoc{});

}  // namespace harness

#endif  // HARNESS_CLIENT_SCRIPT_H_
