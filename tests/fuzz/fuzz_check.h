// fuzz_check.h - what every fuzz target asks of a HarnessError.
#ifndef TESTS_FUZZ_FUZZ_CHECK_H_
#define TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdlib>

#include "harness/diagnostic.h"

namespace fuzz {

/// Error messages must be printable one-liners of a sane length; abort() (a
/// finding) otherwise.
inline void CheckMessage(const harness::HarnessError& e) {
  for (char c : e.message()) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) std::abort();
  }
  if (e.message().size() > 4096) std::abort();
}

}  // namespace fuzz

#endif  // TESTS_FUZZ_FUZZ_CHECK_H_
