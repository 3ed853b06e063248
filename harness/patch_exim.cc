// patch_exim.cc - see patch_exim.h.
#include "harness/patch_exim.h"

#include <re2/re2.h>

#include "harness/diagnostic.h"

namespace harness {

std::string PatchEximBinary(std::string binary, const std::string& name) {
  const std::string running = ">>>running<<<", testing = "<<<testing>>>";
  std::size_t at = binary.find(running);
  if (at == std::string::npos)
    throw HarnessError(name + ": no \">>>running<<<\" marker: not an Exim binary that can run in test-harness mode");
  for (; at != std::string::npos; at = binary.find(running, at + testing.size())) binary.replace(at, running.size(), testing);

  // patchexim's version pattern: major.minor, optional security-patchlevel
  // and patchlevel, optional RC or dev(start), optional git distance and id,
  // optional dirty bit, then NUL and the marker.
  static const RE2 kVersion(
      R"((\d+[_.]\d+(?:[_.]\d+)?(?:[_.]\d+)?(?:[_-]RC\d+|[_-]?dev(?:start)?)?(?:(?:[_-]\d+)?[-_][[:xdigit:]]+)?(?:[-_]XX)?\x00<<eximversion>>))");
  re2::StringPiece input(binary);
  re2::StringPiece match;
  std::string out;
  out.reserve(binary.size());
  std::size_t done = 0;
  while (RE2::PartialMatch(input, kVersion, &match)) {
    std::size_t start = static_cast<std::size_t>(match.data() - binary.data());
    out.append(binary, done, start - done);
    // "x.yz", its NUL, then '*' over the rest (the marker too): same length.
    out += std::string("x.yz", 4) + '\0' + std::string(match.size() - 5, '*');
    done = start + match.size();
    input = re2::StringPiece(binary.data() + done, binary.size() - done);
  }
  out.append(binary, done, std::string::npos);
  return out;
}

}  // namespace harness
