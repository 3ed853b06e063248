// normalise_rules.cc - the ordered rule table of the normaliser.
//
// The rules follow Exim's runtest munge() (2006 anchor, with a few modern
// additions; docs/normalisation.md lists the differences). Each row is data:
// name, streams, prefilter, RE2 pattern, replacement and examples. The few
// rules a pattern cannot express (stable renumbering, the port map, state
// carried between lines, base64 decoding) name a function below instead, and
// carry their Perl port for bench/normalise.pl.
#include "harness/normalise_rules.h"
#include "harness/text.h"
#include "harness/upstream_rules.h"

#include <re2/re2.h>

#include <string>
#include <string_view>

#include "fake_dovecot/base64.h"

namespace harness {
namespace normalise {
namespace {

constexpr std::size_t npos = std::string::npos;

// ---------------------------------------------------------------------------
// Character classes and small scanners for the code rules (ASCII only).

using text::IsAlnum;
using text::IsDigit;
using text::IsLower;
using text::IsSpace;
using text::IsUpper;
inline bool IsWord(char c) { return text::IsWordChar(c); }

// The character at \a i, or '\0' past the end.
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

inline bool StartsWithAt(std::string_view s, std::size_t i, std::string_view p) {
  return s.size() >= i + p.size() && s.compare(i, p.size(), p) == 0;
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
std::size_t MapPortAt(std::string& line, std::size_t d, const NormaliseContext& ctx,
                      Verdict* verdict) {
  std::size_t n = DigitsAt(line, d);
  if (n == 0 || WordAt(line, d + n)) return d + n;
  int golden = GoldenPort(ctx, std::string_view(line).substr(d, n));
  if (golden < 0) return d + n;
  std::string g = std::to_string(golden);
  line.replace(d, n, g);
  *verdict = Verdict::kChanged;
  return d + g.size();
}

// Dovecot transcripts show a tab either as the byte or as the two characters
// "\t". Returns the length of the separator at \a i (0 if none).
std::size_t TabAt(std::string_view s, std::size_t i) {
  if (At(s, i) == '\t') return 1;
  if (At(s, i) == '\\' && At(s, i + 1) == 't') return 2;
  return 0;
}

// ---------------------------------------------------------------------------
// Code rules. Each returns kKeep unless it drops the line.

constexpr Verdict kKeep = Verdict::kKeep;

// The real host name -> the.local.host.name where it is not part of a longer
// host name (RE2 has no look-around for "not followed by -x or .x").
Verdict Hostname(std::string& line, Env& env) {
  const std::string& host = env.ctx.hostname;
  Verdict verdict = kKeep;
  std::size_t pos = 0;
  while ((pos = line.find(host, pos)) != npos) {
    char prev = pos > 0 ? line[pos - 1] : '\0';
    char next = At(line, pos + host.size());
    if (IsAlnum(prev) || prev == '-' || prev == '.' || IsAlnum(next) || next == '-' ||
        (next == '.' && IsAlnum(At(line, pos + host.size() + 1)))) {
      ++pos;
      continue;
    }
    line.replace(pos, host.size(), "the.local.host.name");
    pos += 19;
    verdict = Verdict::kChanged;
  }
  return verdict;
}

// Message ids in both forms - 4.96's 6-6-2 (1qXyzA-000AbC-De) and 4.97+'s
// base-62 6-11-4 (1sABCD-000000005vi-0000) - become one series of 4.96-form
// placeholders in order of appearance (10HmaX-0005vi-00, 10HmaY-...), the
// same raw id always the same placeholder within the test.
Verdict MessageIds(std::string& line, Env& env) {
  Verdict verdict = kKeep;
  std::size_t pos = 6;
  while ((pos = line.find('-', pos)) != npos) {
    std::size_t start = pos - 6;
    if (pos < 6 || !AlnumRun(line, start, 6) || (start > 0 && IsAlnum(line[start - 1]))) {
      ++pos;
      continue;
    }
    std::size_t len = 0;
    if (AlnumRun(line, pos + 1, 6) && At(line, pos + 7) == '-' && AlnumRun(line, pos + 8, 2) &&
        !IsAlnum(At(line, pos + 10))) {
      len = 16;
    } else if (IsDigit(line[start]) && AlnumRun(line, pos + 1, 11) && At(line, pos + 12) == '-' &&
               AlnumRun(line, pos + 13, 4) && !IsAlnum(At(line, pos + 17))) {
      len = 23;
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
      it = env.state.msgids.emplace(id, "10Hm" + seq + "-0005vi-00").first;
    }
    line.replace(start, len, it->second);
    pos = start + it->second.size() + 6;
    verdict = Verdict::kChanged;
  }
  return verdict;
}

// " port N port N" -> " port N" (needs a back-reference, which RE2 lacks).
Verdict ListenDuplicatePort(std::string& line, Env&) {
  const std::size_t size = line.size();
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
  return line.size() == size ? kKeep : Verdict::kChanged;
}

// The daemon's pid prefix is remembered from its first lines and stripped
// from every later line of the file.
Verdict DaemonStderrPid(std::string& line, Env& env) {
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
  if (!spid.empty() && StartsWithAt(line, 0, spid) && At(line, spid.size()) == ' ') {
    line.erase(0, spid.size() + 1);
    return Verdict::kChanged;
  }
  return kKeep;
}

// Known daemon ports -> their golden numbers, in port contexts only:
// "port N", "port=N", "Port N", "PORT N" (\b before), "]:N" and "]:{N,M}".
Verdict PortMap(std::string& line, Env& env) {
  const NormaliseContext& ctx = env.ctx;
  Verdict verdict = kKeep;
  if (ctx.ports.empty()) return verdict;
  std::size_t i = 0;
  // (A plain loop: find_first_of calls memchr once per byte of the line.)
  for (;;) {
    while (i < line.size() && line[i] != 'p' && line[i] != 'P' && line[i] != ']') ++i;
    if (i >= line.size()) break;
    if (line[i] == ']') {
      if (At(line, i + 1) != ':') {
        ++i;
      } else if (At(line, i + 2) == '{') {  // ]:{25,587}
        std::size_t j = i + 3;
        for (;;) {
          j = MapPortAt(line, j, ctx, &verdict);
          if (At(line, j) != ',') break;
          ++j;
        }
        i = j;
      } else {
        i = MapPortAt(line, i + 2, ctx, &verdict);
      }
      continue;
    }
    if ((StartsWithAt(line, i + 1, "ort") || StartsWithAt(line, i + 1, "ORT")) &&
        (At(line, i + 4) == ' ' || At(line, i + 4) == '=') && PerlBoundary(line, i)) {
      i = MapPortAt(line, i + 5, ctx, &verdict);
      continue;
    }
    ++i;
  }
  return verdict;
}

// Ephemeral (client-side) port numbers, renumbered stably from 1111, in
// "Port: N" (line start), "(port=N" and the first "[ip]:N" of a line that is
// not a listening / Connecting to / => / -> / *> / == / ** / Connection
// refused / in response to line. Golden daemon ports are left alone.
Verdict RenumberPortAt(std::string& line, std::size_t d, Env& env) {
  std::size_t n = DigitsAt(line, d);
  if (n == 0 || WordAt(line, d + n)) return kKeep;
  std::string digits = line.substr(d, n);
  if (IsGoldenPort(env.ctx, digits)) return kKeep;
  auto& map = env.state.ephemeral_ports;
  auto it = map.find(digits);
  if (it == map.end()) it = map.emplace(digits, std::to_string(env.state.next_port++)).first;
  line.replace(d, n, it->second);
  return Verdict::kChanged;
}

Verdict EphemeralPorts(std::string& line, Env& env) {
  Verdict verdict = kKeep;
  auto renumber = [&](std::size_t d) {
    if (RenumberPortAt(line, d, env) == Verdict::kChanged) verdict = Verdict::kChanged;
  };
  if (StartsWithAt(line, 0, "Port: ")) renumber(6);
  std::size_t p = line.find("(port=");
  if (p != npos) renumber(p + 6);
  std::size_t c = line.find("]:");
  if (c == npos || !IsDigit(At(line, c + 2))) return verdict;
  static constexpr std::string_view kExcluded[] = {
      "listening for SMTP on", "Connecting to", "=>", "->", "*>", "==", "**",
      "Connection refused", "in response to"};
  for (std::string_view ex : kExcluded)
    if (line.find(ex) != npos) return verdict;
  std::size_t open = line.rfind('[', c);
  if (open == npos || open + 1 == c) return verdict;
  for (std::size_t k = open + 1; k < c; ++k)
    if (!IsAlnum(line[k]) && line[k] != ':' && line[k] != '.') return verdict;
  renumber(c + 2);
  return verdict;
}

// CRAM-MD5 challenges: a field (separated by spaces or tabs, real or shown as
// "\t") of at least 8 characters that is strict base64 of
// <alnum.alnum@host> becomes the base64 of RFC 2195's example challenge.
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

Verdict CramChallenge(std::string& line, Env&) {
  static const std::string kFixed =
      fake_dovecot::Base64Encode("<1896.697170952@postoffice.reston.mci.net>");
  Verdict verdict = kKeep;
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
    if (end - i >= 8 &&
        fake_dovecot::Base64Decode(std::string_view(line).substr(i, end - i), &decoded) &&
        IsCramChallenge(decoded)) {
      line.replace(i, end - i, kFixed);
      end = i + kFixed.size();
      verdict = Verdict::kChanged;
    }
    i = end;
  }
  return verdict;
}

// "Library version:" and the indented lines after it (they differ between
// library builds) are dropped; state carried from line to line.
Verdict DropLibraryVersion(std::string& line, Env& env) {
  if (env.state.skipping_indented) {
    if (IsSpace(At(line, 0))) return Verdict::kDrop;
    env.state.skipping_indented = false;
  }
  if (StartsWithAt(line, 0, "Library version:")) {
    env.state.skipping_indented = true;
    return Verdict::kDrop;
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

constexpr std::string_view kDrop = kDropLine;

// Rows are {name, streams, prefilter, pattern, replacement, code, perl,
// not_in_ipv6_test, {{example input, output}, ...}}. Examples are normalised
// with ExampleContext() (host buildhost.example.org, run directory
// /tmp/harness/run/3650, caller alice 1000/1001 in /home/alice, Exim user
// Debian-exim 101/102, ports 43817 -> 1225 and 43818 -> 1226) as the rule's
// first stream (log, rejectlog, paniclog, stdout, stderr, dovecot).
// clang-format off
constexpr Rule kRules[] = {
  // --- paths and names (the run directory first: the host name may be in it)
  {"run-dir", kAll, "${run_dir}", "${run_dir}", "TESTSUITE", nullptr, {}, false,
   {{"spool directory /tmp/harness/run/3650/spool", "spool directory TESTSUITE/spool"}}},
  {"hostname", kAll, "${hostname}", {}, {}, Hostname,
   R"PL(s/(?<![A-Za-z0-9.\-])\Q$ctx{hostname}\E(?![A-Za-z0-9\-])(?!\.[A-Za-z0-9])/the.local.host.name/g;)PL", false,
   {{"connect to buildhost.example.org.", "connect to the.local.host.name."},
    {"sub.buildhost.example.org.uk buildhost.example.org-2", "sub.buildhost.example.org.uk buildhost.example.org-2"}}},
  // Stock binaries are not patched by patchexim, so the version goes by rule.
  {"exim-version", kExim, "xim ", R"(([Ee]xim )\d+\.\d+[\w.-]*(?: #\d+)?)", R"(\1x.yz)", nullptr, {}, false,
   {{"exim 4.97-RC2 daemon started", "exim x.yz daemon started"},
    {"<<< 220 a.b ESMTP Exim 4.96 #2 ok", "<<< 220 a.b ESMTP Exim x.yz ok"}}},
  {"daemon-info-version", kStderr, "daemon(", R"(daemon\(\d+\.\d+[\w.-]*(?: #\d+)?\))", "daemon(x.yz)", nullptr, {}, false,
   {{"daemon(4.96): no queue runs", "daemon(x.yz): no queue runs"}}},
  {"message-id", kExim, "-", {}, {}, MessageIds,
   R"PL(s/(?<![A-Za-z0-9])([A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{2}(?![A-Za-z0-9])|\d[A-Za-z0-9]{5}-[A-Za-z0-9]{11}-[A-Za-z0-9]{4}(?![A-Za-z0-9]))/msgid_repl($1)/ge;)PL", false,
   {{"1qXyzA-000AbC-De <= a@b.c\n1sABCD-000000005vi-0000 <= d@e.f\n1qXyzA-000AbC-De Completed",
     "10HmaX-0005vi-00 <= a@b.c\n10HmaY-0005vi-00 <= d@e.f\n10HmaX-0005vi-00 Completed"},
    {"spool/input/1sABCD-0000000AbCd-EfGh-D x1qXyzA-000AbC-De 1qXyzA-000AbC-Dex",
     "spool/input/10HmaX-0005vi-00-D x1qXyzA-000AbC-De 1qXyzA-000AbC-Dex"}}},
  // The daemon's address-family annotations vary with the host (not in IPv6 tests).
  {"listen-ip-family", kExim, "listening for SMTP", R"(port (\d+) \([^)]+\))", R"(port \1)", nullptr, {}, true,
   {{"listening for SMTP on port 43817 (IPv6 and IPv4)", "listening for SMTP on port 1225"}}},
  {"listen-duplicate-port", kExim, "listening for SMTP", {}, {}, ListenDuplicatePort,
   R"PL(my $pos = 0;
while (($pos = index($_, ' port ', $pos)) >= 0) {
  my $d = $pos + 6;
  if (substr($_, $d) !~ /\A(\d+)/) { $pos = $d; next }
  my $first = ' port ' . $1;
  my $next = $d + length $1;
  substr($_, $next, length $first) = ''
    while substr($_, $next, length $first) eq $first && substr($_, $next + length $first, 1) !~ /\A\w/a;
  $pos = $next;
})PL", true,
   {{"listening for SMTP on port 43817 (IPv6) port 43817 (IPv4)", "listening for SMTP on port 1225"}}},
  {"spa-challenge", kExim, "TlRMTVNTUAACAAAAAAAAAAAoAAABgg", R"(TlRMTVNTUAACAAAAAAAAAAAoAAABgg[\w+/]+)",
   "TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA", nullptr, {}, false,
   {{"SMTP>> 334 TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAxy+z/9", "SMTP>> 334 TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA"}}},
  // --- dates and times
  {"rfc2822-date", kExim, ", ", R"([A-Z][a-z]{2},\s\d{1,2}\s[A-Z][a-z]{2}\s\d{4}\s\d\d:\d\d:\d\d\s[-+]\d{4})",
   "Tue, 2 Mar 1999 09:44:33 +0000", nullptr, {}, false,
   {{"Date: Fri, 27 Nov 2026 22:31:07 -0500", "Date: Tue, 2 Mar 1999 09:44:33 +0000"}}},
  // Log line time stamps, also with milliseconds and a time zone.
  {"log-date", kExim, "^####-##-##", R"(^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(?:\.\d{3})?(?:\s[+-]\d{4})?(\s|$))",
   R"(1999-03-02 09:44:33\1)", nullptr, {}, false,
   {{"2026-11-27 22:31:07.123 +0100 Start queue run", "1999-03-02 09:44:33 Start queue run"},
    {"2026-11-27 22:31:071 x", "2026-11-27 22:31:071 x"}}},
  // log_selector +pid
  {"log-line-pid", kExim, "^1999-03-02 09:44:33 [", R"(^(1999-03-02 09:44:33 \[)\d+\])", R"(\1pppp])", nullptr, {}, false,
   {{"2026-11-27 22:31:07 [4242] Start queue run", "1999-03-02 09:44:33 [pppp] Start queue run"}}},
  // --- the caller (the home directory first: it may contain the login)
  {"caller-home", kExim, "${caller_home}", "${caller_home}", "CALLER_HOME", nullptr, {}, false,
   {{"file=/home/alice/mail/inbox", "file=CALLER_HOME/mail/inbox"}}},
  {"caller-name", kExim, "${caller}", R"(\b${caller}\b)", "CALLER", nullptr, {}, false,
   {{"login=alice name=alice", "login=CALLER name=CALLER"}, {"malice alice2", "malice alice2"}}},
  {"caller-uid", kExim, "uid=${caller_uid}", R"(\b(e?uid=)${caller_uid}\b)", R"(\1CALLER_UID)", nullptr, {}, false,
   {{"uid=1000 euid=1000 uid=10000", "uid=CALLER_UID euid=CALLER_UID uid=uuuu"}}},
  {"caller-gid", kExim, "gid=${caller_gid}", R"(\b(e?gid=)${caller_gid}\b)", R"(\1CALLER_GID)", nullptr, {}, false,
   {{"gid=1001 egid=1001", "gid=CALLER_GID egid=CALLER_GID"}}},
  // --- Exim's user
  {"exim-user", kExim, "${exim_user}", R"((\bU=|user=|login=|Running as: )${exim_user}\b)", R"(\1EXIMUSER)", nullptr, {}, false,
   {{"<= <> R=1 U=Debian-exim P=local", "<= <> R=1 U=EXIMUSER P=local"},
    {"Running as: Debian-exim user=Debian-exim2", "Running as: EXIMUSER user=Debian-exim2"}}},
  {"exim-user-received", kExim, "${exim_user}", "Received: from ${exim_user} ", "Received: from EXIMUSER ", nullptr, {}, false,
   {{"Received: from Debian-exim by buildhost.example.org", "Received: from EXIMUSER by the.local.host.name"}}},
  {"exim-user-address", kExim, "${exim_user}", R"(${exim_user}(@|\.lock\.))", R"(EXIMUSER\1)", nullptr, {}, false,
   {{"Debian-exim@myhost.test.ex Debian-exim.lock.x", "EXIMUSER@myhost.test.ex EXIMUSER.lock.x"}}},
  {"exim-uid", kExim, "uid=${exim_uid}", R"(\b(e?uid=)${exim_uid}\b)", R"(\1EXIM_UID)", nullptr, {}, false,
   {{"uid=101 euid=101", "uid=EXIM_UID euid=EXIM_UID"}}},
  {"exim-gid", kExim, "gid=${exim_gid}", R"(\b(e?gid=)${exim_gid}\b)", R"(\1EXIM_GID)", nullptr, {}, false,
   {{"gid=102 egid=102", "gid=EXIM_GID egid=EXIM_GID"}}},
  // --- other uids, gids and pids
  {"gid", kExim, "gid=", R"(\bgid=\d+)", "gid=gggg", nullptr, {}, false, {{"gid=8 xgid=8", "gid=gggg xgid=8"}}},
  {"egid", kExim, "egid=", R"(\begid=\d+)", "egid=gggg", nullptr, {}, false, {{"egid=10", "egid=gggg"}}},
  {"pid", kExim, "pid", R"(\b(pid=|pid )\d+)", R"(\1pppp)", nullptr, {}, false,
   {{"daemon started: pid=41234, no queue runs", "daemon started: pid=pppp, no queue runs"},
    {"user_id=7 pid 4242", "user_id=7 pid pppp"}}},
  {"pid-upper", kExim, "PID: ", R"(\bPID: \d+)", "PID: pppp", nullptr, {}, false,
   {{"PID: 4242 file: x", "PID: pppp file: x"}}},
  {"uid", kExim, "uid=", R"(\buid=\d+)", "uid=uuuu", nullptr, {}, false, {{"uid=7", "uid=uuuu"}}},
  {"euid", kExim, "euid=", R"(\beuid=\d+)", "euid=uuuu", nullptr, {}, false, {{"euid=9", "euid=uuuu"}}},
  {"set-process-info-pid", kStderr, "set_process_info:", R"(set_process_info:\s+\d+)", "set_process_info: pppp", nullptr, {}, false,
   {{"set_process_info:  4321 handling incoming connection", "set_process_info: pppp handling incoming connection"}}},
  {"filter-pid", kExim, "process ", R"(\bprocess \d+)", "process pppp", nullptr, {}, false,
   {{"process 4242 running as transport filter", "process pppp running as transport filter"}}},
  {"subprocess-pid", kExim, "subprocess ", R"(\bsubprocess \d+)", "subprocess pppp", nullptr, {}, false,
   {{"reading pipe for subprocess 4242 (ended)", "reading pipe for subprocess pppp (ended)"}}},
  {"appendfile-temp-pid", kExim, "test-mail/temp.", R"(\btest-mail/temp\.\d+)", "test-mail/temp.pppp", nullptr, {}, false,
   {{"lock name: test-mail/temp.4242.x", "lock name: test-mail/temp.pppp.x"}}},
  // Crash reports: process_info starts with "%5d ".
  {"crash-pid", kLogs | kStderr, "SIG", R"((SIG[A-Z]+ \() *\d+ )", R"(\1pppp )", nullptr, {}, false,
   {{"SIGSEGV ( 1234 handling incoming connection)", "SIGSEGV (pppp handling incoming connection)"}}},
  {"crash-fault-address", kLogs | kStderr, "SIG", R"((SIG[A-Z]+ \(fault address: 0x)[0-9a-fA-F]+)", R"(\1AAAAAAAA)", nullptr, {}, false,
   {{"SIGBUS (fault address: 0x7ffd1234)", "SIGBUS (fault address: 0xAAAAAAAA)"},
    {"SIGSEGV (fault address: (nil))", "SIGSEGV (fault address: (nil))"}}},
  // 4.98+: the process purpose before the pid ("SIGSEGV (daemon-accept:  1234 handling ...").
  {"crash-purpose-pid", kLogs | kStderr, "SIG", R"((SIG[A-Z]+ \([a-z][a-z-]*: ) *\d+ )", R"(\1pppp )", nullptr, {}, false,
   {{"SIGSEGV (daemon-accept:  1234 handling incoming connection)", "SIGSEGV (daemon-accept: pppp handling incoming connection)"},
    {"SIGSEGV (fault address: (nil))", "SIGSEGV (fault address: (nil))"}}},
  // 4.98+: the frames of the "backtrace" block after a crash (between its "---"
  // lines) hold build paths and ASLR addresses and their number varies with the
  // build: dropped, the header and the "---" lines kept.
  {"crash-backtrace-frame", kLogs, "\t", R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?(?: [-+]\d{4})?(?: \[\w+\])? \t.*\[0x[0-9a-fA-F]+\]$)", kDrop, nullptr, {}, false,
   {{"2026-12-03 12:00:00 backtrace\n2026-12-03 12:00:00 ---\n"
     "2026-12-03 12:00:00 \t/usr/exim/bin/exim(+0x5f1a3) [0x55d0c2a5f1a3]\n"
     "2026-12-03 12:00:00 \t/lib/x86_64-linux-gnu/libc.so.6(__libc_start_main+0x85) [0x7f0e1c829e40]\n"
     "2026-12-03 12:00:00 ---",
     "1999-03-02 09:44:33 backtrace\n1999-03-02 09:44:33 ---\n1999-03-02 09:44:33 ---"},
    {"panic: \t/usr/exim/bin/exim(+0x5f1a3) [0x55d0c2a5f1a3]", "panic: \t/usr/exim/bin/exim(+0x5f1a3) [0x55d0c2a5f1a3]"}}},
  {"daemon-stderr-pid", kStderr, "", {}, {}, DaemonStderrPid,
   R"PL($spid = $1 if /\A(\s*+\d++) (?:listening|LOG: MAIN|daemon_smtp_port overridden by|local_interfaces overridden by)/a;
substr($_, 0, length($spid) + 1) = '' if length $spid && index($_, "$spid ") == 0;)PL", false,
   {{"  4321 listening on all interfaces (IPv4) port 43817\n  4321 LOG: MAIN\n 4321 other",
     "listening on all interfaces (IPv4) port 1225\nLOG: MAIN\n 4321 other"}}},
  {"queue-runner-wait", kStderr, "waiting for children of ", R"(waiting for children of \d+)", "waiting for children of pppp", nullptr, {}, false,
   {{"waiting for children of 4242", "waiting for children of pppp"}}},
  // --- ports
  {"port-map", kExim, "]:|ort |ort=|ORT |ORT=", {}, {}, PortMap,
   R"PL(s{(\]:)(\d++)(?!\w)|(\]:\{)([\d,]*+)|\b([pP](?:ort|ORT)[ =])(\d++)(?!\w)}{
  defined $2 ? $1 . golden($2)
  : defined $3 ? $3 . join(',', map { length($_) ? golden($_) : $_ } split(/,/, $4, -1))
  : $5 . golden($6)
}age if %golden_of;)PL", false,
   {{"port=43817 I=[127.0.0.1]:43818 [::1]:{43817,43818} PORT 43817", "port=1225 I=[127.0.0.1]:1226 [::1]:{1225,1226} PORT 1225"},
    {"support 43817 port 438170 port 43819", "support 43817 port 438170 port 43819"}}},
  {"ephemeral-port", kExim, "Port: |(port=|]:", {}, {}, EphemeralPorts,
   R"PL(renumber_at(6) if index($_, 'Port: ') == 0;
if ((my $p = index($_, '(port=')) >= 0) { renumber_at($p + 6) }
my $c = index($_, ']:');
if ($c >= 0 && substr($_, $c + 2, 1) =~ /\A\d/a
    && !/listening for SMTP on|Connecting to|=>|->|\*>|==|\*\*|Connection refused|in response to/) {
  my $open = rindex($_, '[', $c);
  renumber_at($c + 2)
    if $open >= 0 && $open + 1 != $c && substr($_, $open + 1, $c - $open - 1) =~ /\A[A-Za-z0-9:.]+\z/;
})PL", false,
   {{"from [127.0.0.1]:54321 I=[127.0.0.1]:43817\nfrom [127.0.0.1]:54322\nfrom [127.0.0.1]:54321",
     "from [127.0.0.1]:1111 I=[127.0.0.1]:1225\nfrom [127.0.0.1]:1112\nfrom [127.0.0.1]:1111"},
    {"Connecting to [127.0.0.1]:54999", "Connecting to [127.0.0.1]:54999"}}},
  // --- OS-dependent error texts
  {"errno-cant-assign", kExim, "Can't assign requested address", "Can't assign requested address", "Network Error", nullptr, {}, false,
   {{"connect: Can't assign requested address", "connect: Network Error"}}},
  {"errno-cannot-assign", kExim, "Cannot assign requested address", "Cannot assign requested address", "Network Error", nullptr, {}, false,
   {{"connect: Cannot assign requested address", "connect: Network Error"}}},
  {"errno-op-timed-out", kExim, "Operation timed out", "Operation timed out", "Connection timed out", nullptr, {}, false,
   {{"read: Operation timed out", "read: Connection timed out"}}},
  {"errno-af-not-supported", kExim, "Address family not supported by protocol family",
   "Address family not supported by protocol family", "Network Error", nullptr, {}, false,
   {{"socket: Address family not supported by protocol family", "socket: Network Error"}}},
  {"errno-net-is-unreach", kExim, "Network is unreachable", "Network is unreachable", "Network Error", nullptr, {}, false,
   {{"connect: Network is unreachable", "connect: Network Error"}}},
  {"errno-net-unreach", kExim, "Network unreachable", "Network unreachable", "Network Error", nullptr, {}, false,
   {{"connect: Network unreachable", "connect: Network Error"}}},
  {"errno-invalid-arg", kExim, "Invalid argument", "Invalid argument", "Network Error", nullptr, {}, false,
   {{"bind: Invalid argument", "bind: Network Error"}}},
  {"errno-number-in-parens", kExim, "): ", R"(\(\d+\): (Network|Connection refused|Connection timed out))", R"((dd): \1)", nullptr, {}, false,
   {{"H=[127.0.0.1] Connection refused (111): Connection refused", "H=[127.0.0.1] Connection refused (dd): Connection refused"}}},
  {"errno-equals", kExim, "errno=", R"(\berrno=\d+)", "errno=dd", nullptr, {}, false, {{"failed: errno=111", "failed: errno=dd"}}},
  // --- sizes
  {"message-size", kExim, "S=", R"(([\s,])S=\d+\b)", R"(\1S=sss)", nullptr, {}, false,
   {{"P=local S=1234,S=5 xS=7", "P=local S=sss,S=sss xS=7"}}},
  {"size-parameter", kExim, "SIZE=", R"((\s)SIZE=\d+\b)", R"(\1SIZE=ssss)", nullptr, {}, false,
   {{"MAIL FROM:<a@b> SIZE=1234", "MAIL FROM:<a@b> SIZE=ssss"}, {"250-SIZE 52428800", "250-SIZE 52428800"}}},
  {"debug-size", kStderr, "size=", R"((\s)size=\d+\b)", R"(\1size=sss)", nullptr, {}, false,
   {{"  SMTP data: size=1234 lines=3", "  SMTP data: size=sss lines=3"}}},
  // --- stdout only: -bP lines that only some builds have
  {"stdout-drop-translate-ip", kStdout, "translate_ip_address =", "translate_ip_address =", kDrop, nullptr, {}, false,
   {{"translate_ip_address = x\nkept", "kept"}}},
  {"stdout-drop-classresources", kStdout, "use_classresources", "use_classresources", kDrop, nullptr, {}, false,
   {{"no_use_classresources\nkept", "kept"}}},
  // --- TLS (issue 13): what depends on the TLS library (OpenSSL or GnuTLS)
  // and its version. client-ssl traces OpenSSL's handshake states (upstream
  // runtest drops them too); the log's X= field names the library's cipher.
  {"stdout-drop-ssl-info", kStdout, "^SSL info:", "^SSL info:", kDrop, nullptr, {}, false,
   {{"SSL info: before SSL initialization\nkept", "kept"}}},
  {"log-tls-cipher", kLogs, " X=TLS", R"( X=TLS\S+ )", " X=TLS_proto_and_cipher ", nullptr, {}, false,
   {{"<= a@test.ex H=(xxxx) [127.0.0.1] P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=sss",
     "<= a@test.ex H=(xxxx) [127.0.0.1] P=esmtpsa X=TLS_proto_and_cipher CV=no S=sss"},
    {"P=esmtpsa X=TLS1.3:ECDHE_SECP256R1__ECDSA_SECP256R1_SHA256__AES_256_GCM:256 CV=yes",
     "P=esmtpsa X=TLS_proto_and_cipher CV=yes"}}},
  // The server helper's "Connection request from" with an IPv6 address.
  {"stdout-connection-request-v6", kStdout, "^Connection request from ", R"(^(Connection request from )\[.*:.*:.*\]$)",
   R"(\1[ipv6])", nullptr, {}, false,
   {{"Connection request from [::1]", "Connection request from [ipv6]"}}},
  {"stdout-cram-md5-challenge", kStdout, "^<<< 334 ", {}, {}, CramChallenge, "cram_challenge();", false,
   {{"<<< 334 PDgzNzAyOTUwMTEyNzQ4MTUuMTc2NDI4MjY2N0Bkb3ZlY290Lmhvc3Q+",
     "<<< 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"}}},
  // --- stderr only
  {"stderr-exim-version", kStderr, "^Exim version ", "^Exim version .*", "Exim version x.yz ....", nullptr, {}, false,
   {{"Exim version 4.96 #2 built 02-Jun-2023 10:00:00", "Exim version x.yz ...."}}},
  {"stderr-connection-port", kStderr, "Connection request from 127.0.0.1 port ",
   R"((Connection request from 127\.0\.0\.1 port )\d{1,5}(\D|$))", R"(\1sssss\2)", nullptr, {}, false,
   {{"Connection request from 127.0.0.1 port 54321", "Connection request from 127.0.0.1 port sssss"}}},
  {"stderr-drop-tls-unset", kStderr, "tls_advertise_hosts? no (|hosts_require_tls? no (", R"(in (tls_advertise_hosts|hosts_require_tls)\? no \((option unset|end of list)\))", kDrop, nullptr, {}, false,
   {{"host in tls_advertise_hosts? no (option unset)\nhost in hosts_require_tls? no (end of list)\nkept", "kept"}}},
  {"stderr-drop-aux-groups", kStderr, "auxiliary group list:", "auxiliary group list:", kDrop, nullptr, {}, false,
   {{"  auxiliary group list: 4 24\nkept", "kept"}}},
  {"stderr-drop-gecos", kStderr, "extracted from gecos field", "extracted from gecos field", kDrop, nullptr, {}, false,
   {{"user name \"x\" extracted from gecos field \"x\"\nkept", "kept"}}},
  {"stderr-drop-wait-data", kStderr, "waiting for data on socket", "waiting for data on socket", kDrop, nullptr, {}, false,
   {{"waiting for data on socket\nkept", "kept"}}},
  {"stderr-drop-read-size", kStderr, "read response data: size=", "read response data: size=", kDrop, nullptr, {}, false,
   {{"read response data: size=77\nkept", "kept"}}},
  {"stderr-drop-readline", kStderr, "failed to load readline:", "failed to load readline:", kDrop, nullptr, {}, false,
   {{"failed to load readline: x\nkept", "kept"}}},
  {"stderr-drop-fork", kStderr, "fork", "postfork: | forking for | forked for ", kDrop, nullptr, {}, false,
   {{"postfork: daemon-accept\n 42 forking for queue-runner\nforks kept", "forks kept"}}},
  {"stderr-drop-ocsp", kStderr, "_ocsp? ", R"(_ocsp\? )", kDrop, nullptr, {}, false,
   {{"host in hosts_request_ocsp? yes\nkept", "kept"}}},
  {"stderr-drop-proxy", kStderr, "host in hosts_proxy?", R"(host in hosts_proxy\?)", kDrop, nullptr, {}, false,
   {{"host in hosts_proxy? no (option unset)\nkept", "kept"}}},
  {"stderr-drop-keep-env", kStderr, " in keep_environment? ", R"( in keep_environment\? )", kDrop, nullptr, {}, false,
   {{"PATH in keep_environment? yes\nkept", "kept"}}},
  {"stderr-drop-notifier", kStderr, "unlinking notifier socket", "unlinking notifier socket", kDrop, nullptr, {}, false,
   {{"unlinking notifier socket /x\nkept", "kept"}}},
  // Build-dependent header lines of debug output (runtest 2006: the -bV
  // lines; later builds: lookups, compiler, ...).
  {"stderr-drop-library-version", kStderr, "", {}, {}, DropLibraryVersion,
   R"PL(if ($skipping_indented) {
  next LINE if /\A\s/a;
  $skipping_indented = 0;
}
if (index($_, 'Library version:') == 0) { $skipping_indented = 1; next LINE })PL", false,
   {{"Library version: GnuTLS: Compile: 3.7.9\n                  Runtime: 3.7.9\nkept\n indented kept", "kept\n indented kept"}}},
  {"stderr-drop-build-info", kStderr,
   "^Berkeley DB:|^Probably |^Authenticators:|^Lookups|^Support for:|^Routers:|^Transports:|"
   "^Fixed never_users:|^Size of off_t:|^Compiler:|^Loading lookup modules from|"
   "^WHITELIST_D_MACROS:|^TRUSTED_CONFIG_LIST:|^Reset TZ to|^macros_trusted overridden|^Loaded |^Total ",
   R"(^(Berkeley DB:|Probably |Authenticators:|Lookups:|Lookups \(built-in\):|Support for:|Routers:|Transports:|Fixed never_users:|Size of off_t:|Compiler:|Loading lookup modules from|WHITELIST_D_MACROS:|TRUSTED_CONFIG_LIST:|Reset TZ to|macros_trusted overridden to true by whitelisting|Loaded (.* )?lookup modules|Total (.* )?lookups))",
   kDrop, nullptr, {}, false,
   {{"Support for: crypteq iconv()\nLookups (built-in): lsearch\nLoaded 12 lookup modules\nSupported: kept", "Supported: kept"}}},
  // --- Dovecot wire transcript (tabs real or shown as "\t"); CPID also in Exim's "sent:" debug lines
  {"dovecot-cpid", kDovecot | kStderr, "CPID", R"((\\t|\b)CPID(\t|\\t)\d+\b)", R"(\1CPID\2pppp)", nullptr, {}, false,
   {{"dovecot: sent: CPID\t41235", "dovecot: sent: CPID\tpppp"}}},
  {"dovecot-spid", kDovecot, "SPID", R"((\\t|\b)SPID(\t|\\t)\d+\b)", R"(\1SPID\2pppp)", nullptr, {}, false,
   {{"VERSION\\t1\\t2\\tSPID\\t4242", "VERSION\\t1\\t2\\tSPID\\tpppp"}, {"SPID\\tabc", "SPID\\tabc"}}},
  {"dovecot-cuid", kDovecot, "CUID", R"((\\t|\b)CUID(\t|\\t)\d+\b)", R"(\1CUID\2cccc)", nullptr, {}, false,
   {{"CUID\t17", "CUID\tcccc"}}},
  {"dovecot-cookie", kDovecot, "COOKIE", R"((\\t|\b)COOKIE(\t|\\t)[0-9a-fA-F]{32}\b)",
   R"(\1COOKIE\2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx)", nullptr, {}, false,
   {{"COOKIE\\t0123456789abcdef0123456789ABCDEF", "COOKIE\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
    {"COOKIE\\t0123456789abcdef0123456789abcde", "COOKIE\\t0123456789abcdef0123456789abcde"}}},
  {"dovecot-cram-md5-challenge", kDovecot, "", {}, {}, CramChallenge, "cram_challenge();", false,
   {{"CONT\\t1\\tPDgzNzAyOTUwMTEyNzQ4MTUuMTc2NDI4MjY2N0Bkb3ZlY290Lmhvc3Q+",
     "CONT\\t1\\tPDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"},
    {"CONT\\t1\\tAHVzZXJ4AHNlY3JldA==", "CONT\\t1\\tAHVzZXJ4AHNlY3JldA=="}}},
};
// clang-format on

}  // namespace

RuleTable Rules() { return RuleTable{kRules, sizeof(kRules) / sizeof(kRules[0])}; }

NormaliseContext ExampleContext() {
  NormaliseContext ctx;
  ctx.hostname = "buildhost.example.org";
  ctx.run_dir = "/tmp/harness/run/3650";
  ctx.caller = "alice";
  ctx.caller_uid = 1000;
  ctx.caller_gid = 1001;
  ctx.caller_home = "/home/alice";
  ctx.exim_user = "Debian-exim";
  ctx.exim_uid = 101;
  ctx.exim_gid = 102;
  ctx.ports = {{43817, 1225}, {43818, 1226}};
  return ctx;
}

Stream FirstStream(StreamMask mask) {
  for (Stream s : {Stream::kLog, Stream::kRejectLog, Stream::kPanicLog, Stream::kStdout,
                   Stream::kStderr, Stream::kDovecot, Stream::kMail, Stream::kMsgLog})
    if (mask & MaskOf(s)) return s;
  return Stream::kLog;
}

Prefilter::Prefilter(std::string_view text) {
  if (text.empty()) return;
  if (text.size() > 2 && text[0] == '^' && text[1] == '[' && text.back() == ']') {
    kind_ = Kind::kFirstCharIn;
    chars_ = text.substr(2, text.size() - 3);
    return;
  }
  kind_ = Kind::kAny;
  std::size_t pos = 0;
  for (;;) {
    std::size_t bar = text.find('|', pos);
    std::string_view alt = text.substr(pos, bar == npos ? npos : bar - pos);
    Literal literal;
    literal.anchored = !alt.empty() && alt[0] == '^';
    if (literal.anchored) alt.remove_prefix(1);
    literal.text = std::string(alt);
    for (std::size_t i = 1; i < alt.size(); ++i)
      if (!literal.anchored || (alt[i - 1] != '#' && alt[i] != '#'))
        literal.pairs.Add(static_cast<unsigned char>(alt[i - 1]),
                          static_cast<unsigned char>(alt[i]));
    necessary_ = any_.empty() ? literal.pairs : necessary_.Intersect(literal.pairs);
    any_.push_back(std::move(literal));
    if (bar == npos) break;
    pos = bar + 1;
  }
}

bool ExpandPlaceholders(std::string_view text, const NormaliseContext& ctx,
                        std::string (*quote)(std::string_view), std::string* out) {
  out->clear();
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    if (open == npos) break;
    std::size_t close = text.find('}', open);
    if (close == npos) break;
    out->append(text.substr(pos, open - pos));
    std::string_view name = text.substr(open + 2, close - open - 2);
    std::string value;
    if (name == "run_dir") value = ctx.run_dir;
    else if (name == "hostname") value = ctx.hostname;
    else if (name == "caller") value = ctx.caller;
    else if (name == "caller_home") value = ctx.caller_home;
    else if (name == "caller_uid") value = std::to_string(ctx.caller_uid);
    else if (name == "caller_gid") value = std::to_string(ctx.caller_gid);
    else if (name == "exim_user") value = ctx.exim_user;
    else if (name == "exim_uid") value = std::to_string(ctx.exim_uid);
    else if (name == "exim_gid") value = std::to_string(ctx.exim_gid);
    else if (!UpstreamPlaceholder(name, ctx, &value)) return false;
    if (value.empty()) return false;
    out->append(quote(value));
    pos = close + 1;
  }
  out->append(text.substr(pos));
  return true;
}

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

}  // namespace normalise
}  // namespace harness
