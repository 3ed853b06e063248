// outputs.cc - output assembly (runtest check_file, lines 907-914 @14aa5a05b).
#include "harness/outputs.h"

#include <re2/re2.h>

#include <algorithm>

#include <utility>

namespace harness {

const std::vector<OutputSpec>& OutputSpecs() {
  static const std::vector<OutputSpec> kSpecs = {
      {Stream::kPanicLog, "paniclog", "spool/log/paniclog", "spool/log/serverpaniclog"},
      {Stream::kRejectLog, "rejectlog", "spool/log/rejectlog", "spool/log/serverrejectlog"},
      {Stream::kLog, "log", "spool/log/mainlog", "spool/log/servermainlog"},
      {Stream::kStdout, "stdout", "test-stdout", "test-stdout-server"},
      {Stream::kStderr, "stderr", "test-stderr", "test-stderr-server"},
      {Stream::kDovecot, "dovecot", "dovecot-transcript", nullptr, CompareWhen::kWhenGoldenExists,
       /*fake_dovecot_only=*/true},
  };
  return kSpecs;
}

const OutputSpec& SpecOf(OutputKind kind) {
  for (const OutputSpec& spec : OutputSpecs())
    if (spec.stream == kind) return spec;
  return OutputSpecs().front();  // not reached: every kind has a spec
}

std::vector<OutputLine> AssembleOutputLines(const std::optional<std::string>& main_raw,
                                            const std::optional<std::string>& server_raw,
                                            Stream stream, Normaliser& normaliser) {
  std::vector<OutputLine> out;
  if (main_raw) {
    for (NormalisedLine& l : normaliser.NormaliseLines(*main_raw, stream))
      out.push_back(OutputLine{std::move(l), LineOrigin::kMain});
  }
  if (server_raw) {
    // kServerHeader = "\n" + "******** SERVER ********\n". Its leading "\n"
    // ends an unterminated last main line; otherwise it is an empty line.
    if (!out.empty() && !out.back().line.has_newline) {
      out.back().line.has_newline = true;
    } else {
      out.push_back(OutputLine{NormalisedLine{"", "", 0, true}, LineOrigin::kHeader});
    }
    out.push_back(
        OutputLine{NormalisedLine{"******** SERVER ********", "", 0, true}, LineOrigin::kHeader});
    for (NormalisedLine& l : normaliser.NormaliseLines(*server_raw, stream))
      out.push_back(OutputLine{std::move(l), LineOrigin::kServer});
  }
  return out;
}

void SortDeliveryLines(std::vector<OutputLine>* lines) {
  static const RE2 kDelivery(R"(^[-\d]{10}\s[:\d]{8}(\.\d{3})?\s[-A-Za-z\d]{23}\s[-=*]>)");
  auto delivery = [](const OutputLine& l) { return RE2::PartialMatch(l.line.text, kDelivery); };
  for (auto it = lines->begin(); it != lines->end();) {
    if (!delivery(*it)) {
      ++it;
      continue;
    }
    auto end = std::find_if_not(it, lines->end(), delivery);
    std::stable_sort(it, end, [](const OutputLine& a, const OutputLine& b) { return a.line.text < b.line.text; });
    it = end;
  }
  OutputLine note;
  note.line.text = kSortedNote;
  note.origin = LineOrigin::kHeader;
  lines->insert(lines->begin(), std::move(note));
}

std::string JoinOutputLines(const std::vector<OutputLine>& lines) {
  std::string out;
  for (const OutputLine& l : lines) {
    out += l.line.text;
    if (l.line.has_newline) out += '\n';
  }
  return out;
}

std::string AssembleOutput(const std::optional<std::string>& main_raw,
                           const std::optional<std::string>& server_raw, Stream stream,
                           Normaliser& normaliser) {
  std::string out;
  if (main_raw) out = normaliser.Normalise(*main_raw, stream);
  if (server_raw) {
    out += kServerHeader;
    out += normaliser.Normalise(*server_raw, stream);
  }
  return out;
}

}  // namespace harness
