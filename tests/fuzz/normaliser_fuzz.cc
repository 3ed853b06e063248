// normaliser_fuzz.cc - libFuzzer entry point for the normaliser: the rule
// table over arbitrary raw output on every stream, and the extra-rules file
// parser (whose rules are then applied too). Bad rule files may be rejected
// with a HarnessError; any other exception, a crash, a sanitizer report or a
// message with raw control bytes is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/diagnostic.h"
#include "harness/munge_file.h"
#include "harness/normalise_rules.h"
#include "harness/normaliser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr harness::Stream kStreams[] = {harness::Stream::kLog,    harness::Stream::kRejectLog,
                                        harness::Stream::kPanicLog, harness::Stream::kStdout,
                                        harness::Stream::kStderr, harness::Stream::kDovecot};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // First byte: which part; the rest is the input.
  if (input.empty()) return 0;
  const char mode = input[0];
  input.remove_prefix(1);
  harness::NormaliserOptions options;
  if (mode & 1) {
    try {
      options.extra_rules = harness::ParseExtraRules(input, "fuzz.munge");
    } catch (const harness::HarnessError& e) {
      fuzz::CheckMessage(e);
      return 0;
    }
  }
  harness::Normaliser normaliser(harness::normalise::ExampleContext(), options);
  for (harness::Stream stream : kStreams) {
    std::string out = normaliser.Normalise(input, stream);
    if (out.size() > input.size() * 4 + 4096) std::abort();  // no runaway growth
  }
  return 0;
}
