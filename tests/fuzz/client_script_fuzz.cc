// client_script_fuzz.cc - libFuzzer entry point for the client script parser.
//
//   clang++ -std=c++17 -fsanitize=fuzzer,address -I. \
//     tests/fuzz/client_script_fuzz.cc harness/client_script.cc -o /tmp/csf
//
// Feeds arbitrary bytes through the whole-text parser and line by line
// (where an embedded '\n' is the one documented HarnessError), and checks
// invariants that hold for every input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client_script.h"
#include "harness/diagnostic.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckStep(const harness::ClientStep& step, std::string_view line) {
  using harness::ClientStepKind;
  Check(step.line == line);
  switch (step.kind) {
    case ClientStepKind::kExpect:
    case ClientStepKind::kExpectOptional:
    case ClientStepKind::kExpectEof:
      Check(line.size() >= 4 && line.substr(0, 3) == "???");
      Check(step.text.find('\0') == std::string::npos);
      break;
    case ClientStepKind::kSleep:
      Check(line.substr(0, 4) == "+++ ");
      break;
    case ClientStepKind::kInclude:
      Check(step.text == line.substr(4));
      break;
    case ClientStepKind::kSend:
      Check(step.echo == (step.crlf ? line : line.substr(4)));
      // Unescaping never lengthens the text.
      Check(step.text.size() <= step.echo.size() + (step.crlf ? 2 : 0));
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::vector<std::string> lines = harness::SplitClientLines(text);
  const std::vector<harness::ClientStep> steps =
      harness::ParseClientScriptText(text, harness::SourceLoc{"fuzz", 1});
  Check(steps.size() == lines.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    CheckStep(steps[i], lines[i]);
    Check(steps[i].loc.line == static_cast<int>(i) + 1);
  }

  // The raw bytes as a single line: may contain '\n', the only parse error.
  try {
    harness::ClientStep step = harness::ParseClientLine(text, harness::SourceLoc{"fuzz", 1});
    Check(text.find('\n') == std::string_view::npos);
    CheckStep(step, text);
  } catch (const harness::HarnessError&) {
    Check(text.find('\n') != std::string_view::npos);
  }

  const std::string unescaped = harness::UnescapeClientText(text);
  Check(unescaped.size() <= text.size());
  (void)harness::ClientAtoi(text);
  return 0;
}
