// Tests of per-occurrence scenario rules (`on EVENT N`), on the session's
// wire, and of the authstring helper's strings.
#include <dirent.h>
#include <gtest/gtest.h>

#include "fake_dovecot/auth_string.h"
#include "fake_dovecot/scenario.h"
#include "fake_dovecot/session_driver.h"

namespace fake_dovecot {
namespace {

const char kHello[] = "VERSION\t1\t0\nCPID\t4711\n";

Scenario Parse(const std::string& text) {
  Scenario sc;
  std::string err;
  EXPECT_TRUE(ParseScenario(text, "t.dovecot", &sc, &err)) << err;
  return sc;
}

std::string ParseError(const std::string& text) {
  Scenario sc;
  std::string err;
  EXPECT_FALSE(ParseScenario(text, "t.dovecot", &sc, &err)) << text;
  return err;
}

UserDb Users() {
  UserDb db;
  db.Add("userx", "secret");
  db.Add("usery", "secret");
  return db;
}

TEST(FakeDovecotOccurrence, ParsesNumberedRules) {
  Scenario sc = Parse(
      "on cont 1\n  send A\\n\n"
      "on cont\n  send B\\n\n"
      "on cont 3\n  close\n"
      "on auth 2\n  stall 5\n"
      "on connect 2\n  close\n");
  EXPECT_EQ(4u, sc.numbered_rules.size());
  EXPECT_EQ(1u, sc.rules.size());
  EXPECT_EQ("A\n", sc.Rule(Trigger::kCont, 1)->at(0).text[0].text);
  EXPECT_EQ("B\n", sc.Rule(Trigger::kCont, 2)->at(0).text[0].text);  // the default
  EXPECT_EQ(Step::Kind::kClose, sc.Rule(Trigger::kCont, 3)->at(0).kind);
  EXPECT_EQ("B\n", sc.Rule(Trigger::kCont, 4)->at(0).text[0].text);
  EXPECT_EQ("B\n", sc.Rule(Trigger::kCont)->at(0).text[0].text);
  EXPECT_EQ(nullptr, sc.Rule(Trigger::kAuth, 1));  // no default: Dovecot's handling
  EXPECT_EQ(Step::Kind::kStall, sc.Rule(Trigger::kAuth, 2)->at(0).kind);
  EXPECT_EQ(nullptr, sc.Rule(Trigger::kConnect, 1));
  EXPECT_EQ(Step::Kind::kClose, sc.Rule(Trigger::kConnect, 2)->at(0).kind);
}

TEST(FakeDovecotOccurrence, Errors) {
  EXPECT_EQ("t.dovecot:1: on cont N: N must be a number of occurrences, 1..1000000 (got '0')",
            ParseError("on cont 0\n"));
  EXPECT_EQ("t.dovecot:1: on auth N: N must be a number of occurrences, 1..1000000 (got 'second')",
            ParseError("on auth second\n"));
  EXPECT_EQ("t.dovecot:1: on cont N: N must be a number of occurrences, 1..1000000 (got '#2')",
            ParseError("on cont #2\n"));
  EXPECT_EQ("t.dovecot:1: on cont N: N must be a number of occurrences, 1..1000000 (got '1000001')",
            ParseError("on cont 1000001\n"));
  EXPECT_EQ("t.dovecot:1: usage: on connect|auth|cont [N]", ParseError("on cont 1 2\n"));
  EXPECT_EQ("t.dovecot:1: usage: on connect|auth|cont [N]", ParseError("on\n"));
  EXPECT_EQ("t.dovecot:3: a second 'on cont 2' rule", ParseError("on cont 2\nclose\non cont 2\n"));
  EXPECT_EQ("t.dovecot:2: 'handshake' is only allowed in 'on connect'",
            ParseError("on auth 1\nhandshake\n"));
  EXPECT_EQ("t.dovecot:1: unknown event 'eof' (connect, auth, cont)", ParseError("on eof 1\n"));
}

// Every scenario file in the repository parses as before: no numbered rule.
TEST(FakeDovecotOccurrence, ExistingScenarioFilesUnchanged) {
  int files = 0;
  for (std::string dir : {std::string(TESTS_SOURCE_DIR) + "/scenarios",
                          std::string(TESTS_SOURCE_DIR) + "/../scripts/3650-Dovecot"}) {
    DIR* d = opendir(dir.c_str());
    ASSERT_NE(nullptr, d) << dir;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() < 8 || name.compare(name.size() - 8, 8, ".dovecot") != 0) continue;
      Scenario sc;
      std::string err;
      EXPECT_TRUE(LoadScenarioFile(dir + "/" + name, &sc, &err)) << err;
      EXPECT_TRUE(sc.numbered_rules.empty()) << name;
      for (const auto& [trigger, steps] : sc.rules) {
        for (unsigned n : {1u, 2u, 7u}) EXPECT_EQ(&steps, sc.Rule(trigger, n)) << name;
      }
      ++files;
    }
    closedir(d);
  }
  EXPECT_GE(files, 30);
}

// "CONT twice, then OK": PLAIN without an initial response gets Dovecot's
// empty CONT; the client's first CONT gets another CONT, its second an OK
// with the user of that CONT's data; a third CONT has no rule and gets
// Dovecot's handling of the still-open request.
TEST(FakeDovecotOccurrence, ContTwiceThenOk) {
  SessionDriver d(Parse("on cont 1\n"
                        "  send CONT\\t{id}\\tTW9yZT8=\\n\n"
                        "on cont 2\n"
                        "  send OK\\t{id}\\tuser={user}\\n\n"),
                  Users());
  d.Start();
  EXPECT_EQ("CONT\t1\t\n", d.Input(std::string(kHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n"));
  EXPECT_EQ("CONT\t1\tTW9yZT8=\n", d.Input("CONT\t1\tAHVzZXJ4AHdyb25n\n"));
  EXPECT_EQ("OK\t1\tuser=usery\n", d.Input("CONT\t1\t" + AuthPlainString("usery", "anything") + "\n"));
  EXPECT_EQ("FAIL\t1\tuser=userx\n", d.Input("CONT\t1\tAHVzZXJ4AHdyb25n\n"));
  EXPECT_NE(std::string::npos, d.transcript().find("1 S> CONT\\t1\\tTW9yZT8=\n")) << d.transcript();
}

// A numbered rule next to a default rule: the default serves the others.
TEST(FakeDovecotOccurrence, NumberedRuleOverridesDefaultRule) {
  SessionDriver d(Parse("on cont\n"
                        "  send CONT\\t{id}\\tdefault\\n\n"
                        "on cont 2\n"
                        "  send FAIL\\t{id}\\tuser={user}\\tcode=temp_fail\\n\n"),
                  Users());
  d.Start();
  d.Input(std::string(kHello) + "AUTH\t1\tLOGIN\tservice=smtp\tresp=\n");
  EXPECT_EQ("CONT\t1\tdefault\n", d.Input("CONT\t1\tdXNlcng=\n"));
  // The rule answered the first CONT, so the request still waits for the
  // LOGIN user name: {user} is this CONT's data, decoded.
  EXPECT_EQ("FAIL\t1\tuser=secret\tcode=temp_fail\n", d.Input("CONT\t1\tc2VjcmV0\n"));
  EXPECT_EQ("CONT\t1\tdefault\n", d.Input("CONT\t1\tc2VjcmV0\n"));
}

// LOGIN: the first CONT runs Dovecot's handling (Password: prompt), the
// second is answered by the rule; {user} is the LOGIN user name given in
// the first CONT.
TEST(FakeDovecotOccurrence, LoginSecondContRule) {
  SessionDriver d(Parse("on cont 2\n  send OK\\t{id}\\tuser={user}\\tpass=x\\n\n"), Users());
  d.Start();
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n", d.Input(std::string(kHello) + "AUTH\t1\tLOGIN\tservice=smtp\tresp=\n"));
  EXPECT_EQ("CONT\t1\tUGFzc3dvcmQ6\n", d.Input("CONT\t1\t" + AuthLoginStrings("usery", "x")[0] + "\n"));
  EXPECT_EQ("OK\t1\tuser=usery\tpass=x\n", d.Input("CONT\t1\t" + AuthLoginStrings("usery", "wrong")[1] + "\n"));
}

// AUTH is counted per connection: the second AUTH of a connection.
TEST(FakeDovecotOccurrence, SecondAuthOfAConnection) {
  Scenario sc = Parse("on auth 2\n  send FAIL\\t{id}\\tuser={user}\\tcode=temp_fail\\n\n");
  const std::string auth1 = "AUTH\t1\tPLAIN\tservice=smtp\tresp=" + AuthPlainString("userx", "secret") + "\n";
  const std::string auth2 = "AUTH\t2\tPLAIN\tservice=smtp\tresp=" + AuthPlainString("userx", "secret") + "\n";
  SessionDriver d(sc, Users());
  d.Start();
  EXPECT_EQ("OK\t1\tuser=userx\n", d.Input(std::string(kHello) + auth1));
  EXPECT_EQ("FAIL\t2\tuser=userx\tcode=temp_fail\n", d.Input(auth2));
  EXPECT_EQ("OK\t3\tuser=userx\n",
            d.Input("AUTH\t3\tPLAIN\tservice=smtp\tresp=" + AuthPlainString("userx", "secret") + "\n"));
  // A new connection counts from 1 again.
  SessionDriver other(sc, Users(), 0, 2);
  other.Start();
  EXPECT_EQ("OK\t1\tuser=userx\n", other.Input(std::string(kHello) + auth1));
}

// A malformed CONT is a protocol violation and is not counted.
TEST(FakeDovecotOccurrence, BrokenContIsNotCounted) {
  SessionDriver d(Parse("on cont 1\n  send first\\n\non cont 2\n  send second\\n\n"), Users());
  d.Start();
  d.Input(std::string(kHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n");
  EXPECT_EQ("first\n", d.Input("CONT\t1\tAAAA\n"));
  EXPECT_EQ("second\n", d.Input("CONT\t1\tAAAA\n"));
  SessionDriver e(Parse("on cont 1\n  send first\\n\n"), Users());
  e.Start();
  e.Input(std::string(kHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n");
  EXPECT_EQ("", e.Input("CONT\tx\n"));  // broken: silent disconnect
  EXPECT_TRUE(e.closed());
}

// connect N: the Nth connection (CUID N) of the fake.
TEST(FakeDovecotOccurrence, NthConnection) {
  Scenario sc = Parse("on connect 2\n  send VERSION\\t2\\t0\\n\n  close\n");
  SessionDriver first(sc, Users(), 0, 1);
  EXPECT_EQ(first.DefaultHandshake(), first.Start());
  EXPECT_FALSE(first.closed());
  SessionDriver second(sc, Users(), 0, 2);
  EXPECT_EQ("VERSION\t2\t0\n", second.Start());
  EXPECT_TRUE(second.closed());
  SessionDriver third(sc, Users(), 0, 3);
  EXPECT_EQ(third.DefaultHandshake(), third.Start());
}

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
