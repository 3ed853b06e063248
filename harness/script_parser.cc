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

// `^(~)?(\d+)\s*$` on an indent-trimmed line. Returns false if no match.
// A match whose number does not fit is reported through *too_big.
bool MatchRcLine(std::string_view s, bool* expect_not, int* rc, bool* too_big) {
  size_t i = 0;
  *expect_not = false;
  *too_big = false;
  if (i < s.size() && s[i] == '~') {
    *expect_not = true;
    ++i;
  }
  size_t b = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == b || !IsAllSpace(s.substr(i))) return false;
  if (!ParseNonNegativeInt(s.substr(b, i - b), rc) || *rc > 255) *too_big = true;
  return true;
}

const char* const kFlags[] = {"no_message_check", "no_msglog_check",
                              "no_stderr_check",  "no_stdout_check",
                              "need_ipv4",        "need_ipv6"};

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
  else if (w == "need_ipv4") script->need_ipv4 = true;
  else if (w == "need_ipv6") script->need_ipv6 = true;
}

// runtest commands (2006 and modern) that this harness deliberately does not
// implement. "exim_lock" must be here: the exim regex would take it as
// exim + suffix "_lock".
const char* const kUnsupported[] = {
    "server",     "write",        "catwrite",       "dbmbuild",
    "dump",       "exim_lock",    "exinext",        "gnutls",
    "perl",       "background",   "munge",          "no_munge",
    "sortlog",    "rmfiltertest", "need_largefiles", "need_move_frozen_messages",
    "exigrep",    "exiqgrep",     "eximstats",      "exim_id_update",
    "cat2",       "ln",           "ls",             "du",
    "mkdir",      "mkfifo",       "touch",          "cp",
    "cat",        "rm",           "rmdir",          "chown",
    "chmod",      "mv",           "ipv6-non-linklocal"};

bool IsUnsupportedWord(std::string_view w) {
  for (const char* u : kUnsupported)
    if (w == u) return true;
  return false;
}

enum class EximMatch { kMatch, kNoArgs, kNoMatch };

// runtest 2006: ^([A-Z_]+=\S+\s+)?(\d+)?\s*(sudo\s+)?exim(_\S+)?\s+(.*)$
// The regex never needs real backtracking: each optional group either
// matches deterministically or its absence is the only other choice, and
// absence can only help for the env group (tried again from position 0).
EximMatch MatchExim(std::string_view s, EximInvocation* out, bool* wait_too_big) {
  *wait_too_big = false;
  auto match_from = [&](size_t i, bool with_env) -> EximMatch {
    EximInvocation inv;
    if (with_env) {
      size_t b = i;
      while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_')) ++i;
      if (i == b || i >= s.size() || s[i] != '=') return EximMatch::kNoMatch;
      ++i;
      size_t v = i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      if (i == v) return EximMatch::kNoMatch;
      inv.env_assignment = std::string(s.substr(b, i - b));
      size_t w = i;
      while (i < s.size() && IsSpace(s[i])) ++i;
      if (i == w) return EximMatch::kNoMatch;
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
  Parser(std::string_view text, const std::string& file)
      : text_(text), file_(file), lines_(SplitLines(text)) {}

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
  std::vector<std::string_view> lines_;
  size_t next_ = 0;  // index of the next unread line
};

Script Parser::Parse() {
  Script script;
  script.file = file_;
  if (text_.empty()) Fail(0, "empty script");
  std::string_view first = lines_[0];
  if (first.empty() || first[0] != '#')
    Fail(1, "Missing identifying comment (line 1 must start with '#')");
  script.title = std::string(TrimRight(first.size() > 2 ? first.substr(2) : ""));
  next_ = 1;

  bool have_rc = false;
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
      } else if (MatchRcLine(s, &rc_not_here, &rc_here, &rc_too_big)) {
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
    if (have_rc) {
      cmd.has_rc_line = true;
      cmd.expected_rc = rc;
      cmd.expect_not = rc_not;
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
  if (word == "client") {
    cmd.kind = CommandKind::kClient;
    cmd.name = "client";
    cmd.args = SplitWords(AfterFirstWord(line));
    if (cmd.args.empty()) Fail(lineno, "'client' needs arguments (client [-tN] IP PORT)");
    ReadDataBlock(&cmd);
    return cmd;
  }
  if (StartsWith(word, "client-")) {
    Fail(lineno, "command " + Quote(word) +
                     " is not supported (this harness has no TLS client)");
  }
  if (IsUnsupportedWord(word))
    Fail(lineno, "command " + Quote(word) + " is not supported by this harness");

  bool wait_too_big = false;
  switch (MatchExim(line, &cmd.exim, &wait_too_big)) {
    case EximMatch::kMatch:
      if (wait_too_big) Fail(lineno, "exim wait time is too large");
      cmd.kind = CommandKind::kExim;
      cmd.name = "exim";
      cmd.args = SplitWords(cmd.exim.args);
      ReadDataBlock(&cmd);
      return cmd;
    case EximMatch::kNoArgs:
      Fail(lineno, "exim command without arguments: " + Quote(line));
    case EximMatch::kNoMatch:
      break;
  }
  if (word == "sudo") {
    Fail(lineno, "command " + Quote("sudo " + std::string(FirstWord(AfterFirstWord(line)))) +
                     " is not supported by this harness");
  }
  Fail(lineno, "unknown command " + Quote(word));
}

void Parser::ReadDataBlock(Command* cmd) {
  cmd->has_data = true;
  size_t j = next_;
  while (j < lines_.size() && !IsDataTerminator(lines_[j])) {
    cmd->data.emplace_back(lines_[j]);
    ++j;
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

const char* CommandKindName(CommandKind kind) {
  switch (kind) {
    case CommandKind::kExim: return "exim";
    case CommandKind::kClient: return "client";
    case CommandKind::kKillDaemon: return "killdaemon";
    case CommandKind::kSleep: return "sleep";
    case CommandKind::kMilliSleep: return "millisleep";
    case CommandKind::kEcho: return "echo";
    case CommandKind::kComment: return "###";
  }
  return "?";
}

Script ParseScript(std::string_view text, const std::string& file_name) {
  return Parser(text, file_name).Parse();
}

std::string ReadFileOrThrow(const std::string& path, const std::string& what) {
  int err = 0;
  std::optional<std::string> content = ReadWholeFile(path, &err);
  if (!content) throw HarnessError(SourceLoc{path, 0}, "cannot read " + what + ": " + std::strerror(err));
  return *content;
}

Script ParseScriptFile(const std::string& path) {
  return ParseScript(ReadFileOrThrow(path, "script"), path);
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
