// auth_string_test.cc - the authstring helper's strings and command line.
#include "fake_dovecot/auth_string.h"

#include <gtest/gtest.h>

namespace fake_dovecot {
namespace {

TEST(AuthString, PlainAndLogin) {
  EXPECT_EQ("AHVzZXJ4AHNlY3JldA==", AuthPlainString("userx", "secret"));  // scripts/3650-Dovecot/3650
  EXPECT_EQ("YWRtaW4AdXNlcngAc2VjcmV0", AuthPlainString("userx", "secret", "admin"));
  EXPECT_EQ((std::vector<std::string>{"dXNlcng=", "c2VjcmV0"}), AuthLoginStrings("userx", "secret"));
  EXPECT_EQ("AAA=", AuthPlainString("", ""));
}

TEST(AuthString, CommandLine) {
  std::string out, err;
  EXPECT_EQ(0, RunAuthString({"plain", "usery", "secret"}, &out, &err));
  EXPECT_EQ("AHVzZXJ5AHNlY3JldA==\n", out);
  out.clear();
  EXPECT_EQ(0, RunAuthString({"login", "userx", "letmein"}, &out, &err));
  EXPECT_EQ("dXNlcng=\nbGV0bWVpbg==\n", out);
  out.clear();
  EXPECT_EQ(0, RunAuthString({"decode", "AHVzZXJ4AHNlY3JldA==", "dXNlcng="}, &out, &err));
  EXPECT_EQ("\\x00userx\\x00secret\nuserx\n", out);
  out.clear();
  EXPECT_EQ(2, RunAuthString({"decode", "AB=C"}, &out, &err));
  EXPECT_EQ("authstring: 'AB=C' is not valid base64\n", err);
  err.clear();
  EXPECT_EQ(2, RunAuthString({"plain", "onlyuser"}, &out, &err));
  EXPECT_EQ(0u, err.find("authstring: plain needs USER PASSWORD [AUTHZID]\nusage:"));
  err.clear();
  EXPECT_EQ(2, RunAuthString({"cram"}, &out, &err));
  EXPECT_EQ(0u, err.find("authstring: unknown mode 'cram'"));
  EXPECT_EQ(2, RunAuthString({}, &out, &err));
  out.clear();
  EXPECT_EQ(0, RunAuthString({"--help"}, &out, &err));
  EXPECT_EQ(0u, out.find("usage: authstring plain"));
}

}  // namespace
}  // namespace fake_dovecot
