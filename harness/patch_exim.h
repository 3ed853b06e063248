// patch_exim.h - an Exim binary put into test-harness mode, as upstream's
// test/patchexim does: the marker ">>>running<<<" (globals.c,
// running_status) becomes "<<<testing>>>", which Exim checks at start-up
// (exim.c: f.running_in_test_harness), and the version string before
// "\0<<eximversion>>" (version.c) becomes "x.yz" padded with '*' to its
// length, so that outputs naming the version are the same for every build.
#ifndef HARNESS_PATCH_EXIM_H_
#define HARNESS_PATCH_EXIM_H_

#include <string>

namespace harness {

/// The bytes of \a binary, patched. Throws HarnessError naming \a name when
/// the running marker is absent (not an Exim, or one built without it); a
/// missing version marker is tolerated (Exims before 4.92 have none). Pure.
std::string PatchEximBinary(std::string binary, const std::string& name);

}  // namespace harness

#endif  // HARNESS_PATCH_EXIM_H_
