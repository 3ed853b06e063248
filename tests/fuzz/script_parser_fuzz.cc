// script_parser_fuzz.cc - libFuzzer entry point for the pure parsing layer.
// Any input may be rejected with a HarnessError; any other exception, a
// crash, a sanitizer report or a message with raw control bytes is a bug.
//
//   clang++ -std=c++17 -fsanitize=fuzzer,address,undefined -I. \
//     tests/fuzz/script_parser_fuzz.cc harness/script_parser.cc \
//     harness/requires.cc harness/substitutions.cc -o script_parser_fuzz

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/diagnostic.h"
#include "harness/requires.h"
#include "harness/script.h"
#include "harness/substitutions.h"

namespace {

// Error messages must be printable one-liners (the file name is ours).
void CheckMessage(const harness::HarnessError& e) {
  for (char c : e.message()) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) std::abort();
  }
  if (e.message().size() > 4096) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  try {
    harness::Script script = harness::ParseScript(text, "fuzz");
    for (const harness::Command& cmd : script.commands) {
      if (cmd.loc.line < 1 || cmd.end_line < cmd.loc.line) std::abort();
      if (cmd.has_data != (cmd.kind == harness::CommandKind::kExim ||
                           cmd.kind == harness::CommandKind::kClient))
        std::abort();
    }
  } catch (const harness::HarnessError& e) {
    CheckMessage(e);
  }

  try {
    std::vector<harness::Requirement> reqs = harness::ParseRequires(text, "fuzz");
    harness::EximFeatures features;
    features.version = "4.96";
    (void)harness::FirstUnmet(reqs, features, harness::HostFacts{});
  } catch (const harness::HarnessError& e) {
    CheckMessage(e);
  }

  try {
    (void)harness::ParseEximBV(text);
  } catch (const harness::HarnessError& e) {
    CheckMessage(e);
  }

  harness::SubstitutionValues values;
  values.dir = "/run/dir";
  values.caller = "CALLER";  // a value that is itself a token: must not loop
  harness::Substitutions subs = harness::MakeSubstitutions(values);
  (void)harness::Substitute(text, subs);
  (void)harness::RenderConf(text, subs, "keep_environment =\n");
  return 0;
}
