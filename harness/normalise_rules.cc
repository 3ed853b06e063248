// normalise_rules.cc - the ordered rule table of the normaliser, with the
// hand-written matchers it uses.
//
// The rules follow Exim's runtest munge() (2006 anchor, with a few modern
// additions). Each row is: name, streams, guard, action, replacement. The guard
// is a cheap substring / prefix test; only lines that pass it reach the
// action. Matchers are hand-written instead of std::regex, which is far too
// slow for the 50 MB debug logs this has to chew through; the Perl pattern a
// matcher implements is quoted in the comment above it.
#include "harness/normalise_rules.h"

#include <cstdlib>
#include <string>
#include <string_view>

namespace harness {
namespace normalise {
namespace {

constexpr std::size_t npos = std::string::npos;

// ---------------------------------------------------------------------------
// Character classes and small scanners (Perl semantics, ASCII only).

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlnum(char c) { return IsDigit(c) || IsUpper(c) || IsLower(c); }
inline bool IsWord(char c) { return IsAlnum(c) || c == '_'; }
inline bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}
inline bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// The character at \a i, or '\0' past either end.
inline char At(std::string_view s, std::size_t i) { return i < s.size() ? s[i] : '\0'; }
inline bool WordAt(std::string_view s, std::size_t i) { return i < s.size() && IsWord(s[i]); }

// Perl's \b between s[i-1] and s[i].
inline bool PerlBoundary(std::string_view s, std::size_t i) {
  bool before = i > 0 && IsWord(s[i - 1]);
  return before != WordAt(s, i);
}

// Number of consecutive decimal digits starting at \a i.
inline std::size_t DigitsAt(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && IsDigit(s[i + n])) ++n;
  return n;
}

// True if s[i, i+n) are all alphanumeric ([^\W_]).
inline bool AlnumRun(std::string_view s, std::size_t i, std::size_t n) {
  if (i + n > s.size()) return false;
  for (std::size_t k = i; k < i + n; ++k)
    if (!IsAlnum(s[k])) return false;
  return true;
}

// True if s[i, i+n) are all digits.
inline bool DigitRun(std::string_view s, std::size_t i, std::size_t n) {
  if (i + n > s.size()) return false;
  for (std::size_t k = i; k < i + n; ++k)
    if (!IsDigit(s[k])) return false;
  return true;
}

inline bool StartsWithAt(std::string_view s, std::size_t i, std::string_view p) {
  return s.size() >= i + p.size() && s.compare(i, p.size(), p) == 0;
}

// Where a literal may stand for a replacement.
enum class Boundary {
  kNone,  // anywhere (Perl s/\Qlit\E/.../g)
  kWord,  // \b on both sides (Perl s/\b\Qlit\E\b/.../g)
  kHost,  // not glued to other host-name characters
};

bool BoundaryOk(std::string_view s, std::size_t pos, std::size_t len, Boundary b) {
  switch (b) {
    case Boundary::kNone:
      return true;
    case Boundary::kWord:
      return PerlBoundary(s, pos) && PerlBoundary(s, pos + len);
    case Boundary::kHost: {
      char prev = pos > 0 ? s[pos - 1] : '\0';
      if (IsAlnum(prev) || prev == '-' || prev == '.') return false;
      char next = At(s, pos + len);
      if (IsAlnum(next) || next == '-') return false;
      if (next == '.' && IsAlnum(At(s, pos + len + 1))) return false;
      return true;
    }
  }
  return true;
}

// s/\Qfrom\E/to/g with a boundary condition. Returns the number replaced.
int ReplaceLiteral(std::string& line, std::string_view from, std::string_view to,
                   Boundary boundary = Boundary::kNone) {
  if (from.empty()) return 0;
  int count = 0;
  std::size_t pos = 0;
  while ((pos = line.find(from.data(), pos, from.size())) != npos) {
    if (!BoundaryOk(line, pos, from.size(), boundary)) {
      ++pos;
      continue;
    }
    line.replace(pos, from.size(), to.data(), to.size());
    pos += to.size();
    ++count;
  }
  return count;
}

// What must precede a key for ReplaceNumberAfter.
enum class Before {
  kAnything,     // no condition
  kWordBoundary, // Perl \b before the key
  kSpace,        // \s
  kSpaceOrComma, // [\s,]
};

bool BeforeOk(std::string_view s, std::size_t pos, Before before) {
  switch (before) {
    case Before::kAnything: return true;
    case Before::kWordBoundary: return PerlBoundary(s, pos);
    case Before::kSpace: return pos > 0 && IsSpace(s[pos - 1]);
    case Before::kSpaceOrComma: return pos > 0 && (IsSpace(s[pos - 1]) || s[pos - 1] == ',');
  }
  return true;
}

// s/KEY\d+/KEYrepl/g, where the number is the maximal digit run after KEY.
// If \a only is non-empty the number must equal it and end at a word boundary
// (Perl s/\bKEY$value\b/.../). If \a word_end, the digits must end at \b.
int ReplaceNumberAfter(std::string& line, std::string_view key, std::string_view repl,
                       Before before, std::string_view only = {}, bool word_end = false) {
  int count = 0;
  std::size_t pos = 0;
  while ((pos = line.find(key.data(), pos, key.size())) != npos) {
    std::size_t d = pos + key.size();
    std::size_t n = DigitsAt(line, d);
    bool ok = n > 0 && BeforeOk(line, pos, before);
    if (ok && !only.empty())
      ok = std::string_view(line).substr(d, n) == only && !WordAt(line, d + n);
    if (ok && word_end) ok = !WordAt(line, d + n);
    if (!ok) {
      ++pos;
      continue;
    }
    line.replace(d, n, repl.data(), repl.size());
    pos = d + repl.size();
    ++count;
  }
  return count;
}

// Matches an Exim version at \a i: \d+\.\d+[\w.-]*( #\d+)? ; returns its end
// or npos.
std::size_t MatchVersion(std::string_view s, std::size_t i) {
  std::size_t n = DigitsAt(s, i);
  if (n == 0 || At(s, i + n) != '.') return npos;
  std::size_t j = i + n + 1;
  std::size_t m = DigitsAt(s, j);
  if (m == 0) return npos;
  j += m;
  while (j < s.size() && (IsWord(s[j]) || s[j] == '.' || s[j] == '-')) ++j;
  if (At(s, j) == ' ' && At(s, j + 1) == '#') {  // Debian's "4.96 #2" build number
    std::size_t b = DigitsAt(s, j + 2);
    if (b > 0) j += 2 + b;
  }
  return j;
}

// Parses a short digit string as a port number; -1 if too long.
int ParsePort(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return -1;
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// The golden port for an actual one, or -1.
int GoldenPort(const NormaliseContext& ctx, std::string_view digits) {
  int v = ParsePort(digits);
  if (v < 0) return -1;
  for (const auto& p : ctx.ports)
    if (p.first == v) return p.second;
  return -1;
}

bool IsGoldenPort(const NormaliseContext& ctx, std::string_view digits) {
  int v = ParsePort(digits);
  for (const auto& p : ctx.ports)
    if (p.second == v) return true;
  return false;
}

// Maps the digit run at \a d through the port table if it is a whole number
// (not followed by a word character). Returns the index after the number.
std::size_t MapPortAt(std::string& line, std::size_t d, const NormaliseContext& ctx) {
  std::size_t n = DigitsAt(line, d);
  if (n == 0 || WordAt(line, d + n)) return d + n;
  int golden = GoldenPort(ctx, std::string_view(line).substr(d, n));
  if (golden < 0) return d + n;
  std::string g = std::to_string(golden);
  line.replace(d, n, g);
  return d + g.size();
}

// Dovecot transcripts show a tab either as the byte or as the two characters
// "\t". Returns the length of the separator at \a i (0 if none).
std::size_t TabAt(std::string_view s, std::size_t i) {
  if (At(s, i) == '\t') return 1;
  if (At(s, i) == '\\' && At(s, i + 1) == 't') return 2;
  return 0;
}

// A Dovecot field name may start the line or follow a separator.
bool DovecotKeyStart(std::string_view s, std::size_t pos) {
  if (pos == 0) return true;
  if (pos >= 2 && s[pos - 2] == '\\' && s[pos - 1] == 't') return true;
  return !IsAlnum(s[pos - 1]);
}

// ---------------------------------------------------------------------------
// Actions. Each returns kKeep unless it drops the line.

constexpr Verdict kKeep = Verdict::kKeep;

// next if ... (the guard already matched)
Verdict Drop(std::string&, Env&, const Rule&) { return Verdict::kDrop; }

// s/\Q<guard text>\E/<replacement>/g
Verdict ReplaceGuardText(std::string& line, Env&, const Rule& rule) {
  ReplaceLiteral(line, rule.guard.text, rule.replacement);
  return kKeep;
}

// s/\b\Q<guard text>\E\d+/<guard text><replacement>/g
Verdict NumberAfterGuardText(std::string& line, Env&, const Rule& rule) {
  ReplaceNumberAfter(line, rule.guard.text, rule.replacement, Before::kWordBoundary);
  return kKeep;
}

// s?\Q$run_dir\E?TESTSUITE?g
Verdict RunDir(std::string& line, Env& env, const Rule&) {
  ReplaceLiteral(line, env.ctx.run_dir, "TESTSUITE");
  return kKeep;
}

// s/\Q$hostname\E/the.local.host.name/g, but only where the name is not part
// of a longer host name.
Verdict Hostname(std::string& line, Env& env, const Rule&) {
  ReplaceLiteral(line, env.ctx.hostname, "the.local.host.name", Boundary::kHost);
  return kKeep;
}

// s/(Exim )\d+\.\d+[\w.-]*( #\d+)?/$1x.yz/gi  (stock binaries are not
// patched by patchexim, so the version is munged by rule).
Verdict EximVersion(std::string& line, Env&, const Rule&) {
  std::size_t pos = 0;
  while ((pos = line.find("xim ", pos)) != npos) {
    if (pos == 0 || Lower(line[pos - 1]) != 'e') {
      ++pos;
      continue;
    }
    std::size_t v = pos + 4;
    std::size_t end = MatchVersion(line, v);
    if (end == npos) {
      pos = v;
      continue;
    }
    line.replace(v, end - v, "x.yz");
    pos = v + 4;
  }
  return kKeep;
}

// s/daemon\(\d+\.\d+[\w.-]*\)/daemon(x.yz)/ (set_process_info text in stderr)
Verdict DaemonProcessInfoVersion(std::string& line, Env&, const Rule&) {
  std::size_t pos = line.find("daemon(");
  if (pos == npos) return kKeep;
  std::size_t v = pos + 7;
  std::size_t end = MatchVersion(line, v);
  if (end != npos && At(line, end) == ')') line.replace(v, end - v, "x.yz");
  return kKeep;
}

// Message ids, renumbered stably within the test:
//   s/\b([^\W_]{6}-[^\W_]{6}-[^\W_]{2})\b/10HmaX-0005vi-00/        (old form)
//   s/\b(\d[^\W_]{5}-[^\W_]{11}-[^\W_]{4})\b/10HmaX-000000005vi-0000/ (4.97+)
Verdict MessageIds(std::string& line, Env& env, const Rule&) {
  std::size_t pos = 6;
  while ((pos = line.find('-', pos)) != npos) {
    std::size_t start = pos - 6;
    if (pos < 6 || !AlnumRun(line, start, 6) || (start > 0 && IsAlnum(line[start - 1]))) {
      ++pos;
      continue;
    }
    std::size_t len = 0;
    bool modern = false;
    if (AlnumRun(line, pos + 1, 6) && At(line, pos + 7) == '-' && AlnumRun(line, pos + 8, 2) &&
        !IsAlnum(At(line, pos + 10))) {
      len = 16;
    } else if (IsDigit(line[start]) && AlnumRun(line, pos + 1, 11) && At(line, pos + 12) == '-' &&
               AlnumRun(line, pos + 13, 4) && !IsAlnum(At(line, pos + 17))) {
      len = 23;
      modern = true;
    }
    if (len == 0) {
      ++pos;
      continue;
    }
    std::string id = line.substr(start, len);
    auto it = env.state.msgids.find(id);
    if (it == env.state.msgids.end()) {
      std::string seq = env.state.next_msgid;
      env.state.next_msgid = MagicIncrement(seq);
      std::string repl = "10Hm" + seq + (modern ? "-000000005vi-0000" : "-0005vi-00");
      it = env.state.msgids.emplace(id, repl).first;
    }
    line.replace(start, len, it->second);
    pos = start + it->second.size() + 6;
  }
  return kKeep;
}

// s/port (\d+) \([^)]+\)/port $1/g if !$is_ipv6test && /listening for SMTP/
// Drops "(IPv6 and IPv4)", "(IPv6 with IPv4)", "(IPv6)", "(IPv4)".
Verdict ListenIpFamily(std::string& line, Env& env, const Rule&) {
  if (env.ctx.ipv6_test) return kKeep;
  std::size_t pos = 0;
  while ((pos = line.find("port ", pos)) != npos) {
    std::size_t d = pos + 5;
    std::size_t n = DigitsAt(line, d);
    std::size_t open = d + n;
    if (n == 0 || At(line, open) != ' ' || At(line, open + 1) != '(') {
      pos = d;
      continue;
    }
    std::size_t close = line.find(')', open + 2);
    if (close == npos || close == open + 2) {
      pos = d;
      continue;
    }
    line.erase(open, close + 1 - open);
    pos = open;
  }
  return kKeep;
}

// s/( port (\d+))(?: port \2)+\b/$1/g on the daemon line: Exim logs v6 and v4
// wildcard sockets bound separately as "port N (IPv6) port N (IPv4)"; once
// the annotations are gone the golden form is a single "port N".
Verdict ListenDuplicatePort(std::string& line, Env& env, const Rule&) {
  if (env.ctx.ipv6_test) return kKeep;
  std::size_t pos = 0;
  while ((pos = line.find(" port ", pos)) != npos) {
    std::size_t d = pos + 6;
    std::size_t n = DigitsAt(line, d);
    if (n == 0) {
      pos = d;
      continue;
    }
    std::string first = line.substr(pos, 6 + n);  // " port N"
    std::size_t next = d + n;
    while (StartsWithAt(line, next, first) && !WordAt(line, next + first.size()))
      line.erase(next, first.size());
    pos = next;
  }
  return kKeep;
}

// Date in SMTP banners and headers:
// s/[A-Z][a-z]{2},\s\d\d?\s[A-Z][a-z]{2}\s\d{4}\s\d\d:\d\d:\d\d\s[-+]\d{4}/Tue, 2 Mar 1999 09:44:33 +0000/g
std::size_t MatchRfc2822Tail(std::string_view s, std::size_t i) {
  // i is just after the comma.
  if (!IsSpace(At(s, i))) return npos;
  ++i;
  std::size_t n = DigitsAt(s, i);
  if (n < 1 || n > 2) return npos;
  i += n;
  if (!IsSpace(At(s, i))) return npos;
  ++i;
  if (!IsUpper(At(s, i)) || !IsLower(At(s, i + 1)) || !IsLower(At(s, i + 2))) return npos;
  i += 3;
  if (!IsSpace(At(s, i)) || !DigitRun(s, i + 1, 4) || !IsSpace(At(s, i + 5))) return npos;
  i += 6;
  if (!DigitRun(s, i, 2) || At(s, i + 2) != ':' || !DigitRun(s, i + 3, 2) ||
      At(s, i + 5) != ':' || !DigitRun(s, i + 6, 2))
    return npos;
  i += 8;
  if (!IsSpace(At(s, i))) return npos;
  ++i;
  if ((At(s, i) != '+' && At(s, i) != '-') || !DigitRun(s, i + 1, 4)) return npos;
  return i + 5;
}

Verdict Rfc2822Date(std::string& line, Env&, const Rule&) {
  static constexpr std::string_view kFixed = "Tue, 2 Mar 1999 09:44:33 +0000";
  std::size_t pos = 3;
  while ((pos = line.find(',', pos)) != npos) {
    std::size_t start = pos - 3;
    if (IsUpper(line[start]) && IsLower(line[start + 1]) && IsLower(line[start + 2])) {
      std::size_t end = MatchRfc2822Tail(line, pos + 1);
      if (end != npos) {
        line.replace(start, end - start, kFixed.data(), kFixed.size());
        pos = start + kFixed.size();
        continue;
      }
    }
    ++pos;
  }
  return kKeep;
}

// Log line time stamps (also the millisecond form, which becomes the same):
// s/^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(\.\d{3})?(\s[+-]\d{4})?(?=\s|$)/1999-03-02 09:44:33/
Verdict LogDate(std::string& line, Env&, const Rule&) {
  std::string_view s = line;
  if (!DigitRun(s, 0, 4) || At(s, 4) != '-' || !DigitRun(s, 5, 2) || At(s, 7) != '-' ||
      !DigitRun(s, 8, 2) || !IsSpace(At(s, 10)) || !DigitRun(s, 11, 2) || At(s, 13) != ':' ||
      !DigitRun(s, 14, 2) || At(s, 16) != ':' || !DigitRun(s, 17, 2))
    return kKeep;
  std::size_t end = 19;
  if (At(s, end) == '.' && DigitRun(s, end + 1, 3) && !IsDigit(At(s, end + 4))) end += 4;
  if (IsSpace(At(s, end)) && (At(s, end + 1) == '+' || At(s, end + 1) == '-') &&
      DigitRun(s, end + 2, 4) && !IsDigit(At(s, end + 6)))
    end += 6;
  if (end < s.size() && !IsSpace(s[end])) return kKeep;
  line.replace(0, end, "1999-03-02 09:44:33");
  return kKeep;
}

// Optional pid in log lines (log_selector +pid):
// s/^(1999-03-02 09:44:33) \[\d+\]/$1 [pppp]/
Verdict LogLinePid(std::string& line, Env&, const Rule& rule) {
  std::size_t d = rule.guard.text.size();
  std::size_t n = DigitsAt(line, d);
  if (n > 0 && At(line, d + n) == ']') line.replace(d, n, "pppp");
  return kKeep;
}

// SPA (NTLM) challenges:
// s/TlRMTVNTUAACAAAAAAAAAAAoAAABgg[\w+\/]+/TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA/
Verdict SpaChallenge(std::string& line, Env&, const Rule& rule) {
  std::size_t pos = line.find(rule.guard.text);
  std::size_t end = pos + rule.guard.text.size();
  if (!IsWord(At(line, end)) && At(line, end) != '+' && At(line, end) != '/') return kKeep;
  while (IsWord(At(line, end)) || At(line, end) == '+' || At(line, end) == '/') ++end;
  line.replace(pos, end - pos,
               "TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA");
  return kKeep;
}

// s/\Q$caller_home\E/CALLER_HOME/g
Verdict CallerHome(std::string& line, Env& env, const Rule&) {
  ReplaceLiteral(line, env.ctx.caller_home, "CALLER_HOME");
  return kKeep;
}

// s/\b\Q$caller\E\b/CALLER/g
Verdict CallerName(std::string& line, Env& env, const Rule&) {
  ReplaceLiteral(line, env.ctx.caller, "CALLER", Boundary::kWord);
  return kKeep;
}

// s/\b(e?uid=)$caller_uid\b/$1CALLER_UID/g and the gid forms.
Verdict CallerIds(std::string& line, Env& env, const Rule&) {
  const State& st = env.state;
  ReplaceNumberAfter(line, "euid=", "CALLER_UID", Before::kWordBoundary, st.caller_uid);
  ReplaceNumberAfter(line, "egid=", "CALLER_GID", Before::kWordBoundary, st.caller_gid);
  ReplaceNumberAfter(line, "uid=", "CALLER_UID", Before::kWordBoundary, st.caller_uid);
  ReplaceNumberAfter(line, "gid=", "CALLER_GID", Before::kWordBoundary, st.caller_gid);
  return kKeep;
}

// Exim's login: s/U=$eximuser\b/U=EXIMUSER/ and the user=, login=,
// "Received: from X ", "Running as: X", X@ and X.lock. forms.
Verdict EximUserName(std::string& line, Env& env, const Rule&) {
  const std::string& u = env.ctx.exim_user;
  if (u.empty() || line.find(u) == npos) return kKeep;
  static constexpr std::string_view kKeys[] = {"U=", "user=", "login=", "Received: from ",
                                               "Running as: "};
  for (std::string_view key : kKeys) {
    std::string from = std::string(key) + u;
    std::size_t pos = 0;
    while ((pos = line.find(from, pos)) != npos) {
      bool ok = (key[0] != 'U' || PerlBoundary(line, pos)) && !WordAt(line, pos + from.size());
      if (key == "Received: from ") ok = At(line, pos + from.size()) == ' ';
      if (!ok) {
        ++pos;
        continue;
      }
      line.replace(pos + key.size(), u.size(), "EXIMUSER");
      pos += key.size() + 8;
    }
  }
  ReplaceLiteral(line, u + "@", "EXIMUSER@", Boundary::kNone);
  ReplaceLiteral(line, u + ".lock.", "EXIMUSER.lock.", Boundary::kNone);
  return kKeep;
}

// s/\b(e?uid=)$exim_uid\b/$1EXIM_UID/g and the gid forms.
Verdict EximIds(std::string& line, Env& env, const Rule&) {
  const State& st = env.state;
  ReplaceNumberAfter(line, "euid=", "EXIM_UID", Before::kWordBoundary, st.exim_uid);
  ReplaceNumberAfter(line, "egid=", "EXIM_GID", Before::kWordBoundary, st.exim_gid);
  ReplaceNumberAfter(line, "uid=", "EXIM_UID", Before::kWordBoundary, st.exim_uid);
  ReplaceNumberAfter(line, "gid=", "EXIM_GID", Before::kWordBoundary, st.exim_gid);
  return kKeep;
}

// s/\b(pid=|pid )\d+/$1pppp/g
Verdict Pids(std::string& line, Env&, const Rule&) {
  ReplaceNumberAfter(line, "pid=", "pppp", Before::kWordBoundary);
  ReplaceNumberAfter(line, "pid ", "pppp", Before::kWordBoundary);
  return kKeep;
}

// s/set_process_info:\s+\d+/set_process_info: pppp/
Verdict SetProcessInfoPid(std::string& line, Env&, const Rule& rule) {
  std::size_t pos = line.find(rule.guard.text);
  std::size_t i = pos + rule.guard.text.size();
  std::size_t s = i;
  while (IsSpace(At(line, i))) ++i;
  std::size_t n = DigitsAt(line, i);
  if (i == s || n == 0) return kKeep;
  line.replace(s, i + n - s, " pppp");
  return kKeep;
}

// Crash reports in the panic log (process_info starts with "%5d "):
// s/^(.*SIG[A-Z]+ \()\s*\d+ /$1pppp /; s/(fault address: )0x[0-9a-f]+/$10xAAAAAAAA/
Verdict CrashPid(std::string& line, Env&, const Rule&) {
  std::size_t pos = 0;
  while ((pos = line.find("SIG", pos)) != npos) {
    std::size_t i = pos + 3;
    while (IsUpper(At(line, i))) ++i;
    if (i == pos + 3 || At(line, i) != ' ' || At(line, i + 1) != '(') {
      pos = i;
      continue;
    }
    std::size_t p = i + 2;
    std::size_t j = p;
    while (At(line, j) == ' ') ++j;
    std::size_t n = DigitsAt(line, j);
    if (n > 0 && At(line, j + n) == ' ') {
      line.replace(p, j + n - p, "pppp");
    } else if (StartsWithAt(line, p, "fault address: 0x")) {
      std::size_t h = p + 17;
      std::size_t e = h;
      while (IsHex(At(line, e))) ++e;
      if (e > h) line.replace(h, e - h, "AAAAAAAA");
    }
    pos = p;
  }
  return kKeep;
}

// Daemon debug lines carry the daemon pid as a prefix:
// $spid = $1 if /^(\s*\d+) (?:listening|LOG: MAIN|(?:daemon_smtp_port|local_interfaces) overridden by)/;
// s/^$spid //;
Verdict DaemonStderrPid(std::string& line, Env& env, const Rule&) {
  std::size_t i = 0;
  while (IsSpace(At(line, i))) ++i;
  std::size_t n = DigitsAt(line, i);
  if (n > 0 && At(line, i + n) == ' ') {
    std::size_t r = i + n + 1;
    if (StartsWithAt(line, r, "listening") || StartsWithAt(line, r, "LOG: MAIN") ||
        StartsWithAt(line, r, "daemon_smtp_port overridden by") ||
        StartsWithAt(line, r, "local_interfaces overridden by"))
      env.state.spid = line.substr(0, i + n);
  }
  const std::string& spid = env.state.spid;
  if (!spid.empty() && StartsWithAt(line, 0, spid) && At(line, spid.size()) == ' ')
    line.erase(0, spid.size() + 1);
  return kKeep;
}

// s/waiting for children of \d+/waiting for children of pppp/
Verdict QueueRunnerWait(std::string& line, Env&, const Rule& rule) {
  ReplaceNumberAfter(line, rule.guard.text, "pppp", Before::kAnything);
  return kKeep;
}

// Known daemon ports -> their golden numbers, in port contexts only:
// "port N", "port=N", "PORT N" (any case, \b before), "]:N" and "]:{N,M}".
Verdict PortMap(std::string& line, Env& env, const Rule&) {
  const NormaliseContext& ctx = env.ctx;
  if (ctx.ports.empty()) return kKeep;
  std::size_t i = 0;
  while ((i = line.find_first_of("pP]", i)) != npos) {
    if (line[i] == ']') {
      if (At(line, i + 1) != ':') {
        ++i;
      } else if (At(line, i + 2) == '{') {  // ]:{25,587}
        std::size_t j = i + 3;
        for (;;) {
          j = MapPortAt(line, j, ctx);
          if (At(line, j) != ',') break;
          ++j;
        }
        i = j;
      } else {
        i = MapPortAt(line, i + 2, ctx);
      }
      continue;
    }
    if (Lower(At(line, i + 1)) == 'o' && Lower(At(line, i + 2)) == 'r' &&
        Lower(At(line, i + 3)) == 't' && (At(line, i + 4) == ' ' || At(line, i + 4) == '=') &&
        PerlBoundary(line, i)) {
      i = MapPortAt(line, i + 5, ctx);
      continue;
    }
    ++i;
  }
  return kKeep;
}

// Ephemeral (client-side) port numbers, renumbered stably from 1111:
// s/^Port: (\d+)/.../; s/\(port=(\d+)/.../;
// s/\[([a-z\d:]+|\d+(?:\.\d+){3})\]:(\d+)/.../ unless the line is a
// listening / Connecting to / => / -> / *> / == / ** / Connection refused /
// in response to line. Golden daemon ports (after PortMap) are left alone.
std::string NewPort(Env& env, std::string_view raw) {
  auto& map = env.state.ephemeral_ports;
  std::string key(raw);
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(key, std::to_string(env.state.next_port++)).first;
  return it->second;
}

std::size_t RenumberPortAt(std::string& line, std::size_t d, Env& env) {
  std::size_t n = DigitsAt(line, d);
  if (n == 0 || WordAt(line, d + n)) return d + n;
  std::string_view digits = std::string_view(line).substr(d, n);
  if (IsGoldenPort(env.ctx, digits)) return d + n;
  std::string repl = NewPort(env, digits);
  line.replace(d, n, repl);
  return d + repl.size();
}

Verdict EphemeralPorts(std::string& line, Env& env, const Rule&) {
  if (StartsWithAt(line, 0, "Port: ")) RenumberPortAt(line, 6, env);
  std::size_t p = line.find("(port=");
  if (p != npos) RenumberPortAt(line, p + 6, env);
  std::size_t c = line.find("]:");
  if (c == npos || !IsDigit(At(line, c + 2))) return kKeep;
  static constexpr std::string_view kExcluded[] = {
      "listening for SMTP on", "Connecting to", "=>", "->", "*>", "==", "**",
      "Connection refused", "in response to"};
  for (std::string_view ex : kExcluded)
    if (line.find(ex) != npos) return kKeep;
  std::size_t open = line.rfind('[', c);
  if (open == npos || open + 1 == c) return kKeep;
  for (std::size_t k = open + 1; k < c; ++k)
    if (!IsAlnum(line[k]) && line[k] != ':' && line[k] != '.') return kKeep;
  RenumberPortAt(line, c + 2, env);  // runtest: first occurrence only
  return kKeep;
}

// s/\((\d+)\): (Network|Connection refused|Connection timed out)/(dd): $2/
Verdict ErrnoInParens(std::string& line, Env&, const Rule&) {
  std::size_t pos = 0;
  while ((pos = line.find("): ", pos)) != npos) {
    std::size_t r = pos + 3;
    if (StartsWithAt(line, r, "Network") || StartsWithAt(line, r, "Connection refused") ||
        StartsWithAt(line, r, "Connection timed out")) {
      std::size_t d = pos;
      while (d > 0 && IsDigit(line[d - 1])) --d;
      if (d < pos && d > 0 && line[d - 1] == '(') {
        line.replace(d, pos - d, "dd");
        pos = d + 2 + 3;
        continue;
      }
    }
    pos = r;
  }
  return kKeep;
}

// s/([\s,])S=\d+\b/$1S=sss/g
Verdict MessageSize(std::string& line, Env&, const Rule&) {
  ReplaceNumberAfter(line, "S=", "sss", Before::kSpaceOrComma, {}, true);
  return kKeep;
}

// s/\sSIZE=\d+\b/ SIZE=ssss/g
Verdict SizeParameter(std::string& line, Env&, const Rule&) {
  ReplaceNumberAfter(line, "SIZE=", "ssss", Before::kSpace, {}, true);
  return kKeep;
}

// s/\ssize=\d+\b/ size=sss/g  (stderr)
Verdict DebugSize(std::string& line, Env&, const Rule&) {
  ReplaceNumberAfter(line, "size=", "sss", Before::kSpace, {}, true);
  return kKeep;
}

// s/^(Connection request from) \[.*:.*:.*\]$/$1 [ipv6]/  (stdout)
Verdict ConnectionRequestIpv6(std::string& line, Env&, const Rule& rule) {
  std::size_t open = rule.guard.text.size();
  if (At(line, open) != '[' || line.back() != ']') return kKeep;
  std::string_view inner = std::string_view(line).substr(open + 1, line.size() - open - 2);
  std::size_t colons = 0;
  for (char c : inner) colons += c == ':';
  if (colons >= 2) line.replace(open, npos, "[ipv6]");
  return kKeep;
}

// s/^Exim version .*/Exim version x.yz ..../  (stderr)
Verdict EximVersionLine(std::string& line, Env&, const Rule&) {
  line = "Exim version x.yz ....";
  return kKeep;
}

// s/(Connection request from 127.0.0.1 port) \d{1,5}/$1 sssss/  (stderr)
Verdict ConnectionRequestPort(std::string& line, Env&, const Rule& rule) {
  std::size_t pos = line.find(rule.guard.text);
  std::size_t d = pos + rule.guard.text.size();
  std::size_t n = DigitsAt(line, d);
  if (n >= 1 && n <= 5) line.replace(d, n, "sssss");
  return kKeep;
}

// next if /in\s(?:tls_advertise_hosts\?|hosts_require_tls\?)\sno\s\((option\sunset|end\sof\slist)\)/
Verdict DropUnsetTlsChecks(std::string& line, Env&, const Rule&) {
  for (std::string_view opt : {"in tls_advertise_hosts? no (", "in hosts_require_tls? no ("}) {
    std::size_t pos = line.find(opt);
    if (pos == npos) continue;
    std::size_t r = pos + opt.size();
    if (StartsWithAt(line, r, "option unset)") || StartsWithAt(line, r, "end of list)"))
      return Verdict::kDrop;
  }
  return kKeep;
}

// next if /(?:postfork: | fork(?:ing|ed) for )/
Verdict DropForkLines(std::string& line, Env&, const Rule&) {
  if (line.find("postfork: ") != npos || line.find(" forking for ") != npos ||
      line.find(" forked for ") != npos)
    return Verdict::kDrop;
  return kKeep;
}

// Build-information lines at the top of debug output that differ between
// builds (runtest 2006: -bV header lines; modern: lookups, compiler...).
Verdict DropBuildInfo(std::string& line, Env& env, const Rule&) {
  static constexpr std::string_view kPrefixes[] = {
      "Berkeley DB:", "Probably ", "Authenticators:", "Lookups:", "Lookups (built-in):",
      "Support for:", "Routers:", "Transports:", "Fixed never_users:", "Size of off_t:",
      "Compiler:", "Loading lookup modules from", "WHITELIST_D_MACROS:",
      "TRUSTED_CONFIG_LIST:", "Reset TZ to",
      "macros_trusted overridden to true by whitelisting"};
  // "Library version:" is followed by indented lines that vary by library.
  if (env.state.skipping_indented) {
    if (IsSpace(At(line, 0))) return Verdict::kDrop;
    env.state.skipping_indented = false;
  }
  if (StartsWithAt(line, 0, "Library version:")) {
    env.state.skipping_indented = true;
    return Verdict::kDrop;
  }
  for (std::string_view p : kPrefixes)
    if (StartsWithAt(line, 0, p)) return Verdict::kDrop;
  // "Loaded 12 lookup modules", "Total 12 lookups"
  if (StartsWithAt(line, 0, "Loaded ") && line.find(" lookup modules") != npos)
    return Verdict::kDrop;
  if (StartsWithAt(line, 0, "Total ") && line.find(" lookups") != npos) return Verdict::kDrop;
  return kKeep;
}

// Dovecot: s/(^|\t)(CPID|SPID)\t\d+/$1$2\tpppp/, CUID\t\d+ -> CUID\tcccc.
// The field name is the guard text, the placeholder the replacement.
Verdict DovecotNumber(std::string& line, Env&, const Rule& rule) {
  std::string_view key = rule.guard.text;
  std::size_t pos = 0;
  while ((pos = line.find(key.data(), pos, key.size())) != npos) {
    std::size_t sep = pos + key.size();
    std::size_t t = TabAt(line, sep);
    std::size_t d = sep + t;
    std::size_t n = DigitsAt(line, d);
    if (!DovecotKeyStart(line, pos) || t == 0 || n == 0 || IsAlnum(At(line, d + n))) {
      pos = sep;
      continue;
    }
    line.replace(d, n, rule.replacement.data(), rule.replacement.size());
    pos = d + rule.replacement.size();
  }
  return kKeep;
}

// Dovecot: s/COOKIE\t[0-9a-f]{32}\b/COOKIE\t<32 x>/
Verdict DovecotCookie(std::string& line, Env&, const Rule& rule) {
  std::string_view key = rule.guard.text;
  std::size_t pos = 0;
  while ((pos = line.find(key.data(), pos, key.size())) != npos) {
    std::size_t sep = pos + key.size();
    std::size_t t = TabAt(line, sep);
    std::size_t h = sep + t;
    std::size_t n = 0;
    while (IsHex(At(line, h + n))) ++n;
    if (DovecotKeyStart(line, pos) && t > 0 && n == 32 && !IsAlnum(At(line, h + n)))
      line.replace(h, 32, std::string(32, 'x'));
    pos = sep;
  }
  return kKeep;
}

// CRAM-MD5 challenges: a base64 field whose decoded form is
// <digits.digits@host> becomes the base64 of a fixed challenge (RFC 2195's
// example). Fields are separated by tabs ("\t" shown or real) or spaces.
bool IsCramChallenge(std::string_view d) {
  if (d.size() < 5 || d.front() != '<' || d.back() != '>') return false;
  std::size_t dot = d.find('.');
  std::size_t at = d.find('@');
  if (dot == npos || at == npos || at < dot + 2 || dot < 2 || at + 2 >= d.size()) return false;
  for (std::size_t k = 1; k < at; ++k)
    if (k != dot && !IsAlnum(d[k])) return false;
  for (std::size_t k = at + 1; k + 1 < d.size(); ++k)
    if (d[k] == '>' || d[k] == '<' || IsSpace(d[k])) return false;
  return true;
}

Verdict CramChallenge(std::string& line, Env&, const Rule&) {
  static const std::string kFixed = Base64Encode("<1896.697170952@postoffice.reston.mci.net>");
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t t = TabAt(line, i);
    if (t > 0 || line[i] == ' ') {
      i += t > 0 ? t : 1;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && line[end] != ' ' && TabAt(line, end) == 0) ++end;
    std::string decoded;
    if (end - i >= 8 && Base64Decode(std::string_view(line).substr(i, end - i), &decoded) &&
        IsCramChallenge(decoded)) {
      line.replace(i, end - i, kFixed);
      end = i + kFixed.size();
    }
    i = end;
  }
  return kKeep;
}

// ---------------------------------------------------------------------------
// The table.

constexpr StreamMask kLog = MaskOf(Stream::kLog);
constexpr StreamMask kReject = MaskOf(Stream::kRejectLog);
constexpr StreamMask kPanic = MaskOf(Stream::kPanicLog);
constexpr StreamMask kStdout = MaskOf(Stream::kStdout);
constexpr StreamMask kStderr = MaskOf(Stream::kStderr);
constexpr StreamMask kDovecot = MaskOf(Stream::kDovecot);
constexpr StreamMask kLogs = kLog | kReject | kPanic;
constexpr StreamMask kExim = kLogs | kStdout | kStderr;  // everything Exim or client wrote
constexpr StreamMask kAll = kExim | kDovecot;

using G = Guard;

// clang-format off
const Rule kRules[] = {
  // --- paths and names ------------------------------------------------------
  // run directory -> TESTSUITE (before the host name, which may be part of the path)
  {"run-dir",               kAll,     G::None(), RunDir, {}},
  // real host name -> the.local.host.name (not inside a longer host name)
  {"hostname",              kAll,     G::None(), Hostname, {}},
  // "Exim 4.96", "exim 4.97-RC2 daemon", "Exim 4.96 #2" -> x.yz (stock binary, no patchexim)
  {"exim-version",          kExim,    G::Contains("xim "), EximVersion, {}},
  // "daemon(4.96): ..." in set_process_info debug lines -> daemon(x.yz)
  {"daemon-info-version",   kStderr,  G::Contains("daemon("), DaemonProcessInfoVersion, {}},
  // message ids -> 10HmaX-0005vi-00, 10HmaY-... (stable within the test; 4.97+ form too)
  {"message-id",            kExim,    G::Contains("-"), MessageIds, {}},
  // "port 1225 (IPv6 and IPv4)" etc. -> "port 1225" on the daemon line (not in IPv6 tests)
  {"listen-ip-family",      kExim,    G::Contains("listening for SMTP"), ListenIpFamily, {}},
  // "port 1225 port 1225" (v6 and v4 bound separately) -> "port 1225"
  {"listen-duplicate-port", kExim,    G::Contains("listening for SMTP"), ListenDuplicatePort, {}},
  // SPA/NTLM server challenge -> fixed value
  {"spa-challenge",         kExim,    G::Contains("TlRMTVNTUAACAAAAAAAAAAAoAAABgg"), SpaChallenge, {}},
  // --- dates and times ------------------------------------------------------
  // "Fri, 27 Nov 2026 22:31:07 +0000" -> "Tue, 2 Mar 1999 09:44:33 +0000"
  {"rfc2822-date",          kExim,    G::Contains(", "), Rfc2822Date, {}},
  // leading "2026-11-27 22:31:07[.123][ +0100]" -> "1999-03-02 09:44:33"
  {"log-date",              kExim,    G::LeadingDigit(), LogDate, {}},
  // "1999-03-02 09:44:33 [1234]" (log_selector +pid) -> "[pppp]"
  {"log-line-pid",          kExim,    G::StartsWith("1999-03-02 09:44:33 ["), LogLinePid, {}},
  // --- the caller -------------------------------------------------------------
  // caller's home directory -> CALLER_HOME (before the login, which it may contain)
  {"caller-home",           kExim,    G::None(), CallerHome, {}},
  // caller's login (whole word) -> CALLER
  {"caller-name",           kExim,    G::None(), CallerName, {}},
  // (e)uid=/(e)gid= of the caller -> CALLER_UID / CALLER_GID
  {"caller-ids",            kExim,    G::Contains("id="), CallerIds, {}},
  // --- Exim's user ------------------------------------------------------------
  // U=, user=, login=, "Received: from", "Running as:", X@, X.lock. -> EXIMUSER
  {"exim-user",             kExim,    G::None(), EximUserName, {}},
  // (e)uid=/(e)gid= of the Exim user -> EXIM_UID / EXIM_GID
  {"exim-ids",              kExim,    G::Contains("id="), EximIds, {}},
  // --- other uids, gids and pids ----------------------------------------------
  // any other gid=N -> gid=gggg
  {"gid",                   kExim,    G::Contains("gid="), NumberAfterGuardText, "gggg"},
  // any other egid=N -> egid=gggg
  {"egid",                  kExim,    G::Contains("egid="), NumberAfterGuardText, "gggg"},
  // pid=N, "pid N", "PID: N" -> pppp (daemon started line, Exim pid=N terminating)
  {"pid",                   kExim,    G::Contains("pid"), Pids, {}},
  // "PID: N" -> "PID: pppp"
  {"pid-upper",             kExim,    G::Contains("PID: "), NumberAfterGuardText, "pppp"},
  // any other uid=N -> uid=uuuu
  {"uid",                   kExim,    G::Contains("uid="), NumberAfterGuardText, "uuuu"},
  // any other euid=N -> euid=uuuu
  {"euid",                  kExim,    G::Contains("euid="), NumberAfterGuardText, "uuuu"},
  // "set_process_info:  1234 ..." -> "set_process_info: pppp ..."
  {"set-process-info-pid",  kStderr,  G::Contains("set_process_info:"), SetProcessInfoPid, {}},
  // "process N running as transport filter" -> pppp
  {"filter-pid",            kExim,    G::Contains("process "), NumberAfterGuardText, "pppp"},
  // "reading pipe for subprocess N" -> pppp
  {"subprocess-pid",        kExim,    G::Contains("subprocess "), NumberAfterGuardText, "pppp"},
  // "test-mail/temp.N." (appendfile temporary file) -> temp.pppp.
  {"appendfile-temp-pid",   kExim,    G::Contains("test-mail/temp."), NumberAfterGuardText, "pppp"},
  // crash reports: "SIGSEGV (15818 handling ...)" -> "SIGSEGV (pppp handling ...)"
  {"crash-pid",             kLogs | kStderr, G::Contains("SIG"), CrashPid, {}},
  // daemon debug pid prefix: remembered from "  1234 listening ..." and stripped
  {"daemon-stderr-pid",     kStderr,  G::None(), DaemonStderrPid, {}},
  // "waiting for children of N" -> pppp
  {"queue-runner-wait",     kStderr,  G::Contains("waiting for children of "), QueueRunnerWait, {}},
  // --- ports ------------------------------------------------------------------
  // known daemon ports -> golden numbers in "port N", "port=N", "]:N", "]:{N,M}"
  {"port-map",              kExim,    G::None(), PortMap, {}},
  // client-side ports in "[ip]:N", "(port=N", "Port: N" -> 1111, 1112, ... (stable)
  {"ephemeral-port",        kExim,    G::None(), EphemeralPorts, {}},
  // --- OS-dependent error texts -----------------------------------------------
  {"errno-cant-assign",     kExim,    G::Contains("Can't assign requested address"), ReplaceGuardText, "Network Error"},
  {"errno-cannot-assign",   kExim,    G::Contains("Cannot assign requested address"), ReplaceGuardText, "Network Error"},
  {"errno-op-timed-out",    kExim,    G::Contains("Operation timed out"), ReplaceGuardText, "Connection timed out"},
  {"errno-af-not-supported", kExim,   G::Contains("Address family not supported by protocol family"), ReplaceGuardText, "Network Error"},
  {"errno-net-is-unreach",  kExim,    G::Contains("Network is unreachable"), ReplaceGuardText, "Network Error"},
  {"errno-net-unreach",     kExim,    G::Contains("Network unreachable"), ReplaceGuardText, "Network Error"},
  {"errno-invalid-arg",     kExim,    G::Contains("Invalid argument"), ReplaceGuardText, "Network Error"},
  // "(111): Connection refused" -> "(dd): Connection refused" (also Network, timed out)
  {"errno-number-in-parens", kExim,   G::Contains("): "), ErrnoInParens, {}},
  // errno=N -> errno=dd
  {"errno-equals",          kExim,    G::Contains("errno="), NumberAfterGuardText, "dd"},
  // --- sizes ------------------------------------------------------------------
  // " S=1234" / ",S=1234" -> S=sss
  {"message-size",          kExim,    G::Contains("S="), MessageSize, {}},
  // " SIZE=1234" -> SIZE=ssss (not "250-SIZE 52428800")
  {"size-parameter",        kExim,    G::Contains("SIZE="), SizeParameter, {}},
  // " size=1234" in debug output -> size=sss
  {"debug-size",            kStderr,  G::Contains("size="), DebugSize, {}},
  // --- stdout only --------------------------------------------------------------
  // -bP lines that only some builds have
  {"stdout-drop-translate-ip", kStdout, G::Contains("translate_ip_address ="), Drop, {}},
  {"stdout-drop-classresources", kStdout, G::Contains("use_classresources"), Drop, {}},
  // server helper: "Connection request from [v6 address]" -> [ipv6]
  {"stdout-connection-request-v6", kStdout, G::StartsWith("Connection request from "), ConnectionRequestIpv6, {}},
  // client transcript "<<< 334 <base64 CRAM-MD5 challenge>" -> fixed challenge
  {"stdout-cram-md5-challenge", kStdout, G::StartsWith("<<< 334 "), CramChallenge, {}},
  // --- stderr only --------------------------------------------------------------
  // first debug line "Exim version 4.96 #2 built ..." -> "Exim version x.yz ...."
  {"stderr-exim-version",   kStderr,  G::StartsWith("Exim version "), EximVersionLine, {}},
  // "Connection request from 127.0.0.1 port 54321" -> port sssss
  {"stderr-connection-port", kStderr, G::Contains("Connection request from 127.0.0.1 port "), ConnectionRequestPort, {}},
  // tls_advertise_hosts? / hosts_require_tls? no (option unset | end of list)
  {"stderr-drop-tls-unset", kStderr,  G::Contains("? no ("), DropUnsetTlsChecks, {}},
  {"stderr-drop-aux-groups", kStderr, G::Contains("auxiliary group list:"), Drop, {}},
  {"stderr-drop-gecos",     kStderr,  G::Contains("extracted from gecos field"), Drop, {}},
  {"stderr-drop-wait-data", kStderr,  G::Contains("waiting for data on socket"), Drop, {}},
  {"stderr-drop-read-size", kStderr,  G::Contains("read response data: size="), Drop, {}},
  {"stderr-drop-readline",  kStderr,  G::Contains("failed to load readline:"), Drop, {}},
  {"stderr-drop-fork",      kStderr,  G::Contains("fork"), DropForkLines, {}},
  {"stderr-drop-ocsp",      kStderr,  G::Contains("_ocsp? "), Drop, {}},
  {"stderr-drop-proxy",     kStderr,  G::Contains("host in hosts_proxy?"), Drop, {}},
  {"stderr-drop-keep-env",  kStderr,  G::Contains(" in keep_environment? "), Drop, {}},
  {"stderr-drop-notifier",  kStderr,  G::Contains("unlinking notifier socket"), Drop, {}},
  // build-dependent header lines (Lookups:, Support for:, Compiler:, ...)
  {"stderr-drop-build-info", kStderr, G::None(), DropBuildInfo, {}},
  // --- Dovecot wire transcript ------------------------------------------------
  // CPID\t<pid> -> CPID\tpppp (also in Exim's "sent:" debug lines)
  {"dovecot-cpid",          kDovecot | kStderr, G::Contains("CPID"), DovecotNumber, "pppp"},
  // SPID\t<pid> -> SPID\tpppp
  {"dovecot-spid",          kDovecot, G::Contains("SPID"), DovecotNumber, "pppp"},
  // CUID\t<n> -> CUID\tcccc
  {"dovecot-cuid",          kDovecot, G::Contains("CUID"), DovecotNumber, "cccc"},
  // COOKIE\t<32 hex> -> COOKIE\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  {"dovecot-cookie",        kDovecot, G::Contains("COOKIE"), DovecotCookie, {}},
  // CONT\t<id>\t<base64 "<digits.digits@host>"> -> fixed challenge
  {"dovecot-cram-md5-challenge", kDovecot, G::None(), CramChallenge, {}},
};
// clang-format on

}  // namespace

RuleTable Rules() { return RuleTable{kRules, sizeof(kRules) / sizeof(kRules[0])}; }

std::string MagicIncrement(std::string s) {
  if (s.empty()) return "1";
  std::size_t i = s.size();
  while (i > 0) {
    char& c = s[i - 1];
    if (c == 'z') {
      c = 'a';
    } else if (c == 'Z') {
      c = 'A';
    } else if (c == '9') {
      c = '0';
    } else {
      ++c;
      return s;
    }
    --i;
  }
  // Carry out of the first character: prepend one of its class.
  char first = s[0];
  s.insert(s.begin(), first == 'a' ? 'a' : first == 'A' ? 'A' : '1');
  return s;
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
int B64Value(char c) {
  if (IsUpper(c)) return c - 'A';
  if (IsLower(c)) return c - 'a' + 26;
  if (IsDigit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += rest == 2 ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool Base64Decode(std::string_view text, std::string* out) {
  out->clear();
  if (text.empty() || text.size() % 4 != 0) return false;
  std::size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = text[i + k];
      int d;
      if (c == '=' && i + 4 == text.size() && k >= 4 - pad) {
        d = 0;
      } else {
        d = B64Value(c);
        if (d < 0) return false;
      }
      v = (v << 6) | static_cast<unsigned>(d);
    }
    out->push_back(static_cast<char>((v >> 16) & 255));
    if (!(i + 4 == text.size() && pad >= 2)) out->push_back(static_cast<char>((v >> 8) & 255));
    if (!(i + 4 == text.size() && pad >= 1)) out->push_back(static_cast<char>(v & 255));
  }
  return true;
}

}  // namespace normalise
}  // namespace harness
