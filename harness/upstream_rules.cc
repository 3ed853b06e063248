// upstream_rules.cc - Exim 4.99.1 runtest's munge() as a rule table.
//
// One row per upstream statement (or per group of statements that only make
// sense together), in upstream's order: the general part (every file), then
// the stdout, stderr, log (mainlog, rejectlog, paniclog, msglog) and mail
// parts. Perl's \K and trailing look-aheads become groups put back by the
// replacement; what RE2 cannot say (look-behind, new_value() renumbering,
// date arithmetic, runtest's extra <IN> reads) is a code rule below. Rows
// whose runtest statement has no /g replace the first match only
// (Rule::global = false). docs/upstream-munges.md lists the differences.
#include "harness/upstream_rules.h"

#include <re2/re2.h>

#include <cctype>
#include <cstdio>
#include <cstring>

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "harness/text.h"

namespace harness {
namespace normalise {
namespace {

constexpr StreamMask kAll = kUpstreamStreams;
constexpr StreamMask kOut = MaskOf(Stream::kStdout);
constexpr StreamMask kErr = MaskOf(Stream::kStderr);
/// runtest's $is_log: mainlog, rejectlog, paniclog and spool/msglog files.
constexpr StreamMask kLogs = MaskOf(Stream::kLog) | MaskOf(Stream::kRejectLog) |
                             MaskOf(Stream::kPanicLog) | MaskOf(Stream::kMsgLog);
constexpr StreamMask kMail = MaskOf(Stream::kMail);
constexpr StreamMask kMainlog = MaskOf(Stream::kLog);
constexpr StreamMask kRejectlog = MaskOf(Stream::kRejectLog);
constexpr std::string_view kDrop = kDropLine;

inline bool text_is_word(char c) { return text::IsWordChar(c); }

RE2::Options Latin1() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  return o;
}

// ---------------------------------------------------------------------------
// new_value(): one %cache per test, shared by every series, as in runtest.

enum class Series { kMsgOld, kMsgNew, kPidP, kPidPlain, kPort, kConn };

std::string NewValue(UpstreamState& st, const std::string& old, Series series) {
  auto it = st.cache.find(old);
  if (it != st.cache.end()) return it->second;
  std::string value;
  switch (series) {
    case Series::kMsgOld:
      value = "10Hm" + st.next_msgid_old + "-0005vi-00";
      st.next_msgid_old = MagicIncrement(st.next_msgid_old);
      break;
    case Series::kMsgNew:
      value = "10Hm" + st.next_msgid + "-000000005vi-0000";
      st.next_msgid = MagicIncrement(st.next_msgid);
      break;
    case Series::kPidP: value = "p" + std::to_string(st.next_pid++); break;
    case Series::kPidPlain: value = std::to_string(st.next_pid++); break;
    case Series::kPort: value = std::to_string(st.next_port++); break;
    case Series::kConn: value = "conn" + std::to_string(st.next_conn++); break;
  }
  st.cache.emplace(old, value);
  return value;
}

// Replaces group \a group of every match of \a re (of the first only if not
// \a global) by what \a make gives for the group's text. \a keep decides,
// from the whole line and the match's start, whether a match counts (for
// look-behinds); a refused match is skipped one byte on.
template <typename Make, typename Keep>
Verdict ReplaceGroup(std::string& line, const RE2& re, int group, bool global, Make make,
                     Keep keep) {
  const int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> m(static_cast<std::size_t>(n) + 1);
  std::string out;
  std::size_t pos = 0, copied = 0;
  bool changed = false;
  while (pos <= line.size()) {
    if (!re.Match(line, pos, line.size(), RE2::UNANCHORED, m.data(), n + 1)) break;
    std::size_t start = static_cast<std::size_t>(m[0].data() - line.data());
    std::size_t end = start + m[0].size();
    if (!keep(line, start)) {
      pos = start + 1;
      continue;
    }
    const re2::StringPiece& g = m[static_cast<std::size_t>(group)];
    if (g.data() != nullptr) {
      std::size_t gs = static_cast<std::size_t>(g.data() - line.data());
      out.append(line, copied, gs - copied);
      out += make(std::string(g.data(), g.size()), m);
      copied = gs + g.size();
      changed = true;
    }
    if (!global) break;
    pos = end > start ? end : end + 1;
  }
  if (!changed) return Verdict::kKeep;
  out.append(line, copied, std::string::npos);
  line = std::move(out);
  return Verdict::kChanged;
}

auto Always() {
  return [](const std::string&, std::size_t) { return true; };
}

template <typename Make>
Verdict Renumber(std::string& line, const RE2& re, int group, bool global, Make make) {
  return ReplaceGroup(line, re, group, global, make, Always());
}

// ---------------------------------------------------------------------------
// Row 0: the lines runtest reads ahead with <IN> inside a construct.

enum Mode {
  kNone = 0,
  kDiagnostic,      // X-Exim-Diagnostic: continuation lines dropped
  kMaildirsize,     // maildirsize data lines -> "ddd d"
  kLibVersion,      // up to two indented lines after "Library version:"
  kDbOpen2,         // the line after EXIM_DBOPEN: file <.../retry>
  kDbOpen3,         // the line after that
  kSkip,            // drop count lines
  kDnsIpv4a,        // the line after " in dns_ipv4_lookup?"
  kDnsIpv4b,        // the one after " list element: *"
  kPipeList,        // "list element:" lines after pipelining_connect_advertise_hosts?
  kLimitsList,      // "list element: !*" lines after limits_advertise_hosts?
  kTlsCipherCond,   // up to "condition: def:sender_address"
  kExpandReceived,  // indented lines after "expanding: Received: "
  kNotify,          // repeated "notify triggered queue run"
  kJoinReceived,    // the line joined to "with $received_protocol}} ..."
  kGnutlsRecv,      // the line after a GnuTLS "(recv):" error
  kFastopen,        // the line after " in hosts_try_fastopen?"
  kTfo,             // the line after a dropped "TFO mode ..." line
  kTfoConnected,    // the line after that one's "connected"
};

// "^$time_pid?\s": an optional debug time and pid, then white space.
const RE2& TimePidSpace() {
  static const RE2 re(R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?\s)", Latin1());
  return re;
}

Verdict Gate(std::string& line, Env& env) {
  UpstreamState& st = env.state.upstream;
  auto done = [&st] { st.mode = kNone; };
  switch (st.mode) {
    case kNone:
      st.held.clear();  // a line restored by kGnutlsRecv is done with
      return Verdict::kKeep;
    case kDiagnostic:
      if (!line.empty() && (line[0] == ' ' || line[0] == '\t' || line[0] == '\f' || line[0] == '\r'))
        return Verdict::kDrop;
      done();
      return Verdict::kKeep;
    case kMaildirsize: {
      static const RE2 re(R"(^\d+ \d+\s*$)", Latin1());
      if (RE2::PartialMatch(line, re)) {
        line = "ddd d";
        return Verdict::kChanged;
      }
      done();
      return Verdict::kKeep;
    }
    case kLibVersion:
      if (st.count > 0 && RE2::PartialMatch(line, TimePidSpace())) {
        if (--st.count == 0) done();
        return Verdict::kDrop;
      }
      done();
      return Verdict::kKeep;
    case kDbOpen2: {
      static const RE2 ok(R"(returned from EXIM_DBOPEN(_MULTI)?: 0x[[:xdigit:]]+$)", Latin1());
      st.mode = RE2::PartialMatch(line, ok) ? kNone : kDbOpen3;
      return Verdict::kDrop;
    }
    case kDbOpen3: {
      static const RE2 nil(R"(returned from EXIM_DBOPEN(_MULTI)?: \(nil\)$)", Latin1());
      done();
      if (RE2::PartialMatch(line, nil)) {
        st.mode = kSkip;
        st.count = 1;
      }
      return Verdict::kDrop;
    }
    case kSkip:
      if (--st.count <= 0) done();
      return Verdict::kDrop;
    case kDnsIpv4a: {
      static const RE2 re(R"( list element: \*$)", Latin1());
      if (RE2::PartialMatch(line, re)) {
        st.mode = kDnsIpv4b;
        return Verdict::kDrop;
      }
      done();
      return Verdict::kKeep;
    }
    case kDnsIpv4b: {
      static const RE2 re(R"( in dns_ipv4_lookup\? yes \(matched "\*"\))", Latin1());
      done();
      return RE2::PartialMatch(line, re) ? Verdict::kDrop : Verdict::kKeep;
    }
    case kPipeList:
    case kLimitsList: {
      static const RE2 pipe(R"(^(>>>)?\s*list element:)", Latin1());
      static const RE2 limits(R"(^(>>>)?\s*list element: !\*$)", Latin1());
      if (RE2::PartialMatch(line, st.mode == kPipeList ? pipe : limits)) return Verdict::kDrop;
      done();
      return Verdict::kKeep;
    }
    case kTlsCipherCond:
      if (line.compare(0, 32, "condition: def:sender_address") != 0 &&
          line.rfind("condition: def:sender_address", 0) != 0)
        return Verdict::kDrop;
      done();
      return Verdict::kKeep;
    case kExpandReceived:
      if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) return Verdict::kDrop;
      done();
      return Verdict::kKeep;
    case kNotify:
      if (line.find("notify triggered queue run") != std::string::npos) return Verdict::kDrop;
      done();
      return Verdict::kKeep;
    case kJoinReceived: {
      static const RE2 re("[\\s\xE2\x95\x8E]+\\}\\}(\\(Exim )", Latin1());
      line = st.held + line;
      st.held.clear();
      done();
      RE2::Replace(&line, re, "}} \\1");
      return Verdict::kChanged;
    }
    case kGnutlsRecv: {
      static const RE2 re(R"((TLS session: )error on first read:)", Latin1());
      done();
      if (line.find("error on first read") != std::string::npos) {
        RE2::Replace(&line, re, "\\1(gnutls_handshake): A TLS fatal alert has been received.:");
        st.held.clear();
      } else {
        // runtest goes on with the held line (not from the top: the
        // trigger does not fire again) and loses the one it read ahead.
        line = st.held;
      }
      return Verdict::kChanged;
    }
    case kFastopen: {
      static const RE2 re(R"(list element:\s*$)", Latin1());
      done();
      return RE2::PartialMatch(line, re) ? Verdict::kDrop : Verdict::kKeep;
    }
    case kTfo:
      // runtest reads the line after "TFO mode ..." in its place; a
      // "connected" gets the line after it appended and looked at.
      if (line == "connected") {
        st.mode = kTfoConnected;
        return Verdict::kKeep;
      }
      done();
      return Verdict::kKeep;
    case kTfoConnected: {
      static const RE2 refused(R"(^\s+SMTP(\(close\)>>|\(Connection refused\)<<)$)", Latin1());
      static const RE2 size(R"(^read response data: size=)", Latin1());
      done();
      if (RE2::PartialMatch(line, size)) return Verdict::kDrop;  // "connected" alone stays
      if (RE2::PartialMatch(line, refused)) {
        // runtest: "failed: Connection refused" instead of both lines; the
        // "connected" before it is already out here (docs/upstream-munges.md).
        line = "failed: Connection refused";
        return Verdict::kChanged;
      }
      return Verdict::kKeep;
    }
  }
  return Verdict::kKeep;
}

// Starts construct \a mode and drops the current line.
Verdict StartDrop(Env& env, int mode, int count = 0) {
  env.state.upstream.mode = mode;
  env.state.upstream.count = count;
  return Verdict::kDrop;
}

// ---------------------------------------------------------------------------
// Code rules, in table order.

// A new_value() rule: group 1 of every match of kPattern (of the first only
// unless kGlobal) becomes the next value of kSeries (or its cached one).
template <const char* kPattern, Series kSeries, bool kGlobal>
Verdict RenumberRule(std::string& line, Env& env) {
  static const RE2 re(kPattern, Latin1());
  return Renumber(line, re, 1, kGlobal, [&](const std::string& old, auto&) {
    return NewValue(env.state.upstream, old, kSeries);
  });
}

// A line that starts a read-ahead construct: dropped, and the gate handles
// the lines runtest reads after it (mode kMode, kCount lines).
template <const char* kPattern, int kMode, int kCount>
Verdict DropAndStart(std::string& line, Env& env) {
  static const RE2 re(kPattern, Latin1());
  if (!RE2::PartialMatch(line, re)) return Verdict::kKeep;
  return StartDrop(env, kMode, kCount);
}

constexpr char kMsgIdOld[] = R"((\d[[:alnum:]]{5}-[[:alnum:]]{6}-[[:alnum:]]{2}))";
constexpr char kMsgIdNew[] = R"((\d[[:alnum:]]{5}-[[:alnum:]]{11}-[[:alnum:]]{4}))";
constexpr char kPidWords[] = R"(\b(?:pid=|pid\s|PID:\s|Process\s|child\s)(\d+))";
constexpr char kConnectionIndex[] = R"( Ci=(\d+))";
constexpr char kPortLine[] = R"(^Port: (\d+))";
constexpr char kPortParen[] = R"(\(port=(\d+))";
constexpr char kConnectionId[] = R"(connection_id: (\d+)$)";
constexpr char kDbOpenRetry[] = R"(EXIM_DBOPEN(_MULTI)?: file <.*spool/db/retry>)";
constexpr char kFinalCloseRetry[] = R"(final close of cached retry db$)";
constexpr char kTlsValidateCipher[] = R"(^changed uid/gid: calling tls_validate_require_cipher)";
constexpr char kDnsIpv4Lookup[] = R"( in dns_ipv4_lookup\?$)";
constexpr char kAaaaNoData[] = R"(DNS lookup of \S+ \(AAAA\) gave NO_DATA)";
constexpr char kTlsInVerCondition[] = R"(condition: def:tls_in_ver$)";
constexpr char kPipeConnectHosts[] = R"(^(>>>)?\s*host in pipelining_connect_advertise_hosts\?$)";
constexpr char kLimitsHosts[] = R"(^((>>>)?\s*host)? in limits_advertise_hosts\?$)";
constexpr char kFastopenHosts[] = R"( in hosts_try_fastopen\?$)";
constexpr char kTfoMode[] =
    R"(^[0-9: ]* .*TFO mode (sendto, no data: EINPROGRESS|connection attempt to [^,]+, 0 data)$)";
constexpr char kDbClose[] = R"(EXIM_DBCLOSE)";
constexpr char kDiagnosticStart[] = R"(^X-Exim-Diagnostic:)";
constexpr char kOptionalDsnInfoStart[] = R"(^(X-(Remote-MTA-(smtp-greeting|helo-response)|Exim-Diagnostic|(body|message)-linecount):|Remote-MTA: X-ip;))";
constexpr char kLibraryVersion[] = R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?\s?Library version:)";


Verdict ListeningFamily(std::string& line, Env& env) {
  static const RE2 cond(R"(listening for SMTP(S?) on port)", Latin1());
  static const RE2 re(R"(port (\d+) \([^)]+\))", Latin1());
  if (env.ctx.ipv6_test || !RE2::PartialMatch(line, cond)) return Verdict::kKeep;
  return RE2::GlobalReplace(&line, re, "port \\1") > 0 ? Verdict::kChanged : Verdict::kKeep;
}

// "dd-Mon-yyyy hh:mm:ss" -> seconds (local time, as runtest's timelocal).
long DateSeconds(const std::string& d) {
  static const char* kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::tm tm{};
  tm.tm_mday = std::stoi(d.substr(0, 2));
  std::string mon = d.substr(3, 3);
  const char* hit = std::strstr(kMonths, mon.c_str());
  tm.tm_mon = hit ? static_cast<int>(hit - kMonths) / 3 : 0;
  tm.tm_year = std::stoi(d.substr(7, 4)) - 1900;
  tm.tm_hour = std::stoi(d.substr(12, 2));
  tm.tm_min = std::stoi(d.substr(15, 2));
  tm.tm_sec = std::stoi(d.substr(18, 2));
  tm.tm_isdst = -1;
  return static_cast<long>(std::mktime(&tm));
}

// Dumpdb time lines: "date1  date2  date3 [*]".
Verdict DumpdbTimes(std::string& line, Env&) {
  static const std::string kDate = R"(\d{2}-\w{3}-\d{4}\s\d{2}:\d{2}:\d{2})";
  static const RE2 re("^(" + kDate + R"()\s+()" + kDate + R"()\s+()" + kDate + R"()(\s+\*)?\s*$)",
                      Latin1());
  std::string d1, d2, d3, expired;
  if (!RE2::FullMatch(line, re, &d1, &d2, &d3, &expired)) return Verdict::kKeep;
  long increment = DateSeconds(d3) - DateSeconds(d2) + 1;
  if (increment == 0) increment = 2;
  increment = (increment >> 1) << 1;
  line = "first failed = time last try = time2 next try = time2 + " + std::to_string(increment) +
         expired;
  return Verdict::kChanged;
}

Verdict RetryTimes(std::string& line, Env&) {
  static const RE2 re(R"(^(.+)first failed=(\d+) last try=(\d+) next try=(\d+) (.*)$)", Latin1());
  std::string a, ff, last, next, rest;
  if (!RE2::FullMatch(line, re, &a, &ff, &last, &next, &rest)) return Verdict::kKeep;
  long diff = std::stol(next) - std::stol(last);
  line = a + "first failed=dddd last try=dddd next try=+" + std::to_string(diff) + " " + rest;
  return Verdict::kChanged;
}

// Optional pid in log lines: runtest's new_value() key is the whole " [4711]"
// group (so it never meets a pid cached from "pid=4711"); the value goes
// back as " [1235]".
Verdict LogLinePid(std::string& line, Env& env) {
  static const RE2 re(R"(^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(?:\.\d{3}|)(?:\s[+-]\d{4}|)(\s\[\d+\]))",
                      Latin1());
  return Renumber(line, re, 1, false, [&](const std::string& group, auto&) {
    return " [" + NewValue(env.state.upstream, group, Series::kPidPlain) + "]";
  });
}

// Optional pid in syslog lines: the key is "[4711] " and the space after it
// is lost, as in runtest ("$1[" . new_value($4, ...) . "]").
Verdict SyslogPid(std::string& line, Env& env) {
  static const RE2 re(R"(^SYSLOG:\s'(?:[-0-9]{10}\s[:.0-9]{8,12}\s(?:[-+]\d{4}\s)?|)(\[\d+\] ))",
                      Latin1());
  return Renumber(line, re, 1, false, [&](const std::string& group, auto&) {
    return "[" + NewValue(env.state.upstream, group, Series::kPidPlain) + "]";
  });
}

// $spid = $1 if /^(\s*\d+) (?:listening|LOG: MAIN|...)/; s/^$spid //;
Verdict DaemonPid(std::string& line, Env& env) {
  static const RE2 re(
      R"(^(\s*\d+) (?:listening|LOG: MAIN|(?:daemon_smtp_port|local_interfaces) overridden by))",
      Latin1());
  std::string pid;
  if (RE2::PartialMatch(line, re, &pid)) env.state.spid = pid;
  const std::string& spid = env.state.spid;
  if (!spid.empty() && line.size() > spid.size() && line.compare(0, spid.size(), spid) == 0 &&
      line[spid.size()] == ' ') {
    line.erase(0, spid.size() + 1);
    return Verdict::kChanged;
  }
  return Verdict::kKeep;
}

// s/(\[${re_ip}\]:)(\d+)/$1.new_value($2,"%s",\$next_port)/ie unless (...)
Verdict BracketPort(std::string& line, Env& env) {
  static const RE2 skip(
      R"(listening for SMTP on|Connecting to|[=*-]>|==|\*\*|Connection refused|in response to|T(?:ransport)?:)",
      Latin1());
  static const RE2 re(
      R"((\[(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[[:xdigit:]]{1,4}:){0,7}[[:xdigit:]]{1,4}(?:::(?:[[:xdigit:]]{1,4}:){0,5}[[:xdigit:]]{1,4})?)\]:)(\d+))",
      Latin1());
  if (RE2::PartialMatch(line, skip)) return Verdict::kKeep;
  return Renumber(line, re, 2, false, [&](const std::string& p, auto&) {
    return NewValue(env.state.upstream, p, Series::kPort);
  });
}

// s/(^|\W)\K\Q$value\E/.../g: the value not preceded by a word character.
Verdict NotAfterWord(std::string& line, const std::string& value, const char* replacement) {
  if (value.empty()) return Verdict::kKeep;
  std::size_t pos = 0;
  bool changed = false;
  std::string repl(replacement);
  while ((pos = line.find(value, pos)) != std::string::npos) {
    if (pos > 0 && text_is_word(line[pos - 1])) {
      ++pos;
      continue;
    }
    line.replace(pos, value.size(), repl);
    pos += repl.size();
    changed = true;
  }
  return changed ? Verdict::kChanged : Verdict::kKeep;
}

std::string Ipv6Stripped(const std::string& v6) { return v6.substr(0, v6.find('%')); }

std::string Ipv6Reverse(const std::string& v6) {
  if (v6.empty() || !std::isxdigit(static_cast<unsigned char>(v6[0]))) return v6;
  std::vector<std::string> nibbles;
  std::string s = Ipv6Stripped(v6);
  std::size_t pos = 0;
  char buf[16];
  for (;;) {
    std::size_t colon = s.find(':', pos);
    std::string comp = s.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
    unsigned long v = comp.empty() ? 0 : std::stoul(comp, nullptr, 16);
    std::snprintf(buf, sizeof buf, "%lx", v >> 8);
    nibbles.push_back(buf);
    std::snprintf(buf, sizeof buf, "%lx", v & 0xff);
    nibbles.push_back(buf);
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  std::string out;
  for (auto it = nibbles.rbegin(); it != nibbles.rend(); ++it) {
    if (!out.empty()) out += '.';
    out += *it;
  }
  return out;
}

Verdict Ipv6Address(std::string& line, Env& env) {
  return NotAfterWord(line, env.ctx.ipv6, "ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6");
}
Verdict Ipv6Stripped(std::string& line, Env& env) {
  return NotAfterWord(line, Ipv6Stripped(env.ctx.ipv6), "ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6");
}
Verdict Ipv6Reverse(std::string& line, Env& env) {
  if (env.ctx.ipv6.empty()) return Verdict::kKeep;
  return NotAfterWord(line, Ipv6Reverse(env.ctx.ipv6), "ip6-reverse");
}

// s/(\b|_)\Q$v4net\E(?=\.\d+\.\d+\.\d+\b|_|\.rbl|\.in-addr|\.test\.again\.dns)/$1V4NET/g
Verdict V4Net(std::string& line, Env& env) {
  if (env.ctx.ipv4_test_net.empty()) return Verdict::kKeep;
  static const RE2 after(R"(^(?:\.\d+\.\d+\.\d+\b|_|\.rbl|\.in-addr|\.test\.again\.dns))", Latin1());
  const std::string& net = env.ctx.ipv4_test_net;
  std::size_t pos = 0;
  bool changed = false;
  while ((pos = line.find(net, pos)) != std::string::npos) {
    bool before_ok = pos == 0 || line[pos - 1] == '_' ||
                     text_is_word(line[pos - 1]) != text_is_word(net[0]);
    re2::StringPiece rest(line.data() + pos + net.size(), line.size() - pos - net.size());
    if (!before_ok || !RE2::PartialMatch(rest, after)) {
      ++pos;
      continue;
    }
    line.replace(pos, net.size(), "V4NET");
    pos += 5;
    changed = true;
  }
  return changed ? Verdict::kChanged : Verdict::kKeep;
}

// s/\b\Q$v6net\E(?=:[\da-f]+:[\da-f]+:[\da-f]+)/V6NET/gi
Verdict V6Net(std::string& line, Env& env) {
  if (env.ctx.ipv6_test_net.empty()) return Verdict::kKeep;
  static const RE2 after(R"(^(?i):[\da-f]+:[\da-f]+:[\da-f]+)", Latin1());
  std::string lower = line, net = env.ctx.ipv6_test_net;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : net) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t pos = 0;
  bool changed = false;
  while ((pos = lower.find(net, pos)) != std::string::npos) {
    bool boundary = pos == 0 || text_is_word(lower[pos - 1]) != text_is_word(net[0]);
    re2::StringPiece rest(line.data() + pos + net.size(), line.size() - pos - net.size());
    if (!boundary || !RE2::PartialMatch(rest, after)) {
      ++pos;
      continue;
    }
    line.replace(pos, net.size(), "V6NET");
    lower.replace(pos, net.size(), "V6NET");
    pos += 5;
    changed = true;
  }
  return changed ? Verdict::kChanged : Verdict::kKeep;
}

Verdict LsOutput(std::string& line, Env&) {
  static const RE2 re(R"(^([-d](?:[-r][-w][-SsTtx]){3})[.+@]?( +|$))", Latin1());
  static const RE2 spaces(" +", Latin1());
  if (!RE2::Replace(&line, re, "\\1\\2")) return Verdict::kKeep;
  RE2::GlobalReplace(&line, spaces, " ");
  return Verdict::kChanged;
}

// s/sum=(?!0)\d+/sum=dddd/
Verdict SumNotZero(std::string& line, Env&) {
  static const RE2 re(R"(sum=([1-9]\d*))", Latin1());
  return RE2::Replace(&line, re, "sum=dddd") ? Verdict::kChanged : Verdict::kKeep;
}

// s/(?<=sum=dddd )count=\d+\b/count=dd/; s/(?<=sum=0 )count=\d+\b/count=dd/;
Verdict SumCount(std::string& line, Env&) {
  static const RE2 re_d(R"((sum=dddd )count=\d+\b)", Latin1());
  static const RE2 re_0(R"((sum=0 )count=\d+\b)", Latin1());
  bool a = RE2::Replace(&line, re_d, "\\1count=dd");
  bool b = RE2::Replace(&line, re_0, "\\1count=dd");
  return a || b ? Verdict::kChanged : Verdict::kKeep;
}

Verdict Maildirsize(std::string& line, Env& env) {
  static const RE2 re(R"(^\d+S,\d+C\s*$)", Latin1());
  if (!RE2::PartialMatch(line, re)) return Verdict::kKeep;
  env.state.upstream.mode = kMaildirsize;
  return Verdict::kKeep;
}

// s/^\s*(\d{4,})\s(?!(?:previous message|in\s|bytes remain in|SMTP accept process running))/.../e
Verdict LeadingPid(std::string& line, Env& env) {
  static const RE2 re(R"(^\s*(\d{4,})\s)", Latin1());
  static const RE2 not_after(R"(^(?:previous message|in\s|bytes remain in|SMTP accept process running))",
                             Latin1());
  re2::StringPiece m[2];
  if (!re.Match(line, 0, line.size(), RE2::ANCHOR_START, m, 2)) return Verdict::kKeep;
  std::size_t end = static_cast<std::size_t>(m[0].data() - line.data()) + m[0].size();
  re2::StringPiece rest(line.data() + end, line.size() - end);
  if (RE2::PartialMatch(rest, not_after)) return Verdict::kKeep;
  std::string pid(m[1].data(), m[1].size());
  line = NewValue(env.state.upstream, pid, Series::kPidP) + " " + line.substr(end);
  return Verdict::kChanged;
}

// $re = "<[:;].* ": if (/<[:;] /) { s/(?<!p)$parm_port_x/PORT_X/g; ... }
Verdict ResponsePorts(std::string& line, Env& env) {
  if (line.find("<: ") == std::string::npos && line.find("<; ") == std::string::npos)
    return Verdict::kKeep;
  const std::pair<int, const char*> ports[] = {
      {env.ctx.port_d, "PORT_D"},   {env.ctx.port_d2, "PORT_D2"}, {env.ctx.port_d3, "PORT_D3"},
      {env.ctx.port_d4, "PORT_D4"}, {env.ctx.port_s, "PORT_S"},   {env.ctx.port_n, "PORT_N"}};
  bool changed = false;
  for (const auto& [port, name] : ports) {
    if (port == 0) continue;
    std::string digits = std::to_string(port);
    std::size_t pos = 0;
    while ((pos = line.find(digits, pos)) != std::string::npos) {
      if (pos > 0 && line[pos - 1] == 'p') {
        ++pos;
        continue;
      }
      line.replace(pos, digits.size(), name);
      pos += std::string_view(name).size();
      changed = true;
    }
  }
  return changed ? Verdict::kChanged : Verdict::kKeep;
}

Verdict LocalhostV6Note(std::string& line, Env&) {
  if (line.find("looked up these IP addresses") == std::string::npos) return Verdict::kKeep;
  line = "MUNGED: ::1 will be omitted in what follows\n" + line;
  return Verdict::kChanged;
}

Verdict TlsCipherCondition(std::string& line, Env& env) {
  if (line.rfind("condition: def:tls_cipher", 0) == 0) return StartDrop(env, kTlsCipherCond);
  if (line.rfind("expanding: Received: ", 0) == 0) return StartDrop(env, kExpandReceived);
  return Verdict::kKeep;
}

Verdict NotifyQueueRun(std::string& line, Env& env) {
  if (line.find("notify triggered queue run") == std::string::npos) return Verdict::kKeep;
  env.state.upstream.mode = kNotify;
  return Verdict::kKeep;
}

// s/(?<!lsearch)[^ ](?=TESTSUITE/aux-fixed/(?:0414.list[12]|0464.domains)$)/0/
Verdict LookupTypeChar(std::string& line, Env&) {
  static const RE2 re(R"(([^ ])(TESTSUITE/aux-fixed/(?:0414.list[12]|0464.domains))$)", Latin1());
  re2::StringPiece m[3];
  if (!re.Match(line, 0, line.size(), RE2::UNANCHORED, m, 3)) return Verdict::kKeep;
  std::size_t at = static_cast<std::size_t>(m[1].data() - line.data());
  if (at >= 7 && line.compare(at - 7, 7, "lsearch") == 0) return Verdict::kKeep;
  line[at] = '0';
  return Verdict::kChanged;
}

Verdict ReceivedTlsCipher(std::string& line, Env& env) {
  static const RE2 re(R"((with \$received_protocol)\}\} \$\{if def:tls_cipher \{\(\$tls_cipher\)$)",
                      Latin1());
  std::string copy = line;
  if (!RE2::Replace(&copy, re, "\\1")) return Verdict::kKeep;
  env.state.upstream.held = copy;
  return StartDrop(env, kJoinReceived);
}

Verdict TlsCipherTree(std::string& line, Env& env) {
  if (line != " \xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80" "condition: def:tls_cipher") return Verdict::kKeep;
  return StartDrop(env, kSkip, 11);
}

// s/^(\d\d:\d\d:\d\d(?:\.\d{3})?\s+)(\d+)/$1 . new_value($2, "p%s", \$next_pid) . " "/mgxe
Verdict DebugTimePid(std::string& line, Env& env) {
  static const RE2 re(R"(^(\d\d:\d\d:\d\d(?:\.\d{3})?\s+)(\d+))", Latin1());
  return Renumber(line, re, 2, false, [&](const std::string& pid, auto&) {
    return NewValue(env.state.upstream, pid, Series::kPidP) + " ";
  });
}

// s/(?<!post-)[Pp]rocess\K(\s\d+ )/new_value($1, "p%s", \$next_pid) . " "/gxe
// (the cache key keeps the white space and the trailing space).
Verdict ProcessPid(std::string& line, Env& env) {
  static const RE2 re(R"([Pp]rocess(\s\d+ ))", Latin1());
  return ReplaceGroup(
      line, re, 1, true,
      [&](const std::string& pid, auto&) {
        return NewValue(env.state.upstream, pid, Series::kPidP) + " ";
      },
      [](const std::string& l, std::size_t start) {
        return !(start >= 5 && l.compare(start - 5, 5, "post-") == 0);
      });
}

Verdict LogEphemeralPort(std::string& line, Env& env) {
  // runtest passes $0 (its own name), not the port, to new_value(): every
  // such port becomes the one value cached for "$0".
  static const RE2 re(R"(I=\[[^\]]*\]:(\d+))", Latin1());
  return Renumber(line, re, 1, false, [&](const std::string&, auto&) {
    return NewValue(env.state.upstream, "$0", Series::kPort);
  });
}

Verdict GnutlsRecvError(std::string& line, Env& env) {
  static const RE2 re(
      R"(TLS error on connection \(recv\): .* (Decode error|peer did not send any certificate))",
      Latin1());
  if (!env.state.upstream.held.empty() || !RE2::PartialMatch(line, re)) return Verdict::kKeep;
  env.state.upstream.held = line;
  return StartDrop(env, kGnutlsRecv);
}

Verdict LogDkimTimes(std::string& line, Env&) {
  static const RE2 re(R"((DKIM: d=.*) t=([0-9]*) x=([0-9]*) \[)", Latin1());
  static const RE2 sub(R"(DKIM: d=.* t=[0-9]* x=[0-9]* )", Latin1());
  static const RE2 only_t(R"((DKIM: d=.* )t=[0-9]* \[)", Latin1());
  std::string prefix, t, x;
  if (RE2::PartialMatch(line, re, &prefix, &t, &x)) {
    long diff = (x.empty() ? 0 : std::stol(x)) - (t.empty() ? 0 : std::stol(t));
    std::string repl = prefix + " t=T x=T+" + std::to_string(diff) + " ";
    std::string escaped;
    for (char c : repl) {
      if (c == '\\') escaped += '\\';
      escaped += c;
    }
    return RE2::Replace(&line, sub, escaped) ? Verdict::kChanged : Verdict::kKeep;
  }
  return RE2::Replace(&line, only_t, "\\1t=T [") ? Verdict::kChanged : Verdict::kKeep;
}

Verdict MailDkimTimes(std::string& line, Env& env) {
  static const RE2 tx(R"(^(\s+)t=([0-9]*); x=([0-9]*); b=[A-Za-z0-9+/]+$)", Latin1());
  static const RE2 t(R"(^(\s+)t=([0-9]*); b=[A-Za-z0-9+/]+$)", Latin1());
  std::string indent, ts, xs;
  if (RE2::FullMatch(line, tx, &indent, &ts, &xs)) {
    long diff = (xs.empty() ? 0 : std::stol(xs)) - (ts.empty() ? 0 : std::stol(ts));
    line = indent + "t=T; x=T+" + std::to_string(diff) + "; b=bbbb;";
  } else if (RE2::FullMatch(line, t, &indent, &ts)) {
    line = indent + "t=T; b=bbbb;";
  } else {
    return Verdict::kKeep;
  }
  env.state.upstream.mode = kSkip;
  env.state.upstream.count = 2;
  return Verdict::kChanged;
}

// The TLS cipher rows with a look-behind (?<!X) and maybe a final (?!:):
// RE2 finds the match, the code refuses it when X precedes it (or ':'
// follows it, if kNoColonAfter).
template <const char* kPattern, const char* kRewrite, const char* kNotAfter, bool kGlobal,
          bool kNoColonAfter>
Verdict NotAfter(std::string& line, Env&) {
  static const RE2 re(kPattern, Latin1());
  const std::string_view not_after(kNotAfter);
  return ReplaceGroup(
      line, re, 0, kGlobal,
      [&](const std::string& whole, auto&) {
        std::string out = whole;
        RE2::Replace(&out, re, kRewrite);
        return out;
      },
      [&](const std::string& l, std::size_t start) {
        if (!not_after.empty() && start >= not_after.size() &&
            l.compare(start - not_after.size(), not_after.size(), not_after) == 0)
          return false;
        if (kNoColonAfter) {
          re2::StringPiece whole[1];
          if (re.Match(l, start, l.size(), RE2::ANCHOR_START, whole, 1)) {
            std::size_t end = start + whole[0].size();
            if (end < l.size() && l[end] == ':') return false;
          }
        }
        return true;
      });
}

constexpr char kCipherA[] = R"(((EC)?DHE-)?(RSA|ECDSA)-AES(128|256)-(GCM-SHA(256|384)|SHA))";
constexpr char kCipherARw[] = R"(ke-\3-AES256-SHAnnn)";
constexpr char kCipherB[] = R"(((EC)?DHE-)?(RSA|ECDSA)-AES(128|256)-(GCM-SHA(256|384)|SHA):(128|256))";
constexpr char kCipherBRw[] = R"(ke-\3-AES256-SHAnnn:xxx)";
constexpr char kKeDash[] = "ke-";
constexpr char kDash[] = "-";
constexpr char kTls13[] = R"(TLS_AES(_256)?_GCM_SHA384)";
constexpr char kTls13Rw[] = "ke-RSA-AES256-SHAnnn";
constexpr char kLibreAes[] = R"((AES256-GCM-SHA384))";
constexpr char kLibreAesRw[] = R"(RSA-\1)";
constexpr char kCipherC[] = R"(((EC)?DHE-)?(RSA|ECDSA)-(AES256|CHACHA20)-(GCM-SHA384|POLY1305))";
constexpr char kCipherD[] = R"(((EC)?DHE-)?(RSA|ECDSA)-(AES256|CHACHA20)-(GCM-SHA384|POLY1305):256)";
constexpr char kNothing[] = "";

// The GnuTLS cipher-suite rewrite (named groups psk, auth, with).
Verdict GnutlsCipher(std::string& line, Env&) {
  static const RE2 re(
      R"(TLS1.[x0123](-PKIX)?:((EC)?DHE(_((PSK)_)?((RSA|ECDSA)_)?(SECP(256|521)R1|X25519))?__?)?((RSA|ECDSA)((_PSS_RSAE)?_SHA(512|256))?__?)?(WITH_)?AES_(256|128)_(CBC|GCM)(__?AEAD)?(__?SHA(1|256|384))?:(256|128))",
      Latin1());
  // groups: 6 = psk, 8 = auth (key exchange), 12 = auth, 16 = with
  return ReplaceGroup(
      line, re, 0, true,
      [&](const std::string& whole, auto&) {
        std::string psk, auth1, auth2, with;
        re2::StringPiece g[23];
        re.Match(whole, 0, whole.size(), RE2::ANCHOR_BOTH, g, 23);
        if (g[6].data()) psk = std::string(g[6]);
        if (g[8].data()) auth1 = std::string(g[8]);
        if (g[12].data()) auth2 = std::string(g[12]);
        if (g[16].data()) with = std::string(g[16]);
        // $+{auth}: the leftmost defined group of that name.
        std::string auth = !auth1.empty() ? auth1 : auth2;
        return "TLS1.x:ke-" + psk + auth + with + "-AES256-SHAnnn:xxx";
      },
      Always());
}


// if ($rmfiltertest) { next if /^(Sender\staken\sfrom|...)/x; ... }
Verdict RmFilterTestHeaders(std::string& line, Env& env) {
  static const RE2 re(R"(^(Sender\staken\sfrom|Return-path\scopied\sfrom|Sender\s+=|Recipient\s+=))", Latin1());
  if (!env.ctx.rmfiltertest || !RE2::PartialMatch(line, re)) return Verdict::kKeep;
  return Verdict::kDrop;
}

// if (/^Testing \S+ filter/) { $_ = <IN>; next; }: this line and the next.
Verdict RmFilterTestTesting(std::string& line, Env& env) {
  static const RE2 re(R"(^Testing \S+ filter)", Latin1());
  if (!env.ctx.rmfiltertest || !RE2::PartialMatch(line, re)) return Verdict::kKeep;
  return StartDrop(env, kSkip, 1);
}

// ---------------------------------------------------------------------------
// The table. Columns: name, streams, prefilter, pattern, replacement (or
// kDrop), global (false = Perl without /g), code, examples.

struct Row {
  std::string_view name;
  StreamMask streams;
  std::string_view prefilter;
  std::string_view pattern;
  std::string_view replacement;
  bool global;
  Code code;
  Example example;
  Example example2 = {};
};

constexpr bool G = true;   // s///g
constexpr bool O = false;  // s/// (first match)

// clang-format off
constexpr Row kRows[] = {
  {"read-ahead-gate", kAll, "", {}, {}, O, Gate,
   {"2017-07-30 18:51:05 TLS error on connection (recv): x Decode error\n2017-07-30 18:51:05 other\nkept",
    "1999-03-02 09:44:33 TLS error on connection (recv): x Decode error\nkept"}},
  // ======== every file ========
  // SHELL (a path in the run directory) first, then the run directory,
  // then the host name (runtest: host name, SHELL, directory): our run
  // directory's name is random, and a short host name may occur in it.
  {"env-shell", kAll, "${shell}", R"(\s${shell}\b)", " ENV_SHELL", O, nullptr,
   {"  SHELL /home/exim/test/aux-var/sh", "  SHELL ENV_SHELL"},
   {"SHELL=/bin/sh", "SHELL=/bin/sh"}},
  {"testsuite-dir", kAll, "${run_dir}", "${run_dir}", "TESTSUITE", G, nullptr,
   {"  at line 204 of /home/exim/test/test-config", "  at line 204 of TESTSUITE/test-config"}},
  {"hostname", kAll, "${hostname}", "${hostname}", "the.local.host.name", G, nullptr,
   {"Received: from exim.example.net ([127.0.0.1])", "Received: from the.local.host.name ([127.0.0.1])"}},
  {"localhost-name", kAll, "name=the.local.host address=127.0.0.1", R"(name=the\.local\.host address=127\.0\.0\.1)",
   "name=localhost address=127.0.0.1", G, nullptr,
   {"  name=the.local.host address=127.0.0.1", "  name=localhost address=127.0.0.1"}},
  {"message-id-old", kAll, "-", {}, {}, G, RenumberRule<kMsgIdOld, Series::kMsgOld, true>,
   {"2017-07-30 18:51:05 1dRl4h-0000JB-Mv <= CALLER@test.ex", "1999-03-02 09:44:33 10HmaX-0005vi-00 <= CALLER@test.ex"}},
  {"message-id", kAll, "-", {}, {}, G, RenumberRule<kMsgIdNew, Series::kMsgNew, true>,
   {"2017-07-30 18:51:05 1sX5Za-00000000Bk5-0Ahj <= CALLER@test.ex R=1sX5Za-00000000Bk4-0Ahj",
    "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex R=10HmaY-000000005vi-0000"}},
  {"lock-file-name", kAll, ".lock.", R"(\.lock(\.[-\w]+)+(\.[\da-f]+){2})", ".lock.test.ex.dddddddd.pppppppp", O, nullptr,
   {"hitch name: TESTSUITE/test-mail/userx.lock.myhost.test.ex.5f3a1c2e.00001b2c",
    "hitch name: TESTSUITE/test-mail/userx.lock.test.ex.dddddddd.pppppppp"}},
  {"listening-ip-family", kAll, "listening for SMTP", {}, {}, G, ListeningFamily,
   {"2017-07-30 18:51:05 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1225 (IPv6 and IPv4)",
    "1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_D"}},
  {"spa-challenge", kAll, "TlRMTVNTUAACAAAAAAAAAAAoAAABgg", R"(TlRMTVNTUAACAAAAAAAAAAAoAAABgg[\w+/]+)",
   "TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA", O, nullptr,
   {"<<< 334 TlRMTVNTUAACAAAAAAAAAAAoAAABgggAAlGRS6kqHq0AAAAAAAAAAAAAAAA", "<<< 334 TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA"}},
  {"prvs-old", kAll, "prvs=", R"(prvs=([^/]+)/[\da-f]{10}@)", R"(prvs=\1/xxxxxxxxxx@)", G, nullptr,
   {"<prvs=userx/0123456789@test.ex>", "<prvs=userx/xxxxxxxxxx@test.ex>"}},
  {"prvs-new", kAll, "prvs=", R"(prvs=[\da-f]{10}=([^@]+)@)", R"(prvs=xxxxxxxxxx=\1@)", G, nullptr,
   {"<prvs=0123456789=userx@test.ex>", "<prvs=xxxxxxxxxx=userx@test.ex>"}},
  {"openssl-cipher-list", kAll, "SSL_CTX_set_cipher_list", "SSL_CTX_set_cipher_list", "SSL_connect", O, nullptr,
   {"TLS session: (SSL_CTX_set_cipher_list): x", "TLS session: (SSL_connect): x"}},
  {"openssl-key-id-mismatch", kAll, "error=authority and subject key identifier mismatch",
   R"((error=)authority and subject key identifier mismatch)", R"(\1self signed certificate)", O, nullptr,
   {"SSL verify error: depth=0 error=authority and subject key identifier mismatch", "SSL verify error: depth=0 error=self signed certificate"}},
  {"openssl-self-signed", kAll, "error=self-signed certificate", R"((error=)self-signed certificate)", R"(\1self signed certificate)", O, nullptr,
   {"SSL verify error: depth=0 error=self-signed certificate", "SSL verify error: depth=0 error=self signed certificate"}},
  {"base-36-62", kAll, "is not a base ", R"(is not a base (36|62) number)", "is not a base 36/62 number", O, nullptr,
   {"Failed: argument for base62d operator is \"ab\", which is not a base 62 number", "Failed: argument for base62d operator is \"ab\", which is not a base 36/62 number"}},
  {"forced-fail-seconds", kAll, "forced fail after ", R"(forced fail after \d seconds)", "forced fail after d seconds", O, nullptr,
   {"readsocket: forced fail after 2 seconds", "readsocket: forced fail after d seconds"}},
  {"hintsdb-open-fail", kAll, "Failed to open ", R"(Failed to open \S+( \([^\)]+\))? file)", "Failed to open hintsdb file", O, nullptr,
   {"Failed to open DBM file TESTSUITE/spool/db/retry", "Failed to open hintsdb file TESTSUITE/spool/db/retry"}},
  {"named-pipe", kAll, ": while opening named pipe", R"(:[^:]+: while opening named pipe)", ": Error: while opening named pipe", O, nullptr,
   {"failed: No such device or address: while opening named pipe TESTSUITE/test-mail/fifo", "failed: Error: while opening named pipe TESTSUITE/test-mail/fifo"}},
  {"mx-sort-key", kAll, " mx=", R"(^(\s*\S+ (?:\d+\.){3}\d+ mx=\S+ sort=)\S+)", R"(\1xx)", O, nullptr,
   {"  ten-1.test.ex 224.0.0.1 mx=-1 sort=123 ", "  ten-1.test.ex V4NET.0.0.1 mx=-1 sort=xx "}},
  {"callout-random-myhost", kAll, "-testing", R"(myhost.test.ex-\d+-testing)", "myhost.test.ex-dddddddd-testing", O, nullptr,
   {"RCPT TO:<myhost.test.ex-1234567-testing@test.ex>", "RCPT TO:<myhost.test.ex-dddddddd-testing@test.ex>"}},
  {"callout-random-local", kAll, "-testing", R"(the.local.host.name-\d+-testing)", "the.local.host.name-dddddddd-testing", O, nullptr,
   {"RCPT TO:<the.local.host.name-1234567-testing@x>", "RCPT TO:<the.local.host.name-dddddddd-testing@x>"}},
  {"data-block-fd", kAll, "^writing data block fd=", R"(^writing data block fd=\d+)", "writing data block fd=dddd", O, nullptr,
   {"writing data block fd=7 size=29 timeout=300", "writing data block fd=dddd size=29 timeout=300"}},
  {"transport-filter-fds", kAll, "running as transport filter:", R"((running as transport filter:) fd_write=\d+ fd_read=\d+)",
   R"(\1 fd_write=dddd fd_read=dddd)", O, nullptr,
   {"process pppp running as transport filter: fd_write=10 fd_read=9", "process pppp running as transport filter: fd_write=dddd fd_read=dddd"}},
  // ======== dumpdb output ========
  {"dumpdb-times", kAll, "", {}, {}, O, DumpdbTimes,
   {"25-Aug-2000 12:11:37  25-Aug-2000 12:11:37  25-Aug-2000 12:12:37 *", "first failed = time last try = time2 next try = time2 + 60 *"}},
  {"dumpdb-more-errno", kAll, "T:", R"(T:(\S+)\s-22\s(\S+)\s)", R"(T:\1 -22 xxxx )", O, nullptr,
   {"  T:127.0.0.1:127.0.0.1:1224 -22 65 SMTP error from remote mail server", "  T:127.0.0.1:127.0.0.1:PORT_S -22 xxxx SMTP error from remote mail server"}},
  {"dumpdb-port-n", kAll, "T:", R"(T:([a-z0-9.]+(:[0-9.]+|:\[[^]]+])?):${port_n} )", R"(T:\1:PORT_N )", O, nullptr,
   {"  T:127.0.0.1:127.0.0.1:1223 111 65 Connection refused", "  T:127.0.0.1:127.0.0.1:PORT_N dd 65 Connection refused"}},
  {"dumpdb-port-s", kAll, "T:", R"(T:([a-z0-9.[\]]+(:[0-9.]+|:\[[^]]+])?):${port_s} )", R"(T:\1:PORT_S )", O, nullptr,
   {"  T:127.0.0.1:127.0.0.1:1224 0 65 x", "  T:127.0.0.1:127.0.0.1:PORT_S 0 65 x"}},
  {"exinext-port-s", kAll, "Transport: ", R"((Transport: (?:[a-z0-9.]+|\[[^\]]+]) (?:[0-9.]+|\[[^\]]+]):)${port_s} )", R"(\1PORT_S )", O, nullptr,
   {"Transport: 127.0.0.1 127.0.0.1:1224 error 0: x", "Transport: 127.0.0.1 127.0.0.1:PORT_S error 0: x"}},
  {"process-info-port-d", kAll, "^set_process_info: ", R"(^(set_process_info: .*\]:)${port_d} )", R"(\1PORT_D )", O, nullptr,
   {"set_process_info: pppp delivering 10HmaX-000000005vi-0000 to 127.0.0.1 [127.0.0.1]:1225 (x)", "set_process_info: pppp delivering 10HmaX-000000005vi-0000 to 127.0.0.1 [127.0.0.1]:PORT_D (x)"}},
  {"process-info-port-s", kAll, "^set_process_info: ", R"(^(set_process_info: .*\]:)${port_s} )", R"(\1PORT_S )", O, nullptr,
   {"set_process_info: pppp delivering 10HmaX-000000005vi-0000 to 127.0.0.1 [127.0.0.1]:1224 (x)", "set_process_info: pppp delivering 10HmaX-000000005vi-0000 to 127.0.0.1 [127.0.0.1]:PORT_S (x)"}},
  // ======== dates and times ========
  {"header-date", kAll, ",", "[A-Z][a-z]{2},(\\s|\xE2\x96\x91)\\d\\d?(\\s|\xE2\x96\x91)[A-Z][a-z]{2}(\\s|\xE2\x96\x91)\\d{4}(\\s|\xE2\x96\x91)\\d\\d\\:\\d\\d:\\d\\d(\\s|\xE2\x96\x91)[-+]\\d{4}",
   R"(Tue,\12\2Mar\31999\409:44:33\5+0000)", G, nullptr,
   {"Date: Sun, 30 Jul 2017 18:51:05 +0100", "Date: Tue, 2 Mar 1999 09:44:33 +0000"}},
  {"header-date-french", kAll, ",", R"(\S{4},\s\d\d?\s[^,]+\s\d{4}\s\d\d\:\d\d:\d\d\s[-+]\d{4})",
   "dim., 10 f\xE9vr 2019 20:05:49 +0000", G, nullptr,
   {"Date: sam., 23 mars 2019 11:12:13 +0100", "Date: dim., 10 f\xE9vr 2019 20:05:49 +0000"}},
  {"log-date", kAll, "^####-##-##", R"(^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(\s[+-]\d\d\d\d)?\s)", "1999-03-02 09:44:33 ", G, nullptr,
   {"2017-07-30 18:51:05 +0100 Start queue run: pid=p1234", "1999-03-02 09:44:33 Start queue run: pid=p1234"}},
  {"log-date-ms", kAll, "^####-##-##", R"(^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\.\d{3}(?:\s(?:[+-]\d\d\d\d|[A-Z]{2}T))?\s)", "2017-07-30 18:51:05.712 ", G, nullptr,
   {"2024-01-15 10:11:12.345 +0100 Start queue run: pid=p1234", "2017-07-30 18:51:05.712 Start queue run: pid=p1234"}},
  {"logwrite-date", kAll, "^Logwrite \"", R"(^Logwrite\s"\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d)", R"(Logwrite "1999-03-02 09:44:33)", G, nullptr,
   {"Logwrite \"2017-07-30 18:51:05 x\"", "Logwrite \"1999-03-02 09:44:33 x\""}},
  {"syslog-date", kAll, "^SYSLOG: '", R"(^(SYSLOG:\s')\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\s)", R"(\12017-07-30 18:51:05 )", G, nullptr,
   {"SYSLOG: '2024-01-15 10:11:12 x'", "SYSLOG: '2017-07-30 18:51:05 x'"}},
  {"syslog-date-ms", kAll, "^SYSLOG: '", R"(^(SYSLOG:\s')\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\.\d{3}\s)", R"(\12017-07-30 18:51:05.712 )", G, nullptr,
   {"SYSLOG: '2024-01-15 10:11:12.345 x'", "SYSLOG: '2017-07-30 18:51:05.712 x'"}},
  {"syslog-date-zone", kAll, "^SYSLOG: '", R"(^(SYSLOG:\s')\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\s[+-]\d\d\d\d\s)", R"(\12017-07-30 18:51:05 +9999 )", G, nullptr,
   {"SYSLOG: '2024-01-15 10:11:12 +0100 x'", "SYSLOG: '2017-07-30 18:51:05 +9999 x'"}},
  {"syslog-date-ms-zone", kAll, "^SYSLOG: '", R"(^(SYSLOG:\s')\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\.\d{3}\s[+-]\d\d\d\d\s)", R"(\12017-07-30 18:51:05.712 +9999 )", G, nullptr,
   {"SYSLOG: '2024-01-15 10:11:12.345 +0100 x'", "SYSLOG: '2017-07-30 18:51:05.712 +9999 x'"}},
  {"delivery-time", kAll, "=", R"(((D|[RQD]T)=)\d+s)", R"(\1qqs)", G, nullptr,
   {"1999-03-02 09:44:33 Completed QT=2s", "1999-03-02 09:44:33 Completed QT=qqs"}},
  {"delivery-time-ms", kAll, "=", R"(((D|[RQD]T)=)\d\.\d{3}s)", R"(\1q.qqqs)", G, nullptr,
   {"1999-03-02 09:44:33 Completed QT=0.123s", "1999-03-02 09:44:33 Completed QT=q.qqqs"}},
  {"separator-date", kAll, "", "(?:[A-Z][a-z]{2}(\\s|\xE2\x96\x91)){2}\\d\\d(\\s|\xE2\x96\x91)\\d\\d:\\d\\d:\\d\\d(\\s|\xE2\x96\x91)\\d\\d\\d\\d",
   R"(Tue\1Mar\102\209:44:33\31999)", G, nullptr,
   {"From CALLER@test.ex Sun Jul 30 18:51:05 2017", "From CALLER@test.ex Tue Mar 02 09:44:33 1999"}},
  {"mvh-arrival-time", kAll, "", R"(^\d{9,10}\s0$)", "ddddddddd 0", O, nullptr,
   {"1501437065 0", "ddddddddd 0"}},
  {"mbx-date", kAll, "-", R"(\d\d-\w\w\w-\d\d\d\d\s\d\d:\d\d:\d\d\s[-+]\d\d\d\d,)", "06-Sep-1999 15:52:48 +0100,", G, nullptr,
   {"30-Jul-2017 18:51:05 +0100,345;000000000000-00000001", "06-Sep-1999 15:52:48 +0100,345;000000000000-00000001"}},
  {"retry-record-times", kAll, "first failed=", {}, {}, O, RetryTimes,
   {"  first failed=1501437065 last try=1501437065 next try=1501437067 expired=0", "  first failed=dddd last try=dddd next try=+2 expired=0"}},
  {"retry-now", kAll, "now=", R"(^(.*)now=\d+ first_failed=\d+ next_try=\d+ expired=(\w))", R"(\1now=tttt first_failed=tttt next_try=tttt expired=\2)", O, nullptr,
   {"retry time not reached: now=1501437065 first_failed=1501437000 next_try=1501437100 expired=0", "retry time not reached: now=tttt first_failed=tttt next_try=tttt expired=0"}},
  {"received-time-diff", kAll, "received_time=", R"(^(.*)received_time=\d+ diff=\d+ timeout=(\d+))", R"(\1received_time=tttt diff=tttt timeout=\2)", O, nullptr,
   {"on queue too long: received_time=1501437065 diff=12 timeout=600", "on queue too long: received_time=tttt diff=tttt timeout=600"}},
  {"time-to-retry", kAll, "time to retry = ", R"(time to retry = \S+)", "time to retry = tttt", O, nullptr,
   {"time to retry = 2017-07-30", "time to retry = tttt"}},
  {"retry-age", kAll, "retry record exists: age=", R"(retry record exists: age=\S+)", "retry record exists: age=ttt", O, nullptr,
   {"retry record exists: age=2s (max 1w)", "retry record exists: age=ttt (max 1w)"}},
  {"failing-interval", kAll, "failing_interval=", R"(failing_interval=\S+ message_age=\S+)", "failing_interval=ttt message_age=ttt", O, nullptr,
   {"on queue longer than maximum retry: failing_interval=2s message_age=3s", "on queue longer than maximum retry: failing_interval=ttt message_age=ttt"}},
  {"bv-date", kAll, "-", R"(\d\d-[A-Z][a-z]{2}-\d{4}\s\d\d:\d\d:\d\d)", "07-Mar-2000 12:21:52", G, nullptr,
   {"Exim version x.yz #0 built 30-Jul-2017 18:51:05", "Exim version x.yz #0 built 07-Mar-2000 12:21:52"}},
  {"eximstats-heading", kAll, "Exim statistics from ", R"(Exim\sstatistics\sfrom\s\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\sto\s\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d)",
   "Exim statistics from <time> to <time>", O, nullptr,
   {"Exim statistics from 2017-07-30 18:51:05 to 2017-07-30 18:52:05", "Exim statistics from <time> to <time>"}},
  {"econnreset", kAll, "reset by peer", R"((could not connect to .*: Connection) reset by peer$)", R"(\1 refused)", O, nullptr,
   {"could not connect to 127.0.0.1: Connection reset by peer", "could not connect to 127.0.0.1: Connection refused"}},
  // ======== TLS certificate algorithms ========
  {"received-tls-stdname-with", kAll, ") tls TLS_", R"(^(\s+by \S+ with .+) \(TLS1(?:\.[0-3])?\) tls TLS_.*?([^_]+)_WITH.+$)", R"(\1(TLS1.x:ke-\2-AES256-SHAnnn:xxx))", O, nullptr,
   {"\tby myhost.test.ex with esmtps (TLS1.2) tls TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "\tby myhost.test.ex with esmtps(TLS1.x:ke-ECDSA-AES256-SHAnnn:xxx)"}},
  {"received-tls-stdname", kAll, ") tls TLS_", R"(^(\s+by \S+ with .+) \(TLS1(?:\.[0-3])?\) tls TLS_.+$)", R"(\1(TLS1.x:ke-RSA-AES256-SHAnnn:xxx))", O, nullptr,
   {"\tby myhost.test.ex with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384", "\tby myhost.test.ex with esmtps(TLS1.x:ke-RSA-AES256-SHAnnn:xxx)"}},
  {"cipher-std-with", kAll, " cipher_ TLS_", R"( cipher_ TLS_.*?([^_]+)_WITH.+$)", R"( cipher_ TLS1.x:ke_\1_WITH_ci_mac)", O, nullptr,
   {"tls_in_cipher_std cipher_ TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "tls_in_cipher_std cipher_ TLS1.x:ke_ECDSA_WITH_ci_mac"}},
  {"cipher-std", kAll, " cipher_ TLS_", R"( cipher_ TLS_.*$)", " cipher_ TLS1.x:ke_RSA_WITH_ci_mac", O, nullptr,
   {"tls_in_cipher_std cipher_ TLS_AES_256_GCM_SHA384", "tls_in_cipher_std cipher_ TLS1.x:ke_RSA_WITH_ci_mac"}},
  {"tls-version", kAll, "TLS1", R"(((?:(?:\b|\s)[\(=])|\s)TLS1(\.[123])?:)", R"(\1TLS1.x:)", G, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex X=TLS1.2:RSA_CAMELLIA", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex X=TLS1.x:RSA_CAMELLIA"}},
  {"openssl-cipher", kAll, "-AES", {}, {}, G, NotAfter<kCipherA, kCipherARw, kKeDash, true, true>,
   {"cipher ECDHE-RSA-AES128-GCM-SHA256 in use", "cipher ke-RSA-AES256-SHAnnn in use"}},
  {"openssl-cipher-bits", kAll, "-AES", {}, {}, G, NotAfter<kCipherB, kCipherBRw, kKeDash, true, false>,
   {"X=TLS1.x:ECDHE-RSA-AES128-GCM-SHA256:128 CV=no", "X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no"}},
  {"openssl-tls13-cipher", kAll, "TLS_AES", {}, {}, G, NotAfter<kTls13, kTls13Rw, kNothing, true, true>,
   {"cipher TLS_AES_256_GCM_SHA384 in use", "cipher ke-RSA-AES256-SHAnnn in use"}},
  {"openssl-tls13-cipher-bits", kAll, ":TLS_AES", R"(:TLS_AES(_256)?_GCM_SHA384:256)", ":ke-RSA-AES256-SHAnnn:xxx", G, nullptr,
   {"X=TLS1.x:TLS_AES_256_GCM_SHA384:256 CV=no", "X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no"}},
  {"libressl-aes256", kAll, "AES256-GCM-SHA384", {}, {}, O, NotAfter<kLibreAes, kLibreAesRw, kDash, false, false>,
   {"cipher AES256-GCM-SHA384 in use", "cipher ke-RSA-AES256-SHAnnn in use"}},
  {"libressl-aead", kAll, "AEAD-AES256-GCM-SHA384", R"(AEAD-(AES256-GCM-SHA384))", R"(RSA-\1)", G, nullptr,
   {"X=TLS1.x:AEAD-AES256-GCM-SHA384:256 CV=no", "X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no"}},
  {"libressl-cipher", kAll, "RSA-", {}, {}, G, NotAfter<kCipherC, kCipherARw, kKeDash, true, true>,
   {"cipher ECDHE-RSA-CHACHA20-POLY1305 in use", "cipher ke-RSA-AES256-SHAnnn in use"}},
  {"libressl-cipher-bits", kAll, "RSA-", {}, {}, G, NotAfter<kCipherD, kCipherBRw, kKeDash, true, false>,
   {"X=TLS1.x:ECDHE-RSA-CHACHA20-POLY1305:256 CV=no", "X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no"}},
  {"gnutls-dhe-aes128", kAll, "DHE_RSA_AES_128_CBC_SHA1:128", R"(\bDHE_RSA_AES_128_CBC_SHA1:128)", "RSA-AES256-SHA1:256", G, nullptr,
   {"cipher DHE_RSA_AES_128_CBC_SHA1:128 used", "cipher RSA-AES256-SHA1:256 used"}},
  {"gnutls-cipher", kAll, "TLS1", {}, {}, G, GnutlsCipher,
   {"X=TLS1.3:ECDHE_SECP256R1__RSA_PSS_RSAE_SHA256__AES_256_GCM__AEAD:256 CV=no", "X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no"}},
  {"gnutls-camellia", kAll, "TLS1.2:RSA__CAMELLIA_256_GCM", R"(TLS1.2:RSA__CAMELLIA_256_GCM(_SHA384)?:256)", "TLS1.2:RSA_CAMELLIA_256_GCM-SHAnnn:256", G, nullptr,
   {"cipher:TLS1.2:RSA__CAMELLIA_256_GCM_SHA384:256 used", "cipher:TLS1.2:RSA_CAMELLIA_256_GCM-SHAnnn:256 used"}},
  {"standalone-cipher", kAll, "DHE-", R"(\b(ECDHE-(RSA|ECDSA)-AES256-SHA|DHE-RSA-AES256-SHA256)\b)", R"(ke-\2-AES256-SHAnnn)", G, nullptr,
   {"cipher DHE-RSA-AES256-SHA256 used", "cipher ke--AES256-SHAnnn used"}},
  {"tls-ver-report", kAll, "ver:    TLS1", R"(ver:    TLS1(\.[0-3])?$)", "ver:    TLS1.x", O, nullptr,
   {"ver:    TLS1.3", "ver:    TLS1.x"}},
  {"tls-ver-paren", kAll, " (TLS1", R"( \(TLS1(\.[0-3])?\) )", " (TLS1.x) ", O, nullptr,
   {"with esmtps (TLS1.3) tls x", "with esmtps (TLS1.x) tls x"}},
  {"gnutls-no-certificate", kAll, "No certificate was found|Certificate is required", R"((No certificate was found|Certificate is required))",
   "The peer did not send any certificate", G, nullptr,
   {"TLS error on connection (gnutls_handshake): Certificate is required", "TLS error on connection (gnutls_handshake): The peer did not send any certificate"}},
  {"gnutls-priority-set", kAll, "(gnutls_priority_set): No or insufficient priorities were set",
   R"(\(gnutls_priority_set\): No or insufficient priorities were set)", "(gnutls_handshake): Could not negotiate a supported cipher suite", G, nullptr,
   {"TLS error (gnutls_priority_set): No or insufficient priorities were set", "TLS error (gnutls_handshake): Could not negotiate a supported cipher suite"}},
  {"gnutls-no-cipher-suites", kAll, "No supported cipher suites have been found.",
   R"((\(gnutls_handshake\): )No supported cipher suites have been found.$)", R"(\1Could not negotiate a supported cipher suite.)", O, nullptr,
   {"TLS error (gnutls_handshake): No supported cipher suites have been found.", "TLS error (gnutls_handshake): Could not negotiate a supported cipher suite."}},
  {"gnutls-pull-function", kAll, "Error in the pull function.",
   R"(TLS error on connection \(gnutls_handshake\): Error in the pull function\.)", "a TLS session is required but an attempt to start TLS failed", G, nullptr,
   {"TLS error on connection (gnutls_handshake): Error in the pull function.", "a TLS session is required but an attempt to start TLS failed"}},
  {"gnutls-unexpected-length-to", kAll, "A TLS packet with unexpected length was received.",
   R"(TLS error on connection to \d{1,3}(?:\.\d{1,3}){3} \[\d{1,3}(?:\.\d{1,3}){3}\] \(gnutls_handshake\): A TLS packet with unexpected length was received.)",
   "a TLS session is required for ip4.ip4.ip4.ip4 [ip4.ip4.ip4.ip4], but an attempt to start TLS failed", G, nullptr,
   {"TLS error on connection to 127.0.0.1 [127.0.0.1] (gnutls_handshake): A TLS packet with unexpected length was received.",
    "a TLS session is required for ip4.ip4.ip4.ip4 [ip4.ip4.ip4.ip4], but an attempt to start TLS failed"}},
  {"gnutls-unexpected-length-from", kAll, "A TLS packet with unexpected length was received.",
   R"(TLS error on connection from \[127.0.0.1\] \(recv\): A TLS packet with unexpected length was received.)",
   "TLS error on connection from [127.0.0.1] (recv): The TLS connection was non-properly terminated.", G, nullptr,
   {"TLS error on connection from [127.0.0.1] (recv): A TLS packet with unexpected length was received.",
    "TLS error on connection from [127.0.0.1] (recv): The TLS connection was non-properly terminated."}},
  {"rsa-sha1", kAll, "RSA-SHA1", "RSA-SHA1", "RSA-SHA", O, nullptr,
   {"DKIM: d=test.ex s=sel a=rsa-sha256 signature algorithm RSA-SHA1", "DKIM: d=test.ex s=sel a=rsa-sha256 signature algorithm RSA-SHA"}},
  // ======== caller's login, uid, gid, home, gecos ========
  {"caller-home", kAll, "${caller_home}", "${caller_home}", "CALLER_HOME", G, nullptr,
   {"  home=/home/alice/mail", "  home=CALLER_HOME/mail"}},
  {"caller", kAll, "${caller}", R"(\b${caller}\b)", "CALLER", G, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= alice@test.ex U=alice P=local S=sss", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex U=CALLER P=local S=sss"}},
  {"caller-group", kAll, "${caller_group}", R"(\b${caller_group}\b)", "CALLER", G, nullptr,
   {"-rw-r----- 1 exim alicegrp 0 x", "-rw-r----- 1 exim CALLER 0 x"}},
  {"caller-euid", kAll, "euid=${caller_uid}", R"(\beuid=${caller_uid}\b)", "euid=CALLER_UID", G, nullptr,
   {"  euid=1000", "  euid=CALLER_UID"}},
  {"caller-egid", kAll, "egid=${caller_gid}", R"(\begid=${caller_gid}\b)", "egid=CALLER_GID", G, nullptr,
   {"  euid=0 egid=1001", "  euid=uuuu egid=CALLER_GID"}},
  {"caller-uid", kAll, "uid=${caller_uid}", R"(\buid=${caller_uid}\b)", "uid=CALLER_UID", G, nullptr,
   {"  uid=1000 gid=1001 pid=1234", "  uid=CALLER_UID gid=CALLER_GID pid=p1234"}},
  {"caller-gid", kAll, "gid=${caller_gid}", R"(\bgid=${caller_gid}\b)", "gid=CALLER_GID", G, nullptr,
   {"  uid=90 gid=1001", "  uid=EXIM_UID gid=CALLER_GID"}},
  {"caller-gecos", kAll, "name=", R"(\bname="?${caller_gecos}"?)", "name=CALLER_GECOS", G, nullptr,
   {"originator: uid=CALLER_UID name=\"Alice Smith\"", "originator: uid=CALLER_UID name=CALLER_GECOS"}},
  {"mvh-caller-ids", kAll, "^CALLER ", R"(^CALLER ${caller_uid} \d+$)", "CALLER UID GID", O, nullptr,
   {"alice 1000 1001", "CALLER UID GID"}},
  {"mvh-spaced-user", kAll, "^spaced user ", R"(^spaced user ${caller_uid} \d+$)", "CALLER UID GID", O, nullptr,
   {"spaced user 1000 1001", "CALLER UID GID"}},
  // ======== Exim's login ========
  {"eximuser-u", kAll, "U=${exim_user}", "U=${exim_user}", "U=EXIMUSER", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= <> R=10HmaY-000000005vi-0000 U=exim P=local S=sss", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= <> R=10HmaY-000000005vi-0000 U=EXIMUSER P=local S=sss"}},
  {"eximuser-user", kAll, "user=${exim_user}", "user=${exim_user}", "user=EXIMUSER", O, nullptr,
   {"  user=exim", "  user=EXIMUSER"}},
  {"eximuser-login", kAll, "login=${exim_user}", "login=${exim_user}", "login=EXIMUSER", O, nullptr,
   {"  login=exim name=x", "  login=EXIMUSER name=x"}},
  {"eximuser-received", kAll, "Received: from ${exim_user} ", "Received: from ${exim_user} ", "Received: from EXIMUSER ", O, nullptr,
   {"Received: from exim by myhost.test.ex", "Received: from EXIMUSER by myhost.test.ex"}},
  {"eximuser-running-as", kAll, "Running as: ${exim_user}", "Running as: ${exim_user}", "Running as: EXIMUSER", O, nullptr,
   {"Running as: exim", "Running as: EXIMUSER"}},
  {"eximuser-address", kAll, "${exim_user}@", R"(\b${exim_user}@)", "EXIMUSER@", O, nullptr,
   {"From: Mail Delivery System <exim@myhost.test.ex>", "From: Mail Delivery System <EXIMUSER@myhost.test.ex>"}},
  {"eximuser-lock", kAll, "${exim_user}.lock.", R"(\b${exim_user}\.lock\.)", "EXIMUSER.lock.", O, nullptr,
   {"lock file exim.lock.x", "lock file EXIMUSER.lock.x"}},
  {"exim-euid", kAll, "euid=${exim_uid}", R"(\beuid=${exim_uid}\b)", "euid=EXIM_UID", G, nullptr,
   {"  euid=90 egid=0", "  euid=EXIM_UID egid=gggg"}},
  {"exim-egid", kAll, "egid=${exim_gid}", R"(\begid=${exim_gid}\b)", "egid=EXIM_GID", G, nullptr,
   {"  euid=0 egid=91", "  euid=uuuu egid=EXIM_GID"}},
  {"exim-uid", kAll, "uid=${exim_uid}", R"(\buid=${exim_uid}\b)", "uid=EXIM_UID", G, nullptr,
   {"  uid=90 gid=91 pid=1234", "  uid=EXIM_UID gid=EXIM_GID pid=p1234"}},
  {"exim-gid", kAll, "gid=${exim_gid}", R"(\bgid=${exim_gid}\b)", "gid=EXIM_GID", G, nullptr,
   {"  uid=0 gid=91", "  uid=uuuu gid=EXIM_GID"}},
  {"mvh-exim-ids", kAll, "^${exim_user} ", R"(^${exim_user} ${exim_uid} ${exim_gid})", "EXIMUSER EXIM_UID EXIM_GID", O, nullptr,
   {"exim 90 91", "EXIMUSER EXIM_UID EXIM_GID"}},
  // ======== general uids, gids, pids ========
  {"uid-minus-one", kAll, "uid=4294967295", R"(\buid=4294967295)", "uid=-1", O, nullptr, {"  uid=4294967295", "  uid=-1"}},
  {"euid-minus-one", kAll, "euid=4294967295", R"(\beuid=4294967295)", "euid=-1", O, nullptr, {"  euid=4294967295", "  euid=-1"}},
  {"gid-minus-one", kAll, "gid=4294967295", R"(\bgid=4294967295)", "gid=-1", O, nullptr, {"  gid=4294967295", "  gid=-1"}},
  {"egid-minus-one", kAll, "egid=4294967295", R"(\begid=4294967295)", "egid=-1", O, nullptr, {"  egid=4294967295", "  egid=-1"}},
  {"gid", kAll, "gid=", R"(\bgid=\d+)", "gid=gggg", O, nullptr, {"  uid=CALLER_UID gid=0", "  uid=CALLER_UID gid=gggg"}},
  {"egid", kAll, "egid=", R"(\begid=\d+)", "egid=gggg", O, nullptr, {"  euid=uuuu egid=0", "  euid=uuuu egid=gggg"}},
  {"pid-words", kAll, "pid=|pid|PID: |Process|child", {}, {}, G, RenumberRule<kPidWords, Series::kPidP, true>,
   {">>>>>>>>>>>>>>>> Exim pid=4711 (fresh-exec) terminating with rc=0 >>>>>>>>>>>>>>>>", ">>>>>>>>>>>>>>>> Exim pid=p1234 (fresh-exec) terminating with rc=0 >>>>>>>>>>>>>>>>"}},
  {"connection-index", kAll, " Ci=", {}, {}, G, RenumberRule<kConnectionIndex, Series::kPidP, true>,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 => userx <userx@test.ex> R=r T=t H=127.0.0.1 [127.0.0.1] Ci=4711", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 => userx <userx@test.ex> R=r T=t H=127.0.0.1 [127.0.0.1] Ci=p1234"}},
  {"uid", kAll, "uid=", R"(\buid=\d+)", "uid=uuuu", O, nullptr, {"  uid=0 gid=gggg", "  uid=uuuu gid=gggg"}},
  {"euid", kAll, "euid=", R"(\beuid=\d+)", "euid=uuuu", O, nullptr, {"  euid=0 egid=gggg", "  euid=uuuu egid=gggg"}},
  {"process-info-pid", kAll, "set_process_info:", R"(set_process_info:\s+\d+)", "set_process_info: pppp", O, nullptr,
   {"set_process_info:  4711 accepting a local non-SMTP message from <CALLER@test.ex>", "set_process_info: pppp accepting a local non-SMTP message from <CALLER@test.ex>"}},
  {"transport-filter-pid", kAll, "running as transport filter", R"(process \d+ running as transport filter)", "process pppp running as transport filter", O, nullptr,
   {"process 4711 running as transport filter: fd_write=dddd fd_read=dddd", "process pppp running as transport filter: fd_write=dddd fd_read=dddd"}},
  {"transport-filter-writer-pid", kAll, "writing to transport filter", R"(process \d+ writing to transport filter)", "process pppp writing to transport filter", O, nullptr,
   {"process 4711 writing to transport filter", "process pppp writing to transport filter"}},
  {"subprocess-pid", kAll, "reading pipe for subprocess ", R"(reading pipe for subprocess \d+)", "reading pipe for subprocess pppp", O, nullptr,
   {"reading pipe for subprocess 4711 (not ended)", "reading pipe for subprocess pppp (not ended)"}},
  {"remote-delivery-pid", kAll, "remote delivery process ", R"(remote delivery process \d+ ended)", "remote delivery process pppp ended", O, nullptr,
   {"remote delivery process 4711 ended", "remote delivery process pppp ended"}},
  {"appendfile-temp-pid", kAll, "test-mail/", R"((test-mail/(subdir/)?temp)\.\d+\.)", R"(\1.pppp.)", O, nullptr,
   {"created TESTSUITE/test-mail/temp.4711.myhost.test.ex", "created TESTSUITE/test-mail/temp.pppp.myhost.test.ex"}},
  {"log-line-pid", kAll, "^####-##-##", {}, {}, O, LogLinePid,
   {"2017-07-30 18:51:05 [4711] 1dRl4h-0000JB-Mv <= CALLER@test.ex", "1999-03-02 09:44:33 [1234] 10HmaX-0005vi-00 <= CALLER@test.ex"}},
  {"syslog-pid", kAll, "^SYSLOG: '", {}, {}, O, SyslogPid,
   {"SYSLOG: '2017-07-30 18:51:05 [4711] x'", "SYSLOG: '2017-07-30 18:51:05 [1234]x'"}},
  {"daemon-pid-prefix", kAll, "", {}, {}, O, DaemonPid,
   {" 4711 listening on all interfaces (IPv4) port PORT_D\n 4711 LOG: MAIN", "listening on all interfaces (IPv4) port PORT_D\nLOG: MAIN"}},
  {"queue-runner-children", kAll, "waiting for children of ", R"(waiting for children of \d+)", "waiting for children of pppp", O, nullptr,
   {"waiting for children of 4711", "waiting for children of pppp"}},
  {"queue-runner-wait", kAll, "waiting for ", R"(waiting for (\S+) \(\d+\))", R"(waiting for \1 (pppp))", O, nullptr,
   {"waiting for qrun (4711)", "waiting for qrun (pppp)"}},
  {"drop-local-scan-call", kAll, "^calling local_scan(); timeout=300", R"(^calling local_scan\(\); timeout=300$)", kDrop, O, nullptr,
   {"calling local_scan(); timeout=300\nkept", "kept"}},
  {"drop-local-scan-return", kAll, "^local_scan() returned 0 NULL", R"(^local_scan\(\) returned 0 NULL$)", kDrop, O, nullptr,
   {"local_scan() returned 0 NULL\nkept", "kept"}},
  // ======== port numbers ========
  {"port-line", kAll, "^Port: ", {}, {}, O, RenumberRule<kPortLine, Series::kPort, false>, {"Port: 54321", "Port: 10001"}},
  {"port-paren", kAll, "(port=", {}, {}, O, RenumberRule<kPortParen, Series::kPort, false>,
   {"SMTP connection from (helo) [127.0.0.1]:54321 (port=54321)", "SMTP connection from (helo) [127.0.0.1]:10001 (port=10001)"}},
  {"bracket-port", kAll, "]:", {}, {}, O, BracketPort,
   {"1999-03-02 09:44:33 SMTP connection from [127.0.0.1]:54321 (TCP/IP connection count = 1)", "1999-03-02 09:44:33 SMTP connection from [127.0.0.1]:10001 (TCP/IP connection count = 1)"},
   {"1999-03-02 09:44:33 SMTP connection from [127.0.0.1]:54321 Connection refused", "1999-03-02 09:44:33 SMTP connection from [127.0.0.1]:54321 Connection refused"}},
  {"mvh-host-port", kAll, "host_address ", R"(^(--?host_address) (.*[:.])\d+$)", R"(\1 \29999)", O, nullptr,
   {"-host_address 127.0.0.1.54321", "-host_address 127.0.0.1.9999"}},
  // runtest: only while it holds a PORT_DYNAMIC socket; its port, as Perl's \K$port (no \b)
  {"dynamic-port", kAll, "^Connecting to 127.0.0.1 port ${port_dynamic}", R"(^(Connecting to 127\.0\.0\.1 port )${port_dynamic})", R"(\1<dynamic port>)", O, nullptr,
   {"Connecting to 127.0.0.1 port 1024 ... connected", "Connecting to 127.0.0.1 port <dynamic port> ... connected"},
   {"Connecting to 127.0.0.1 port 1223 ... connected", "Connecting to 127.0.0.1 port 1223 ... connected"}},
  // ======== local IP addresses ========
  {"verify-host-spacing", kAll, "host", R"(^\s+host\s(\S+)\s+(\S+))", R"(  host \1 \2)", O, nullptr,
   {"  host 127.0.0.1      [127.0.0.1]", "  host 127.0.0.1 [127.0.0.1]"}},
  {"verify-host-port-spacing", kAll, "port=", R"(^\s+(host\s\S+\s\S+)\s+(port=.*))", R"(  host \1 \2)", O, nullptr,
   {"   host 127.0.0.1 [127.0.0.1]  port=1224", "  host host 127.0.0.1 [127.0.0.1] port=1224"}},
  {"verify-host-mx-spacing", kAll, "MX=", R"(^\s+(host\s\S+\s\S+)\s+(MX=))", R"(  \1 \2)", O, nullptr,
   {"   host mail.test.ex [V4NET.0.0.1]    MX=5", "  host mail.test.ex [V4NET.0.0.1] MX=5"}},
  {"host-ipv4-pair", kAll, "${ipv4}", R"(host\s${ipv4}\s\[${ipv4}\])", "host ipv4.ipv4.ipv4.ipv4 [ipv4.ipv4.ipv4.ipv4]", O, nullptr,
   {"  host 192.0.2.10 [192.0.2.10]", "  host ipv4.ipv4.ipv4.ipv4 [ipv4.ipv4.ipv4.ipv4]"}},
  {"host-ipv6-pair", kAll, "${ipv6}", R"(host\s${ipv6}\s\[${ipv6}\])", "host ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6 [ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6]", O, nullptr,
   {"  host 2001:db8::10%eth0 [2001:db8::10%eth0]", "  host ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6 [ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6]"}},
  {"ipv4-address", kAll, "${ipv4}", R"(\b${ipv4}\b)", "ip4.ip4.ip4.ip4", G, nullptr,
   {"1999-03-02 09:44:33 H=[192.0.2.10] rejected", "1999-03-02 09:44:33 H=[ip4.ip4.ip4.ip4] rejected"}},
  {"ipv6-address", kAll, "${ipv6}", {}, {}, G, Ipv6Address,
   {"1999-03-02 09:44:33 H=[2001:db8::10%eth0] rejected", "1999-03-02 09:44:33 H=[ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6] rejected"}},
  {"ipv6-address-stripped", kAll, "", {}, {}, G, Ipv6Stripped,
   {"1999-03-02 09:44:33 H=[2001:db8::10] rejected", "1999-03-02 09:44:33 H=[ip6:ip6:ip6:ip6:ip6:ip6:ip6:ip6] rejected"}},
  {"ipv4-reverse", kAll, "${ipv4r}", R"(\b${ipv4r}\b)", "ip4-reverse", G, nullptr,
   {"DNS lookup of 10.2.0.192.in-addr.arpa (PTR) succeeded", "DNS lookup of ip4-reverse.in-addr.arpa (PTR) succeeded"}},
  {"ipv6-reverse", kAll, "", {}, {}, G, Ipv6Reverse,
   {"DNS lookup of 10.0.0.0.b8.d.1.20.ip6.arpa (PTR)", "DNS lookup of ip6-reverse.ip6.arpa (PTR)"}},
  {"verify-host-trailing-space", kAll, "host", R"(^(\s+host\s\S+\s+\[\S+\]) +$)", R"(\1)", O, nullptr,
   {"  host 127.0.0.1 [127.0.0.1]   ", "  host 127.0.0.1 [127.0.0.1]"}},
  // ======== test network IP addresses ========
  {"v4net", kAll, "${v4net}", {}, {}, G, V4Net,
   {"1999-03-02 09:44:33 H=(test) [224.11.12.13] U=CALLER", "1999-03-02 09:44:33 H=(test) [V4NET.11.12.13] U=CALLER"}},
  {"v6net", kAll, "", {}, {}, G, V6Net,
   {"  host ff00:1:2:3::1 [ff00:1:2:3::1]", "  host V6NET:1:2:3::1 [V6NET:1:2:3::1]"}},
  // ======== IP error numbers and messages ========
  {"errno-addr-not-available", kAll, "assign requested address|Address not available",
   R"((?:Can(?:no|')t assign requested address|Address not available))", "Netwk addr not available", O, nullptr,
   {"connect: Cannot assign requested address", "connect: Netwk addr not available"}},
  {"errno-timed-out", kAll, "Operation timed out", "Operation timed out", "Connection timed out", O, nullptr,
   {"read: Operation timed out", "read: Connection timed out"}},
  {"errno-af-not-supported", kAll, "Address family not supported by protocol family", "Address family not supported by protocol family", "Network Error", O, nullptr,
   {"socket: Address family not supported by protocol family", "socket: Network Error"}},
  {"errno-unreachable", kAll, "unreachable", R"(Network(?: is)? unreachable)", "Network Error", O, nullptr,
   {"connect: Network is unreachable", "connect: Network Error"}},
  {"errno-invalid-argument", kAll, "Invalid argument", "Invalid argument", "Network Error", O, nullptr,
   {"bind: Invalid argument", "bind: Network Error"}},
  {"errno-paren-network", kAll, "): Network", R"(\(\d+\): Network)", "(dd): Network", O, nullptr,
   {"connect (101): Network Error", "connect (dd): Network Error"}},
  {"errno-paren-refused", kAll, "): Connection refused", R"(\(\d+\): Connection refused)", "(dd): Connection refused", O, nullptr,
   {"connect (111): Connection refused", "connect (dd): Connection refused"}},
  {"errno-paren-timed-out", kAll, "): Connection timed out", R"(\(\d+\): Connection timed out)", "(dd): Connection timed out", O, nullptr,
   {"connect (110): Connection timed out", "connect (dd): Connection timed out"}},
  {"errno-65-refused", kAll, " 65 Connection refused", R"(\d+ 65 Connection refused)", "dd 65 Connection refused", O, nullptr,
   {"T:127.0.0.1:127.0.0.1:PORT_N 111 65 Connection refused", "T:127.0.0.1:127.0.0.1:PORT_N dd 65 Connection refused"}},
  {"errno-321-timed-out", kAll, " 321 Connection timed out", R"(\d+ 321 Connection timed out)", "dd 321 Connection timed out", O, nullptr,
   {"T:127.0.0.1:127.0.0.1:PORT_N 110 321 Connection timed out", "T:127.0.0.1:127.0.0.1:PORT_N dd 321 Connection timed out"}},
  {"errno-equals", kAll, "errno=", R"(errno=\d+)", "errno=dd", G, nullptr, {"failed: errno=111", "failed: errno=dd"}},
  {"not-regular-file", kAll, " is not a regular file| has too many links (", R"((?: is not a regular file)|(?: has too many links \(\d+\)))",
   " not a regular file or too many links", O, nullptr,
   {"TESTSUITE/test-mail/userx is not a regular file", "TESTSUITE/test-mail/userx not a regular file or too many links"}},
  {"ls-output", kAll, "^[-d]", {}, {}, O, LsOutput,
   {"-rw-r-----.  1 CALLER CALLER   0 Mar  2 09:44 file", "-rw-r----- 1 CALLER CALLER 0 Mar 2 09:44 file"}},
  // ======== message sizes ========
  {"message-size", kAll, "S=", R"(([\s,])S=\d+\b)", R"(\1S=sss)", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex U=CALLER P=local S=1234", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex U=CALLER P=local S=sss"}},
  {"maildir-size-suffix", kAll, ":S", R"(:S\d+\b)", ":Ssss", O, nullptr,
   {"file:S345 kept", "file:Ssss kept"}},
  {"mailq-size", kOut, "<", R"((?i)^(\s*\d+[mhd]\s+)\d+(\s+(?:[[:alnum:]-]{23}|[[:alnum:]-]{16}) <))", R"(TTT   sss\2)", O, nullptr,
   {" 0m   345 10HmaX-000000005vi-0000 <CALLER@test.ex>", "TTT   sss 10HmaX-000000005vi-0000 <CALLER@test.ex>"}},
  {"size-parameter", kAll, "SIZE=", R"(\sSIZE=\d+\b)", " SIZE=ssss", O, nullptr,
   {"MAIL FROM:<CALLER@test.ex> SIZE=1234", "MAIL FROM:<CALLER@test.ex> SIZE=ssss"}},
  {"debug-size", kErr, "size=", R"(\ssize=\d+\b)", " size=sss", O, nullptr,
   {"  SMTP data: size=1234 lines=3", "  SMTP data: size=sss lines=3"}},
  {"old-size", kAll, "old size = ", R"(old size = \d+\b)", "old size = sssss", O, nullptr, {"old size = 1234", "old size = sssss"}},
  {"message-size-equals", kAll, "message size = ", R"(message size = \d+\b)", "message size = sss", O, nullptr,
   {"quota check: message size = 123", "quota check: message size = sss"}},
  {"this-message-size", kAll, "this message = ", R"(this message = \d+\b)", "this message = sss", O, nullptr,
   {"this message = 123", "this message = sss"}},
  {"headers-size", kAll, "Size of headers = ", R"(Size of headers = \d+)", "Size of headers = sss", O, nullptr,
   {"Size of headers = 345", "Size of headers = sss"}},
  {"sum-nonzero", kAll, "sum=", {}, {}, O, SumNotZero, {"quota: sum=345 count=2", "quota: sum=dddd count=dd"}},
  {"sum-count", kAll, "count=", {}, {}, O, SumCount, {"quota: sum=0 count=2", "quota: sum=0 count=dd"}},
  {"s-is", kAll, ",S is ", R"(,S is \d+\b)", ",S is ddddd", O, nullptr, {"file,S is 345", "file,S is ddddd"}},
  {"mbx-size", kAll, "+0100,", R"(\+0100,\d+;)", "+0100,ddd;", O, nullptr, {"06-Sep-1999 15:52:48 +0100,345;x", "07-Mar-2000 12:21:52 +0100,ddd;x"}},
  {"bytes-written", kAll, " bytes written)", R"(\(\d+ bytes written\))", "(ddd bytes written)", O, nullptr, {"pipe (345 bytes written)", "pipe (ddd bytes written)"}},
  {"added-size", kAll, "added '", R"(added '\d+ 1')", "added 'ddd 1'", O, nullptr, {"maildirsize: added '345 1'", "maildirsize: added 'ddd 1'"}},
  {"eximstats-received", kAll, "Received", R"(Received\s+\d+)", "Received               nnn", O, nullptr,
   {"  Received        1234     2", "  Received               nnn     2"}},
  {"eximstats-delivered", kAll, "Delivered", R"(Delivered\s+\d+)", "Delivered              nnn", O, nullptr,
   {"  Delivered       1234     2", "  Delivered              nnn     2"}},
  {"spool-space", kAll, "space=", R"(space=\d+ inodes=[+-]?\d+)", "space=xxxxx inodes=xxxxx", O, nullptr,
   {"spool directory space = 1000K inodes = 100 check_space = 10000K inodes = 100 msg_size = 0 space=1000 inodes=100", "spool directory space = 1000K inodes = 100 check_space = 10000K inodes = 100 msg_size = 0 space=xxxxx inodes=xxxxx"}},
  {"filter-size", kAll, "bytes read from ", R"(^\d+( (\(tainted\) )?bytes read from ))", R"(ssss\1)", O, nullptr,
   {"345 bytes read from TESTSUITE/aux-var/0001.filter", "ssss bytes read from TESTSUITE/aux-var/0001.filter"}},
  // ======== OpenSSL error messages ========
  {"openssl-session-error", kAll, "TLS session: (SSL_", R"((TLS session: \(SSL_\w+\): error:)(.*))", R"(\1 <<detail omitted>>)", O, nullptr,
   {"TLS session: (SSL_connect): error:0A000086:SSL routines::certificate verify failed", "TLS session: (SSL_connect): error: <<detail omitted>>"}},
  {"openssl-accept-eof", kAll, "unexpected eof while reading", R"((TLS error on connection from .*)\(SSL_accept\): error:.*:unexpected eof while reading$)",
   R"(\1(tls lib accept fn): TCP connection closed by peer)", O, nullptr,
   {"TLS error on connection from [127.0.0.1] (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading", "TLS error on connection from [127.0.0.1] (tls lib accept fn): TCP connection closed by peer"}},
  {"openssl-connection-error", kAll, "TLS error on connection from ", R"((TLS error on connection from .* \(SSL_\w+\): error:)(.*))", R"(\1 <<detail omitted>>)", O, nullptr,
   {"TLS error on connection from [127.0.0.1] (SSL_accept): error:0A00010B:SSL routines::wrong version number", "TLS error on connection from [127.0.0.1] (SSL_accept): error: <<detail omitted>>"}},
  {"drop-openssl-not-trusted", kAll, "SSL verify error: depth=0 error=certificate not trusted", "SSL verify error: depth=0 error=certificate not trusted", kDrop, O, nullptr,
   {"SSL verify error: depth=0 error=certificate not trusted\nkept", "kept"}},
  {"drop-openssl-dh-key", kAll, "TLS error (D-H param setting ", R"(TLS error \(D-H param setting .* error:.*(?:dh key too small|unknown security bits))", kDrop, O, nullptr,
   {"TLS error (D-H param setting (SSL_CTX_set_tmp_dh)): error:0A00018A:SSL routines::dh key too small\nkept", "kept"}},
  {"openssl111-key-mismatch", kAll, "error:0B080074:", R"((error:)0B080074:x509 certificate routines:X509_check_private_key(:key values mismatch)$)", R"(\105800074:x509 certificate routines:\2)", O, nullptr,
   {"error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch", "error:05800074:x509 certificate routines::key values mismatch"}},
  {"openssl111-fopen", kAll, "error:02001002:", R"((error:)02001002:system library:fopen(:No such file or directory)$)", R"(\180000002:system library:\2)", O, nullptr,
   {"error:02001002:system library:fopen:No such file or directory", "error:80000002:system library::No such file or directory"}},
  {"openssl111-pem", kAll, "error:0909006C:", R"((error:)0909006C:PEM routines:get_name(:no start line)$)", R"(\10480006C:PEM routines:\2)", O, nullptr,
   {"error:0909006C:PEM routines:get_name:no start line", "error:0480006C:PEM routines::no start line"}},
  // ======== maildir ========
  {"maildir-timestamp", kAll, "timestamp", R"((timestamp=|\(timestamp_only\): )\d+)", R"(\1ddddddd)", G, nullptr,
   {"maildir: timestamp=1501437065", "maildir: timestamp=ddddddd"}},
  {"maildir-writing-tmp", kAll, "writing to", R"(writing to(?: file)? tmp/\d+\.[^.]+\.(\S+))", R"(writing to tmp/MAILDIR.\1)", O, nullptr,
   {"writing to tmp/1501437065.H123P4711.myhost.test.ex: x", "writing to tmp/MAILDIR.myhost.test.ex: x"}},
  {"maildir-renamed", kAll, "renamed tmp/", R"(renamed tmp/\d+\.[^.]+\.(\S+) as new/\d+\.[^.]+\.(\S+))", R"(renamed tmp/MAILDIR.\1 as new/MAILDIR.\1)", O, nullptr,
   {"renamed tmp/1501437065.H123P4711.myhost.test.ex as new/1501437065.H123P4711.myhost.test.ex", "renamed tmp/MAILDIR.myhost.test.ex as new/MAILDIR.myhost.test.ex"}},
  {"maildir-file-name", kAll, ".M", R"(\b\d+\.M\d+P\d+\b)", "dddddddddd.HddddddPddddd", O, nullptr,
   {"new/1501437065.M123P4711.myhost", "new/dddddddddd.HddddddPddddd.myhost"}},
  {"maildirsize-data", kAll, "", {}, {}, O, Maildirsize,
   {"1000S,10C\n345 1\n200 1\nend", "1000S,10C\nddd d\nddd d\nend"}},
  {"srs", kAll, "SRS0=|srs0=", R"((?i)SRS0=....=.[^=]?=([^=]+)=([^@]+)@([^ ]+))", R"(SRS0=ZZZZ=YY=\1=\2@\3)", G, nullptr,
   {"<SRS0=x7Yv=PK=test.ex=userx@srs.test.ex>", "<SRS0=ZZZZ=YY=test.ex=userx@srs.test.ex>"}},
  // ======== the "fd" program ========
  {"fd-max", kAll, "max fd = ", R"(max fd = \d+)", "max fd = dddd", O, nullptr, {"max fd = 1024", "max fd = dddd"}},
  {"fd-status", kAll, "status=", R"(status=[0-9a-f]+ (?:RDONLY|WRONLY|RDWR))", "STATUS", G, nullptr,
   {"fd 0 is open: status=8002 RDWR", "fd 0 is open: STATUS"}},
  // ======== spool files ========
  {"spool-header-length", kAll, "^[0123456789]", R"(^\d\d\d([PFS*]))", R"(ddd\1)", O, nullptr,
   {"045P Received: from CALLER by x", "dddP Received: from CALLER by x"}},
  {"dsn-boundary", kAll, "-eximdsn-", R"(\d{8,10}-eximdsn-\d+)", "NNNNNNNNNN-eximdsn-MMMMMMMMMM", O, nullptr,
   {"Content-Type: multipart/report; report-type=delivery-status; boundary=1501437065-eximdsn-1804289383",
    "Content-Type: multipart/report; report-type=delivery-status; boundary=NNNNNNNNNN-eximdsn-MMMMMMMMMM"}},
  {"cyrus-sasl-user-not-found", kAll, "Cyrus SASL permanent failure: user not found", R"((Cyrus SASL permanent failure: )user not found$)", R"(\1generic failure)", O, nullptr,
   {"authenticator failed: Cyrus SASL permanent failure: user not found", "authenticator failed: Cyrus SASL permanent failure: generic failure"}},
  {"unexpected-disconnection-errno", kAll, "unexpected disconnection while reading SMTP command from ",
   R"((unexpected disconnection while reading SMTP command from \S+ \S* )(?:\([^)]*\) )?(D=))", R"(\1\2)", O, nullptr,
   {"1999-03-02 09:44:33 unexpected disconnection while reading SMTP command from (x) [127.0.0.1] (error: Connection reset by peer) D=qqs", "1999-03-02 09:44:33 unexpected disconnection while reading SMTP command from (x) [127.0.0.1] D=qqs"}},
  // ======== stdout ========
  {"stdout-drop-translate-ip", kOut, "translate_ip_address =", "translate_ip_address =", kDrop, O, nullptr,
   {"translate_ip_address = \nkept", "kept"}},
  {"stdout-drop-classresources", kOut, "use_classresources", "use_classresources", kDrop, O, nullptr,
   {"no_use_classresources\nkept", "kept"}},
  {"stdout-rmfiltertest-headers", kOut, "", {}, {}, O, RmFilterTestHeaders,
   {"Sender taken from \"From \" line\nkept", "kept"}},
  {"stdout-rmfiltertest-testing", kOut, "^Testing ", {}, {}, O, RmFilterTestTesting,
   {"Testing Exim filter file \"TESTSUITE/aux-var/0001.F\"\n\nkept", "kept"}},
  {"stdout-port-listen-port-n", kOut, "${port_n}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1223 ... connected)", R"(Connecting to 127.0.0.1 port PORT_N ... connected)"}},
  {"stdout-port-listen-port-s", kOut, "${port_s}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1224 ... connected)", R"(Connecting to 127.0.0.1 port PORT_S ... connected)"}},
  {"stdout-port-listen-port-d", kOut, "${port_d}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1225 ... connected)", R"(Connecting to 127.0.0.1 port PORT_D ... connected)"}},
  {"stdout-port-listen-port-d2", kOut, "${port_d2}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1226 ... connected)", R"(Connecting to 127.0.0.1 port PORT_D2 ... connected)"}},
  {"stdout-port-listen-port-d3", kOut, "${port_d3}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1227 ... connected)", R"(Connecting to 127.0.0.1 port PORT_D3 ... connected)"}},
  {"stdout-port-listen-port-d4", kOut, "${port_d4}", R"RE(((?:Listening on|Connecting to (?:127\.0\.0\.1|(?:ip4\.){3}ip4|(?:ip6:){7}ip6)) port |host host .+ port=)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(Connecting to 127.0.0.1 port 1228 ... connected)", R"(Connecting to 127.0.0.1 port PORT_D4 ... connected)"}},
  {"stdout-port-retry-port-n", kOut, "${port_n}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(  T:x.test.ex:[::1]:1223/x)", R"(  T:x.test.ex:[::1]:PORT_N/x)"}},
  {"stdout-port-retry-port-s", kOut, "${port_s}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(  T:x.test.ex:[::1]:1224/x)", R"(  T:x.test.ex:[::1]:PORT_S/x)"}},
  {"stdout-port-retry-port-d", kOut, "${port_d}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(  T:127.0.0.1:127.0.0.1:1225 0 0 x)", R"(  T:127.0.0.1:127.0.0.1:PORT_D 0 0 x)"}},
  {"stdout-port-retry-port-d2", kOut, "${port_d2}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(  T:127.0.0.1:127.0.0.1:1226 0 0 x)", R"(  T:127.0.0.1:127.0.0.1:PORT_D2 0 0 x)"}},
  {"stdout-port-retry-port-d3", kOut, "${port_d3}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(  T:127.0.0.1:127.0.0.1:1227 0 0 x)", R"(  T:127.0.0.1:127.0.0.1:PORT_D3 0 0 x)"}},
  {"stdout-port-retry-port-d4", kOut, "${port_d4}", R"RE((T:.*:(?:127\.0\.0\.1|.::1.):)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(  T:127.0.0.1:127.0.0.1:1228 0 0 x)", R"(  T:127.0.0.1:127.0.0.1:PORT_D4 0 0 x)"}},
  {"stdout-port-option-port-n", kOut, "${port_n}", R"RE((^\s*port = )${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(port = 1223)", R"(port = PORT_N)"}},
  {"stdout-port-option-port-s", kOut, "${port_s}", R"RE((^\s*port = )${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(port = 1224)", R"(port = PORT_S)"}},
  {"stdout-port-option-port-d", kOut, "${port_d}", R"RE((^\s*port = )${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(port = 1225)", R"(port = PORT_D)"}},
  {"stdout-port-option-port-d2", kOut, "${port_d2}", R"RE((^\s*port = )${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(port = 1226)", R"(port = PORT_D2)"}},
  {"stdout-port-option-port-d3", kOut, "${port_d3}", R"RE((^\s*port = )${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(port = 1227)", R"(port = PORT_D3)"}},
  {"stdout-port-option-port-d4", kOut, "${port_d4}", R"RE((^\s*port = )${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(port = 1228)", R"(port = PORT_D4)"}},
  {"stdout-port-lookup-port-n", kOut, "${port_n}", R"RE((lookup of .*127.0.0.1::)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(lookup of x;127.0.0.1::1223/db)", R"(lookup of x;127.0.0.1::PORT_N/db)"}},
  {"stdout-port-postgres-port-n", kOut, "${port_n}", R"RE((postgres .* \")${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(postgres x "1223)", R"(postgres x "PORT_N)"}},
  {"stdout-port-dumpdb-port-d", kOut, "${port_d}", R"RE((^\d{2}-\w{3}-\d{4}\s\d{2}:\d{2}:\d{2} [^:]+:)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(07-Mar-2000 12:21:52 127.0.0.1:1225)", R"(07-Mar-2000 12:21:52 127.0.0.1:PORT_D)"}},
  {"stdout-connection-request-v6", kOut, "^Connection request from ", R"(^(Connection request from) \[.*:.*:.*\]$)", R"(\1 [ipv6])", O, nullptr,
   {"Connection request from [::1]", "Connection request from [ipv6]"}},
  {"stdout-hintsdb-lockfile", kOut, "Failed to open ", R"((Failed to open )(?:hintsdb|database lock) file (.*/spool/db/[^. ]*)(?:.lockfile)?(?: for reading)?(: No such file or directory)$)",
   R"(\1hintsdb \2\3)", O, nullptr,
   {"Failed to open database lock file TESTSUITE/spool/db/retry.lockfile: No such file or directory", "Failed to open hintsdb TESTSUITE/spool/db/retry: No such file or directory"}},
  {"stdout-drop-ssl-info", kOut, "^SSL info:", "^SSL info:", kDrop, O, nullptr, {"SSL info: before SSL initialization\nkept", "kept"}},
  {"stdout-drop-ssl-not-trusted", kOut, "SSL verify error: depth=0 error=certificate not trusted", "SSL verify error: depth=0 error=certificate not trusted", kDrop, O, nullptr,
   {"SSL verify error: depth=0 error=certificate not trusted cert=/CN=x\nkept", "kept"}},
  {"stdout-ssl3-read-bytes", kOut, "", R"((?i)SSL3_READ_BYTES)", "ssl3_read_bytes", O, nullptr,
   {"SSL routines:SSL3_READ_BYTES:x", "SSL routines:ssl3_read_bytes:x"}},
  {"stdout-connect-cr-finished", kOut, "", R"((?i)CONNECT_CR_FINISHED)", "ssl3_read_bytes", O, nullptr,
   {"SSL routines:CONNECT_CR_FINISHED:x", "SSL routines:ssl3_read_bytes:x"}},
  {"stdout-openssl-alert", kOut, ":error:", R"(^[[:xdigit:]]+:error:[[:xdigit:]]+(?:E[[:xdigit:]]+)?(:SSL routines:ssl3_read_bytes:)ssl(?:v3|/tls)([^:]+:).*(:SSL alert number \d\d)$)",
   R"(pppp:error:dddddddd\1sslv3\2[...]\3)", O, nullptr,
   {"140234:error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:s3_pkt.c:1262:SSL alert number 42",
    "pppp:error:dddddddd:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:[...]:SSL alert number 42"}},
  {"stdout-openssl-alert-code", kOut, "^error:", R"(^(error:)[^:]*:(SSL routines:ssl3_read_bytes:(tls|ssl)v\d+ alert))", R"(\1dddddddd:\2)", O, nullptr,
   {"error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca", "error:dddddddd:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca"}},
  {"stdout-openssl-cert-required", kOut, "^error:", R"(^(error:)[[:xdigit:]]+:SSL routines::(tlsv13 alert certificate required)$)", R"(\1dddddddd:SSL routines:ssl3_read_bytes:\2)", O, nullptr,
   {"error:0A00045C:SSL routines::tlsv13 alert certificate required", "error:dddddddd:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required"}},
  {"stdout-openssl3-alert", kOut, "^error:", R"(^(error:)[[:xdigit:]]+:SSL routines::((?:tlsv1|sslv3) alert (?:unknown ca|certificate revoked))$)", R"(\1dddddddd:SSL routines:ssl3_read_bytes:\2)", O, nullptr,
   {"error:0A000418:SSL routines::tlsv1 alert unknown ca", "error:dddddddd:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca"}},
  {"stdout-openssl3-ssl-tls-alert", kOut, "^error:", R"(^(error:)[[:xdigit:]]+:SSL routines::ssl/tls (alert (?:unknown ca|certificate revoked))$)", R"(\1dddddddd:SSL routines:ssl3_read_bytes:sslv3 \2)", O, nullptr,
   {"error:0A000414:SSL routines::ssl/tls alert certificate revoked", "error:dddddddd:SSL routines:ssl3_read_bytes:sslv3 alert certificate revoked"}},
  {"stdout-drop-gnutls-pull", kOut, "^Error in the pull function", R"(^Error in the pull function.)", kDrop, O, nullptr,
   {"Error in the pull function.\nkept", "kept"}},
  {"stdout-retry-quota-elided", kOut, "MTA-imposed quota exceeded while writing to", R"((T:.*\(MTA-imposed quota exceeded while writing to).*$)", R"(\1 <elided>))", O, nullptr,
   {"  T:userx@test.ex: 0 65 (MTA-imposed quota exceeded while writing to TESTSUITE/test-mail/userx)", "  T:userx@test.ex: 0 65 (MTA-imposed quota exceeded while writing to <elided>)"}},
  {"stdout-idn1", kOut, "conversion  strasse.de", "conversion  strasse.de", "conversion  xn--strae-oqa.de", O, nullptr,
   {"> A-label conversion  strasse.de", "> A-label conversion  xn--strae-oqa.de"}},
  {"stdout-idn2", kOut, "conversion: german.xn--strae-oqa.de", "conversion: german.xn--strae-oqa.de", "conversion: german.stra\xC3\x9F" "e.de", O, nullptr,
   {"> U-label conversion: german.xn--strae-oqa.de", "> U-label conversion: german.stra\xC3\x9F" "e.de"}},
  {"stdout-received-usec", kOut, "^-received_time_usec .", R"(^(-received_time_usec \.)\d{6}$)", R"(\1uuuuuu)", O, nullptr,
   {"-received_time_usec .123456", "-received_time_usec .uuuuuu"}},
  {"stdout-received-complete", kOut, "^-received_time_complete ", R"(^(-received_time_complete )\d+\.\d{6}$)", R"(\1tttt.uuuuuu)", O, nullptr,
   {"-received_time_complete 1501437065.123456", "-received_time_complete tttt.uuuuuu"}},
  {"stdout-postgres-shutdown", kOut, "^waiting for server to shut down", R"(^waiting for server to shut down\.+ done$)", "waiting for server to shut down.... done", O, nullptr,
   {"waiting for server to shut down..... done", "waiting for server to shut down.... done"}},
  {"stdout-postgres-path", kOut, "postgres ", R"(^/.*postgres )", "POSTGRES ", O, nullptr,
   {"/usr/lib/postgresql/15/bin/postgres -D x", "POSTGRES -D x"}},
  {"stdout-drop-dmarc-tld", kOut, "^dmarc_tld_file =", "^dmarc_tld_file =", kDrop, O, nullptr, {"dmarc_tld_file = \nkept", "kept"}},
  {"stdout-dmarc-history-time", kOut, "received ", R"((received )\d{10}$)", R"(\11692480217)", O, nullptr,
   {"received 1501437065", "received 1692480217"}},
  {"stdout-drop-arc-sign", kOut, "^arc_sign =", "^arc_sign =", kDrop, O, nullptr, {"arc_sign = \nkept", "kept"}},
  {"stdout-drop-limits", kOut, "^limits_advertise_hosts =", "^limits_advertise_hosts =", kDrop, O, nullptr, {"limits_advertise_hosts = *\nkept", "kept"}},
  {"stdout-drop-prdr", kOut, "^hosts_try_prdr = *", R"(^hosts_try_prdr = \*$)", kDrop, O, nullptr, {"hosts_try_prdr = *\nkept", "kept"}},
  {"stdout-drop-tls-resumption-hosts", kOut, "^tls_resumption_hosts =", "^tls_resumption_hosts =", kDrop, O, nullptr, {"tls_resumption_hosts = \nkept", "kept"}},
  {"stdout-drop-tls-resumption", kOut, "^-tls_resumption", "^-tls_resumption", kDrop, O, nullptr, {"-tls_resumption A\nkept", "kept"}},
  {"stdout-drop-host-name-extract", kOut, "^host_name_extract = ", "^host_name_extract = ", kDrop, O, nullptr, {"host_name_extract = x\nkept", "kept"}},
  {"stdout-gsasl-scram-256", kOut, "250-AUTH ANONYMOUS PLAIN SCRAM-SHA-1 SCRAM-SHA-256", R"((250-AUTH ANONYMOUS PLAIN SCRAM-SHA-1) SCRAM-SHA-256)", R"(\1)", O, nullptr,
   {"<<< 250-AUTH ANONYMOUS PLAIN SCRAM-SHA-1 SCRAM-SHA-256 SCRAM-SHA-1-PLUS", "<<< 250-AUTH ANONYMOUS PLAIN SCRAM-SHA-1 SCRAM-SHA-1-PLUS"}},
  {"stdout-mailq-age", kOut, "   317 ", R"(\s*\d*[hd](   317 (?:[-0-9A-Za-z]{23}|[-0-9A-Za-z]{16}) <nobody@test.ex>))", R"(DDd\1)", O, nullptr,
   {"xd   317 10HmaX-000000005vi-0000 <nobody@test.ex>", "xDDd   317 10HmaX-000000005vi-0000 <nobody@test.ex>"}},
  {"stdout-mailq-caller-size", kOut, "<CALLER@the.local.host.name>", R"(\s[01]m   [34]\d\d( (?:[-0-9A-Za-z]{23}|[-0-9A-Za-z]{16}) <CALLER@the.local.host.name>))", R"( 1m    396\1)", O, nullptr,
   {"x 0m   401 10HmaX-000000005vi-0000 <CALLER@the.local.host.name>", "x 1m    396 10HmaX-000000005vi-0000 <CALLER@the.local.host.name>"}},
  {"stdout-dsn-info", kOut, "^X-Exim-Diagnostic:", {}, {}, O, DropAndStart<kDiagnosticStart, kDiagnostic, 0>,
   {"X-Exim-Diagnostic: X-str; x\n  continued\nBody", "Body"}},
  // ======== stderr ========
  {"stderr-exim-version", kErr, "^Exim version ", "^Exim version .*", "Exim version x.yz ....", O, nullptr,
   {"Exim version 4.99.1 uid=0 gid=0 pid=4711 D=fbb95cfd", "Exim version x.yz ...."}},
  {"stderr-drop-build-info", kErr, "", R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?(?:.*\sBerkeley DB|\sProbably (?:Berkeley DB|ndbm|GDBM)|\sUsing (?:tdb|sqlite3)|Authenticators \((?:built-in|dynamic)\):|Lookups(?:\(built-in\))?:|Support for:|Routers \((?:built-in|dynamic)\):|Transports \((?:built-in|dynamic)\):|Malware:|log selectors =|cwd=|Fixed never_users|Configure owner|Size of off_t:))",
   kDrop, O, nullptr,
   {"Support for: crypteq IPv6 OpenSSL DKIM\nConfigure owner: 0:0\ncwd=TESTSUITE 2 args: exim -bt\nkept", "kept"}},
  {"stderr-drop-listening", kErr, "Listening...", R"(^(\d+ )?Listening...$)", kDrop, O, nullptr, {"Listening...\nkept", "kept"}},
  {"stderr-drop-hintsdb-lockfile", kErr, ".lockfile", R"(lock(?:ing|ed) .*/spool/db/[^.]+\.lockfile$)", kDrop, O, nullptr,
   {"locking TESTSUITE/spool/db/retry.lockfile\nkept", "kept"}},
  {"stderr-closed-hints-lockfile", kErr, "closed hints database and lockfile", R"((closed hints database) and lockfile$)", R"(\1)", O, nullptr,
   {"closed hints database and lockfile", "closed hints database"}},
  {"stderr-drop-dbopen-retry", kErr, "EXIM_DBOPEN", {}, {}, O, DropAndStart<kDbOpenRetry, kDbOpen2, 0>,
   {"EXIM_DBOPEN: file <TESTSUITE/spool/db/retry> dir <TESTSUITE/spool/db> flags=O_RDONLY\nreturned from EXIM_DBOPEN: 0x55d0c2a5f1a3\nkept", "kept"}},
  {"stderr-drop-dbclose", kErr, "EXIM_DBCLOSE", {}, {}, O, DropAndStart<kDbClose, kSkip, 1>,
   {"EXIM_DBCLOSE(0x55d0c2a5f1a3)\nclosed hints database\nkept", "kept"}},
  {"stderr-drop-retaining-retry", kErr, "retaining retry hintsdb handle", R"(retaining retry hintsdb handle$)", kDrop, O, nullptr,
   {"retaining retry hintsdb handle\nkept", "kept"}},
  {"stderr-drop-cached-retry", kErr, "using cached retry hintsdb ", R"(using cached retry hintsdb (?:handle|nonpresence)$)", kDrop, O, nullptr,
   {"using cached retry hintsdb handle\nkept", "kept"}},
  {"stderr-drop-final-close-retry", kErr, "final close of cached retry db", {}, {}, O, DropAndStart<kFinalCloseRetry, kSkip, 2>,
   {"final close of cached retry db\nEXIM_DBCLOSE(0x1)\nclosed hints database\nkept", "kept"}},
  {"stderr-drop-dbfn-transaction", kErr, "dbfn_transaction_", R"(dbfn_transaction_(?:start|commit)$)", kDrop, O, nullptr,
   {"dbfn_transaction_start\nkept", "kept"}},
  {"stderr-hintsdb-backend", kErr, "_open(flags 0x", R"((?:bdb|tdb|gdbm|ndbm|sqlite)_open\(flags 0x(\d) mode 0640\) (?:No such file or directory|unable to open database file)$)",
   R"(hintsdb_open(flags 0x\1 mode 0640) No such file or directory)", O, nullptr,
   {"sqlite_open(flags 0x0 mode 0640) unable to open database file", "hintsdb_open(flags 0x0 mode 0640) No such file or directory"}},
  {"stderr-leading-pid", kErr, "", {}, {}, O, LeadingPid,
   {"4711 Exim received a message", "p1234 Exim received a message"},
   {"1234 in hosts_connection_nolog? no", "1234 in hosts_connection_nolog? no"}},
  {"stderr-connection-id", kErr, "connection_id: ", {}, {}, O, RenumberRule<kConnectionId, Series::kConn, false>,
   {"LOG: connection_id: 4711", "LOG: connection_id: conn1111"}},
  {"stderr-drop-fork", kErr, "postfork: | fork", R"((?:postfork: | fork(?:ing|ed) for ))", kDrop, O, nullptr,
   {"postfork: daemon-accept\n 0 forking for queue-runner\nkept", "kept"}},
  {"stderr-gethostbyname", kErr, "gethostbyname|getipnodebyname", R"(\b(gethostbyname2?|\bgetipnodebyname)(\(af=inet\))?)", "get[host|ipnode]byname[2]", O, nullptr,
   {"using host_fake_gethostbyname for ten-1.test.ex (IPv4)\nlooking up via gethostbyname2(af=inet)", "using host_fake_gethostbyname for ten-1.test.ex (IPv4)\nlooking up via get[host|ipnode]byname[2]"}},
  {"stderr-drop-fake-inet6", kErr, "host_fake_gethostbyname(af=inet6) returned 1 (HOST_NOT_FOUND)", R"(^\s*host_fake_gethostbyname\(af=inet6\) returned 1 \(HOST_NOT_FOUND\)$)", kDrop, O, nullptr,
   {"  host_fake_gethostbyname(af=inet6) returned 1 (HOST_NOT_FOUND)\nkept", "kept"}},
  {"stderr-drop-reset-tz", kErr, "^Reset TZ to", "^Reset TZ to", kDrop, O, nullptr, {"Reset TZ to \"GB\": time is 2017-07-30 18:51:05\nkept", "kept"}},
  {"stderr-port-addr-port-d", kErr, "${port_d}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(lookup host localhost:1225)", R"(lookup host localhost:PORT_D)"}},
  {"stderr-port-addr-port-d2", kErr, "${port_d2}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(lookup host localhost:1226)", R"(lookup host localhost:PORT_D2)"}},
  {"stderr-port-addr-port-d3", kErr, "${port_d3}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(lookup host localhost:1227)", R"(lookup host localhost:PORT_D3)"}},
  {"stderr-port-addr-port-d4", kErr, "${port_d4}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(lookup host localhost:1228)", R"(lookup host localhost:PORT_D4)"}},
  {"stderr-port-addr-port-s", kErr, "${port_s}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(lookup host localhost:1224)", R"(lookup host localhost:PORT_S)"}},
  {"stderr-port-addr-port-n", kErr, "${port_n}", R"RE(((?:[\[^]\]*\]:|V4NET.0.0.0:|localhost::?|127.0.0.1[.:]:?|port[= ](?:[^:]+:)?))${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(lookup host localhost:1223)", R"(lookup host localhost:PORT_N)"}},
  {"stderr-port-listen-colon-port-d", kErr, "${port_d}", R"RE((listening for SMTP on [^:]+:.*)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(listening for SMTP on [127.0.0.1]:1225)", R"(listening for SMTP on [127.0.0.1]:PORT_D)"}},
  {"stderr-port-listen-colon-port-d2", kErr, "${port_d2}", R"RE((listening for SMTP on [^:]+:.*)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(listening for SMTP on [127.0.0.1]:1226)", R"(listening for SMTP on [127.0.0.1]:PORT_D2)"}},
  {"stderr-port-listen-colon-port-d3", kErr, "${port_d3}", R"RE((listening for SMTP on [^:]+:.*)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(listening for SMTP on [127.0.0.1]:1227)", R"(listening for SMTP on [127.0.0.1]:PORT_D3)"}},
  {"stderr-port-listen-colon-port-d4", kErr, "${port_d4}", R"RE((listening for SMTP on [^:]+:.*)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(listening for SMTP on [127.0.0.1]:1228)", R"(listening for SMTP on [127.0.0.1]:PORT_D4)"}},
  {"stderr-port-listen-port-port-d", kErr, "${port_d}", R"RE((listening for SMTP on .* port )${port_d})RE", R"(\1PORT_D)", G, nullptr,
   {R"(listening for SMTP on port 1225 and port 1225)", R"(listening for SMTP on port PORT_D and port PORT_D)"}},
  {"stderr-port-listen-port-port-d2", kErr, "${port_d2}", R"RE((listening for SMTP on .* port )${port_d2})RE", R"(\1PORT_D2)", G, nullptr,
   {R"(listening for SMTP on port 1226 and port 1226)", R"(listening for SMTP on port PORT_D2 and port PORT_D2)"}},
  {"stderr-port-listen-port-port-d3", kErr, "${port_d3}", R"RE((listening for SMTP on .* port )${port_d3})RE", R"(\1PORT_D3)", G, nullptr,
   {R"(listening for SMTP on port 1227 and port 1227)", R"(listening for SMTP on port PORT_D3 and port PORT_D3)"}},
  {"stderr-port-listen-port-port-d4", kErr, "${port_d4}", R"RE((listening for SMTP on .* port )${port_d4})RE", R"(\1PORT_D4)", G, nullptr,
   {R"(listening for SMTP on port 1228 and port 1228)", R"(listening for SMTP on port PORT_D4 and port PORT_D4)"}},
  {"stderr-port-response", kErr, "<: |<; ", {}, {}, G, ResponsePorts,
   {"  SMTP<< 250 OK <: 1225 1224 p1225", "  SMTP<< 250 OK <: PORT_D PORT_S p1225"}},
  {"stderr-port-connecting-port-d", kErr, "${port_d}", R"RE((Connecting to .*]:)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1225)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_D)"}},
  {"stderr-port-connecting-port-d2", kErr, "${port_d2}", R"RE((Connecting to .*]:)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1226)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_D2)"}},
  {"stderr-port-connecting-port-d3", kErr, "${port_d3}", R"RE((Connecting to .*]:)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1227)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_D3)"}},
  {"stderr-port-connecting-port-d4", kErr, "${port_d4}", R"RE((Connecting to .*]:)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1228)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_D4)"}},
  {"stderr-port-connecting-port-s", kErr, "${port_s}", R"RE((Connecting to .*]:)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1224)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_S)"}},
  {"stderr-port-connecting-port-n", kErr, "${port_n}", R"RE((Connecting to .*]:)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(Connecting to x.test.ex [V4NET.0.0.1]:1223)", R"(Connecting to x.test.ex [V4NET.0.0.1]:PORT_N)"}},
  {"stderr-port-delivery-port-s", kErr, "${port_s}", R"RE((=[>=] .*\[[^\]]+\]:)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:1224)", R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:PORT_S)"}},
  {"stderr-port-delivery-port-d", kErr, "${port_d}", R"RE((=[>=] .*\[[^\]]+\]:)${port_d})RE", R"(\1PORT_D)", G, nullptr,
   {R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:1225)", R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:PORT_D)"}},
  {"stderr-port-delivery-port-d2", kErr, "${port_d2}", R"RE((=[>=] .*\[[^\]]+\]:)${port_d2})RE", R"(\1PORT_D2)", G, nullptr,
   {R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:1226)", R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:PORT_D2)"}},
  {"stderr-port-delivery-port-d3", kErr, "${port_d3}", R"RE((=[>=] .*\[[^\]]+\]:)${port_d3})RE", R"(\1PORT_D3)", G, nullptr,
   {R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:1227)", R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:PORT_D3)"}},
  {"stderr-port-delivery-port-d4", kErr, "${port_d4}", R"RE((=[>=] .*\[[^\]]+\]:)${port_d4})RE", R"(\1PORT_D4)", G, nullptr,
   {R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:1228)", R"(=> x@test.ex R=r T=t H=x [V4NET.0.0.1]:PORT_D4)"}},
  {"stderr-port-key-servers-port-n", kErr, "${port_n}", R"RE((key=.*servers=.*.)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(key=x servers=db.test.ex:1223)", R"(key=x servers=db.test.ex:PORT_N)"}},
  {"stderr-port-sql-servers-port-n", kErr, "${port_n}", R"RE(((?:database lookup required for |(?:My|Postgre)SQL query: .*)servers=.*.)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(database lookup required for servers=db.test.ex:1223)", R"(database lookup required for servers=db.test.ex:PORT_N)"}},
  {"stderr-port-sql-cached-port-n", kErr, "${port_n}", R"RE(((?:using cached connection for|close (?:MY|PG)SQL connection:) .*.)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(using cached connection for db.test.ex:1223)", R"(using cached connection for db.test.ex:PORT_N)"}},
  {"stderr-port-pgsql-port-n", kErr, "${port_n}", R"RE(((?:PGSQL new connection|PostgreSQL query): .*PGSQL.)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(PGSQL new connection: host=localhost port=x PGSQL.1223)", R"(PGSQL new connection: host=localhost port=x PGSQL.PORT_N)"}},
  {"stderr-port-defer-port-n", kErr, "${port_n}", R"RE(((?:DEFER:|list match deferred for).*:)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(DEFER: x:1223)", R"(DEFER: x:PORT_N)"}},
  {"stderr-port-postgres-port-n", kErr, "${port_n}", R"RE((POSTGRES .*\")${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(POSTGRES x "1223)", R"(POSTGRES x "PORT_N)"}},
  {"stderr-lookup-type-char", kErr, "TESTSUITE/aux-fixed/", R"(^(\s+(?:closing )?)[0-Z](TESTSUITE/aux-fixed/))", R"(\10\2)", G, nullptr,
   {"  closing 2TESTSUITE/aux-fixed/0002.list", "  closing 0TESTSUITE/aux-fixed/0002.list"}},
  {"stderr-drop-gnutls-compile-version", kErr, "GnuTLS compile-time version: ", R"(GnuTLS compile-time version: \d+[\.\d]+$)", kDrop, O, nullptr,
   {"GnuTLS compile-time version: 3.7.9\nkept", "kept"}},
  {"stderr-drop-gnutls-runtime-version", kErr, "GnuTLS runtime version: ", R"(GnuTLS runtime version: \d+[\.\d]+$)", kDrop, O, nullptr,
   {"GnuTLS runtime version: 3.7.9\nkept", "kept"}},
  {"stderr-drop-gnutls-fips", kErr, "^GnuTLS<2>: FIPS140-2 ", R"(^GnuTLS<2>: FIPS140-2 (context is not set|operation mode switched from initial to not-approved)$)", kDrop, O, nullptr,
   {"GnuTLS<2>: FIPS140-2 context is not set\nkept", "kept"}},
  {"stderr-drop-gnutls-sign-assert", kErr, "^GnuTLS<3>: ASSERT: sign.c", R"(^GnuTLS<3>: ASSERT: sign.c\[_gnutls_sign_is_secure2\]:\d+$)", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: sign.c[_gnutls_sign_is_secure2]:1234\nkept", "kept"}},
  {"stderr-drop-gnutls-pkcs11-find", kErr, "^GnuTLS<3>: ASSERT: ../../lib/pkcs11.c[find_multi_objs_cb]:", R"(^GnuTLS<3>: ASSERT: \.\./\.\./lib/pkcs11.c\[find_multi_objs_cb\]:)", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: ../../lib/pkcs11.c[find_multi_objs_cb]:3070\nkept", "kept"}},
  {"stderr-drop-gnutls-pkcs11-import", kErr, "^GnuTLS<3>: ASSERT: ../../lib/pkcs11.c[gnutls_pkcs11_obj_list_import_url3]:", R"(^GnuTLS<3>: ASSERT: \.\./\.\./lib/pkcs11.c\[gnutls_pkcs11_obj_list_import_url3\]:)", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: ../../lib/pkcs11.c[gnutls_pkcs11_obj_list_import_url3]:3369\nkept", "kept"}},
  {"stderr-drop-openssl-compile-version", kErr, "OpenSSL compile-time version: OpenSSL ", R"(OpenSSL compile-time version: OpenSSL \d+[\.\da-z]+)", kDrop, O, nullptr,
   {"OpenSSL compile-time version: OpenSSL 3.0.11 19 Sep 2023\nkept", "kept"}},
  {"stderr-drop-openssl-runtime-version", kErr, "OpenSSL runtime version: OpenSSL ", R"(OpenSSL runtime version: OpenSSL \d+[\.\da-z]+)", kDrop, O, nullptr,
   {"OpenSSL runtime version: OpenSSL 3.0.11 19 Sep 2023\nkept", "kept"}},
  {"stderr-drop-creating-stek", kErr, "^OpenSSL: creating STEK", R"(^OpenSSL: creating STEK$)", kDrop, O, nullptr, {"OpenSSL: creating STEK\nkept", "kept"}},
  {"stderr-drop-selfsign-rotate", kErr, "^selfsign cert rotate", R"(^selfsign cert rotate$)", kDrop, O, nullptr, {"selfsign cert rotate\nkept", "kept"}},
  {"stderr-drop-tls-preload-openssl", kErr, "^TLS: ", R"(^TLS: (preloading (DH params \S+|ECDH curve \S+|CA bundle) for server|generating selfsigned server cert))", kDrop, O, nullptr,
   {"TLS: preloading DH params 'default' for server\nkept", "kept"}},
  {"stderr-drop-dh-default", kErr, "^ Diffie-Hellman initialized from default", "^ Diffie-Hellman initialized from default", kDrop, O, nullptr,
   {" Diffie-Hellman initialized from default\nkept", "kept"}},
  {"stderr-drop-ecdh-params", kErr, "^ ECDH OpenSSL ", R"(^ ECDH OpenSSL (< )?[\d.+]+: temp key parameter settings:)", kDrop, O, nullptr,
   {" ECDH OpenSSL 1.0.2+: temp key parameter settings: autoselection\nkept", "kept"}},
  {"stderr-drop-ecdh-prime256v1", kErr, "^ ECDH: ", R"(^ ECDH: .*'prime256v1')", kDrop, O, nullptr, {" ECDH: curve 'prime256v1'\nkept", "kept"}},
  {"stderr-drop-verify-system", kErr, "^tls_verify_certificates: system", R"(^tls_verify_certificates: system$)", kDrop, O, nullptr,
   {"tls_verify_certificates: system\nkept", "kept"}},
  {"stderr-drop-watch-cert-pem", kErr, "^tls_set_watch: ", R"(^tls_set_watch: .*/cert.pem)", kDrop, O, nullptr,
   {"tls_set_watch: '/usr/lib/ssl/cert.pem'\nkept", "kept"}},
  {"stderr-drop-generating-rsa", kErr, "^Generating 2048 bit RSA key", "^Generating 2048 bit RSA key", kDrop, O, nullptr,
   {"Generating 2048 bit RSA key...\nkept", "kept"}},
  {"stderr-drop-watch-missing", kErr, "tls_set_", R"((tls_set_one_watch|tls_set_watch).*No such file or directory$)", kDrop, O, nullptr,
   {"tls_set_one_watch: '/etc/ssl/certs' No such file or directory\nkept", "kept"}},
  {"stderr-drop-gnutls-global-init", kErr, "^GnuTLS global init required", R"(^GnuTLS global init required$)", kDrop, O, nullptr,
   {"GnuTLS global init required\nkept", "kept"}},
  {"stderr-drop-basic-cred", kErr, "^TLS: basic cred init, server", "^TLS: basic cred init, server", kDrop, O, nullptr,
   {"TLS: basic cred init, server\nkept", "kept"}},
  {"stderr-drop-cipher-null", kErr, "^TLS: preloading cipher list for server: NULL", R"(^TLS: preloading cipher list for server: NULL$)", kDrop, O, nullptr,
   {"TLS: preloading cipher list for server: NULL\nkept", "kept"}},
  {"stderr-gnutls-default-priority", kErr, "^GnuTLS using default session cipher/priority", R"(^GnuTLS using default session cipher/priority "NORMAL"$)", "TLS: not preloading cipher list for server", O, nullptr,
   {"GnuTLS using default session cipher/priority \"NORMAL\"\nkept", "kept"}},
  {"stderr-drop-gnutls-priority-list", kErr, "^GnuTLS<2>: added ", R"(^GnuTLS<2>: added \d+ protocols, \d+ ciphersuites, \d+ sig algos and \d+ groups into priority list$)", kDrop, O, nullptr,
   {"GnuTLS<2>: added 6 protocols, 29 ciphersuites, 19 sig algos and 10 groups into priority list\nkept", "kept"}},
  {"stderr-drop-gnutls-x509", kErr, "^GnuTLS<2>: ", R"(^GnuTLS<2>: (Disabling X.509 extensions|signing structure using RSA-SHA256))", kDrop, O, nullptr,
   {"GnuTLS<2>: Disabling X.509 extensions.\nkept", "kept"}},
  {"stderr-drop-gnutls-mpi", kErr, "^GnuTLS", R"(^GnuTLS.*(wrap_nettle_mpi_print|gnutls_subject_alt_names_get|get_alt_name))", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: mpi.c[wrap_nettle_mpi_print]:60\nkept", "kept"}},
  {"stderr-drop-gnutls-p11", kErr, "^GnuTLS<", R"(^GnuTLS<[23]>: (p11|ASSERT: pkcs11.c|Initializing needed PKCS #11 modules))", kDrop, O, nullptr,
   {"GnuTLS<2>: p11: Initializing module: p11-kit-trust\nkept", "kept"}},
  {"stderr-drop-gnutls-intel", kErr, "^GnuTLS<2>: Intel ", R"(^GnuTLS<2>: Intel (AES|GCM) accelerator was detected)", kDrop, O, nullptr,
   {"GnuTLS<2>: Intel AES accelerator was detected\nkept", "kept"}},
  {"stderr-drop-added-cas", kErr, "^Added ", R"(^Added \d{3} certificate authorities)", kDrop, O, nullptr,
   {"Added 140 certificate authorities\nkept", "kept"}},
  {"stderr-drop-no-crl", kErr, "^TLS: not preloading CRL for server", "^TLS: not preloading CRL for server", kDrop, O, nullptr,
   {"TLS: not preloading CRL for server\nkept", "kept"}},
  {"stderr-drop-gnutls-extension-assert", kErr, "^GnuTLS<3>: ASSERT: extensions.c[_gnutls_get_extension", R"(^GnuTLS<3>: ASSERT: extensions.c\[_gnutls_get_extension)", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: extensions.c[_gnutls_get_extension]:65\nkept", "kept"}},
  {"stderr-drop-gnutls-x509-assert", kErr, "^GnuTLS<3>: ASSERT: ../../../lib/x509/", R"(^GnuTLS<3>: ASSERT: \.\./\.\./\.\./lib/x509/)", kDrop, O, nullptr,
   {"GnuTLS<3>: ASSERT: ../../../lib/x509/x509.c:1234\nkept", "kept"}},
  {"stderr-drop-gnutls-pkcs11-init", kErr, "Initializing PKCS", "^GnuTLS<2>: Initializing PKCS #11 modules", kDrop, O, nullptr,
   {"GnuTLS<2>: Initializing PKCS #11 modules\nkept", "kept"}},
  {"stderr-drop-watch-dir", kErr, "^watch dir", "^watch dir", kDrop, O, nullptr, {"watch dir '/etc/ssl/certs'\nkept", "kept"}},
  {"stderr-drop-watch-usr-local", kErr, "^watch file ", R"(^watch file .*/usr/local)", kDrop, O, nullptr, {"watch file '/usr/local/lib/x.pem'\nkept", "kept"}},
  {"stderr-drop-watch-etc-ssl", kErr, "^watch file ", R"(^watch file .*/etc/ssl)", kDrop, O, nullptr, {"watch file '/etc/ssl/cert.pem'\nkept", "kept"}},
  {"stderr-drop-closing-watch", kErr, "^closing watch fd:", "^closing watch fd:", kDrop, O, nullptr, {"closing watch fd: 5\nkept", "kept"}},
  {"stderr-drop-generating-selfsigned", kErr, "^TLS: generating selfsigned server cert", "^TLS: generating selfsigned server cert", kDrop, O, nullptr,
   {"TLS: generating selfsigned server cert\nkept", "kept"}},
  {"stderr-drop-not-preloading", kErr, "^TLS: not preloading ", R"(^TLS: not preloading (CA bundle|cipher list) for server$)", kDrop, O, nullptr,
   {"TLS: not preloading CA bundle for server\nkept", "kept"}},
  {"stderr-drop-not-preloading-certs", kErr, "^TLS: not preloading server certs", R"(^TLS: not preloading server certs$)", kDrop, O, nullptr,
   {"TLS: not preloading server certs\nkept", "kept"}},
  {"stderr-drop-missing-ca-bundle", kErr, "^tls_set_watch() fail on '/usr/", R"(^tls_set_watch\(\) fail on '/usr/(?:lib/ssl|local/openssl3/etc/pki/tls)/cert.pem': No such file or directory$)", kDrop, O, nullptr,
   {"tls_set_watch() fail on '/usr/lib/ssl/cert.pem': No such file or directory\nkept", "kept"}},
  {"stderr-drop-lookups", kErr, "", R"RE((?:Lookups \((?:built-in|dynamic)\):|searchtype \w+ not initially found|Loaded "\w+" \(\d+ lookup types?\)|Loading lookup modules from|Loaded \d+ lookup modules|Total \d+ built-in lookups))RE", kDrop, O, nullptr,
   {"Total 12 built-in lookups\n searchtype lsearch not initially found\nkept", "kept"}},
  {"stderr-drop-driver-modules", kErr, "", R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?(?:Loading \w+ (?:router|transport|auth) driver from|Loaded \w+ (?:router|transport|auth)$))", kDrop, O, nullptr,
   {"Loading redirect router driver from /usr/lib/exim4/modules/redirect_router.so\nkept", "kept"}},
  {"stderr-drop-compiler", kErr, "Compiler:", R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?Compiler:)", kDrop, O, nullptr, {"Compiler: GCC [12.2.0]\nkept", "kept"}},
  {"stderr-drop-library-version", kErr, "Library version:", {}, {}, O, DropAndStart<kLibraryVersion, kLibVersion, 2>,
   {"Library version: PCRE2: Compile: 10.42\n                  Runtime: 10.42 2022-12-11\nkept", "kept"}},
  {"stderr-drop-whitelist-d-macros", kErr, "WHITELIST_D_MACROS:", R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?WHITELIST_D_MACROS:)", kDrop, O, nullptr,
   {"WHITELIST_D_MACROS: \"DIR:EXIM_PATH:AA:ACL:ACLRCPT\"\nkept", "kept"}},
  {"stderr-drop-trusted-config-list", kErr, "TRUSTED_CONFIG_LIST:", R"(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?TRUSTED_CONFIG_LIST:)", kDrop, O, nullptr,
   {"TRUSTED_CONFIG_LIST: \"TESTSUITE/trusted_configs\"\nkept", "kept"}},
  {"stderr-drop-setgid-failed", kErr, "^changing group to ", R"(^changing group to \d+ failed: (Operation not permitted|Not owner))", kDrop, O, nullptr,
   {"changing group to 91 failed: Operation not permitted\nkept", "kept"}},
  {"stderr-drop-tls-validate-cipher", kErr, "^changed uid/gid: calling tls_validate_require_cipher", {}, {}, O, DropAndStart<kTlsValidateCipher, kSkip, 1>,
   {"changed uid/gid: calling tls_validate_require_cipher\n  uid=uuuu gid=gggg pid=p1234\nkept", "kept"}},
  {"stderr-drop-tls-validate-child", kErr, "^tls_validate_require_cipher child ", R"(^tls_validate_require_cipher child \d+ ended: status=0x0)", kDrop, O, nullptr,
   {"tls_validate_require_cipher child 4711 ended: status=0x0\nkept", "kept"}},
  {"stderr-drop-macros-trusted", kErr, "^macros_trusted overridden to true by whitelisting", "^macros_trusted overridden to true by whitelisting", kDrop, O, nullptr,
   {"macros_trusted overridden to true by whitelisting\nkept", "kept"}},
  {"stderr-localhost-v6-note", kErr, "looked up these IP addresses", {}, {}, O, LocalhostV6Note,
   {"local host found for non-MX address\nlocalhost looked up these IP addresses:", "local host found for non-MX address\nMUNGED: ::1 will be omitted in what follows\nlocalhost looked up these IP addresses:"}},
  {"stderr-drop-localhost-v6", kErr, "name=localhost address=::1", "name=localhost address=::1", kDrop, O, nullptr,
   {"  name=localhost address=::1\nkept", "kept"}},
  {"stderr-drop-dkim-banner", kErr, "^DKIM", R"(^DKIM( <<<<<<<<<<<<<<<<<<<<<<<<<<<<<+|: no signatures)$)", kDrop, O, nullptr,
   {"DKIM: no signatures\nkept", "kept"}},
  {"stderr-drop-acl-smtp-dkim", kErr, "try option 'acl_smtp_dkim'", R"(try option 'acl_smtp_dkim'$)", kDrop, O, nullptr,
   {"try option 'acl_smtp_dkim'\nkept", "kept"}},
  {"stderr-drop-tiocout", kErr, " bytes remain in socket output buffer", R"(\d+ bytes remain in socket output buffer$)", kDrop, O, nullptr,
   {"0 bytes remain in socket output buffer\nkept", "kept"}},
  {"stderr-drop-fake-ipv6", kErr, "using host_fake_gethostbyname for ", R"(using host_fake_gethostbyname for \S+ \(IPv6\))", kDrop, O, nullptr,
   {"using host_fake_gethostbyname for ten-1.test.ex (IPv6)\nkept", "kept"}},
  {"stderr-drop-inet6-lookup", kErr, "get[host|ipnode]byname[2](af=inet6)", R"(get\[host\|ipnode\]byname\[2\]\(af=inet6\))", kDrop, O, nullptr,
   {"  get[host|ipnode]byname[2](af=inet6) returned 1 (HOST_NOT_FOUND)\nkept", "kept"}},
  {"stderr-drop-aaaa-fakens", kErr, " (AAAA) using fakens", R"(DNS lookup of \S+ \(AAAA\) using fakens)", kDrop, O, nullptr,
   {"DNS lookup of ten-1.test.ex (AAAA) using fakens\nkept", "kept"}},
  {"stderr-drop-aaaa-neg-cache", kErr, " writing neg-cache entry for ", R"( writing neg-cache entry for .*AAAA)", kDrop, O, nullptr,
   {" writing neg-cache entry for ten-1.test.ex-AAAA-41, ttl 3000\nkept", "kept"}},
  {"stderr-drop-aaaa-length", kErr, "faking res_search(AAAA) response length as 65535", R"(^ *faking res_search\(AAAA\) response length as 65535)", kDrop, O, nullptr,
   {" faking res_search(AAAA) response length as 65535\nkept", "kept"}},
  {"stderr-drop-dns-ipv4-lookup", kErr, " in dns_ipv4_lookup?", {}, {}, O, DropAndStart<kDnsIpv4Lookup, kDnsIpv4a, 0>,
   {"ten-1.test.ex in dns_ipv4_lookup?\n list element: *\nten-1.test.ex in dns_ipv4_lookup? yes (matched \"*\")\nkept", "kept"}},
  {"stderr-drop-aaaa-no-data", kErr, " (AAAA) gave NO_DATA", {}, {}, O, DropAndStart<kAaaaNoData, kSkip, 1>,
   {"DNS lookup of ten-1.test.ex (AAAA) gave NO_DATA\nreturning DNS_NODATA\nkept", "kept"}},
  {"stderr-received-no-tls", kErr, "(Exim $version_number)", R"(^((.*)\t}}}}by \$primary_hostname \$\{if def:received_protocol \{with \$received_protocol }})\(Exim \$version_number\)$)",
   "\\1${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\\2\t}}(Exim $version_number)", O, nullptr,
   {"x\t}}}}by $primary_hostname ${if def:received_protocol {with $received_protocol }}(Exim $version_number)",
    "x\t}}}}by $primary_hostname ${if def:received_protocol {with $received_protocol }}${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\nx\t}}(Exim $version_number)"}},
  {"stderr-received-no-tls-considering", kErr, "(Exim $version_number)", R"(^((\s*).*considering: with \$received_protocol }})\(Exim \$version_number\)$)",
   "\\1${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\\2\t}}(Exim $version_number)", O, nullptr,
   {"  considering: with $received_protocol }}(Exim $version_number)",
    "  considering: with $received_protocol }}${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n  \t}}(Exim $version_number)"}},
  {"stderr-drop-tls-in-ver-condition", kErr, "condition: def:tls_in_ver", {}, {}, O, DropAndStart<kTlsInVerCondition, kSkip, 21>,
   {"  condition: def:tls_in_ver\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\nkept", "kept"}},
  {"stderr-drop-tls-advertise-query", kErr, " in tls_advertise_hosts?", R"(^((>>>)?\s*host)? in tls_advertise_hosts\?$)", kDrop, O, nullptr,
   {">>> host in tls_advertise_hosts?\nkept", "kept"}},
  {"stderr-drop-tls-unset", kErr, "tls_advertise_hosts? no (|hosts_require_tls? no (", R"(in\s(?:tls_advertise_hosts\?|hosts_require_tls\?)\sno\s\((option\sunset|end\sof\slist)\))", kDrop, O, nullptr,
   {">>> host in tls_advertise_hosts? no (option unset)\nkept", "kept"}},
  {"stderr-drop-dane-dnssec", kErr, "lack of DNSSEC traceability precludes DANE", R"(lack of DNSSEC traceability precludes DANE$)", kDrop, O, nullptr,
   {"lack of DNSSEC traceability precludes DANE\nkept", "kept"}},
  {"stderr-drop-aux-groups", kErr, "auxiliary group list:", "auxiliary group list:", kDrop, O, nullptr, {"  auxiliary group list: 4 24\nkept", "kept"}},
  {"stderr-drop-gecos", kErr, "extracted from gecos field", "extracted from gecos field", kDrop, O, nullptr,
   {"user name \"CALLER_GECOS\" extracted from gecos field \"CALLER_GECOS\"\nkept", "kept"}},
  {"stderr-drop-wait-data", kErr, "waiting for data on socket", "waiting for data on socket", kDrop, O, nullptr, {"waiting for data on socket\nkept", "kept"}},
  {"stderr-drop-read-size", kErr, "read response data: size=", "read response data: size=", kDrop, O, nullptr, {"read response data: size=77\nkept", "kept"}},
  {"stderr-drop-readline", kErr, "failed to load readline:", "failed to load readline:", kDrop, O, nullptr, {"failed to load readline: libreadline.so\nkept", "kept"}},
  {"stderr-drop-received-expansion", kErr, "^condition: def:tls_cipher|^expanding: Received: ", {}, {}, O, TlsCipherCondition,
   {"condition: def:tls_cipher\n   result: false\ncondition: def:sender_address", "condition: def:sender_address"},
   {"expanding: Received: ${if def:sender_rcvhost {from $sender_rcvhost\n   result: x\nkept", "kept"}},
  {"stderr-connection-request-port", kErr, "Connection request from 127.0.0.1 port", R"((Connection request from 127.0.0.1 port) \d{1,5})", R"(\1 sssss)", O, nullptr,
   {"Connection request from 127.0.0.1 port 54321", "Connection request from 127.0.0.1 port sssss"}},
  {"stderr-operation-timed-out", kErr, "Operation timed out", "Operation timed out", "Connection timed out", O, nullptr,
   {"  SMTP(Operation timed out)<<", "  SMTP(Connection timed out)<<"}},
  {"stderr-disconnect-reset", kErr, "(error: Connection reset by peer) ", R"((unexpected disconnection while reading SMTP command from \[127.0.0.1\] )\(error: Connection reset by peer\) )", R"(\1)", O, nullptr,
   {"LOG: unexpected disconnection while reading SMTP command from [127.0.0.1] (error: Connection reset by peer) x", "LOG: unexpected disconnection while reading SMTP command from [127.0.0.1] x"}},
  {"stderr-neg-cache-bits", kErr, "neg-cache entry for ", R"(((?:writing|update) neg-cache entry for [^,]+-)[0-9a-f]+, ttl)", R"(\1xxxx, ttl)", O, nullptr,
   {" writing neg-cache entry for x.test.ex-MX-41, ttl 3000", " writing neg-cache entry for x.test.ex-MX-xxxx, ttl 3000"}},
  {"stderr-time-on-queue", kErr, "^time on queue = 1s", R"(^(time on queue = )1s)", R"(\10s)", O, nullptr,
   {"time on queue = 1s, now 1", "time on queue = 0s, now 1"}},
  {"stderr-scan-file-order", kErr, "unspool_mbox(): unlinking 'TESTSUITE/spool/scan/", R"((unspool_mbox\(\): unlinking 'TESTSUITE/spool/scan/[^/]*/)[^']*)", R"(\1FFFFFFFFF)", O, nullptr,
   {"unspool_mbox(): unlinking 'TESTSUITE/spool/scan/10HmaX-000000005vi-0000/10HmaX-000000005vi-0000-00001.eml'", "unspool_mbox(): unlinking 'TESTSUITE/spool/scan/10HmaX-000000005vi-0000/FFFFFFFFF'"}},
  {"stderr-drop-dane-unset", kErr, "hosts_require_dane? no (option unset)", R"(in\shosts_require_dane\?\sno\s\(option\sunset\))", kDrop, O, nullptr,
   {"127.0.0.1 in hosts_require_dane? no (option unset)\nkept", "kept"}},
  {"stderr-notifier-socket", kErr, "/spool/exim_daemon_notify", R"( @([^ @]+/spool/exim_daemon_notify)$)", R"( \1)", O, nullptr,
   {"creating notifier socket @TESTSUITE/spool/exim_daemon_notify", "creating notifier socket TESTSUITE/spool/exim_daemon_notify"}},
  {"stderr-drop-notifier-unlink", kErr, "unlinking notifier socket", "unlinking notifier socket", kDrop, O, nullptr,
   {"unlinking notifier socket TESTSUITE/spool/exim_daemon_notify\nkept", "kept"}},
  {"stderr-notify-queue-run", kErr, "notify triggered queue run", {}, {}, O, NotifyQueueRun,
   {"notify triggered queue run\nnotify triggered queue run\nkept", "notify triggered queue run\nkept"}},
  {"stderr-lookup-type-char-list", kErr, "TESTSUITE/aux-fixed/0", {}, {}, O, LookupTypeChar,
   {"  file lookup required for x\n  in xTESTSUITE/aux-fixed/0414.list1", "  file lookup required for x\n  in 0TESTSUITE/aux-fixed/0414.list1"}},
  {"stderr-drop-keep-environment", kErr, " in keep_environment? ", R"(\w+ in keep_environment\? (yes|no))", kDrop, O, nullptr,
   {"PATH in keep_environment? yes (matched \"PATH\")\nkept", "kept"}},
  {"stderr-cmd-buf-flush", kErr, "cmd buf flush ", R"(^\s*cmd buf flush \d+ bytes)", "cmd buf flush ddd bytes", O, nullptr,
   {"  cmd buf flush 74 bytes", "cmd buf flush ddd bytes"}},
  {"stderr-dbfn-write-len", kErr, "dbfn_write: key=", R"((dbfn_write: key=.* datalen )\d{1,3}$)", R"(\1nn)", O, nullptr,
   {"dbfn_write: key=T:127.0.0.1:127.0.0.1:PORT_N datalen 78", "dbfn_write: key=T:127.0.0.1:127.0.0.1:PORT_N datalen nn"}},
  {"stderr-dbfn-read-size", kErr, "dbfn_read: size ", R"((dbfn_read: size )\d{1,3}( return)$)", R"(\1nn\2)", O, nullptr,
   {"dbfn_read: size 78 return", "dbfn_read: size nn return"}},
  {"stderr-spool-space", kErr, " directory space =", R"(((?:spool|log) directory space =) -?\d+K (inodes =)\s*-?\d+)", R"(\1 nnnnnK \2 nnnnn)", O, nullptr,
   {"spool directory space = 1234K inodes = 5678 check_space = 10000K inodes = 100 msg_size = 0", "spool directory space = nnnnnK inodes = nnnnn check_space = 10000K inodes = 100 msg_size = 0"}},
  {"stderr-drop-acl-smtp-mime", kErr, "try option 'acl_", R"(try option 'acl_(?:not_)?smtp_mime'$)", kDrop, O, nullptr,
   {"try option 'acl_smtp_mime'\nkept", "kept"}},
  {"stderr-drop-ocsp", kErr, "in hosts_requ", R"(in hosts_requ(?:est|ire)_ocsp\?)", kDrop, O, nullptr, {"127.0.0.1 in hosts_request_ocsp? no\nkept", "kept"}},
  {"stderr-drop-wellknown-advertise", kErr, " in wellknown_advertise_hosts?", R"( in wellknown_advertise_hosts\?)", kDrop, O, nullptr,
   {"host in wellknown_advertise_hosts? no (option unset)\nkept", "kept"}},
  {"stderr-drop-proxy", kErr, "host in hosts_proxy?", R"(host in hosts_proxy\?)", kDrop, O, nullptr, {"host in hosts_proxy? no (option unset)\nkept", "kept"}},
  {"stderr-drop-pipe-connect-list", kErr, "host in pipelining_connect_advertise_hosts?", {}, {}, O, DropAndStart<kPipeConnectHosts, kPipeList, 0>,
   {">>> host in pipelining_connect_advertise_hosts?\n>>>  list element: *\nkept", "kept"}},
  {"stderr-drop-pipe-connect-no", kErr, " in ", R"( in (?:pipelining_connect_advertise_hosts|hosts_pipe_connect)?\? no )", kDrop, O, nullptr,
   {">>> host in pipelining_connect_advertise_hosts? no (option unset)\nkept", "kept"}},
  {"stderr-drop-smtputf8", kErr, " in smtputf8_advertise_hosts? no (option unset)", R"( in smtputf8_advertise_hosts\? no \(option unset\))", kDrop, O, nullptr,
   {">>> host in smtputf8_advertise_hosts? no (option unset)\nkept", "kept"}},
  {"stderr-drop-requiretls", kErr, " in tls_advertise_requiretl", R"( in tls_advertise_requiretls?\? no \(end of list\))", kDrop, O, nullptr,
   {"host in tls_advertise_requiretls? no (end of list)\nkept", "kept"}},
  {"stderr-drop-limits-list", kErr, " in limits_advertise_hosts?", {}, {}, O, DropAndStart<kLimitsHosts, kLimitsList, 0>,
   {">>> host in limits_advertise_hosts?\n>>>  list element: !*\nkept", "kept"}},
  {"stderr-drop-limits-no", kErr, " in limits_advertise_host", R"( in limits_advertise_hosts?\? no \(matched "!\*"\))", kDrop, O, nullptr,
   {">>> host in limits_advertise_hosts? no (matched \"!*\")\nkept", "kept"}},
  {"stderr-drop-xclient", kErr, " in hosts_xclient? no (option unset)", R"( in hosts_xclient\? no \(option unset\))", kDrop, O, nullptr,
   {"host in hosts_xclient? no (option unset)\nkept", "kept"}},
  {"stderr-drop-hosts-wellknown", kErr, " in hosts_wellknown? no (option unset)", R"( in hosts_wellknown\? no \(option unset\))", kDrop, O, nullptr,
   {"host in hosts_wellknown? no (option unset)\nkept", "kept"}},
  {"stderr-drop-fastopen-error", kErr, "setsockopt FASTOPEN: Network Error", R"(^(ppppp )?setsockopt FASTOPEN: Network Error)", kDrop, O, nullptr,
   {"setsockopt FASTOPEN: Network Error\nkept", "kept"}},
  {"stderr-drop-tls-resumption", kErr, "in tls_resumption_hosts?", R"(in tls_resumption_hosts\?)", kDrop, O, nullptr,
   {"127.0.0.1 in tls_resumption_hosts? no (option unset)\nkept", "kept"}},
  {"stderr-drop-outlook-re", kErr, "RE '.outlook.com", R"(RE '.outlook.com)", kDrop, O, nullptr,
   {"compiled RE '.outlook.com$' saved in recipient cache\nkept", "kept"}},
  {"stderr-received-tls-cipher-join", kErr, "with $received_protocol}} ${if def:tls_cipher {($tls_cipher)", {}, {}, O, ReceivedTlsCipher,
   {"  considering: with $received_protocol}} ${if def:tls_cipher {($tls_cipher)\n       }}(Exim $version_number)", "  considering: with $received_protocol}} (Exim $version_number)"}},
  {"stderr-drop-tls-cipher-tree", kErr, "condition: def:tls_cipher", {}, {}, O, TlsCipherTree,
   {" \xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80" "condition: def:tls_cipher\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nkept", "kept"}},
  {"stderr-drop-module-loading", kErr, "loading module '", R"(loading module '(?:arc|exim_filter|dkim|dmarc|pam|perl|radius|sieve_filter|spf)'$)", kDrop, O, nullptr,
   {"loading module 'dkim'\nkept", "kept"}},
  {"stderr-drop-dkim-body-hash", kErr, "^DKIM >> Body data for hash, canonicalized", "^DKIM >> Body data for hash, canonicalized", kDrop, O, nullptr,
   {"DKIM >> Body data for hash, canonicalized >>>>>>>>>>>>>>>>>>>>>>\nkept", "kept"}},
  {"stderr-drop-socks", kErr, "^try option 'socks_proxy'", R"(^try option 'socks_proxy'$)", kDrop, O, nullptr, {"try option 'socks_proxy'\nkept", "kept"}},
  {"stderr-drop-spf", kErr, "spf_", R"((^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?spf_conn_init|spf_compile\.c))", kDrop, O, nullptr, {"spf_conn_init: x\nkept", "kept"}},
  {"stderr-drop-spf-template", kErr, "try option 'spf_smtp_comment_template'", R"(try option 'spf_smtp_comment_template'$)", kDrop, O, nullptr,
   {"try option 'spf_smtp_comment_template'\nkept", "kept"}},
  {"stderr-drop-loaded-module", kErr, "Loaded \"", R"RE(^(?:(?:\d{2}:\d{2}:\d{2}\s+)?\d+\s)?Loaded "(?:dkim|dmarc|exim_filter|spf)"$)RE", kDrop, O, nullptr,
   {"Loaded \"dkim\"\nkept", "kept"}},
  {"stderr-drop-sendfile", kErr, "^cannot use sendfile for body: no support", R"(^cannot use sendfile for body: no support$)", kDrop, O, nullptr,
   {"cannot use sendfile for body: no support\nkept", "kept"}},
  {"stderr-drop-dkim-date", kErr, "^date:", R"(^date:\w+,\{SP\})", kDrop, O, nullptr, {"date:Sun,{SP}30{SP}Jul\nkept", "kept"}},
  {"stderr-drop-dkim-hash", kErr, "^DKIM [", R"(^DKIM \[[^[]+\] (Header hash|b) computed:)", kDrop, O, nullptr,
   {"DKIM [test.ex] Header hash computed: 1234\nkept", "kept"}},
  {"stderr-drop-fastopen-list", kErr, " in hosts_try_fastopen?", {}, {}, O, DropAndStart<kFastopenHosts, kFastopen, 0>,
   {"127.0.0.1 in hosts_try_fastopen?\n  list element: \nkept", "kept"}},
  {"stderr-drop-fastopen-result", kErr, " in hosts_try_fastopen? ", R"(\S+ in hosts_try_fastopen\? (no \(option unset\)|no \(end of list\)|yes \(matched "\*"\))$)", kDrop, O, nullptr,
   {"127.0.0.1 in hosts_try_fastopen? no (option unset)\nkept", "kept"}},
  {"stderr-fastopen-af-not-supported", kErr, "Address family not supported by protocol family", "Address family not supported by protocol family", "Network Error", O, nullptr,
   {"connect: Address family not supported by protocol family", "connect: Network Error"}},
  {"stderr-fastopen-unreachable", kErr, "unreachable", R"(Network(?: is)? unreachable)", "Network Error", O, nullptr,
   {"connect: Network is unreachable", "connect: Network Error"}},
  {"stderr-drop-fastopen-not-available", kErr, "setsockopt FASTOPEN: Protocol not available", R"(^(ppppp |\d+ )?setsockopt FASTOPEN: Protocol not available$)", kDrop, O, nullptr,
   {"setsockopt FASTOPEN: Protocol not available\nkept", "kept"}},
  {"stderr-non-tfo-early-data", kErr, "nonTFO early-data", R"(^(sending) \d+ (nonTFO early-data)$)", R"(\1 dd \2)", O, nullptr,
   {"sending 65 nonTFO early-data", "sending dd nonTFO early-data"}},
  // TCP Fast Open's connect line (Linux: sendto EINPROGRESS) is replaced by
  // the lines after it; after its "connected", a "read response data" line
  // goes (0227).
  {"stderr-drop-tfo-mode", kErr, "TFO mode ", {}, {}, O, DropAndStart<kTfoMode, kTfo, 0>,
   {" TFO mode sendto, no data: EINPROGRESS\n connected\n   SMTP<< 220 Server ready",
    " connected\n   SMTP<< 220 Server ready"},
   {" TFO mode sendto, no data: EINPROGRESS\nconnected\nread response data: size=3\nkept", "connected\nkept"}},
  {"stderr-drop-listen-backlog", kErr, "listen backlog", "listen backlog", kDrop, O, nullptr, {"listen backlog 20 I=[127.0.0.1]:1225\nkept", "kept"}},
  {"stderr-dbopen-pointer", kErr, "returned from EXIM_DBOPEN: ", R"((returned from EXIM_DBOPEN: )(0x)?[0-9a-f]+)", R"(\10xAAAAAAAA)", O, nullptr,
   {"returned from EXIM_DBOPEN: 0x55d0c2a5f1a3", "returned from EXIM_DBOPEN: 0xAAAAAAAA"}},
  {"stderr-dbclose-pointer", kErr, "EXIM_DBCLOSE", R"((EXIM_DBCLOSE.)(0x)?[0-9a-f]+)", R"(\10xAAAAAAAA)", O, nullptr,
   {"EXIM_DBCLOSE(0x55d0c2a5f1a3)", "EXIM_DBCLOSE(0xAAAAAAAA)"}},
  {"stderr-drop-perconaft", kErr, "PerconaFT file system space", "PerconaFT file system space", kDrop, O, nullptr, {"PerconaFT file system space is low\nkept", "kept"}},
  {"stderr-drop-mysql-wait", kErr, "^Waiting for MySQL server to answer", "^Waiting for MySQL server to answer", kDrop, O, nullptr,
   {"Waiting for MySQL server to answer\nkept", "kept"}},
  {"stderr-drop-mysql-db-exists", kErr, "mysqladmin: CREATE DATABASE failed; ", R"(mysqladmin: CREATE DATABASE failed; .* database exists)", kDrop, O, nullptr,
   {"mysqladmin: CREATE DATABASE failed; error: 'Can't create database 'test'; database exists'\nkept", "kept"}},
  {"stderr-postgres-initdb-warning", kErr, "^initdb: warning: ", R"(^initdb: warning: (enabling "trust" authentication for local connections)$)", "\nWARNING: \\1", O, nullptr,
   {"initdb: warning: enabling \"trust\" authentication for local connections", "\nWARNING: enabling \"trust\" authentication for local connections"}},
  {"stderr-postgres-pid", kErr, " [", R"( \[\d+\] ((?:LOG:  redirecting log|HINT:  Future log output)))", R"( [pppp] \1)", O, nullptr,
   {"2017-07-30 18:51:05.712 BST [4711] LOG:  redirecting log output", "2017-07-30 18:51:05.712 [pppp] LOG:  redirecting log output"}},
  {"stderr-drop-dmarc-tld-option", kErr, "try option 'dmarc_tld_file'", R"(try option 'dmarc_tld_file'$)", kDrop, O, nullptr,
   {"try option 'dmarc_tld_file'\nkept", "kept"}},
  {"stderr-drop-dmarc-no", kErr, "^DMARC: no ", R"(^DMARC: no (dmarc_tld_file|sender_host_address)$)", kDrop, O, nullptr, {"DMARC: no dmarc_tld_file\nkept", "kept"}},
  {"stderr-smtp-timed-out", kErr, "  SMTP(Operation timed out)<<", R"(  SMTP\(Operation timed out\)<<)", "  SMTP(Connection timed out)<<", O, nullptr,
   {"  SMTP(Operation timed out)<<", "  SMTP(Connection timed out)<<"}},
  {"stderr-errno-value", kErr, "errno = ", R"(^\s*errno = \d+$)", "errno = EEE", O, nullptr, {"  errno = 111", "errno = EEE"}},
  {"stderr-writing-error", kErr, "^writing error ", R"(^writing error \d+: )", "writing error EEE: ", O, nullptr, {"writing error 32: Broken pipe", "writing error EEE: Broken pipe"}},
  {"stderr-debug-time", kErr, "^[0123456789]", R"(^\d\d:\d\d:\d\d(?:\.\d{3})?\s+)", "01:01:01 ", G, nullptr,
   {"18:51:05 4711 Exim version x.yz", "01:01:01 p1234  Exim version x.yz"}},
  {"stderr-debug-time-pid", kErr, "^##:##:##", {}, {}, G, DebugTimePid,
   {"01:01:01 4711 Exim version x.yz", "01:01:01 p1234  Exim version x.yz"}},
  {"stderr-process-pid", kErr, "rocess", {}, {}, G, ProcessPid,
   {"forked delivery process 4711 ", "forked delivery processp1234 "}},
  {"stderr-env-path", kErr, " PATH=", R"(( PATH=).*$)", R"(\1<munged>)", O, nullptr,
   {"  environment: HOME=/ PATH=/usr/bin:/bin", "  environment: HOME=/ PATH=<munged>"}},
  {"stderr-drop-no-tc", kErr, "^sudo: tc: command not found", R"(^sudo: tc: command not found$)", kDrop, O, nullptr,
   {"sudo: tc: command not found\nkept", "kept"}},
  // ======== log (mainlog, rejectlog, paniclog, msglog) ========
  {"log-port-listen-colon-port-n", kLogs, "${port_n}", R"RE((listening for SMTP on [^:]+:.*)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:1223)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:PORT_N)"}},
  {"log-port-listen-colon-port-s", kLogs, "${port_s}", R"RE((listening for SMTP on [^:]+:.*)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on 127.0.0.1:1224)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on 127.0.0.1:PORT_S)"}},
  {"log-port-listen-colon-port-d", kLogs, "${port_d}", R"RE((listening for SMTP on [^:]+:.*)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:1225)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:PORT_D)"}},
  {"log-port-listen-colon-port-d2", kLogs, "${port_d2}", R"RE((listening for SMTP on [^:]+:.*)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:1226)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:PORT_D2)"}},
  {"log-port-listen-colon-port-d3", kLogs, "${port_d3}", R"RE((listening for SMTP on [^:]+:.*)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:1227)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:PORT_D3)"}},
  {"log-port-listen-colon-port-d4", kLogs, "${port_d4}", R"RE((listening for SMTP on [^:]+:.*)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:1228)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on [127.0.0.1]:PORT_D4)"}},
  {"log-port-listen-port-port-d", kLogs, "${port_d}", R"RE(((?:listening|and) for .*? port )${port_d})RE", R"(\1PORT_D)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1225)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_D)"}},
  {"log-port-listen-port-port-d2", kLogs, "${port_d2}", R"RE(((?:listening|and) for .*? port )${port_d2})RE", R"(\1PORT_D2)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1226)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_D2)"}},
  {"log-port-listen-port-port-d3", kLogs, "${port_d3}", R"RE(((?:listening|and) for .*? port )${port_d3})RE", R"(\1PORT_D3)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1227)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_D3)"}},
  {"log-port-listen-port-port-d4", kLogs, "${port_d4}", R"RE(((?:listening|and) for .*? port )${port_d4})RE", R"(\1PORT_D4)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1228)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_D4)"}},
  {"log-port-listen-port-port-s", kLogs, "${port_s}", R"RE(((?:listening|and) for .*? port )${port_s})RE", R"(\1PORT_S)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1224)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_S)"}},
  {"log-port-listen-port-port-n", kLogs, "${port_n}", R"RE(((?:listening|and) for .*? port )${port_n})RE", R"(\1PORT_N)", G, nullptr,
   {R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port 1223)", R"(1999-03-02 09:44:33 exim x.yz daemon started: pid=p1234, no queue runs, listening for SMTP on port PORT_N)"}},
  {"log-port-interface-port-d", kLogs, "${port_d}", R"RE(( I=\[[^\]]+\]:)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:54321 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:1225)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:10001 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:PORT_D)"}},
  {"log-port-interface-port-d2", kLogs, "${port_d2}", R"RE(( I=\[[^\]]+\]:)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:54321 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:1226)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:10001 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:PORT_D2)"}},
  {"log-port-received-interface-port-d", kLogs, "${port_d}", R"RE((Received from .* I=\[[^\]]+\]:)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(Received from x [127.0.0.1]:54321 I=[127.0.0.1]:1225)", R"(Received from x [127.0.0.1]:54321 I=[127.0.0.1]:PORT_D)"}},
  {"log-port-refused-port-n", kLogs, "${port_n}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_n}( Connection refused))RE", R"(\1PORT_N\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1223 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_N Connection refused)"}},
  {"log-port-refused-port-s", kLogs, "${port_s}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_s}( Connection refused))RE", R"(\1PORT_S\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1224 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_S Connection refused)"}},
  {"log-port-refused-port-d", kLogs, "${port_d}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_d}( Connection refused))RE", R"(\1PORT_D\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1225 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_D Connection refused)"}},
  {"log-port-refused-port-d2", kLogs, "${port_d2}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_d2}( Connection refused))RE", R"(\1PORT_D2\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1226 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_D2 Connection refused)"}},
  {"log-port-refused-port-d3", kLogs, "${port_d3}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_d3}( Connection refused))RE", R"(\1PORT_D3\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1227 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_D3 Connection refused)"}},
  {"log-port-refused-port-d4", kLogs, "${port_d4}", R"RE(( \[(?:127\.0\.0\.1|(?:ip4\.){3}ip4)\]:)${port_d4}( Connection refused))RE", R"(\1PORT_D4\2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:1228 Connection refused)", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=127.0.0.1 [127.0.0.1]:PORT_D4 Connection refused)"}},
  {"log-port-delivery-port-d", kLogs, "${port_d}", R"RE(((?:=>|->|==) .* (?:PRX=)?\[[^\]]+\]:)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:1225 C="250 OK")", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:PORT_D C="250 OK")"}},
  {"log-port-delivery-port-d2", kLogs, "${port_d2}", R"RE(((?:=>|->|==) .* (?:PRX=)?\[[^\]]+\]:)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:1226 C="250 OK")", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:PORT_D2 C="250 OK")"}},
  {"log-port-delivery-port-d3", kLogs, "${port_d3}", R"RE(((?:=>|->|==) .* (?:PRX=)?\[[^\]]+\]:)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:1227 C="250 OK")", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:PORT_D3 C="250 OK")"}},
  {"log-port-delivery-port-d4", kLogs, "${port_d4}", R"RE(((?:=>|->|==) .* (?:PRX=)?\[[^\]]+\]:)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:1228 C="250 OK")", R"(1999-03-02 09:44:33 10HmaX-000000005vi-0000 => x@test.ex R=r T=t H=127.0.0.1 [127.0.0.1]:PORT_D4 C="250 OK")"}},
  {"log-port-any-bracket-port-s", kLogs, "${port_s}", R"RE((.*\]:)${port_s})RE", R"(\1PORT_S)", G, nullptr,
   {R"(1999-03-02 09:44:33 x => [127.0.0.1]:1224 y)", R"(1999-03-02 09:44:33 x => [127.0.0.1]:PORT_S y)"}},
  {"log-port-angle-port-s", kLogs, "${port_s}", R"RE((port <)${port_s})RE", R"(\1PORT_S)", G, nullptr,
   {R"(1999-03-02 09:44:33 port <1224>)", R"(1999-03-02 09:44:33 port <PORT_S>)"}},
  {"log-port-plp-port-d", kLogs, "${port_d}", R"RE((plp )${port_d})RE", R"(\1PORT_D)", G, nullptr,
   {R"(1999-03-02 09:44:33 plp 1225)", R"(1999-03-02 09:44:33 plp PORT_D)"}},
  {"log-port-expansion-port-d4", kLogs, "${port_d4}", R"RE((Expansion of .*received_port\}\{)${port_d4})RE", R"(\1PORT_D4)", G, nullptr,
   {R"(1999-03-02 09:44:33 Expansion of "${if eq{$received_port}{1228}")", R"(1999-03-02 09:44:33 Expansion of "${if eq{$received_port}{PORT_D4}")"}},
  {"log-ephemeral-port", kLogs, "I=[", {}, {}, O, LogEphemeralPort,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:10001 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:43210",
    "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex H=(x) [127.0.0.1]:10001 P=esmtp S=sss for y@test.ex I=[127.0.0.1]:10002"}},
  {"log-drop-berkeley-db-error", kLogs, " Berkeley DB error: ", " Berkeley DB error: ", kDrop, O, nullptr,
   {"1999-03-02 09:44:33 Berkeley DB error: x\nkept", "kept"}},
  {"log-chunking-sizes", kLogs, "C=\"250- ", R"((=>.* K (?:DKIM=\S+ )?C="250- )\d+ (byte chunk, total )\d+)", R"(\13nn \23nn)", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 => a@test.ex R=r T=t H=127.0.0.1 [127.0.0.1] K C=\"250- 345 byte chunk, total 346\\n250 OK\"",
    "1999-03-02 09:44:33 10HmaX-000000005vi-0000 => a@test.ex R=r T=t H=127.0.0.1 [127.0.0.1] K C=\"250- 3nn byte chunk, total 3nn\\n250 OK\""}},
  {"log-openssl-fopen", kLogs, ":system library:", R"((TLS error on connection [^:]*: error:)[0-9A-F]{8}(:system library):(?:fopen|func\(4095\)|):(No such file or directory)$)", R"(\1xxxxxxxx\2:fopen:\3)", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection (x): error:80000002:system library::No such file or directory", "1999-03-02 09:44:33 TLS error on connection (x): error:xxxxxxxx:system library:fopen:No such file or directory"}},
  {"log-drop-ssl-read-eof", kLogs, "unexpected eof while reading", R"(TLS error \(SSL_read\): .*error:0A000126:SSL routines::unexpected eof while reading$)", kDrop, O, nullptr,
   {"1999-03-02 09:44:33 TLS error (SSL_read): on x: error:0A000126:SSL routines::unexpected eof while reading\nkept", "kept"}},
  {"log-evdata-accept-eof", kLogs, "EVDATA: (SSL_accept)", R"((EVDATA: )\(SSL_accept\): error:0A000126:SSL routines::unexpected eof while reading)", R"(\1SSL_accept: TCP connection closed by peer)", O, nullptr,
   {"1999-03-02 09:44:33 EVDATA: (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading", "1999-03-02 09:44:33 EVDATA: SSL_accept: TCP connection closed by peer"}},
  {"log-dane-verify-failed", kLogs, "DANE attempt failed", R"((DANE attempt failed.*error:)[0-9A-F]{8}(:SSL routines:)(?:(?i)ssl3_get_server_certificate|tls_process_server_certificate|CONNECT_CR_CERT|)(:certificate verify failed)$)",
   R"(\1xxxxxxxx\2ssl3_get_server_certificate\3)", O, nullptr,
   {"1999-03-02 09:44:33 DANE attempt failed; TLS connection to x: error:0A000086:SSL routines::certificate verify failed", "1999-03-02 09:44:33 DANE attempt failed; TLS connection to x: error:xxxxxxxx:SSL routines:ssl3_get_server_certificate:certificate verify failed"}},
  {"log-arc-pem-openssl1", kLogs, "ARC: AMS signing: privkey PEM-block import: error:", R"((ARC: AMS signing: privkey PEM-block import: error:)[0-9A-F]{8}:(PEM routines):get_name:(no start line))", R"(\10906D06C:\2:PEM_read_bio:\3)", O, nullptr,
   {"1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: error:0909006C:PEM routines:get_name:no start line (x)", "1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: error:0906D06C:PEM routines:PEM_read_bio:no start line (x)"}},
  {"log-gnutls-recv-error", kLogs, "TLS error on connection (recv): ", {}, {}, O, GnutlsRecvError,
   {"1999-03-02 09:44:33 TLS error on connection (recv): x Decode error\n1999-03-02 09:44:33 TLS session: error on first read: x",
    "1999-03-02 09:44:33 TLS session: (gnutls_handshake): A TLS fatal alert has been received.: x"}},
  {"log-arc-gnutls-pem", kLogs, "ARC: AMS signing: privkey PEM-block import: The requested data were not available.", R"((ARC: AMS signing: privkey PEM-block import: )The requested data were not available.$)",
   R"(\1error:0906D06C:PEM routines:PEM_read_bio:no start line)", O, nullptr,
   {"1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: The requested data were not available.", "1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: error:1E08010C:DECODER routines::unsupported"}},
  {"log-arc-openssl3", kLogs, "ARC: AMS signing: privkey PEM-block import: error:", R"((ARC: AMS signing: privkey PEM-block import: error:)[0-9A-F]{8}:PEM routines:PEM_read_bio:no start line$)", R"(\11E08010C:DECODER routines::unsupported)", O, nullptr,
   {"1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: error:0906D06C:PEM routines:PEM_read_bio:no start line", "1999-03-02 09:44:33 ARC: AMS signing: privkey PEM-block import: error:1E08010C:DECODER routines::unsupported"}},
  {"log-dkim-times", kLogs, "DKIM: d=", {}, {}, O, LogDkimTimes,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sel c=relaxed/relaxed a=rsa-sha256 b=1024 t=1501437065 x=1501437165 [verification succeeded]",
    "1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sel c=relaxed/relaxed a=rsa-sha256 b=1024 t=T x=T+100 [verification succeeded]"},
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sel c=relaxed/relaxed a=rsa-sha256 b=1024 t=1501437065 [verification succeeded]",
    "1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sel c=relaxed/relaxed a=rsa-sha256 b=1024 t=T [verification succeeded]"}},
  {"log-ed25519-signer-bits", kLogs, "signer: ", R"((signer: [^ ]* bits:) 256)", R"(\1 253)", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sed a=ed25519-sha256 signer: @test.ex bits: 256", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 DKIM: d=test.ex s=sed a=ed25519-sha256 signer: @test.ex bits: 253"}},
  {"log-ed25519-too-short", kLogs, "public key too short: 256 bits", R"((public key too short:) 256 bits)", R"(\1 253 bits)", O, nullptr,
   {"1999-03-02 09:44:33 DKIM: public key too short: 256 bits", "1999-03-02 09:44:33 DKIM: public key too short: 253 bits"}},
  {"log-defer-errno", kLogs, " defer (", R"((R=\w+ T=\w+ defer) \([1-9]\d*\): )", R"(\1 (EEE): )", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 == x@test.ex R=r T=t defer (2): No such file", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 == x@test.ex R=r T=t defer (EEE): No such file"}},
  {"log-arg-list-too-long", kLogs, "Arg list too long", "Arg list too long", "Argument list too long", O, nullptr,
   {"1999-03-02 09:44:33 x: Arg list too long", "1999-03-02 09:44:33 x: Argument list too long"}},
  {"log-tls-connect-timeout", kLogs, "session: (", R"((session: )\((SSL_connect|gnutls_handshake)\): timed out)", R"(\1(tls lib connect fn): timed out)", O, nullptr,
   {"1999-03-02 09:44:33 TLS session: (SSL_connect): timed out", "1999-03-02 09:44:33 TLS session: (tls lib connect fn): timed out"}},
  {"log-tls-accept-timeout", kLogs, "TLS error on connection from ", R"((TLS error on connection from .*)\((SSL_accept|gnutls_handshake)\): timed out)", R"(\1(tls lib accept fn): timed out)", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection from [127.0.0.1] (gnutls_handshake): timed out", "1999-03-02 09:44:33 TLS error on connection from [127.0.0.1] (tls lib accept fn): timed out"}},
  {"log-tls-accept-closed", kLogs, "TLS error on connection from ", R"((TLS error on connection from .*)(SSL_accept: TCP connection closed by peer|\(gnutls_handshake\): The TLS connection was non-properly terminated.))", R"(\1(tls lib accept fn): TCP connection closed by peer)", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection from [127.0.0.1] (gnutls_handshake): The TLS connection was non-properly terminated.", "1999-03-02 09:44:33 TLS error on connection from [127.0.0.1] (tls lib accept fn): TCP connection closed by peer"}},
  {"log-gnutls-alpn-rxd", kLogs, "TLS session: (gnutls_handshake): rxd alert: No supported application protocol could be negotiated",
   R"((TLS session: )\(gnutls_handshake\): rxd alert: No supported application protocol could be negotiated)", R"(\1(tls lib connect): error: <<ALPN>>)", O, nullptr,
   {"1999-03-02 09:44:33 TLS session: (gnutls_handshake): rxd alert: No supported application protocol could be negotiated", "1999-03-02 09:44:33 TLS session: (tls lib connect): error: <<ALPN>>"}},
  {"log-gnutls-alpn", kLogs, "(gnutls_handshake): No common application protocol could be negotiated.",
   R"(\(gnutls_handshake\): No common application protocol could be negotiated.)", "(tls lib connect): error: <<ALPN>>", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection (gnutls_handshake): No common application protocol could be negotiated.", "1999-03-02 09:44:33 TLS error on connection (tls lib connect): error: <<ALPN>>"}},
  {"log-drop-aaaa-dns-fail", kLogs, "<dns:fail> <DNS_", R"(<dns:fail> <DNS_(?:NOMATCH|AGAIN):.*:AAAA>$)", kDrop, O, nullptr,
   {"1999-03-02 09:44:33 event <dns:fail> <DNS_NOMATCH:x.test.ex:AAAA>\nkept", "kept"}},
  // ======== mail ========
  {"mail-port-header-port-n", kMail, "${port_n}", R"RE(((?:interface|received)-port:\s+)${port_n})RE", R"(\1PORT_N)", O, nullptr,
   {R"(X-received-port: 1223)", R"(X-received-port: PORT_N)"}},
  {"mail-port-header-port-s", kMail, "${port_s}", R"RE(((?:interface|received)-port:\s+)${port_s})RE", R"(\1PORT_S)", O, nullptr,
   {R"(X-received-port: 1224)", R"(X-received-port: PORT_S)"}},
  {"mail-port-header-port-d", kMail, "${port_d}", R"RE(((?:interface|received)-port:\s+)${port_d})RE", R"(\1PORT_D)", O, nullptr,
   {R"(X-received-port: 1225)", R"(X-received-port: PORT_D)"}},
  {"mail-port-header-port-d2", kMail, "${port_d2}", R"RE(((?:interface|received)-port:\s+)${port_d2})RE", R"(\1PORT_D2)", O, nullptr,
   {R"(X-received-port: 1226)", R"(X-received-port: PORT_D2)"}},
  {"mail-port-header-port-d3", kMail, "${port_d3}", R"RE(((?:interface|received)-port:\s+)${port_d3})RE", R"(\1PORT_D3)", O, nullptr,
   {R"(X-received-port: 1227)", R"(X-received-port: PORT_D3)"}},
  {"mail-port-header-port-d4", kMail, "${port_d4}", R"RE(((?:interface|received)-port:\s+)${port_d4})RE", R"(\1PORT_D4)", O, nullptr,
   {R"(X-received-port: 1228)", R"(X-received-port: PORT_D4)"}},
  {"mail-dkim-times", kMail, "t=", {}, {}, O, MailDkimTimes,
   {"\tt=1501437065; x=1501437165; b=AbCd+/Ef\n\t line2\n\t line3\nkept", "\tt=T; x=T+100; b=bbbb;\nkept"},
   {"\tt=1501437065; b=AbCd\n\t line2\n\t line3\nkept", "\tt=T; b=bbbb;\nkept"}},
  {"mail-dsn-info", kMail, "^X-Exim-Diagnostic:", {}, {}, O, DropAndStart<kDiagnosticStart, kDiagnostic, 0>,
   {"X-Exim-Diagnostic: X-str; x\n  continued\nBody", "Body"}},
};

// runtest's %munges, each key of a munge a stream: mainlog = kMainlog only
// (runtest passes $munge->{mainlog} for spool/log/mainlog alone).
constexpr Row kDnssec[] = {
  {"dnssec", kErr, "Reverse DNS security status: unverified", R"(^Reverse DNS security status: unverified$)", kDrop, O, nullptr,
   {"Reverse DNS security status: unverified\nkept", "kept"}},
};
constexpr Row kGnutlsUnexpected[] = {
  {"gnutls-unexpected", kMainlog, "(recv): A TLS packet with unexpected length was received", R"(\(recv\): A TLS packet with unexpected length was received.)", kDrop, O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection from [127.0.0.1] (recv): A TLS packet with unexpected length was received.\nkept", "kept"}},
};
constexpr Row kGnutlsHandshake[] = {
  {"gnutls-handshake", kMainlog, "(gnutls_handshake): Error in the push function", R"(\(gnutls_handshake\): Error in the push function)",
   "(gnutls_handshake): A TLS packet with unexpected length was received", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection (gnutls_handshake): Error in the push function", "1999-03-02 09:44:33 TLS error on connection (gnutls_handshake): A TLS packet with unexpected length was received"}},
};
constexpr Row kGnutlsBadClientcert[] = {
  {"gnutls-bad-clientcert-log", kMainlog, "(certificate verification failed): certificate invalid", R"(\(certificate verification failed\): certificate invalid)",
   "(gnutls_handshake): The peer did not send any certificate.", O, nullptr,
   {"1999-03-02 09:44:33 TLS error on connection (certificate verification failed): certificate invalid", "1999-03-02 09:44:33 TLS error on connection (gnutls_handshake): The peer did not send any certificate."}},
  // runtest's stdout entry lacks its closing '/' ("s/Succeeded in starting
  // TLS/A TLS ...\nFailed to start TLS"): eval fails and the line is kept.
};
constexpr Row kOptionalEvents[] = {
  {"optional-events", kOut, "event_action =", "event_action =", kDrop, O, nullptr, {"event_action = \nkept", "kept"}},
};
constexpr Row kOptionalOcsp[] = {
  {"optional-ocsp", kErr, " in hosts_requ", R"(127.0.0.1 in hosts_requ(ire|est)_ocsp)", kDrop, O, nullptr,
   {"127.0.0.1 in hosts_require_ocsp? no (option unset)\nkept", "kept"}},
};
constexpr Row kOptionalCertHostnames[] = {
  {"optional-cert-hostnames", kErr, "in tls_verify_cert_hostnames? no", R"(in tls_verify_cert_hostnames\? no)", kDrop, O, nullptr,
   {"127.0.0.1 in tls_verify_cert_hostnames? no (option unset)\nkept", "kept"}},
};
constexpr Row kLoopback[] = {
  {"loopback", kOut, "", R"([[](127\.0\.0\.1|::1)])", "[IP_LOOPBACK_ADDR]", O, nullptr,
   {"250 OK id=x from [127.0.0.1]", "250 OK id=x from [IP_LOOPBACK_ADDR]"}},
};
constexpr Row kScanfileSize[] = {
  {"scanfile-size", kOut, "Content-length: ", R"((Content-length:) \d\d\d)", R"(\1 ddd)", O, nullptr,
   {"Content-length: 345", "Content-length: ddd"}},
};
constexpr Row kDelay1500[] = {
  {"delay-1500", kErr, " msec", R"((1[5-9]|23\d)\d\d msec)", "ssss msec", O, nullptr, {"delay 1612 msec", "delay ssss msec"}},
};
constexpr Row kTlsAnycipher[] = {
  {"tls-anycipher-log", kMainlog, " X=TLS", R"( X=TLS\S+ )", " X=TLS_proto_and_cipher ", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx CV=no", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= x@test.ex X=TLS_proto_and_cipher CV=no"}},
  {"tls-anycipher-dn-slash", kMainlog, " DN=\"C=", R"( DN="C=)", R"( DN="/C=)", O, nullptr,
   {"1999-03-02 09:44:33 x DN=\"C=UK,O=Exim\"", "1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim\""}},
  {"tls-anycipher-dn-comma-1", kMainlog, " DN=\"", R"(( DN="[^,"]*),)", R"(\1/)", O, nullptr,
   {"1999-03-02 09:44:33 x DN=\"/C=UK,O=Exim,CN=x,OU=y\"", "1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim/CN=x/OU=y\""}},
  {"tls-anycipher-dn-comma-2", kMainlog, " DN=\"", R"(( DN="[^,"]*),)", R"(\1/)", O, nullptr,
   {"1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim,CN=x,OU=y\"", "1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim/CN=x/OU=y\""}},
  {"tls-anycipher-dn-comma-3", kMainlog, " DN=\"", R"(( DN="[^,"]*),)", R"(\1/)", O, nullptr,
   {"1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim/CN=x,OU=y\"", "1999-03-02 09:44:33 x DN=\"/C=UK/O=Exim/CN=x/OU=y\""}},
  {"tls-anycipher-rejectlog", kRejectlog, " X=TLS", R"( X=TLS\S+ )", " X=TLS_proto_and_cipher ", O, nullptr,
   {"1999-03-02 09:44:33 H=x X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx rejected", "1999-03-02 09:44:33 H=x X=TLS_proto_and_cipher rejected"}},
};
constexpr Row kOptionalDsnInfo[] = {
  {"optional-dsn-info", kMail, "^X-|^Remote-MTA: X-ip;", {}, {}, O, DropAndStart<kOptionalDsnInfoStart, kDiagnostic, 0>,
   {"X-Remote-MTA-smtp-greeting: X-str; 220 x\n  more\nBody", "Body"}},
};
constexpr Row kOptionalConfig[] = {
  {"optional-config", kOut, "", R"(^(dkim_(canon|domain|private_key|selector|sign_headers|strict|hash|identity|timestamps)|gnutls_require_(kx|mac|protocols)|hosts_pipe_connect|hosts_(requ(est|ire)|try)_(dane|ocsp)|dane_require_tls_ciphers|hosts_(avoid|nopass|noproxy|require|verify_avoid)_tls|pipelining_connect_advertise_hosts|socks_proxy|tls_[^ ]*|utf8_downconvert)($|[ ]=))",
   kDrop, O, nullptr, {"tls_certificate = \nkept", "kept"}},
};
constexpr Row kSysBindir[] = {
  {"sys-bindir", kMainlog, "bin/", R"(/(usr/(local/)?)?bin/)", "SYSBINDIR/", O, nullptr,
   {"1999-03-02 09:44:33 x cmd=/usr/bin/true", "1999-03-02 09:44:33 x cmd=SYSBINDIR/true"}},
};
constexpr Row kSyncCheckData[] = {
  {"sync-check-data-log", kMainlog, " SMTP protocol synchronization error ", R"(^(.* SMTP protocol synchronization error .* next input=.{8}).*$)", R"(\1<suppressed>)", O, nullptr,
   {"1999-03-02 09:44:33 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected \"x\" H=(x) [127.0.0.1] next input=\"QUIT\\r\\n\"",
    "1999-03-02 09:44:33 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected \"x\" H=(x) [127.0.0.1] next input=\"QUIT\\r\\<suppressed>"}},
  {"sync-check-data-rejectlog", kRejectlog, " SMTP protocol synchronization error ", R"(^(.* SMTP protocol synchronization error .* next input=.{8}).*$)", R"(\1<suppressed>)", O, nullptr,
   {"1999-03-02 09:44:33 SMTP protocol synchronization error (x): rejected \"x\" H=(x) [127.0.0.1] next input=\"QUIT\\r\\n\"",
    "1999-03-02 09:44:33 SMTP protocol synchronization error (x): rejected \"x\" H=(x) [127.0.0.1] next input=\"QUIT\\r\\<suppressed>"}},
};
constexpr Row kTimeoutErrno[] = {
  {"timeout-errno", kMainlog, " errno <", R"(((?:host|message) deferral .* errno) <\d+> )", R"(\1 <EEE> )", O, nullptr,
   {"1999-03-02 09:44:33 10HmaX-000000005vi-0000 message deferral x errno <110> y", "1999-03-02 09:44:33 10HmaX-000000005vi-0000 message deferral x errno <EEE> y"}},
};
constexpr Row kPeerTerminatedConn[] = {
  {"peer-terminated-conn", kErr, "Connection reset by peer", R"(^(  SMTP\()Connection reset by peer(\)<<)$)", R"(\1closed\2)", O, nullptr,
   {"  SMTP(Connection reset by peer)<<", "  SMTP(closed)<<"}},
};
constexpr Row kPerlVariants[] = {
  {"perl-variants", kOut, "^> X/X", R"(^> X/X$)", "> X", O, nullptr, {"> X/X", "> X"}},
};
// clang-format on

std::vector<Rule> ToRules(const Row* rows, std::size_t n) {
  std::vector<Rule> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    Rule rule{r.name, r.streams, r.prefilter, r.pattern, r.replacement, r.code, {}, false,
              {r.example, r.example2}};
    rule.global = r.global;
    out.push_back(rule);
  }
  return out;
}

template <std::size_t N>
std::vector<Rule> ToRules(const Row (&rows)[N]) {
  return ToRules(rows, N);
}

RuleTable TableOf(const std::vector<Rule>& rules) { return RuleTable{rules.data(), rules.size()}; }

}  // namespace

RuleTable UpstreamRules() {
  static const std::vector<Rule> rules = ToRules(kRows);
  return TableOf(rules);
}

const std::vector<NamedMunge>& UpstreamNamedMunges() {
  static const std::vector<std::vector<Rule>> tables = {
      ToRules(kDnssec),        ToRules(kGnutlsUnexpected),    ToRules(kGnutlsHandshake),
      ToRules(kGnutlsBadClientcert), ToRules(kOptionalEvents), ToRules(kOptionalOcsp),
      ToRules(kOptionalCertHostnames), ToRules(kLoopback),    ToRules(kScanfileSize),
      ToRules(kDelay1500),     ToRules(kTlsAnycipher),        ToRules(kOptionalDsnInfo),
      ToRules(kOptionalConfig), ToRules(kSysBindir),          ToRules(kSyncCheckData),
      ToRules(kTimeoutErrno),  ToRules(kPeerTerminatedConn),  ToRules(kPerlVariants)};
  static const char* const kNames[] = {
      "dnssec", "gnutls_unexpected", "gnutls_handshake", "gnutls_bad_clientcert",
      "optional_events", "optional_ocsp", "optional_cert_hostnames", "loopback",
      "scanfile_size", "delay_1500", "tls_anycipher", "optional_dsn_info", "optional_config",
      "sys_bindir", "sync_check_data", "timeout_errno", "peer_terminated_conn", "perl_variants"};
  static const std::vector<NamedMunge> munges = [] {
    std::vector<NamedMunge> out;
    for (std::size_t i = 0; i < tables.size(); ++i) out.push_back({kNames[i], TableOf(tables[i])});
    return out;
  }();
  return munges;
}

const NamedMunge* FindNamedMunge(std::string_view name) {
  for (const NamedMunge& m : UpstreamNamedMunges())
    if (m.name == name) return &m;
  return nullptr;
}

NormaliseContext UpstreamExampleContext() {
  NormaliseContext ctx;
  ctx.hostname = "exim.example.net";
  ctx.run_dir = "/home/exim/test";
  ctx.caller = "alice";
  ctx.caller_uid = 1000;
  ctx.caller_gid = 1001;
  ctx.caller_home = "/home/alice";
  ctx.caller_group = "alicegrp";
  ctx.caller_gecos = "Alice Smith";
  ctx.exim_user = "exim";
  ctx.exim_uid = 90;
  ctx.exim_gid = 91;
  ctx.shell = "/home/exim/test/aux-var/sh";
  ctx.ipv4 = "192.0.2.10";
  ctx.ipv6 = "2001:db8::10%eth0";
  ctx.ipv4_test_net = "224";
  ctx.ipv6_test_net = "ff00";
  ctx.port_n = 1223;
  ctx.port_s = 1224;
  ctx.port_d = 1225;
  ctx.port_d2 = 1226;
  ctx.port_d3 = 1227;
  ctx.port_d4 = 1228;
  ctx.port_dynamic = 1024;  // runtest's first free port from 1024
  ctx.rmfiltertest = true;
  return ctx;
}

bool UpstreamPlaceholder(std::string_view name, const NormaliseContext& ctx, std::string* value) {
  auto port = [](int p) { return p == 0 ? std::string() : std::to_string(p); };
  std::string ipv4r;
  if (!ctx.ipv4.empty() && std::isdigit(static_cast<unsigned char>(ctx.ipv4[0]))) {
    std::string rest = ctx.ipv4;
    std::vector<std::string> parts;
    std::size_t pos = 0;
    for (;;) {
      std::size_t dot = rest.find('.', pos);
      parts.push_back(rest.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
      if (dot == std::string::npos) break;
      pos = dot + 1;
    }
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      if (!ipv4r.empty()) ipv4r += '.';
      ipv4r += *it;
    }
  }
  if (name == "shell") *value = ctx.shell;
  else if (name == "caller_group") *value = ctx.caller_group;
  else if (name == "caller_gecos") *value = ctx.caller_gecos;
  else if (name == "ipv4") *value = ctx.ipv4;
  else if (name == "ipv6") *value = ctx.ipv6;
  else if (name == "ipv6_stripped") *value = Ipv6Stripped(ctx.ipv6);
  else if (name == "ipv4r") *value = ipv4r;
  else if (name == "ipv6r") *value = Ipv6Reverse(ctx.ipv6);
  else if (name == "v4net") *value = ctx.ipv4_test_net;
  else if (name == "v6net") *value = ctx.ipv6_test_net;
  else if (name == "port_d") *value = port(ctx.port_d);
  else if (name == "port_d2") *value = port(ctx.port_d2);
  else if (name == "port_d3") *value = port(ctx.port_d3);
  else if (name == "port_d4") *value = port(ctx.port_d4);
  else if (name == "port_s") *value = port(ctx.port_s);
  else if (name == "port_n") *value = port(ctx.port_n);
  else if (name == "port_dynamic") *value = port(ctx.port_dynamic);
  else return false;
  return true;
}

}  // namespace normalise
}  // namespace harness
