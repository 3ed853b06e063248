// patch_exim_test.cc - PatchEximBinary against what upstream's patchexim does.
#include "harness/patch_exim.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/diagnostic.h"

namespace harness {
namespace {

using namespace std::string_literals;

TEST(PatchEximTest, RunningBecomesTestingAndTheVersionXyz) {
  std::string in = "\x7f" "ELF..>>>running<<<\0EXTRA..4.99.1\0<<eximversion>>..end"s;
  std::string out = PatchEximBinary(in, "exim");
  EXPECT_EQ(out.size(), in.size());
  EXPECT_EQ(out, "\x7f" "ELF..<<<testing>>>\0EXTRA..x.yz\0*****************..end"s);
}

TEST(PatchEximTest, GitDescribedAndReleaseCandidateVersions) {
  for (std::string v : {"4.98.2", "4.99", "4.99_RC2", "4.97.1-27-deadbeef", "4.99-dev", "4.98-12-0a1b2c3-XX"}) {
    std::string in = ">>>running<<<|" + v + "\0<<eximversion>>|"s;
    std::string out = PatchEximBinary(in, "exim");
    EXPECT_EQ(out.size(), in.size()) << v;
    EXPECT_EQ(out.substr(14, 5), "x.yz\0"s) << v;
    EXPECT_EQ(out.find("<<eximversion>>"), std::string::npos) << v;
    EXPECT_EQ(out.back(), '|') << v;
  }
}

TEST(PatchEximTest, AVersionPatcheximDoesNotRecogniseStaysAsItIs) {
  // upstream's pattern has no 'g' before a git id: "-27-gdeadbeef" is not
  // replaced there either.
  std::string in = ">>>running<<<|4.97.1-27-gdeadbeef\0<<eximversion>>|"s;
  EXPECT_EQ(PatchEximBinary(in, "exim"), "<<<testing>>>|4.97.1-27-gdeadbeef\0<<eximversion>>|"s);
}

TEST(PatchEximTest, NotAnEximIsAnErrorNamingTheFile) {
  try {
    PatchEximBinary("#!/bin/sh\necho hello\n", "/tmp/not-exim");
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_NE(e.message().find("/tmp/not-exim"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find(">>>running<<<"), std::string::npos) << e.message();
  }
}

TEST(PatchEximTest, NoVersionMarkerLeavesTheRestAlone) {
  std::string in = "a>>>running<<<b 4.99\0c"s;
  EXPECT_EQ(PatchEximBinary(in, "exim"), "a<<<testing>>>b 4.99\0c"s);
}

}  // namespace
}  // namespace harness
