// outputs.cc - output assembly (runtest check_file, lines 907-914 @14aa5a05b).
#include "harness/outputs.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstddef>
#include <utility>

#include "harness/text.h"

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

bool HasTruncatedMarker(std::string_view raw) { return raw.find(kTruncatedMarker) != std::string_view::npos; }

void AlignTruncatedLines(std::vector<OutputLine>* lines, std::string_view golden) {
  // runtest check_file: @munged, @saved, $i, $j, $k as in the Perl.
  const std::vector<std::string_view> saved = text::SplitLinesKeepEnds(golden);
  auto marked = [](std::string_view s) { return s.find(kTruncatedMarker) != std::string_view::npos; };
  auto same = [](const NormalisedLine& l, std::string_view s) {  // Perl's eq, "\n" included
    if (!l.has_newline) return s == l.text;
    return s.size() == l.text.size() + 1 && s.back() == '\n' && s.compare(0, l.text.size(), l.text) == 0;
  };
  std::vector<OutputLine>& munged = *lines;
  std::size_t j = 0;
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(munged.size()); ++i) {
    if (!marked(munged[i].line.text)) continue;
    for (; j < saved.size(); ++j)
      if (marked(saved[j])) break;
    if (j >= saved.size()) break;  // not found in saved
    const std::string_view previous = saved[j == 0 ? saved.size() - 1 : j - 1];
    std::ptrdiff_t k = i - 1;
    for (; k >= 0; --k)
      if (same(munged[k].line, previous)) break;
    if (k <= 0) break;  // failed to find previous match (runtest: also at line 0)
    munged.erase(munged.begin() + k + 1, munged.begin() + i);
    i = k + 1;
  }
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
