// escape.h - byte-string escaping shared by the transcript, the scenario
// parser and the Dovecot wire format.
#ifndef FAKE_DOVECOT_ESCAPE_H_
#define FAKE_DOVECOT_ESCAPE_H_

#include <string>
#include <string_view>

namespace fake_dovecot {

/// Escapes \a bytes for one transcript line: TAB -> `\t`, CR -> `\r`,
/// LF -> `\n`, backslash -> `\\`, other bytes < 0x20 or >= 0x7f -> `\xHH`
/// (lowercase hex). Everything else is copied.
std::string EscapeForTranscript(std::string_view bytes);

/// Dovecot's str_append_tabescaped(): 0x01 -> "\x01" "1", TAB -> "\x01" "t",
/// CR -> "\x01" "r", LF -> "\x01" "n". Used for values in OK/FAIL replies.
std::string TabEscape(std::string_view value);

/// Dovecot's str_tabunescape(): the inverse of TabEscape(). An 0x01 followed
/// by anything else yields that byte; a trailing 0x01 is kept as it is.
std::string TabUnescape(std::string_view value);

/// Lowercase hexadecimal of \a bytes.
std::string HexLower(std::string_view bytes);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_ESCAPE_H_
