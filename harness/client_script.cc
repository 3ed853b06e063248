// client_script.cc - parser for the `client` script language.
#include "harness/client_script.h"
#include "harness/text.h"

#include <algorithm>
#include <climits>

namespace harness {

namespace {

using text::StartsWith;

// One hex digit as client.c computes it: no validation, only the low nibble
// of the adjusted character survives.
unsigned char Nibble(unsigned char t) {
  if (t >= 'A' && t <= 'F') {
    t = static_cast<unsigned char>(t - ('A' - '9' - 1));
  } else if (t >= 'a' && t <= 'f') {
    t = static_cast<unsigned char>(t - ('a' - '9' - 1));
  }
  t = static_cast<unsigned char>(t - '0');
  return t & 0x0f;
}

}  // namespace

std::string UnescapeClientText(std::string_view text) {
  // Simulate unescape_buf on a NUL-padded copy: an escape always consumes the
  // characters it wants (reading NULs past the end), and the result length is
  // the original length minus everything consumed, as in client.c. The
  // invariant buf.size() == len + 4 keeps every look-ahead in bounds.
  std::string buf(text);
  long len = static_cast<long>(buf.size());
  buf.append(4, '\0');
  for (long i = 0; i < len; ++i) {
    if (buf[i] != '\\') continue;
    unsigned char c;
    long shift;
    switch (buf[i + 1]) {
      case 'n':
        c = '\n';
        shift = 1;
        break;
      case 'r':
        c = '\r';
        shift = 1;
        break;
      case 'x':
        c = static_cast<unsigned char>(
            (Nibble(static_cast<unsigned char>(buf[i + 2])) << 4) |
            Nibble(static_cast<unsigned char>(buf[i + 3])));
        shift = 3;
        break;
      default:
        c = static_cast<unsigned char>(buf[i + 1]);
        shift = 1;
        break;
    }
    buf[i] = static_cast<char>(c);
    buf.erase(static_cast<size_t>(i + 1), static_cast<size_t>(shift));
    len -= shift;
  }
  return buf.substr(0, static_cast<size_t>(std::max(len, 0L)));
}

int ClientAtoi(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  long long value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 + (text[i] - '0');
    if (value > INT_MAX) {
      value = static_cast<long long>(INT_MAX) + 1;  // saturate, keep reading digits
    }
  }
  if (negative) value = -value;
  return static_cast<int>(std::clamp<long long>(value, INT_MIN, INT_MAX));
}

ClientStep ParseClientLine(std::string_view line, const SourceLoc& loc) {
  if (line.find('\n') != std::string_view::npos) {
    throw HarnessError(loc, "client script line contains a newline");
  }
  ClientStep step;
  step.loc = loc;
  step.line = std::string(line);

  if (StartsWith(line, "???") && line.size() > 3 &&
      (line[3] == ' ' || line[3] == '*' || line[3] == '?')) {
    step.kind = line[3] == ' '   ? ClientStepKind::kExpect
                : line[3] == '*' ? ClientStepKind::kExpectEof
                                 : ClientStepKind::kExpectOptional;
    std::string expected = UnescapeClientText(line.substr(4));
    // strncmp stops at a NUL, so nothing after one can take part in a match.
    step.text = expected.substr(0, expected.find('\0'));
    return step;
  }
  if (StartsWith(line, "+++ ")) {
    step.kind = ClientStepKind::kSleep;
    step.seconds = ClientAtoi(line.substr(4));
    return step;
  }
  if (StartsWith(line, "<<< ")) {
    step.kind = ClientStepKind::kInclude;
    step.text = std::string(line.substr(4));
    return step;
  }

  step.kind = ClientStepKind::kSend;
  std::string_view out = line;
  if (StartsWith(line, ">>> ")) {
    step.crlf = false;
    out = line.substr(4);
  }
  step.echo = std::string(out);
  // client.c appends CRLF before unescaping, so an escape at the very end of
  // the line can swallow part of the CRLF; keep that behaviour.
  step.text = UnescapeClientText(step.crlf ? step.echo + "\r\n" : step.echo);
  return step;
}

std::vector<ClientStep> ParseClientScript(const std::vector<std::string>& lines,
                                          const SourceLoc& first) {
  std::vector<ClientStep> steps;
  steps.reserve(lines.size());
  SourceLoc loc = first;
  for (const std::string& line : lines) {
    steps.push_back(ParseClientLine(line, loc));
    if (loc.line > 0) ++loc.line;
  }
  return steps;
}

std::vector<std::string> SplitClientLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::vector<ClientStep> ParseClientScriptText(std::string_view text, const SourceLoc& first) {
  return ParseClientScript(SplitClientLines(text), first);
}

}  // namespace harness
