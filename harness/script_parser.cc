// script_parser.cc - text -> Script. No regex engine: every rule of runtest's
// regexes is matched by hand, so that hostile input (1 MB lines, NUL bytes)
// costs linear time and no stack.

#include "harness/file_io.h"
#include "harness/script.h"
#include "harness/text.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <initializer_list>

namespace harness {

namespace {

using text::IsDigit;
using text::IsSpace;
using text::SplitLines;
using text::StartsWith;
using text::Trim;
using text::TrimRight;

// Leading whitespace that may be dropped before a command (not \r: a CR is
// kept so that it can be reported).
bool IsIndent(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

bool IsAllSpace(std::string_view s) {
  for (char c : s)
    if (!IsSpace(c)) return false;
  return true;
}

std::string_view TrimIndent(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsIndent(s[i])) ++i;
  return s.substr(i);
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> words;
  for (std::string_view w : text::SplitWords(s)) words.emplace_back(w);
  return words;
}

std::string_view FirstWord(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && IsSpace(s[b])) ++b;
  size_t e = b;
  while (e < s.size() && !IsSpace(s[e])) ++e;
  return s.substr(b, e - b);
}

// Text after the first word and the whitespace that follows it.
std::string_view AfterFirstWord(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  while (i < s.size() && !IsSpace(s[i])) ++i;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return s.substr(i);
}

// A non-empty run of digits that fits in an int.
bool ParseNonNegativeInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  long long v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
    if (v > INT_MAX) return false;
  }
  *out = static_cast<int>(v);
  return true;
}

// For messages: quoted, escaped, at most 80 input bytes.
std::string Quote(std::string_view s) {
  return "'" + EscapeForDisplay(s, 80) + "'";
}

// `^\*{4}\s*$`
bool IsDataTerminator(std::string_view line) {
  return StartsWith(line, "****") && IsAllSpace(line.substr(4));
}

// "### text" / "###\ttext" (not "###" alone, not "####").
bool IsOutputComment(std::string_view s) {
  return s.size() >= 4 && StartsWith(s, "###") && (s[3] == ' ' || s[3] == '\t');
}

// `^(~)?(\d+)\s*(?:([A-Z]+)=(\S+))?$` on an indent-trimmed line (runtest
// 4.99.1; trailing blanks allowed). Returns false if no match. A match whose
// number does not fit is reported through *too_big; an assignment goes to
// *env (name, value).
bool MatchRcLine(std::string_view s, bool* expect_not, int* rc, bool* too_big,
                 std::vector<std::pair<std::string, std::string>>* env = nullptr) {
  size_t i = 0;
  *expect_not = false;
  *too_big = false;
  if (i < s.size() && s[i] == '~') {
    *expect_not = true;
    ++i;
  }
  size_t b = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == b) return false;
  size_t digits_end = i;
  if (!IsAllSpace(s.substr(i))) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t n = i;
    while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
    if (i == n || i >= s.size() || s[i] != '=') return false;
    size_t v = i + 1;
    size_t e = v;
    while (e < s.size() && !IsSpace(s[e])) ++e;
    if (e == v || !IsAllSpace(s.substr(e))) return false;
    if (env) env->emplace_back(std::string(s.substr(n, i - n)), std::string(s.substr(v, e - v)));
  }
  if (!ParseNonNegativeInt(s.substr(b, digits_end - b), rc) || *rc > 255) *too_big = true;
  return true;
}

const char* const kFlags[] = {"no_message_check", "no_msglog_check",  "no_stderr_check",
                              "no_stdout_check",  "no_munge",         "rmfiltertest",
                              "sortlog",          "need_ipv4",        "need_ipv6",
                              "need_largefiles",  "need_move_frozen_messages", "need_dovecot"};

bool IsFlagWord(std::string_view w) {
  for (const char* f : kFlags)
    if (w == f) return true;
  return false;
}

void SetFlag(Script* script, std::string_view w) {
  if (w == "no_message_check") script->no_message_check = true;
  else if (w == "no_msglog_check") script->no_msglog_check = true;
  else if (w == "no_stderr_check") script->no_stderr_check = true;
  else if (w == "no_stdout_check") script->no_stdout_check = true;
  else if (w == "no_munge") script->no_munge = true;
  else if (w == "rmfiltertest") script->rmfiltertest = true;
  else if (w == "sortlog") script->sortlog = true;
  else if (w == "need_ipv4") script->need_ipv4 = true;
  else if (w == "need_ipv6") script->need_ipv6 = true;
  else if (w == "need_largefiles") script->need_largefiles = true;
  else if (w == "need_move_frozen_messages") script->need_move_frozen_messages = true;
  else if (w == "need_dovecot") script->need_dovecot = true;
}

bool OneOf(std::string_view w, std::initializer_list<const char*> words) {
  for (const char* x : words)
    if (w == x) return true;
  return false;
}

bool IsEnvNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_';
}

enum class EximMatch { kMatch, kNoArgs, kNoMatch };

// runtest 4.99.1:
// ^((?i:[A-Z\d_]+=\S+\s+)+)?(\d+)?\s*(sudo(?:\s+-u\s+(\w+))?\s+)?exim(_\S+)?\s+(.*)$
// The regex never needs real backtracking: each optional group either
// matches deterministically or its absence is the only other choice, and
// absence can only help for the env group (tried again from position 0).
EximMatch MatchExim(std::string_view s, EximInvocation* out, bool* wait_too_big) {
  *wait_too_big = false;
  auto match_from = [&](size_t i, bool with_env) -> EximMatch {
    EximInvocation inv;
    if (with_env) {
      bool any = false;
      for (;;) {
        size_t b = i;
        while (i < s.size() && IsEnvNameChar(s[i])) ++i;
        if (i == b || i >= s.size() || s[i] != '=') {
          i = b;
          break;
        }
        size_t eq = i;
        ++i;
        size_t v = i;
        while (i < s.size() && !IsSpace(s[i])) ++i;
        size_t w = i;
        while (i < s.size() && IsSpace(s[i])) ++i;
        if (i == v || i == w) {
          i = b;
          break;
        }
        if (!any) inv.env_assignment = std::string(s.substr(b, w - b));
        inv.env.emplace_back(std::string(s.substr(b, eq - b)), std::string(s.substr(eq + 1, w - eq - 1)));
        any = true;
      }
      if (!any) return EximMatch::kNoMatch;
    }
    size_t d = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i > d) {
      if (!ParseNonNegativeInt(s.substr(d, i - d), &inv.wait_seconds)) {
        *wait_too_big = true;
        inv.wait_seconds = INT_MAX;
      }
    }
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (StartsWith(s.substr(i), "sudo")) {
      size_t j = i + 4;
      size_t w = j;
      while (j < s.size() && IsSpace(s[j])) ++j;
      if (j > w) {
        inv.sudo = true;
        i = j;
        // "-u USER " (\w+ then blanks), else the sudo ends before "-u".
        if (StartsWith(s.substr(i), "-u")) {
          size_t k = i + 2, k0 = k;
          while (k < s.size() && IsSpace(s[k])) ++k;
          size_t u = k;
          while (k < s.size() && IsEnvNameChar(s[k])) ++k;
          size_t ue = k;
          while (k < s.size() && IsSpace(s[k])) ++k;
          if (k > k0 && ue > u && u > k0 && k > ue) {
            inv.sudo_user = std::string(s.substr(u, ue - u));
            i = k;
          }
        }
      }
    }
    if (!StartsWith(s.substr(i), "exim")) return EximMatch::kNoMatch;
    i += 4;
    if (i < s.size() && s[i] == '_') {
      size_t b = i;
      ++i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      if (i == b + 1) return EximMatch::kNoMatch;  // "exim_" then space/end
      inv.suffix = std::string(s.substr(b, i - b));
    }
    if (i == s.size()) return EximMatch::kNoArgs;
    if (!IsSpace(s[i])) return EximMatch::kNoMatch;  // "eximfoo"
    while (i < s.size() && IsSpace(s[i])) ++i;
    inv.args = std::string(s.substr(i));
    *out = std::move(inv);
    return EximMatch::kMatch;
  };
  EximMatch with_env = match_from(0, true);
  if (with_env != EximMatch::kNoMatch) return with_env;
  *wait_too_big = false;
  return match_from(0, false);
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, const ParseOptions& options)
      : text_(text), file_(file), options_(options), lines_(SplitLines(text)) {}

  Script Parse();

 private:
  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw HarnessError(SourceLoc{file_, line}, message);
  }
  int LineNo(size_t index) const { return static_cast<int>(index) + 1; }

  Command ParseCommand();
  void ReadDataBlock(Command* cmd);

  std::string_view text_;
  const std::string& file_;
  ParseOptions options_;
  std::vector<std::string_view> lines_;
  size_t next_ = 0;  // index of the next unread line
};

// Whether \a line has \a word as a whole word (Perl's \bWORD\b).
bool HasWholeWord(std::string_view line, std::string_view word) {
  for (std::size_t at = line.find(word); at != std::string_view::npos; at = line.find(word, at + 1)) {
    bool starts = at == 0 || !text::IsWordChar(line[at - 1]);
    bool ends = at + word.size() == line.size() || !text::IsWordChar(line[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

Script Parser::Parse() {
  Script script;
  script.file = file_;
  if (text_.empty()) Fail(0, "empty script");
  // runtest allocates the PORT_DYNAMIC socket when any line says the word.
  for (std::string_view line : lines_) script.port_dynamic = script.port_dynamic || HasWholeWord(line, "PORT_DYNAMIC");
  std::string_view first = lines_[0];
  if (first.empty() || first[0] != '#')
    Fail(1, "Missing identifying comment (line 1 must start with '#')");
  script.title = std::string(TrimRight(first.size() > 2 ? first.substr(2) : ""));
  next_ = 1;

  bool have_rc = false;
  std::vector<std::pair<std::string, std::string>> rc_env;
  bool rc_not = false;
  int rc = 0;
  int rc_line = 0;
  while (next_ < lines_.size()) {
    int lineno = LineNo(next_);
    std::string_view s = TrimIndent(lines_[next_]);
    bool rc_not_here = false, rc_too_big = false;
    int rc_here = 0;
    std::string_view word = FirstWord(s);

    // What kind of non-command line is this, if any?
    const char* non_command = nullptr;
    if (IsAllSpace(s)) non_command = "a blank line";
    else if (!IsOutputComment(s) && s[0] == '#') non_command = "a comment line";
    else if (MatchRcLine(s, &rc_not_here, &rc_here, &rc_too_big))
      non_command = "another return-code line";
    else if (IsFlagWord(word)) non_command = "a flag line";

    if (non_command != nullptr) {
      if (have_rc) {
        Fail(lineno, std::string("expected a command after the return-code line at line ") +
                         std::to_string(rc_line) + ", got " + non_command);
      }
      if (IsFlagWord(word)) {
        if (!IsAllSpace(AfterFirstWord(s)))
          Fail(lineno, "flag " + Quote(word) + " takes no arguments");
        SetFlag(&script, word);
      } else if (rc_env.clear(), MatchRcLine(s, &rc_not_here, &rc_here, &rc_too_big, &rc_env)) {
        if (rc_too_big)
          Fail(lineno, "return code " + Quote(Trim(s)) + " out of range (0-255)");
        have_rc = true;
        rc_not = rc_not_here;
        rc = rc_here;
        rc_line = lineno;
      }
      ++next_;
      continue;
    }

    Command cmd = ParseCommand();
    if (cmd.kind == CommandKind::kMunge) script.munge = cmd.text;
    if (have_rc) {
      cmd.has_rc_line = true;
      cmd.expected_rc = rc;
      cmd.expect_not = rc_not;
      cmd.rc_env = std::move(rc_env);
      rc_env.clear();
      have_rc = false;
    }
    script.commands.push_back(std::move(cmd));
  }
  if (have_rc) Fail(rc_line, "unexpected end of script after return-code line");
  return script;
}

Command Parser::ParseCommand() {
  Command cmd;
  int lineno = LineNo(next_);
  cmd.loc = SourceLoc{file_, lineno};
  std::string_view first = TrimIndent(lines_[next_]);

  if (IsOutputComment(first)) {
    cmd.kind = CommandKind::kComment;
    cmd.name = "###";
    cmd.line = std::string(lines_[next_]);
    cmd.text = std::string(first.substr(4));
    cmd.args = SplitWords(cmd.text);
    cmd.end_line = lineno;
    ++next_;
    return cmd;
  }

  // '\' continuation: drop the backslash, append the next line trimmed.
  std::string line(first);
  size_t last = next_;
  while (!line.empty() && line.back() == '\\') {
    line.pop_back();
    if (last + 1 >= lines_.size())
      Fail(LineNo(last), "line continuation '\\' at end of script");
    ++last;
    line.append(Trim(lines_[last]));
  }
  next_ = last + 1;
  cmd.line = line;
  cmd.end_line = LineNo(last);

  if (line.find('\r') != std::string::npos) {
    Fail(lineno,
         "carriage return in command line (CRLF line endings are not supported): " +
             Quote(line));
  }

  std::string_view word = FirstWord(line);
  if (word == "killdaemon") {
    cmd.kind = CommandKind::kKillDaemon;
    cmd.name = "killdaemon";
    cmd.args = SplitWords(AfterFirstWord(line));
    if (!cmd.args.empty()) Fail(lineno, "'killdaemon' takes no arguments");
    return cmd;
  }
  if (word == "sleep" || word == "millisleep") {
    cmd.kind = word == "sleep" ? CommandKind::kSleep : CommandKind::kMilliSleep;
    cmd.name = std::string(word);
    cmd.args = SplitWords(AfterFirstWord(line));
    if (cmd.args.size() != 1 || !ParseNonNegativeInt(cmd.args[0], &cmd.duration)) {
      Fail(lineno, "'" + cmd.name + "' needs one non-negative integer argument, got " +
                       (cmd.args.empty() ? std::string("nothing")
                                         : Quote(AfterFirstWord(line))));
    }
    return cmd;
  }
  if (word == "echo") {
    cmd.kind = CommandKind::kEcho;
    cmd.name = "echo";
    cmd.text = std::string(AfterFirstWord(line));
    cmd.args = SplitWords(cmd.text);
    return cmd;
  }
  std::string_view rest = AfterFirstWord(line);
  auto simple = [&](CommandKind kind, std::string_view name) {
    cmd.kind = kind;
    cmd.name = std::string(name);
    cmd.args = SplitWords(rest);
  };
  auto need_args = [&](size_t min, const std::string& usage) {
    if (cmd.args.size() < min) Fail(lineno, "'" + cmd.name + "' needs arguments (" + usage + ")");
  };
  if (word == "client") {
    simple(CommandKind::kClient, "client");
    if (cmd.args.empty()) Fail(lineno, "'client' needs arguments (client [-tN] IP PORT)");
    ReadDataBlock(&cmd);
    return cmd;
  }
  if (word == "client-ssl" || word == "client-gnutls" || word == "client-anytls") {
    // runtest 4.99.1: "./bin/client-... ARGS >>test-stdout 2>>test-stderr",
    // the data block on stdin. The program checks its own arguments.
    simple(CommandKind::kTlsClient, word);
    ReadDataBlock(&cmd);
    return cmd;
  }
  if (StartsWith(word, "client-"))
    Fail(lineno, "unknown client command " + Quote(word) + " (client, client-ssl, client-gnutls, client-anytls)");
  if (word == "gnutls") {
    simple(CommandKind::kGnutls, "gnutls");
    if (!cmd.args.empty()) Fail(lineno, "'gnutls' takes no arguments");
    return cmd;
  }
  if (OneOf(word, {"dbmbuild", "exinext", "exigrep", "eximstats", "exiqgrep", "exim_id_update"})) {
    simple(CommandKind::kUtility, word);
    cmd.text = std::string(rest);
    if (word == "dbmbuild") need_args(2, "dbmbuild SOURCE DEST");
    else if (word != "exiqgrep" && word != "exim_id_update") need_args(1, cmd.name + " ARGS");
    return cmd;
  }
  if (word == "dump") {
    simple(CommandKind::kDump, "dump");
    need_args(1, "dump DBNAME");
    return cmd;
  }
  if (word == "exim_lock") {
    simple(CommandKind::kEximLock, "exim_lock");
    cmd.text = std::string(rest);
    need_args(1, "exim_lock [OPTIONS] FILE");
    return cmd;
  }
  if (word == "munge") {
    simple(CommandKind::kMunge, "munge");
    if (cmd.args.size() != 1) Fail(lineno, "'munge' needs one name (munge NAME)");
    cmd.text = cmd.args[0];
    return cmd;
  }
  if (word == "server") {
    simple(CommandKind::kServer, "server");
    need_args(1, "server [OPTIONS] PORT|SOCKET");
    ReadDataBlock(&cmd);
    return cmd;
  }
  if (word == "write" || word == "catwrite") {
    simple(CommandKind::kWrite, word);
    cmd.cat = word == "catwrite";
    need_args(1, cmd.name + " FILE [NxM[=LEADIN] ...]");
    for (size_t k = 1; k < cmd.args.size(); ++k) {
      WriteSize size;
      if (!ParseWriteSize(cmd.args[k], &size))
        Fail(lineno, "'" + cmd.name + "' size " + Quote(cmd.args[k]) + " is not COUNTxLENGTH[=LEADIN]");
    }
    ReadDataBlock(&cmd);
    return cmd;
  }
  if (word == "background") {
    cmd.kind = CommandKind::kBackground;
    cmd.name = "background";
    if (!IsAllSpace(rest)) Fail(lineno, "'background' takes no arguments (its command is on the next line)");
    if (next_ >= lines_.size()) Fail(lineno, "'background' at end of script: its command line is missing");
    std::string_view bg = lines_[next_];
    if (bg.find('\r') != std::string_view::npos)
      Fail(LineNo(next_), "carriage return in command line (CRLF line endings are not supported): " + Quote(bg));
    if (IsAllSpace(bg)) Fail(LineNo(next_), "'background' needs a command on the next line");
    cmd.text = std::string(TrimRight(bg));
    cmd.args = SplitWords(cmd.text);
    ++next_;
    ReadDataBlock(&cmd);
    cmd.data.clear();  // runtest ignores these lines
    return cmd;
  }
  // "sudo" prefixes: runtest's perl, management commands and exim.
  std::string_view unsudo = line;
  bool sudo = false;
  if (word == "sudo") {
    unsudo = rest;
    sudo = true;
  }
  std::string_view w2 = FirstWord(unsudo);
  if (w2 == "perl") {
    cmd.kind = CommandKind::kPerl;
    cmd.name = "perl";
    cmd.sudo = sudo;
    cmd.text = std::string(unsudo);
    cmd.args = SplitWords(AfterFirstWord(unsudo));
    ReadDataBlock(&cmd);
    return cmd;
  }
  bool has_args = !IsAllSpace(AfterFirstWord(unsudo));
  if (has_args && ((!sudo && OneOf(w2, {"ln", "ls", "du", "mkdir", "mkfifo", "touch", "cp", "cat"})) ||
                   (sudo && OneOf(w2, {"mkdir", "rmdir", "rm", "mv", "cp", "chown", "chmod"})))) {
    cmd.kind = CommandKind::kShell;
    cmd.name = sudo ? "sudo " + std::string(w2) : std::string(w2);
    cmd.sudo = sudo;
    cmd.text = std::string(unsudo);
    cmd.args = SplitWords(AfterFirstWord(unsudo));
    return cmd;
  }
  if (word == "cat2" && !IsAllSpace(rest)) {
    simple(CommandKind::kCat2, "cat2");
    cmd.text = "cat " + std::string(rest);
    return cmd;
  }

  bool wait_too_big = false;
  switch (MatchExim(line, &cmd.exim, &wait_too_big)) {
    case EximMatch::kMatch:
      if (wait_too_big) Fail(lineno, "exim wait time is too large");
      cmd.kind = CommandKind::kExim;
      cmd.name = "exim";
      cmd.sudo = cmd.exim.sudo;
      cmd.args = SplitWords(cmd.exim.args);
      ReadDataBlock(&cmd);
      return cmd;
    case EximMatch::kNoArgs:
      Fail(lineno, "exim command without arguments: " + Quote(line));
    case EximMatch::kNoMatch:
      break;
  }
  if (sudo) {
    Fail(lineno, "command " + Quote("sudo " + std::string(w2)) +
                     " is not one runtest runs (sudo: mkdir, rmdir, rm, mv, cp, chown, chmod, perl, exim)");
  }
  if (OneOf(word, {"ln", "ls", "du", "mkdir", "mkfifo", "touch", "cp", "cat", "cat2"}))
    Fail(lineno, "'" + std::string(word) + "' needs arguments");
  if (OneOf(word, {"rm", "rmdir", "mv", "chown", "chmod"}))
    Fail(lineno, "unknown command " + Quote(word) + " (runtest runs it only as 'sudo " + std::string(word) + "')");
  Fail(lineno, "unknown command " + Quote(word));
}

void Parser::ReadDataBlock(Command* cmd) {
  cmd->has_data = true;
  size_t j = next_;
  while (j < lines_.size() && !IsDataTerminator(lines_[j])) {
    cmd->data.emplace_back(lines_[j]);
    ++j;
  }
  if (j >= lines_.size() && options_.eof_ends_data_block) {
    cmd->end_line = static_cast<int>(lines_.size());
    next_ = j;
    return;
  }
  if (j >= lines_.size()) {
    Fail(cmd->loc.line,
         "data block not terminated by '****' (started at line " +
             std::to_string(cmd->loc.line) + " by '" + cmd->name +
             "', script ends at line " + std::to_string(lines_.size()) + ")");
  }
  cmd->end_line = LineNo(j);
  next_ = j + 1;
}

}  // namespace

bool ParseWriteSize(std::string_view arg, WriteSize* out) {
  size_t x = arg.find('x');
  if (x == std::string_view::npos) return false;
  size_t eq = arg.find('=', x);
  WriteSize w;
  if (!ParseNonNegativeInt(arg.substr(0, x), &w.count)) return false;
  if (!ParseNonNegativeInt(arg.substr(x + 1, (eq == std::string_view::npos ? arg.size() : eq) - x - 1), &w.length))
    return false;
  if (eq != std::string_view::npos) {
    w.leadin = std::string(arg.substr(eq + 1));
    for (char& c : w.leadin)
      if (c == '_') c = ' ';
  }
  *out = std::move(w);
  return true;
}

const char* CommandKindName(CommandKind kind) {
  switch (kind) {
    case CommandKind::kExim: return "exim";
    case CommandKind::kClient: return "client";
    case CommandKind::kKillDaemon: return "killdaemon";
    case CommandKind::kSleep: return "sleep";
    case CommandKind::kMilliSleep: return "millisleep";
    case CommandKind::kEcho: return "echo";
    case CommandKind::kComment: return "###";
    case CommandKind::kServer: return "server";
    case CommandKind::kBackground: return "background";
    case CommandKind::kPerl: return "perl";
    case CommandKind::kShell: return "shell";
    case CommandKind::kCat2: return "cat2";
    case CommandKind::kWrite: return "write";
    case CommandKind::kDump: return "dump";
    case CommandKind::kUtility: return "utility";
    case CommandKind::kEximLock: return "exim_lock";
    case CommandKind::kMunge: return "munge";
    case CommandKind::kTlsClient: return "tls-client";
    case CommandKind::kGnutls: return "gnutls";
  }
  return "?";
}

Script ParseScript(std::string_view text, const std::string& file_name) {
  return Parser(text, file_name, ParseOptions()).Parse();
}

Script ParseScript(std::string_view text, const std::string& file_name, const ParseOptions& options) {
  return Parser(text, file_name, options).Parse();
}

std::string ReadFileOrThrow(const std::string& path, const std::string& what) {
  int err = 0;
  std::optional<std::string> content = ReadWholeFile(path, &err);
  if (!content) throw HarnessError(SourceLoc{path, 0}, "cannot read " + what + ": " + std::strerror(err));
  return *content;
}

Script ParseScriptFile(const std::string& path, const ParseOptions& options) {
  return ParseScript(ReadFileOrThrow(path, "script"), path, options);
}

std::string EscapeForDisplay(std::string_view text, std::size_t max_bytes) {
  static const char kHex[] = "0123456789abcdef";
  bool truncated = text.size() > max_bytes;
  if (truncated) text = text.substr(0, max_bytes);
  std::string out;
  out.reserve(text.size() + 3);
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  if (truncated) out += "...";
  return out;
}

}  // namespace harness
