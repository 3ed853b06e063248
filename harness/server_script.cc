// server_script.cc - parser for the `server` command line and script language.
#include "harness/server_script.h"

#include <cstdio>

#include "harness/client_script.h"  // ClientAtoi: the same atoi() semantics
#include "harness/text.h"

namespace harness {

namespace {

using text::StartsWith;

// server.c reads its script with fgets() into a 10240-byte buffer.
constexpr size_t kLineMax = 10240 - 1;

// One hex digit as server.c computes it, in a (signed) char: no validation.
signed char Digit(char c) {
  signed char v = static_cast<signed char>(c - '0');
  if (v > 9 && (v = static_cast<signed char>(v - ('A' - '9' - 1))) > 15) {
    v = static_cast<signed char>(v - ('a' - 'A'));
  }
  return v;
}

Diagnostic Note(const SourceLoc& loc, std::string message) {
  return Diagnostic{loc, std::move(message)};
}

// Notes about one line (see ServerScript::notes).
void LintLine(const ServerStep& step, bool truncated_escape, std::vector<Diagnostic>* notes) {
  const std::string& raw = step.raw;
  if (truncated_escape) {
    notes->push_back(Note(step.loc, "\\x escape without two hex digits at the end of the line"));
  }
  for (size_t i = 0; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') continue;
    if (raw[i + 1] == 'x' && i + 3 < raw.size() &&
        !(text::IsHex(raw[i + 2]) && text::IsHex(raw[i + 3]))) {
      notes->push_back(Note(step.loc, "\\x escape with a non-hex digit: \"" + raw.substr(i, 4) +
                                          "\" is not what it seems"));
    }
    ++i;  // skip the escaped character ("\\x41" is a backslash then "x41")
  }
  switch (step.kind) {
    case ServerStepKind::kSleep:
    case ServerStepKind::kData: {
      std::string_view arg = std::string_view(step.line).substr(step.kind == ServerStepKind::kSleep ? 7 : 6);
      std::string_view word = text::Trim(arg);
      bool numeric = !word.empty();
      for (size_t i = 0; i < word.size(); ++i) {
        if (!text::IsDigit(word[i]) && !(i == 0 && (word[i] == '-' || word[i] == '+'))) numeric = false;
      }
      if (!numeric) {
        notes->push_back(Note(step.loc, "\"" + std::string(word) + "\" is not a number: " +
                                            std::to_string(step.number) + " is used"));
      }
      break;
    }
    case ServerStepKind::kCloseConn:
      if (step.line.size() > 5) {
        notes->push_back(Note(step.loc, "the text after \">*eof\" is ignored"));
      }
      break;
    case ServerStepKind::kExpect:
      if (StartsWith(step.line, "*")) {
        notes->push_back(Note(step.loc, "\"" + raw +
                                            "\" is not *sleep N, *data N or *eof: it is a line "
                                            "the client is expected to send"));
      }
      break;
    case ServerStepKind::kReply:
      if (step.payload.size() != step.line.size()) {
        notes->push_back(Note(step.loc, "a reply line is sent only up to its first NUL byte"));
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::string UnescapeServerText(std::string_view text, bool* truncated) {
  if (truncated) *truncated = false;
  std::string out;
  out.reserve(text.size());
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    char cl = text[i];
    if (cl == '\\') {
      if (++i >= n) break;  // a lone '\' at the end becomes the terminator
      cl = text[i];
      if (cl == 'x') {
        if (n - i - 1 < 2) {
          // server.c computes a byte from the terminating NUL and then counts
          // it as the terminator (or, with no digit at all, reads past the
          // line): either way nothing more of the line is used.
          if (truncated) *truncated = true;
          break;
        }
        const int high = Digit(text[i + 1]);
        const int low = Digit(text[i + 2]);
        // In unsigned arithmetic (a negative "digit" shifted is UB in C++), with
        // the same low 8 bits as server.c's char arithmetic.
        cl = static_cast<char>((static_cast<unsigned>(low) | (static_cast<unsigned>(high) << 4)) & 0xffu);
        i += 2;
      }
    }
    out.push_back(cl);
  }
  return out;
}

ServerStep ParseServerLine(std::string_view raw, const SourceLoc& loc) {
  ServerStep step;
  step.loc = loc;
  step.raw = std::string(raw);
  step.line = UnescapeServerText(raw);
  const std::string& l = step.line;
  const std::string_view upto_nul = std::string_view(l).substr(0, l.find('\0'));

  if (StartsWith(l, ">")) {
    std::string_view rest = std::string_view(l).substr(1);
    if (StartsWith(rest, "*eof")) {
      step.kind = ServerStepKind::kCloseConn;
      return step;
    }
    step.kind = ServerStepKind::kSend;
    if (StartsWith(rest, ">")) {
      step.payload = std::string(rest.substr(1));
      step.ending = "";
    } else if (StartsWith(rest, "CR>")) {
      step.payload = std::string(rest.substr(3));
      step.ending = "\r";
    } else if (StartsWith(rest, "LF>")) {
      step.payload = std::string(rest.substr(3));
      step.ending = "\n";
    } else {
      step.payload = std::string(rest);
      step.ending = "\r\n";
    }
    return step;
  }
  if (!l.empty() && text::IsDigit(l[0])) {
    step.kind = ServerStepKind::kReply;
    step.payload = std::string(upto_nul);
    return step;
  }
  if (StartsWith(l, "*sleep ")) {
    step.kind = ServerStepKind::kSleep;
    step.number = ClientAtoi(upto_nul.substr(7));
    return step;
  }
  if (StartsWith(l, "*data ")) {
    step.kind = ServerStepKind::kData;
    step.number = ClientAtoi(upto_nul.substr(6));
    return step;
  }
  step.kind = upto_nul == "."              ? ServerStepKind::kExpectData
              : StartsWith(upto_nul, "*eof") ? ServerStepKind::kExpectEof
                                             : ServerStepKind::kExpect;
  step.offset = !StartsWith(l, "<") ? 0 : StartsWith(l, "<<") ? 2 : 1;
  return step;
}

ServerScript ParseServerScript(std::string_view text, const SourceLoc& first) {
  ServerScript script;
  SourceLoc loc = first;
  size_t pos = 0;
  while (pos < text.size()) {
    // One fgets(): up to and including '\n', at most kLineMax bytes.
    size_t end = text.find('\n', pos);
    size_t len = end == std::string_view::npos ? text.size() - pos : end - pos + 1;
    const bool split = len > kLineMax;
    if (split) len = kLineMax;
    std::string_view chunk = text.substr(pos, len);
    pos += len;
    const bool ends_line = !chunk.empty() && chunk.back() == '\n';

    if (script.terminated) {
      if (ends_line || pos >= text.size()) ++script.ignored_lines;
      continue;
    }
    // strlen(): the content ends at the first NUL.
    std::string_view content = chunk.substr(0, chunk.find('\0'));
    if (content.size() != chunk.size()) {
      script.notes.push_back(Note(loc, "NUL byte in the line: the rest of the line is ignored"));
    }
    if (split) {
      script.notes.push_back(Note(loc, "line longer than 10239 bytes: server.c reads it as "
                                       "several lines"));
    }
    if (content.size() > 1 && content[0] == '>' && content[1] == '>') script.line_mode = false;
    std::string_view line = text::TrimRight(content);
    if (line == "++++") {
      script.terminated = true;
    } else {
      bool truncated = false;
      UnescapeServerText(line, &truncated);
      ServerStep step = ParseServerLine(line, loc);
      LintLine(step, truncated, &script.notes);
      script.steps.push_back(std::move(step));
    }
    if (ends_line && loc.line > 0) ++loc.line;
  }
  return script;
}

bool ParseServerArgs(const std::string& program, const std::vector<std::string>& args,
                     ServerOptions* options, ServerEarlyExit* early) {
  *options = ServerOptions{};
  *early = ServerEarlyExit{};
  auto fail = [&](std::string message) {
    early->exit_code = 1;
    early->stdout_text = "server: " + message + "\n";
    return false;
  };
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    early->stdout_text = "Usage: " + program +
                         " [options] port|socket [connection count]\n"
                         "Options\n"
                         "\t-d       debug\n"
                         "\t-i n     n seconds initial delay\n"
                         "\t-noipv4  disable ipv4\n"
                         "\t-noipv6  disable ipv6\n"
                         "\t-oP file write PID to file\n"
                         "\t-t n     n seconds timeout\n"
                         "\t-tfo     enable TCP Fast Open\n";
    return false;
  }
  size_t na = 0;
  while (na < args.size() && StartsWith(args[na], "-")) {
    const std::string& opt = args[na];
    if (opt == "-oP" && na + 1 >= args.size()) {
      na = args.size();  // as server.c: no pid file, then "no port number ..."
      break;
    }
    if ((opt == "-t" || opt == "-i") && na + 1 >= args.size()) {
      return fail("option " + opt + " needs a value");  // server.c crashes: atoi(NULL)
    }
    if (opt == "-d") {
      options->debug = true;
    } else if (opt == "-tfo") {
      options->tcp_fast_open = true;
    } else if (opt == "-t") {
      int timeout = ClientAtoi(args[++na]);
      options->timeout_is_success = timeout < 0;
      options->timeout = timeout < 0 ? -timeout : timeout;
    } else if (opt == "-i") {
      options->initial_pause = ClientAtoi(args[++na]);
    } else if (opt == "-noipv4") {
      options->ipv4 = false;
    } else if (opt == "-noipv6") {
      options->ipv6 = false;
    } else if (opt == "-oP") {
      options->pidfile = args[++na];
    } else {
      return fail("unknown option " + opt + ", try -h or --help");
    }
    ++na;
  }
  if (!options->ipv4 && !options->ipv6) return fail("-noipv4 and -noipv6 cannot both be given");
  if (na >= args.size()) return fail("no port number or socket name given");
  const std::string& where = args[na++];
  if (StartsWith(where, "/")) {
    options->socket_path = where;
  } else {
    options->port = ClientAtoi(where);
    if (options->port <= 0) {
      // server.c would take port 0 as a UNIX socket with no name.
      return fail("bad port number \"" + where + "\"");
    }
  }
  if (na < args.size()) options->connections = ClientAtoi(args[na]);
  return true;
}

std::string ServerPrintable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 1);
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c >= ' ' && c <= '~') {
      out.push_back(ch);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  out.push_back('\n');
  return out;
}

}  // namespace harness
