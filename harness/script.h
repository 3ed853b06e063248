// script.h - the test-script model (Exim runtest language, 2006 flavour) and
// its parser. Parsing is pure: a whole script becomes a Script value before
// anything runs, and every error is a HarnessError carrying file:line.
#ifndef HARNESS_SCRIPT_H_
#define HARNESS_SCRIPT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// What a script command does: the language of Exim's runtest 4.99.1
/// (docs/script-language.md).
enum class CommandKind {
  kExim,        ///< `[VAR=val ...][secs ][sudo [-u U] ]exim[_suffix] ARGS` + data block
  kClient,      ///< `client ARGS` + data block (the client script)
  kKillDaemon,  ///< `killdaemon`
  kSleep,       ///< `sleep N` (seconds)
  kMilliSleep,  ///< `millisleep N` (milliseconds)
  kEcho,        ///< `echo TEXT` (terminal only)
  kComment,     ///< `### TEXT`: copied into the outputs (modern runtest)
  kServer,      ///< `server ARGS` + data block (the server's script)
  kBackground,  ///< `background`, then one command line (text), then lines up to `****` (ignored)
  kPerl,        ///< `[sudo ]perl [ARGS]` + data block (perl's stdin); text = the line
  kShell,       ///< `ln|ls|du|mkdir|mkfifo|touch|cp|cat ...`, `sudo mkdir|rmdir|rm|mv|cp|chown|chmod ...`
  kCat2,        ///< `cat2 ARGS`: cat with stdout to test-stderr
  kWrite,       ///< `write FILE [NxM[=lead] ...]` / `catwrite ...` + data block
  kDump,        ///< `dump DBNAME`: exim_dumpdb of the spool
  kUtility,     ///< dbmbuild, exinext, exigrep, exiqgrep, eximstats, exim_id_update
  kEximLock,    ///< `exim_lock ARGS`: started, waited for after the next exim
  kMunge,       ///< `munge NAME`: selects a named output munge
  /// `client-ssl|client-gnutls|client-anytls ARGS` + data block (name: the
  /// word): the TLS client program of that name, the block on its stdin.
  kTlsClient,
  kGnutls,      ///< `gnutls`: aux-fixed/gnutls-params copied into the spool
};

/// The stable lower-case name of \a kind: "exim", "client", "killdaemon",
/// "sleep", "millisleep", "echo", "###", "server", "background", "perl",
/// "shell", "cat2", "write", "dump", "utility", "exim_lock", "munge",
/// "tls-client", "gnutls".
const char* CommandKindName(CommandKind kind);

/// The pieces of an exim command line, split by runtest 4.99.1's regex
/// `^((?i:[A-Z\d_]+=\S+\s+)+)?(\d+)?\s*(sudo(?:\s+-u\s+(\w+))?\s+)?exim(_\S+)?\s+(.*)$`.
/// Everything is unsubstituted script text.
struct EximInvocation {
  std::string env_assignment;  ///< the first "VAR=val", or "" when absent
  /// Every "VAR=val" of the prefix, in order (name, value).
  std::vector<std::pair<std::string, std::string>> env;
  int wait_seconds = -1;       ///< seconds to wait before closing stdin; -1 = none
  bool sudo = false;           ///< "sudo " prefix present
  std::string sudo_user;       ///< "sudo -u USER": USER
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
  /// kComment: the text after "### ". kBackground: the command line after
  /// `background` (unsubstituted). kMunge: the munge's name. kShell, kPerl,
  /// kCat2, kUtility: the line after "sudo " if any (kCat2: "cat ARGS").
  /// Empty otherwise.
  std::string text;
  /// kSleep: seconds; kMilliSleep: milliseconds; 0 otherwise.
  int duration = 0;
  /// Filled for kExim only.
  EximInvocation exim;
  /// True for the commands that read a block terminated by a `****` line
  /// (exim, client, server, perl, background, write, catwrite).
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
  /// `N VAR=value` on the return-code line: set in this command's
  /// environment only (runtest 4.99.1).
  std::vector<std::pair<std::string, std::string>> rc_env;
  /// kShell, kPerl, kExim: the line began with "sudo".
  bool sudo = false;
  /// kWrite: `catwrite` (the data is copied to test-stdout as well).
  bool cat = false;
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
  /// `need_largefiles` (Exim's off_t wider than 4 bytes) and
  /// `need_move_frozen_messages` (-bV "Support for:" lists it).
  bool need_largefiles = false;
  bool need_move_frozen_messages = false;
  /// `need_dovecot` (this harness): a `dovecot` binary in $PATH, for a test
  /// that starts a real Dovecot itself with `background`.
  bool need_dovecot = false;
  /// `no_munge`, `rmfiltertest`, `sortlog`: whole-test flags for the
  /// normalisation of the outputs.
  bool no_munge = false;
  bool rmfiltertest = false;
  bool sortlog = false;
  /// The last `munge NAME` of the script ("" if none): runtest applies only
  /// the last one executed.
  std::string munge;
  /// Some line of the script (any line, comments too, as runtest scans the
  /// file) has the word PORT_DYNAMIC: the run opens a listening socket whose
  /// port it stands for (plan.h, TestPlan::port_dynamic).
  bool port_dynamic = false;
};

/// One size argument of `write FILE NxM[=LEADIN]`: COUNT lines of LENGTH
/// bytes each (newline included), each starting with LEADIN ('_' = space)
/// and filled with 'a'.
struct WriteSize {
  int count = 0;
  int length = 0;
  std::string leadin;  ///< with '_' already turned into ' '
};

/// Parses "NxM" or "NxM=LEADIN"; false if \a arg is neither.
bool ParseWriteSize(std::string_view arg, WriteSize* out);

/// Parses a complete script. Throws HarnessError (loc = {file_name, line};
/// line 0 for "empty script") on the first error. Rules:
/// - Line 1 must start with '#' ("Missing identifying comment"); its text
///   from column 3 is the title. A script with only a title is valid.
/// - Between commands, blank lines and '#' lines are skipped, except that
///   a line starting "### " (or "###\t") is a kComment command. Leading
///   spaces/tabs are ignored on lines outside data blocks.
/// - Flag lines: no_message_check, no_msglog_check, no_stderr_check,
///   no_stdout_check, no_munge, rmfiltertest, sortlog, need_ipv4, need_ipv6,
///   need_largefiles, need_move_frozen_messages, need_dovecot (alone on their line).
/// - A line matching `^(~)?(\d+)\s*(?:([A-Z]+)=(\S+))?$` (0..255) sets the
///   expected status (and an environment variable) of the command on the
///   very next line.
/// - A command line ending in '\' is joined with the next line, which is
///   trimmed at both ends (repeatedly).
/// - exim, client, client-ssl, client-gnutls, client-anytls, server, perl,
///   write, catwrite read a data block up to a
///   line matching `^\*{4}\s*$`; background reads one command line, then
///   ignores lines up to one.
/// - Any other `client-WORD` is an error; `gnutls` takes no arguments.
/// - A carriage return anywhere in a command line is an error (CRLF scripts
///   are rejected with a clear message instead of running "exim\r").
/// Error messages never contain raw control bytes (see EscapeForDisplay).
Script ParseScript(std::string_view text, const std::string& file_name);

/// How strictly to parse.
struct ParseOptions {
  /// Upstream runtest ends a data block at the end of the script as well as
  /// at `****` (many of Exim's own scripts end so). This harness's own
  /// scripts must close every block (a missing `****` is an error); scripts
  /// of an upstream test tree are parsed with this set.
  bool eof_ends_data_block = false;
};

/// ParseScript with \a options.
Script ParseScript(std::string_view text, const std::string& file_name, const ParseOptions& options);

/// Reads \a path and parses it with file name \a path. An unreadable file
/// gives HarnessError "PATH: cannot read script: <strerror>".
Script ParseScriptFile(const std::string& path, const ParseOptions& options = ParseOptions());

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
