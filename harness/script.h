// script.h - the test-script model (Exim runtest language, 2006 flavour) and
// its parser. Parsing is pure: a whole script becomes a Script value before
// anything runs, and every error is a HarnessError carrying file:line.
#ifndef HARNESS_SCRIPT_H_
#define HARNESS_SCRIPT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// What a script command does. Only the commands test 3650 needs (plus the
/// cheap ones) are supported; runtest commands we know but do not implement
/// (server, write, perl, dump, client-ssl, ...) are rejected by the parser with
/// a "not supported" error rather than "unknown command".
enum class CommandKind {
  kExim,        ///< `[VAR=val ][secs ][sudo ]exim[_suffix] ARGS` + data block
  kClient,      ///< `client ARGS` + data block (the client script)
  kKillDaemon,  ///< `killdaemon`
  kSleep,       ///< `sleep N` (seconds)
  kMilliSleep,  ///< `millisleep N` (milliseconds)
  kEcho,        ///< `echo TEXT` (terminal only)
  kComment,     ///< `### TEXT`: copied into the outputs (modern runtest)
};

/// The stable lower-case name of \a kind: "exim", "client", "killdaemon",
/// "sleep", "millisleep", "echo", "###".
const char* CommandKindName(CommandKind kind);

/// The pieces of an exim command line, split by runtest's 2006 regex
/// `^([A-Z_]+=\S+\s+)?(\d+)?\s*(sudo\s+)?exim(_\S+)?\s+(.*)$`.
/// Everything is unsubstituted script text.
struct EximInvocation {
  std::string env_assignment;  ///< "VAR=val", or "" when absent
  int wait_seconds = -1;       ///< seconds to wait before closing stdin; -1 = none
  bool sudo = false;           ///< "sudo " prefix present
  std::string suffix;          ///< "_exim" for `exim_exim`, else ""
  std::string args;            ///< the rest of the line, verbatim
};

/// One command of a script, with its optional data block.
struct Command {
  CommandKind kind = CommandKind::kEcho;
  /// "exim", "client", "killdaemon", "sleep", "millisleep", "echo", "###".
  std::string name;
  /// The full command line after '\' joining, unsubstituted, without the
  /// newline. For kComment it is the raw line ("### text").
  std::string line;
  /// Whitespace-split words after the command name (for kExim: the words of
  /// exim.args; for kComment/kEcho: the words of text).
  std::vector<std::string> args;
  /// kEcho: the text after "echo" and its separating whitespace.
  /// kComment: the text after "### ". Empty otherwise.
  std::string text;
  /// kSleep: seconds; kMilliSleep: milliseconds; 0 otherwise.
  int duration = 0;
  /// Filled for kExim only.
  EximInvocation exim;
  /// True for kExim and kClient (the 2006 language always reads a block for
  /// them, terminated by a `****` line).
  bool has_data = false;
  /// Data block lines, verbatim and unsubstituted, without the `****` line
  /// and without their newlines ('#' lines inside a block are data).
  std::vector<std::string> data;
  /// Expected exit status from a preceding "N" / "~N" line (default 0).
  int expected_rc = 0;
  /// True for "~N": any status except expected_rc is expected.
  bool expect_not = false;
  /// True if a return-code line preceded the command.
  bool has_rc_line = false;
  /// First line of the command (the command line itself, not the rc line).
  SourceLoc loc;
  /// Last line of the command, including continuation lines and the `****`
  /// line of its data block.
  int end_line = 0;
};

/// A whole parsed script.
struct Script {
  std::string file;   ///< the name given to ParseScript (used in messages)
  std::string title;  ///< line 1 from column 3 ("Dovecot authentication (server only)")
  std::vector<Command> commands;
  /// Whole-script flags (runtest applies them to the whole test, wherever
  /// they appear between commands).
  bool no_message_check = false;
  bool no_msglog_check = false;
  bool no_stderr_check = false;
  bool no_stdout_check = false;
  /// `need_ipv4` / `need_ipv6`: skip the test when unmet. Recorded as
  /// whole-script flags; the runner decides before running anything.
  bool need_ipv4 = false;
  bool need_ipv6 = false;
};

/// Parses a complete script. Throws HarnessError (loc = {file_name, line};
/// line 0 for "empty script") on the first error. Rules:
/// - Line 1 must start with '#' ("Missing identifying comment"); its text
///   from column 3 is the title. A script with only a title is valid.
/// - Between commands, blank lines and '#' lines are skipped, except that
///   a line starting "### " (or "###\t") is a kComment command. Leading
///   spaces/tabs are ignored on lines outside data blocks.
/// - Flag lines: no_message_check, no_msglog_check, no_stderr_check,
///   no_stdout_check, need_ipv4, need_ipv6 (alone on their line).
/// - A line matching `^(~)?(\d+)\s*$` (0..255) sets the expected status of
///   the command on the very next line.
/// - A command line ending in '\' is joined with the next line, which is
///   trimmed at both ends (repeatedly).
/// - exim and client read a data block up to a line matching `^\*{4}\s*$`.
/// - A carriage return anywhere in a command line is an error (CRLF scripts
///   are rejected with a clear message instead of running "exim\r").
/// Error messages never contain raw control bytes (see EscapeForDisplay).
Script ParseScript(std::string_view text, const std::string& file_name);

/// Reads \a path and parses it with file name \a path. An unreadable file
/// gives HarnessError "PATH: cannot read script: <strerror>".
Script ParseScriptFile(const std::string& path);

/// Reads a whole file. Throws HarnessError "PATH: cannot read WHAT: <strerror>"
/// (e.g. WHAT = "script", "REQUIRES file"). The only I/O in the parsing layer.
std::string ReadFileOrThrow(const std::string& path, const std::string& what);

/// Makes arbitrary bytes safe to print in a one-line message: printable ASCII
/// (0x20..0x7e) is copied, every other byte (control bytes, NUL, DEL, bytes
/// >= 0x80) becomes "\xHH" (lower-case hex), e.g. "exim\r" -> "exim\x0d".
/// If \a max_bytes is exceeded, only the first max_bytes input bytes are
/// rendered and "..." is appended.
std::string EscapeForDisplay(std::string_view text,
                             std::size_t max_bytes = std::string_view::npos);

}  // namespace harness

#endif  // HARNESS_SCRIPT_H_
