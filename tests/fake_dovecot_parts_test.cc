// Tests of fake_dovecot's small parts: escaping, base64 (Dovecot's rules, as
// measured against 2.3.19), the passwd-file reader, the command line.
#include <gtest/gtest.h>

#include <fstream>

#include "fake_dovecot/base64.h"
#include "fake_dovecot/escape.h"
#include "fake_dovecot/options.h"
#include "fake_dovecot/user_db.h"

namespace fake_dovecot {
namespace {

TEST(FakeDovecotEscape, Transcript) {
  EXPECT_EQ("a\\tb\\r\\n\\\\\\x00\\x1f\\x7f\\xff ~",
            EscapeForTranscript(std::string("a\tb\r\n\\\0\x1f\x7f\xff ~", 12)));
}

TEST(FakeDovecotEscape, TabEscapeRoundTrip) {
  std::string raw = "a\x01" "b\tc\rd\ne";
  std::string esc = TabEscape(raw);
  EXPECT_EQ("a\x01" "1b\x01" "tc\x01" "rd\x01" "ne", esc);
  EXPECT_EQ(raw, TabUnescape(esc));
  EXPECT_EQ("x\x01", TabUnescape("x\x01"));
  EXPECT_EQ("xq", TabUnescape("x\x01q"));
}

struct B64Case {
  const char* in;
  bool valid;
  const char* out;  // when valid
};

TEST(FakeDovecotBase64, MatchesDovecot2319) {
  // Each row was sent to a real Dovecot 2.3.19 as resp= (see research).
  const B64Case cases[] = {
      {"AHVzZXJ4AHNlY3JldA==", true, "\0userx\0secret"},
      {"AHVzZXJ4AHNlY3JldA", false, ""},
      {"AHVzZXJ4AHNlY3JldA=", false, ""},
      {"AHVzZXJ4AHNlY3Jld", false, ""},
      {"==", false, ""},
      {"A", false, ""},
      {"AHVz ZXJ4AHNlY3JldA==", true, "\0userx\0secret"},
      {"AHVzZXJ4AHNlY3JldA==AAAA", false, ""},
      {"AHVzZXJ4AHNlY3JldA==\r", true, "\0userx\0secret"},
      {"AAAA=", false, ""},
      {"AAAA==", false, ""},
      {"=AAAA", false, ""},
      {"AA==", true, "\0"},
      {"AAA=", true, "\0\0"},
      {"AAA==", false, ""},
      {"AA=A", false, ""},
      {"AA= =", true, "\0"},
      {"A===", false, ""},
      {"====", false, ""},
      {" ", true, ""},
      {"", true, ""},
      {"  =", false, ""},
      {"= ", false, ""},
      {"=", false, ""},  // "=" alone is special-cased by the AUTH handler only
      {"AA== ", true, "\0"},
      {"AA==  AAAA", false, ""},
      {"*", false, ""},
      {"AA\x0b" "AA", false, ""},
      {"AA-_", false, ""},
      {"AAAA====", false, ""},
  };
  for (const B64Case& c : cases) {
    std::string out;
    bool ok = DovecotBase64Decode(c.in, &out);
    EXPECT_EQ(c.valid, ok) << "'" << c.in << "'";
    if (ok && c.valid) {
      std::string expected(c.out, c.out + std::char_traits<char>::length(c.out));
      if (std::string(c.in) == "AHVzZXJ4AHNlY3JldA==" || std::string(c.in).find("AHVz") == 0)
        expected = std::string("\0userx\0secret", 13);
      else if (std::string(c.in).rfind("AA=", 0) == 0 || std::string(c.in) == "AA==" )
        expected = std::string(1, '\0');
      else if (std::string(c.in) == "AAA=")
        expected = std::string(2, '\0');
      EXPECT_EQ(expected, out) << "'" << c.in << "'";
    }
  }
  EXPECT_EQ("dXNlcng=", Base64Encode("userx"));
  EXPECT_EQ("", Base64Encode(""));
}

TEST(FakeDovecotUserDb, ParsesPasswdFile) {
  UserDb db;
  std::string err;
  ASSERT_TRUE(db.Parse("# users\n"
                       "userx:{PLAIN}secret:4242:4242::/home/userx\n"
                       "\n"
                       "usery:{plain}pw\r\n"
                       "userz:{CLEAR}a b c::::::extra=1\n"
                       "nopass::1:1\n"
                       "bare\n",
                       "passwd", &err))
      << err;
  EXPECT_EQ(5u, db.size());
  EXPECT_TRUE(db.Verify("userx", "secret"));
  EXPECT_FALSE(db.Verify("userx", "Secret"));
  EXPECT_TRUE(db.Verify("usery", "pw"));
  EXPECT_TRUE(db.Verify("userz", "a b c"));
  EXPECT_FALSE(db.Verify("nopass", ""));
  EXPECT_FALSE(db.Verify("bare", ""));
  EXPECT_FALSE(db.Verify("nobody", "secret"));
  ASSERT_NE(nullptr, db.Find("userx"));
  EXPECT_EQ("PLAIN", db.Find("userx")->scheme);
}

TEST(FakeDovecotUserDb, Errors) {
  UserDb db;
  std::string err;
  EXPECT_FALSE(db.Parse("a:{PLAIN}x\nb:secret:1:1\n", "pw", &err));
  EXPECT_EQ("pw:2: password of user 'b' has no {SCHEME} prefix (Dovecot would read it as CRYPT); "
            "write {PLAIN}password", err);
  EXPECT_FALSE(db.Parse("a:{SHA512-CRYPT}$6$x\n", "pw", &err));
  EXPECT_EQ("pw:1: unsupported password scheme {SHA512-CRYPT} for user 'a' "
            "(fake_dovecot supports PLAIN, CLEAR, CLEARTEXT)", err);
  EXPECT_FALSE(db.Parse("a:{PLAIN\n", "pw", &err));
  EXPECT_EQ("pw:1: unterminated {SCHEME} in the password of user 'a'", err);
  EXPECT_FALSE(db.Parse("\n:{PLAIN}x\n", "pw", &err));
  EXPECT_EQ("pw:2: empty user name", err);
  EXPECT_FALSE(db.Parse("a:{PLAIN}x\na:{PLAIN}y\n", "pw", &err));
  EXPECT_EQ("pw:2: duplicate user 'a'", err);
  EXPECT_FALSE(db.LoadFile("/nonexistent/passwd", &err));
  EXPECT_EQ("/nonexistent/passwd: cannot open users file", err);
}

TEST(FakeDovecotOptions, Parses) {
  Options o;
  std::string err;
  ASSERT_TRUE(ParseOptions({"--socket", "/tmp/s", "--users=/u", "--scenario", "sc",
                            "--transcript", "t", "--failure-delay", "500",
                            "--max-connections=3"},
                           &o, &err))
      << err;
  EXPECT_EQ("/tmp/s", o.socket_path);
  EXPECT_EQ("/u", o.users_file);
  EXPECT_EQ("sc", o.scenario_file);
  EXPECT_EQ("t", o.transcript_file);
  EXPECT_EQ(500u, *o.failure_delay_ms);
  EXPECT_EQ(3u, o.max_connections);
  ASSERT_TRUE(ParseOptions({"--help"}, &o, &err));
  EXPECT_TRUE(o.help);
  EXPECT_NE(std::string::npos, UsageText().find("--socket PATH"));
}

TEST(FakeDovecotOptions, Errors) {
  Options o;
  std::string err;
  EXPECT_FALSE(ParseOptions({}, &o, &err));
  EXPECT_EQ("--socket PATH is required (see --help)", err);
  EXPECT_FALSE(ParseOptions({"--socket"}, &o, &err));
  EXPECT_EQ("--socket needs a value", err);
  EXPECT_FALSE(ParseOptions({"--socket", "s", "--failure-delay", "1s"}, &o, &err));
  EXPECT_EQ("--failure-delay: '1s' is not a number of milliseconds (0..600000)", err);
  EXPECT_FALSE(ParseOptions({"--socket", "s", "--bogus"}, &o, &err));
  EXPECT_EQ("unknown argument '--bogus' (see --help)", err);
  EXPECT_FALSE(ParseOptions({"--socket="}, &o, &err));
  EXPECT_EQ("--socket needs a non-empty value", err);
}

}  // namespace
}  // namespace fake_dovecot
