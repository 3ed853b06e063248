// fixed_paths_test.cc - FindFixedSocket, FixedSocketError, FixedMirror.
#include "harness/fixed_paths.h"

#include <gtest/gtest.h>

#include "harness/plan.h"
#include "harness/script.h"

namespace harness {
namespace {

TEST(FixedPathsTest, FindsTheSeedsServerSocket) {
  auto f = FindFixedSocket(
      "# Exim test configuration 3650\n\nbegin authenticators\n\ndovecot:\n  driver = dovecot\n"
      "  public_name = PLAIN\n  server_socket = /var/run/dovecot/auth-client\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ("/var/run/dovecot/auth-client", f->path);
  EXPECT_EQ(8, f->line);
}

TEST(FixedPathsTest, TheHarnessMacroAndExpansionsAreNotFixed) {
  EXPECT_FALSE(FindFixedSocket("  server_socket = DOVECOT_SOCKET\n").has_value());
  EXPECT_FALSE(FindFixedSocket("  server_socket = ${if true{/a/b}}\n").has_value());
  EXPECT_FALSE(FindFixedSocket("# server_socket = /var/run/dovecot/auth-client\n").has_value());
  EXPECT_FALSE(FindFixedSocket("  server_sockets = /a/b\n").has_value());
}

TEST(FixedPathsTest, BlanksAroundTheEqualsSignAndACarriageReturn) {
  auto f = FindFixedSocket("\tserver_socket=/run/x/sock \r\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ("/run/x/sock", f->path);
  EXPECT_EQ(1, f->line);
}

TEST(FixedPathsTest, PlainPathsBelowADirectoryAreProvided) {
  EXPECT_EQ("", FixedSocketError("/var/run/dovecot/auth-client"));
  EXPECT_EQ("", FixedSocketError("/run/dovecot/auth-client"));
  EXPECT_EQ("", FixedSocketError("/tmp/a_b-c+d.sock"));
}

TEST(FixedPathsTest, WhatCannotBeProvidedIsRefusedWithTheReason) {
  EXPECT_NE("", FixedSocketError("relative/sock"));
  EXPECT_NE(std::string::npos, FixedSocketError("/sock").find("directly in /"));
  EXPECT_NE(std::string::npos, FixedSocketError("/var/run/../etc/sock").find(".."));
  EXPECT_NE(std::string::npos, FixedSocketError("/var/./run/sock").find("'.'"));
  EXPECT_NE(std::string::npos, FixedSocketError("/var//run/sock").find("//"));
  EXPECT_NE(std::string::npos, FixedSocketError("/var/run/dovecot/").find("directory"));
  EXPECT_NE(std::string::npos, FixedSocketError("/proc/1/sock").find("/proc/"));
  EXPECT_NE(std::string::npos, FixedSocketError("/dev/log").find("/dev/"));
  EXPECT_NE(std::string::npos, FixedSocketError("/sys/x/y").find("/sys/"));
  EXPECT_NE(std::string::npos, FixedSocketError("/var/run/$sock/x").find("'$'"));
  EXPECT_NE(std::string::npos, FixedSocketError("/var/run/a b/x").find("' '"));
}

TEST(FixedPathsTest, TheMirrorIsUnderRunFixed) {
  EXPECT_EQ("/R/fixed/var/run/dovecot", FixedMirror("/R", "/var/run/dovecot"));
}

// ----- planning: the responder listens in the run directory's copy ----------

TestPlan PlanWithConf(const std::string& conf) {
  PlanInputs in;
  in.test.name = "9998";
  in.test.number = 9998;
  in.test.suite = "Fixed";
  in.test.suite_dir = "/src/scripts/9998-Fixed";
  in.test.script_path = "/src/scripts/9998-Fixed/9998";
  in.script = ParseScript("# t\nexim -be\n****\n", in.test.script_path);
  in.conf_path = "/src/confs/9998";
  in.conf_text = conf;
  in.fake_dovecot_binary = "/build/bin/fake_dovecot";
  in.env.exim_path = "/usr/sbin/exim";
  in.env.exim_version = "4.96";
  return MakePlan(in, [](int n) { return std::vector<int>(static_cast<size_t>(n), 40000); });
}

TEST(FixedPathsTest, APlanForAFixedSocketProvidesItsDirectory) {
  TestPlan plan = PlanWithConf("begin authenticators\nd:\n  driver = dovecot\n"
                               "  server_socket = /var/run/dovecot/auth-client\n");
  ASSERT_TRUE(plan.dovecot.has_value());
  BindRunDir(&plan, "/R");
  EXPECT_EQ("/R/fixed/var/run/dovecot/auth-client", plan.dovecot->socket_path);
  EXPECT_EQ("/var/run/dovecot", plan.dovecot->fixed_dir);
  EXPECT_EQ("/R/fixed/var/run/dovecot", plan.dovecot->fixed_mirror);
  EXPECT_NE(std::string::npos, plan.config_text.find("server_socket = /var/run/dovecot/auth-client"));
}

TEST(FixedPathsTest, TheUsualSocketHasNoFixedDirectory) {
  TestPlan plan = PlanWithConf("  server_socket = DOVECOT_SOCKET\n");
  ASSERT_TRUE(plan.dovecot.has_value());
  BindRunDir(&plan, "/R");
  EXPECT_EQ("/R/auth-client", plan.dovecot->socket_path);
  EXPECT_EQ("", plan.dovecot->fixed_dir);
}

TEST(FixedPathsTest, AFixedSocketThatCannotBeProvidedIsAnErrorAtItsLine) {
  try {
    PlanWithConf("# c\n\n  server_socket = /proc/self/sock\n");
    FAIL() << "no error";
  } catch (const HarnessError& e) {
    EXPECT_EQ("/src/confs/9998", e.loc().file);
    EXPECT_EQ(3, e.loc().line);
    EXPECT_NE(std::string::npos, e.message().find("/proc/"));
  }
}

}  // namespace
}  // namespace harness
