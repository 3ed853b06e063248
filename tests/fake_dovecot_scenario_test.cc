// Tests of the scenario language (fake_dovecot::ParseScenario) and of every
// table-A scenario file in tests/scenarios/, checked byte for byte on the
// session's wire (socket-level rows A23 are in fake_dovecot_responder_test).
#include <dirent.h>
#include <gtest/gtest.h>

#include "fake_dovecot/auth_string.h"
#include "fake_dovecot/base64.h"
#include "fake_dovecot/scenario.h"
#include "fake_dovecot/session_driver.h"

namespace fake_dovecot {
namespace {

const char kExim[] =
    "VERSION\t1\t0\nCPID\t4711\n"
    "AUTH\t1\tPLAIN\tservice=smtp\tnologin\tresp=AHVzZXJ4AHNlY3JldA==\n";

std::string ScenarioPath(const std::string& name) {
  return std::string(TESTS_SOURCE_DIR) + "/scenarios/" + name;
}

Scenario Load(const std::string& name) {
  Scenario sc;
  std::string err;
  EXPECT_TRUE(LoadScenarioFile(ScenarioPath(name), &sc, &err)) << err;
  return sc;
}

UserDb Users() {
  UserDb db;
  db.Add("userx", "secret");
  return db;
}

std::string ParseError(const std::string& text) {
  Scenario sc;
  std::string err;
  EXPECT_FALSE(ParseScenario(text, "t.dovecot", &sc, &err)) << text;
  return err;
}

TEST(FakeDovecotScenario, FullSyntax) {
  Scenario sc;
  std::string err;
  ASSERT_TRUE(ParseScenario(
      "# comment\r\n"
      "\n"
      "mechanisms PLAIN plain X-FOO\n"
      "version 1 3\n"
      "omit SPID COOKIE\n"
      "line-ending crlf\n"
      "failure-delay 500\n"
      "close-after 3000\n"
      "temp-fail tempx\n"
      "temp-fail oldx temp\n"
      "socket refused\n"
      "socket-mode 0600\n"
      "on connect\n"
      "  handshake\n"
      "  send A\\tB\\r\\n\\\\\\x00\\{{id}{mech}{user}{spid}{cuid}{cookie}}\n"
      "on auth\n"
      "\tstall 10\n"
      "\tsend-repeat 3 ab \n"
      "\tdefault\n"
      "on cont\n"
      "  close\n",
      "t.dovecot", &sc, &err))
      << err;
  EXPECT_EQ((std::vector<std::string>{"PLAIN", "plain", "X-FOO"}), sc.mechanisms);
  EXPECT_EQ(3u, sc.version_minor);
  EXPECT_EQ((std::set<std::string>{"SPID", "COOKIE"}), sc.omit);
  EXPECT_TRUE(sc.crlf);
  EXPECT_EQ(500u, *sc.failure_delay_ms);
  EXPECT_EQ(3000u, *sc.close_after_ms);
  EXPECT_EQ(TempFailStyle::kCode, sc.temp_fail_users.at("tempx"));
  EXPECT_EQ(TempFailStyle::kTemp, sc.temp_fail_users.at("oldx"));
  EXPECT_EQ(SocketPresence::kRefused, sc.socket);
  EXPECT_EQ(0600u, sc.socket_mode);
  const std::vector<Step>& conn = *sc.Rule(Trigger::kConnect);
  ASSERT_EQ(2u, conn.size());
  EXPECT_EQ(Step::Kind::kHandshake, conn[0].kind);
  const std::vector<TextPiece>& t = conn[1].text;
  ASSERT_EQ(8u, t.size());
  EXPECT_EQ(std::string("A\tB\r\n\\\0{", 8), t[0].text);
  EXPECT_TRUE(t[1].placeholder);
  EXPECT_EQ("id", t[1].text);
  EXPECT_EQ("cookie", t[6].text);
  EXPECT_EQ("}", t[7].text);
  const std::vector<Step>& auth = *sc.Rule(Trigger::kAuth);
  ASSERT_EQ(3u, auth.size());
  EXPECT_EQ(10u, auth[0].stall_ms);
  EXPECT_EQ(3u, auth[1].repeat);
  EXPECT_EQ("ab ", auth[1].text[0].text);  // trailing space kept
  EXPECT_EQ(18, auth[1].line);
  EXPECT_EQ(Step::Kind::kClose, sc.Rule(Trigger::kCont)->at(0).kind);
}

// `exit` ends the whole responder (as a crash of Dovecot's auth process): the
// session calls its owner's hook; without one it closes the connection.
TEST(FakeDovecotScenario, ExitStep) {
  Scenario sc;
  std::string err;
  ASSERT_TRUE(ParseScenario("on auth 2\n  exit\n", "t.dovecot", &sc, &err)) << err;
  ASSERT_NE(nullptr, sc.Rule(Trigger::kAuth, 2));
  EXPECT_EQ(Step::Kind::kExit, sc.Rule(Trigger::kAuth, 2)->at(0).kind);
}

TEST(FakeDovecotScenario, Errors) {
  EXPECT_EQ("t.dovecot:2: unknown keyword 'sned'", ParseError("on auth\nsned OK\n"));
  EXPECT_EQ("t.dovecot:1: 'send' outside a rule (start one with 'on connect|auth|cont')",
            ParseError("send OK\\n\n"));
  EXPECT_EQ("t.dovecot:2: unknown escape \\q (use \\t \\r \\n \\\\ \\xHH \\{)",
            ParseError("on auth\n send \\q\n"));
  EXPECT_EQ("t.dovecot:2: \\x needs two hex digits", ParseError("on auth\nsend \\xg0\n"));
  EXPECT_EQ("t.dovecot:2: unknown placeholder {nope} (known: {id} {mech} {user} {spid} {cuid} {cookie})",
            ParseError("on auth\nsend {nope}\n"));
  EXPECT_EQ("t.dovecot:2: unterminated placeholder '{' (write \\{ for a brace)",
            ParseError("on auth\nsend {id\n"));
  EXPECT_EQ("t.dovecot:2: backslash at the end of the text (write \\\\ for one)",
            ParseError("on auth\nsend x\\\n"));
  EXPECT_EQ("t.dovecot:1: usage: send TEXT", ParseError("send\n"));
  EXPECT_EQ("t.dovecot:3: a second 'on auth' rule", ParseError("on auth\nclose\non auth\n"));
  EXPECT_EQ("t.dovecot:1: unknown event 'eof' (connect, auth, cont)", ParseError("on eof\n"));
  EXPECT_EQ("t.dovecot:2: 'handshake' is only allowed in 'on connect'",
            ParseError("on auth\nhandshake\n"));
  EXPECT_EQ("t.dovecot:1: usage: stall MS (0..600000)", ParseError("stall 600001\n"));
  EXPECT_EQ("t.dovecot:1: usage: version MAJOR MINOR (decimal numbers)", ParseError("version 1\n"));
  EXPECT_EQ("t.dovecot:1: omit: unknown handshake line 'FOO' (VERSION MECH SPID CUID COOKIE DONE)",
            ParseError("omit FOO\n"));
  EXPECT_EQ("t.dovecot:1: usage: socket-mode OCTAL (e.g. 0600)", ParseError("socket-mode 0800\n"));
  EXPECT_EQ("t.dovecot:1: usage: socket present|absent|refused", ParseError("socket gone\n"));
  EXPECT_EQ("t.dovecot:1: usage: line-ending lf|crlf", ParseError("line-ending cr\n"));
  EXPECT_EQ("t.dovecot:1: usage: temp-fail USER [code|temp]", ParseError("temp-fail\n"));
  EXPECT_EQ("t.dovecot:2: usage: send-repeat COUNT TEXT (COUNT 1..1000000)",
            ParseError("on auth\nsend-repeat 0 x\n"));
  EXPECT_EQ("t.dovecot:2: 'close' takes no arguments", ParseError("on auth\nclose now\n"));
  EXPECT_EQ("t.dovecot:2: 'exit' takes no arguments", ParseError("on auth\nexit 1\n"));
  EXPECT_EQ("t.dovecot:2: 'mechanisms' given twice", ParseError("mechanisms A\r\nmechanisms B\n"));
  Scenario sc;
  std::string err;
  EXPECT_FALSE(LoadScenarioFile("/nonexistent/x.dovecot", &sc, &err));
  EXPECT_EQ("/nonexistent/x.dovecot: cannot open scenario file", err);
}

/// Runs a scenario against Exim 4.96's single write.
struct ScenarioRun {
  explicit ScenarioRun(const std::string& file, unsigned delay = 0)
      : d(Load(file), Users(), delay) {
    greeting = d.Start();
  }
  SessionDriver d;
  std::string greeting;
};

TEST(FakeDovecotScenarioFiles, A1Normal) {
  ScenarioRun r("A1-normal.dovecot");
  EXPECT_EQ(r.d.DefaultHandshake(), r.greeting);
  EXPECT_EQ("OK\t1\tuser=userx\n", r.d.Input(kExim));
}

TEST(FakeDovecotScenarioFiles, A2FailDelayed) {
  ScenarioRun r("A2-fail-delayed.dovecot");
  EXPECT_EQ(r.d.DefaultHandshake(), r.greeting);
  EXPECT_EQ("", r.d.Input(kExim));
  EXPECT_EQ("", r.d.Advance(499));
  EXPECT_EQ("FAIL\t1\tuser=userx\n", r.d.Advance(1));
}

TEST(FakeDovecotScenarioFiles, A3TempFail) {
  EXPECT_EQ("FAIL\t1\tuser=userx\tcode=temp_fail\n", ScenarioRun("A3-temp-fail-code.dovecot").d.Input(kExim));
  EXPECT_EQ("FAIL\t1\tuser=userx\ttemp\n", ScenarioRun("A3-temp-fail-flag.dovecot").d.Input(kExim));
  ScenarioRun r("A3-temp-fail-user.dovecot");
  r.d.Input(kExim);
  EXPECT_EQ("FAIL\t2\tuser=tempx\tcode=temp_fail\n",
            r.d.Input("AUTH\t2\tPLAIN\tservice=smtp\tresp=AHRlbXB4AHNlY3JldA==\n"));
}

TEST(FakeDovecotScenarioFiles, A4FailNoUser) {
  EXPECT_EQ("FAIL\t1\n", ScenarioRun("A4-fail-no-user.dovecot").d.Input(kExim));
}

TEST(FakeDovecotScenarioFiles, A5PlainNoInitialResponse) {
  ScenarioRun r("A5-plain-no-initial-response.dovecot");
  EXPECT_EQ("CONT\t1\t\n",
            r.d.Input("VERSION\t1\t0\nCPID\t1\nAUTH\t1\tPLAIN\tservice=smtp\tnologin\tresp=\n"));
  EXPECT_EQ("OK\t1\tuser=userx\n", r.d.Input("CONT\t1\tAHVzZXJ4AHNlY3JldA==\n"));
}

TEST(FakeDovecotScenarioFiles, A6Login) {
  ScenarioRun r("A6-login.dovecot");
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n",
            r.d.Input("VERSION\t1\t0\nCPID\t1\nAUTH\t1\tLOGIN\tservice=smtp\tnologin\tresp=\n"));
  EXPECT_EQ("CONT\t1\tUGFzc3dvcmQ6\n", r.d.Input("CONT\t1\tdXNlcng=\n"));
  EXPECT_EQ("OK\t1\tuser=userx\n", r.d.Input("CONT\t1\tc2VjcmV0\n"));
  ScenarioRun bad("A6-login.dovecot");
  bad.d.Input("VERSION\t1\t0\nCPID\t1\nAUTH\t1\tLOGIN\tservice=smtp\tresp=\nCONT\t1\tdXNlcng=\n");
  EXPECT_EQ("FAIL\t1\tuser=userx\n", bad.d.Input("CONT\t1\tYmFk\n"));
}

TEST(FakeDovecotScenarioFiles, A7ToA10AndA21OddReplies) {
  EXPECT_EQ("OK\t1\tfoo=bar\n", ScenarioRun("A7-ok-no-user.dovecot").d.Input(kExim));
  EXPECT_EQ("OK\t2\tuser=userx\n", ScenarioRun("A8-wrong-id.dovecot").d.Input(kExim));
  EXPECT_EQ("XYZ\t1\tuser=userx\n", ScenarioRun("A9-unknown-verb.dovecot").d.Input(kExim));
  EXPECT_EQ("OK\n", ScenarioRun("A10-no-tab.dovecot").d.Input(kExim));
  EXPECT_EQ("\n", ScenarioRun("A10-empty-line.dovecot").d.Input(kExim));
  std::string a21 = ScenarioRun("A21-user-17th-field.dovecot").d.Input(kExim);
  EXPECT_EQ(16, std::count(a21.begin(), a21.end(), '\t'));
  EXPECT_EQ(a21.size() - 12, a21.rfind("\tuser=userx\n"));
}

TEST(FakeDovecotScenarioFiles, A11CloseOnAccept) {
  ScenarioRun r("A11-close-on-accept.dovecot");
  EXPECT_EQ("", r.greeting);
  EXPECT_TRUE(r.d.closed());
  EXPECT_EQ("1 connect\n1 server closed\n", r.d.transcript());
}

TEST(FakeDovecotScenarioFiles, A12CloseMidHandshake) {
  ScenarioRun r("A12-close-mid-handshake.dovecot");
  EXPECT_EQ("VERSION\t1\t2\n", r.greeting);
  EXPECT_TRUE(r.d.closed());
}

TEST(FakeDovecotScenarioFiles, A13CloseAfterAuth) {
  ScenarioRun r("A13-close-after-auth.dovecot");
  EXPECT_EQ(r.d.DefaultHandshake(), r.greeting);
  EXPECT_EQ("", r.d.Input(kExim));
  EXPECT_TRUE(r.d.closed());
  EXPECT_NE(std::string::npos, r.d.transcript().find("1 C> AUTH\\t1\\tPLAIN"));
}

TEST(FakeDovecotScenarioFiles, A14VersionMismatch) {
  ScenarioRun r("A14-version-mismatch.dovecot");
  EXPECT_EQ(0u, r.greeting.find("VERSION\t2\t0\nMECH\tPLAIN\tplaintext\n"));
}

TEST(FakeDovecotScenarioFiles, A15NoPlain) {
  ScenarioRun r("A15-no-plain.dovecot");
  EXPECT_EQ(0u, r.greeting.find("VERSION\t1\t2\nMECH\tLOGIN\tplaintext\n"
                                "MECH\tCRAM-MD5\tdictionary\tactive\nSPID\t"));
  EXPECT_EQ(std::string::npos, r.greeting.find("PLAIN"));
  // Still served when asked (doveadm always asks for PLAIN).
  EXPECT_EQ("OK\t1\tuser=userx\n", r.d.Input(kExim));
}

TEST(FakeDovecotScenarioFiles, A16AuthMaster) {
  ScenarioRun r("A16-auth-master.dovecot");
  EXPECT_EQ("VERSION\t1\t2\nSPID\t4242\n", r.greeting);
  EXPECT_FALSE(r.d.closed());
}

TEST(FakeDovecotScenarioFiles, A17NoCookie) {
  ScenarioRun r("A17-no-cookie.dovecot");
  std::string expected = r.d.DefaultHandshake();
  expected.erase(expected.find("COOKIE\t"), 7 + 32 + 1);
  EXPECT_EQ(expected, r.greeting);
}

TEST(FakeDovecotScenarioFiles, A18Crlf) {
  ScenarioRun r("A18-crlf.dovecot");
  EXPECT_EQ("VERSION\t1\t2\r\nMECH\tPLAIN\tplaintext\r\n", r.greeting.substr(0, 35));
  EXPECT_EQ("DONE\r\n", r.greeting.substr(r.greeting.size() - 6));
  EXPECT_EQ("OK\t1\tuser=userx\r\n", r.d.Input(kExim));
  EXPECT_EQ("", r.d.Advance(1999));
  EXPECT_FALSE(r.d.closed());
  r.d.Advance(1);
  EXPECT_TRUE(r.d.closed());
}

TEST(FakeDovecotScenarioFiles, A19StallAfterAuth) {
  ScenarioRun r("A19-stall-after-auth.dovecot");
  EXPECT_EQ("", r.d.Input(kExim));
  r.d.Advance(1999);
  EXPECT_FALSE(r.d.closed());
  r.d.Advance(1);
  EXPECT_TRUE(r.d.closed());
}

TEST(FakeDovecotScenarioFiles, A20StallAfterVersion) {
  ScenarioRun r("A20-stall-after-version.dovecot");
  EXPECT_EQ("VERSION\t1\t2\n", r.greeting);
  // Client lines are read and recorded during the stall, but not answered.
  EXPECT_EQ("", r.d.Input(kExim));
  EXPECT_NE(std::string::npos, r.d.transcript().find("1 C> AUTH\\t1"));
  r.d.Advance(1999);
  EXPECT_FALSE(r.d.closed());
  EXPECT_EQ("", r.d.Advance(1));
  EXPECT_TRUE(r.d.closed());
}

TEST(FakeDovecotScenarioFiles, A22NoFinalNewline) {
  ScenarioRun r("A22-no-final-newline.dovecot");
  EXPECT_EQ("OK\t1\tuser=userx", r.d.Input(kExim));
  EXPECT_TRUE(r.d.closed());
  EXPECT_NE(std::string::npos,
            r.d.transcript().find("1 S> OK\\t1\\tuser=userx [no newline]\n1 server closed\n"));
}

TEST(FakeDovecotScenarioFiles, A24PartialAndLongLines) {
  ScenarioRun partial("A24-partial-line-eof.dovecot");
  EXPECT_EQ("VERSION\t1\t2\nDO", partial.greeting);
  EXPECT_TRUE(partial.d.closed());
  ScenarioRun long_line("A24-long-line.dovecot");
  EXPECT_EQ(0u, long_line.greeting.find("VERSION\t1\t2\nMECH\tPLAIN\tplaintext\txxx"));
  size_t lf = long_line.greeting.find('\n', 12);
  EXPECT_EQ(12u + 21u + 9000u, lf);
  EXPECT_NE(std::string::npos, long_line.greeting.find("\nSPID\t4242\nCUID\t1\nCOOKIE\t"));
}

TEST(FakeDovecotScenarioFiles, A25ContNoData) {
  ScenarioRun r("A25-cont-no-data.dovecot");
  EXPECT_EQ("CONT\t1\n", r.d.Input(kExim));
  EXPECT_EQ("OK\t1\tuser=userx\n", r.d.Input("CONT\t1\tNULL-answer\n"));
}

TEST(FakeDovecotScenarioFiles, A23FilesParse) {
  EXPECT_EQ(SocketPresence::kAbsent, Load("A23-socket-missing.dovecot").socket);
  EXPECT_EQ(SocketPresence::kRefused, Load("A23-socket-refused.dovecot").socket);
  EXPECT_EQ(0600u, Load("A23-socket-0600.dovecot").socket_mode);
}

TEST(FakeDovecotScenarioFiles, ReplyBeforeAuth) {
  // Row 53 of the Exim outcome table: a reply right after DONE.
  Scenario sc;
  std::string err;
  ASSERT_TRUE(ParseScenario("on connect\n  handshake\n  send OK\\t1\\tuser=userx\\n\n"
                            "on auth\n  stall 100\n",
                            "t", &sc, &err)) << err;
  SessionDriver d(sc, Users());
  std::string g = d.Start();
  EXPECT_EQ(d.DefaultHandshake() + "OK\t1\tuser=userx\n", g);
}

TEST(FakeDovecotScenarioFiles, PlaceholdersExpand) {
  Scenario sc;
  std::string err;
  ASSERT_TRUE(ParseScenario("on auth\n  send {mech}|{user}|{id}|{cuid}|{spid}\\n\n"
                            "on cont\n  send C{id}:{user}\\n\n  default\n",
                            "t", &sc, &err)) << err;
  SessionDriver d(sc, Users(), 0, 7);
  d.Start();
  EXPECT_EQ("plain|userx|3|7|4242\n",
            d.Input("VERSION\t1\t0\nCPID\t1\nAUTH\t3\tplain\tservice=x\tresp=AHVzZXJ4AHNlY3JldA==\n"));
  EXPECT_EQ("C5:\nFAIL\t5\treason=Authentication request timed out\n", d.Input("CONT\t5\tdXNlcng=\n"));
}

TEST(FakeDovecotScenarioFiles, EveryAFileParses) {
  for (const char* name :
       {"A1-normal", "A2-fail-delayed", "A3-temp-fail-code", "A3-temp-fail-flag",
        "A3-temp-fail-user", "A4-fail-no-user", "A5-plain-no-initial-response", "A6-login",
        "A7-ok-no-user", "A8-wrong-id", "A9-unknown-verb", "A10-no-tab", "A10-empty-line",
        "A11-close-on-accept", "A12-close-mid-handshake", "A13-close-after-auth",
        "A14-version-mismatch", "A15-no-plain", "A16-auth-master", "A17-no-cookie", "A18-crlf",
        "A19-stall-after-auth", "A20-stall-after-version", "A21-user-17th-field",
        "A22-no-final-newline", "A23-socket-missing", "A23-socket-refused", "A23-socket-0600",
        "A24-partial-line-eof", "A24-long-line", "A25-cont-no-data"}) {
    Scenario sc;
    std::string err;
    EXPECT_TRUE(LoadScenarioFile(ScenarioPath(std::string(name) + ".dovecot"), &sc, &err)) << err;
  }
}

// --- Per-occurrence rules (`on EVENT N`), on the session's wire ---

const char kHello[] = "VERSION\t1\t0\nCPID\t4711\n";

Scenario Parse(const std::string& text) {
  Scenario sc;
  std::string err;
  EXPECT_TRUE(ParseScenario(text, "t.dovecot", &sc, &err)) << err;
  return sc;
}

UserDb Users2() {
  UserDb db = Users();
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
  const std::string n_error = ": N must be a number of occurrences, 1..1000000 (got '";
  const std::pair<const char*, std::string> cases[] = {
      {"on cont 0\n", "t.dovecot:1: on cont N" + n_error + "0')"},
      {"on auth second\n", "t.dovecot:1: on auth N" + n_error + "second')"},
      {"on cont #2\n", "t.dovecot:1: on cont N" + n_error + "#2')"},
      {"on cont 1000001\n", "t.dovecot:1: on cont N" + n_error + "1000001')"},
      {"on cont 1 2\n", "t.dovecot:1: usage: on connect|auth|cont [N]"},
      {"on\n", "t.dovecot:1: usage: on connect|auth|cont [N]"},
      {"on cont 2\nclose\non cont 2\n", "t.dovecot:3: a second 'on cont 2' rule"},
      {"on auth 1\nhandshake\n", "t.dovecot:2: 'handshake' is only allowed in 'on connect'"},
      {"on eof 1\n", "t.dovecot:1: unknown event 'eof' (connect, auth, cont)"},
  };
  for (const auto& [text, message] : cases) EXPECT_EQ(message, ParseError(text));
}

// Every scenario file in the repository parses as before: `on EVENT` serves
// every occurrence.
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
      // Only files written for numbered rules have them.
      EXPECT_EQ(name == "3674.dovecot", !sc.numbered_rules.empty()) << name;
      for (const auto& [trigger, steps] : sc.rules) {
        for (unsigned n : {1u, 2u, 7u})
          if (!sc.numbered_rules.count({trigger, n})) {
            EXPECT_EQ(&steps, sc.Rule(trigger, n)) << name;
          }
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
                  Users2());
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
                  Users2());
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
  SessionDriver d(Parse("on cont 2\n  send OK\\t{id}\\tuser={user}\\tpass=x\\n\n"), Users2());
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
  SessionDriver d(sc, Users2());
  d.Start();
  EXPECT_EQ("OK\t1\tuser=userx\n", d.Input(std::string(kHello) + auth1));
  EXPECT_EQ("FAIL\t2\tuser=userx\tcode=temp_fail\n", d.Input(auth2));
  EXPECT_EQ("OK\t3\tuser=userx\n",
            d.Input("AUTH\t3\tPLAIN\tservice=smtp\tresp=" + AuthPlainString("userx", "secret") + "\n"));
  // A new connection counts from 1 again.
  SessionDriver other(sc, Users2(), 0, 2);
  other.Start();
  EXPECT_EQ("OK\t1\tuser=userx\n", other.Input(std::string(kHello) + auth1));
}

// A malformed CONT is a protocol violation and is not counted.
TEST(FakeDovecotOccurrence, BrokenContIsNotCounted) {
  SessionDriver d(Parse("on cont 1\n  send first\\n\non cont 2\n  send second\\n\n"), Users2());
  d.Start();
  d.Input(std::string(kHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n");
  EXPECT_EQ("first\n", d.Input("CONT\t1\tAAAA\n"));
  EXPECT_EQ("second\n", d.Input("CONT\t1\tAAAA\n"));
  SessionDriver e(Parse("on cont 1\n  send first\\n\n"), Users2());
  e.Start();
  e.Input(std::string(kHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n");
  EXPECT_EQ("", e.Input("CONT\tx\n"));  // broken: silent disconnect
  EXPECT_TRUE(e.closed());
}

// connect N: the Nth connection (CUID N) of the fake.
TEST(FakeDovecotOccurrence, NthConnection) {
  Scenario sc = Parse("on connect 2\n  send VERSION\\t2\\t0\\n\n  close\n");
  SessionDriver first(sc, Users2(), 0, 1);
  EXPECT_EQ(first.DefaultHandshake(), first.Start());
  EXPECT_FALSE(first.closed());
  SessionDriver second(sc, Users2(), 0, 2);
  EXPECT_EQ("VERSION\t2\t0\n", second.Start());
  EXPECT_TRUE(second.closed());
  SessionDriver third(sc, Users2(), 0, 3);
  EXPECT_EQ(third.DefaultHandshake(), third.Start());
}

}  // namespace
}  // namespace fake_dovecot
