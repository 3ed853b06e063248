// scenario.cc - see scenario.h.
#include "fake_dovecot/scenario.h"

#include <cctype>
#include <optional>

#include "harness/file_io.h"
#include "harness/text.h"

namespace fake_dovecot {

namespace {

const unsigned kMaxStallMs = 600000;
const unsigned kMaxRepeat = 1000000;
const unsigned kMaxOccurrence = 1000000;
const char* const kPlaceholders[] = {"id", "mech", "user", "spid", "cuid",
                                     "cookie"};
const char* const kHandshakeKinds[] = {"VERSION", "MECH", "SPID",
                                       "CUID",    "COOKIE", "DONE"};

// Scenario arguments are separated by spaces and tabs only.
std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> words;
  for (std::string_view w : harness::text::SplitWords(s, harness::text::IsBlank)) words.emplace_back(w);
  return words;
}

bool ParseUnsigned(const std::string& s, unsigned max, unsigned* out,
                   int base = 10) {
  if (s.empty() || s.size() > 12) return false;
  unsigned long v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else return false;
    if (d >= base) return false;
    v = v * base + d;
  }
  if (v > max) return false;
  *out = static_cast<unsigned>(v);
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const std::vector<Step>* Scenario::Rule(Trigger trigger) const {
  auto it = rules.find(trigger);
  return it == rules.end() ? nullptr : &it->second;
}

const std::vector<Step>* Scenario::Rule(Trigger trigger, unsigned occurrence) const {
  auto it = numbered_rules.find({trigger, occurrence});
  return it == numbered_rules.end() ? Rule(trigger) : &it->second;
}

bool ParseSendText(std::string_view text, std::vector<TextPiece>* out,
                   std::string* err) {
  out->clear();
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) out->push_back(TextPiece{false, literal});
    literal.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 == text.size()) {
        *err = "backslash at the end of the text (write \\\\ for one)";
        return false;
      }
      char e = text[++i];
      switch (e) {
        case 't': literal += '\t'; break;
        case 'r': literal += '\r'; break;
        case 'n': literal += '\n'; break;
        case '\\': literal += '\\'; break;
        case '{': literal += '{'; break;
        case 'x': {
          int hi = i + 1 < text.size() ? HexDigit(text[i + 1]) : -1;
          int lo = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
          if (hi < 0 || lo < 0) {
            *err = "\\x needs two hex digits";
            return false;
          }
          literal += static_cast<char>(hi * 16 + lo);
          i += 2;
          break;
        }
        default:
          *err = std::string("unknown escape \\") + e +
                 " (use \\t \\r \\n \\\\ \\xHH \\{)";
          return false;
      }
      continue;
    }
    if (c == '{') {
      size_t close = text.find('}', i);
      if (close == std::string_view::npos) {
        *err = "unterminated placeholder '{' (write \\{ for a brace)";
        return false;
      }
      std::string name(text.substr(i + 1, close - i - 1));
      bool known = false;
      for (const char* p : kPlaceholders) known = known || name == p;
      if (!known) {
        *err = "unknown placeholder {" + name +
               "} (known: {id} {mech} {user} {spid} {cuid} {cookie})";
        return false;
      }
      flush();
      out->push_back(TextPiece{true, name});
      i = close;
      continue;
    }
    literal += c;
  }
  flush();
  return true;
}

bool ParseScenario(std::string_view text, const std::string& filename,
                   Scenario* out, std::string* err) {
  Scenario sc;
  sc.file = filename;
  std::vector<Step>* current = nullptr;
  Trigger current_trigger = Trigger::kConnect;
  int line_no = 0;
  size_t start = 0;
  bool mechanisms_seen = false;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    auto fail = [&](const std::string& message) {
      *err = filename + ":" + std::to_string(line_no) + ": " + message;
      return false;
    };
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    line.remove_prefix(first);
    size_t kw_end = line.find_first_of(" \t");
    std::string keyword(line.substr(0, kw_end));
    std::string_view rest =
        kw_end == std::string_view::npos ? std::string_view() : line.substr(kw_end);
    std::vector<std::string> args = SplitWords(rest);

    // --- Global directives ---
    if (keyword == "mechanisms") {
      if (mechanisms_seen) return fail("'mechanisms' given twice");
      mechanisms_seen = true;
      sc.mechanisms = args;  // may be empty: a handshake without MECH
      continue;
    }
    if (keyword == "version") {
      if (args.size() != 2 ||
          !ParseUnsigned(args[0], 0xffffffffu, &sc.version_major) ||
          !ParseUnsigned(args[1], 0xffffffffu, &sc.version_minor))
        return fail("usage: version MAJOR MINOR (decimal numbers)");
      continue;
    }
    if (keyword == "omit") {
      if (args.empty()) return fail("usage: omit KIND... (VERSION MECH SPID CUID COOKIE DONE)");
      for (const std::string& a : args) {
        bool known = false;
        for (const char* k : kHandshakeKinds) known = known || a == k;
        if (!known)
          return fail("omit: unknown handshake line '" + a +
                      "' (VERSION MECH SPID CUID COOKIE DONE)");
        sc.omit.insert(a);
      }
      continue;
    }
    if (keyword == "line-ending") {
      if (args.size() != 1 || (args[0] != "lf" && args[0] != "crlf"))
        return fail("usage: line-ending lf|crlf");
      sc.crlf = args[0] == "crlf";
      continue;
    }
    if (keyword == "failure-delay") {
      unsigned ms;
      if (args.size() != 1 || !ParseUnsigned(args[0], kMaxStallMs, &ms))
        return fail("usage: failure-delay MS (0.." + std::to_string(kMaxStallMs) + ")");
      sc.failure_delay_ms = ms;
      continue;
    }
    if (keyword == "close-after") {
      unsigned ms;
      if (args.size() != 1 || !ParseUnsigned(args[0], kMaxStallMs, &ms))
        return fail("usage: close-after MS (0.." + std::to_string(kMaxStallMs) + ")");
      sc.close_after_ms = ms;
      continue;
    }
    if (keyword == "temp-fail") {
      if (args.empty() || args.size() > 2 ||
          (args.size() == 2 && args[1] != "code" && args[1] != "temp"))
        return fail("usage: temp-fail USER [code|temp]");
      sc.temp_fail_users[args[0]] = args.size() == 2 && args[1] == "temp"
                                        ? TempFailStyle::kTemp
                                        : TempFailStyle::kCode;
      continue;
    }
    if (keyword == "socket") {
      if (args.size() != 1) return fail("usage: socket present|absent|refused");
      if (args[0] == "present") sc.socket = SocketPresence::kPresent;
      else if (args[0] == "absent") sc.socket = SocketPresence::kAbsent;
      else if (args[0] == "refused") sc.socket = SocketPresence::kRefused;
      else return fail("usage: socket present|absent|refused");
      continue;
    }
    if (keyword == "socket-mode") {
      if (args.size() != 1 || !ParseUnsigned(args[0], 07777, &sc.socket_mode, 8))
        return fail("usage: socket-mode OCTAL (e.g. 0600)");
      continue;
    }
    if (keyword == "on") {
      if (args.empty() || args.size() > 2) return fail("usage: on connect|auth|cont [N]");
      Trigger t;
      if (args[0] == "connect") t = Trigger::kConnect;
      else if (args[0] == "auth") t = Trigger::kAuth;
      else if (args[0] == "cont") t = Trigger::kCont;
      else return fail("unknown event '" + args[0] + "' (connect, auth, cont)");
      if (args.size() == 2) {
        unsigned n = 0;
        if (!ParseUnsigned(args[1], kMaxOccurrence, &n) || n == 0)
          return fail("on " + args[0] + " N: N must be a number of occurrences, 1.." +
                      std::to_string(kMaxOccurrence) + " (got '" + args[1] + "')");
        if (sc.numbered_rules.count({t, n}))
          return fail("a second 'on " + args[0] + " " + std::to_string(n) + "' rule");
        current = &sc.numbered_rules[{t, n}];
      } else {
        if (sc.rules.count(t)) return fail("a second 'on " + args[0] + "' rule");
        current = &sc.rules[t];
      }
      current_trigger = t;
      continue;
    }

    // --- Steps ---
    Step step;
    step.line = line_no;
    if (keyword == "send" || keyword == "send-repeat") {
      if (kw_end == std::string_view::npos)
        return fail("usage: " + keyword + (keyword == "send" ? " TEXT" : " COUNT TEXT"));
      std::string_view body = line.substr(kw_end + 1);  // exactly one separator
      if (keyword == "send-repeat") {
        size_t sp = body.find(' ');
        if (sp == std::string_view::npos ||
            !ParseUnsigned(std::string(body.substr(0, sp)), kMaxRepeat, &step.repeat) ||
            step.repeat == 0)
          return fail("usage: send-repeat COUNT TEXT (COUNT 1.." + std::to_string(kMaxRepeat) + ")");
        body = body.substr(sp + 1);
      }
      std::string text_err;
      if (!ParseSendText(body, &step.text, &text_err)) return fail(text_err);
      if (step.text.empty()) return fail(keyword + ": empty text");
      step.kind = Step::Kind::kSend;
    } else if (keyword == "handshake" || keyword == "default" ||
               keyword == "close" || keyword == "exit") {
      if (!args.empty()) return fail("'" + keyword + "' takes no arguments");
      step.kind = keyword == "handshake" ? Step::Kind::kHandshake
                  : keyword == "default" ? Step::Kind::kDefault
                  : keyword == "close"   ? Step::Kind::kClose
                                         : Step::Kind::kExit;
    } else if (keyword == "stall") {
      if (args.size() != 1 || !ParseUnsigned(args[0], kMaxStallMs, &step.stall_ms))
        return fail("usage: stall MS (0.." + std::to_string(kMaxStallMs) + ")");
      step.kind = Step::Kind::kStall;
    } else {
      return fail("unknown keyword '" + keyword + "'");
    }
    if (current == nullptr)
      return fail("'" + keyword + "' outside a rule (start one with 'on connect|auth|cont')");
    if (step.kind == Step::Kind::kHandshake && current_trigger != Trigger::kConnect)
      return fail("'handshake' is only allowed in 'on connect'");
    current->push_back(std::move(step));
  }
  *out = std::move(sc);
  return true;
}

bool LoadScenarioFile(const std::string& path, Scenario* out,
                      std::string* err) {
  // A FIFO, a device or an oversized file is an error, never a hang.
  std::optional<std::string> text = harness::ReadWholeFileOrError(path, "scenario", err);
  return text && ParseScenario(*text, path, out, err);
}

}  // namespace fake_dovecot
