// Tests of the pure auth-client state machine (fake_dovecot::AuthSession),
// driven on a virtual clock. Expected bytes are Dovecot 2.3.19's
// (docs/fake-dovecot.md describes what is mirrored).
#include <gtest/gtest.h>

#include "fake_dovecot/base64.h"
#include "fake_dovecot/escape.h"
#include "fake_dovecot/session_driver.h"

#include <openssl/hmac.h>

namespace fake_dovecot {
namespace {

const char kEximHello[] = "VERSION\t1\t0\nCPID\t4711\n";
const char kDoveadmHello[] = "VERSION\t1\t2\nCPID\t4711\n";

UserDb Users() {
  UserDb db;
  db.Add("userx", "secret");
  return db;
}

std::string Plain(const std::string& authz, const std::string& user,
                  const std::string& pass) {
  return Base64Encode(authz + std::string(1, '\0') + user + std::string(1, '\0') + pass);
}

struct Fixture {
  explicit Fixture(unsigned delay = 0, Scenario sc = Scenario())
      : d(std::move(sc), Users(), delay) {
    handshake = d.Start();
  }
  SessionDriver d;
  std::string handshake;
};

TEST(FakeDovecotSession, HandshakeIsDovecotsInOneWrite) {
  Fixture f;
  EXPECT_EQ(f.d.DefaultHandshake(), f.handshake);
  EXPECT_EQ(0u, f.handshake.find("VERSION\t1\t2\nMECH\tPLAIN\tplaintext\n"
                                 "MECH\tLOGIN\tplaintext\n"
                                 "MECH\tCRAM-MD5\tdictionary\tactive\n"
                                 "SPID\t4242\nCUID\t1\nCOOKIE\t"));
  ASSERT_EQ(32u, f.d.session().cookie().size());
  EXPECT_EQ(std::string::npos, f.d.session().cookie().find_first_not_of("0123456789abcdef"));
}

TEST(FakeDovecotSession, CookieAndCuidPerConnection) {
  SessionDriver a(Scenario(), Users(), 0, 1), b(Scenario(), Users(), 0, 2);
  a.Start();
  std::string hb = b.Start();
  EXPECT_NE(std::string::npos, hb.find("CUID\t2\n"));
  EXPECT_NE(a.session().cookie(), b.session().cookie());
}

TEST(FakeDovecotSession, PlainOkAsEximSendsIt) {
  Fixture f;
  EXPECT_EQ("OK\t1\tuser=userx\n",
            f.d.Input(std::string(kEximHello) +
                      "AUTH\t1\tPLAIN\tservice=smtp\tsecured\trip=127.0.0.1\t"
                      "lip=127.0.0.1\tnologin\tresp=AHVzZXJ4AHNlY3JldA==\n"));
  EXPECT_FALSE(f.d.closed());
}

TEST(FakeDovecotSession, PlainFailuresImmediateWithZeroDelay) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("FAIL\t10\tuser=userx\n",
            f.d.Input("AUTH\t10\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHdyb25n\n"));
  EXPECT_EQ("FAIL\t11\tuser=nobody\n",
            f.d.Input("AUTH\t11\tPLAIN\tservice=smtp\tresp=AG5vYm9keQB4\n"));
  // authzid == authcid is fine.
  EXPECT_EQ("OK\t5\tuser=userx\n",
            f.d.Input("AUTH\t5\tPLAIN\tservice=smtp\tresp=dXNlcngAdXNlcngAc2VjcmV0\n"));
  // A different authzid is a master-user login: refused.
  EXPECT_EQ("FAIL\t6\tuser=userx\n",
            f.d.Input("AUTH\t6\tPLAIN\tservice=x\tresp=" + Plain("other", "userx", "secret") + "\n"));
  // Not exactly two NULs: "invalid input", no user.
  EXPECT_EQ("FAIL\t7\n", f.d.Input("AUTH\t7\tPLAIN\tservice=x\tresp=dXNlcngAc2VjcmV0\n"));
  EXPECT_EQ("FAIL\t8\n",
            f.d.Input("AUTH\t8\tPLAIN\tservice=x\tresp=" +
                      Plain("", "userx", std::string("secret\0more", 11)) + "\n"));
}

TEST(FakeDovecotSession, UsernameRules) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("OK\t1\tuser=userx\toriginal_user=UserX\n",
            f.d.Input("AUTH\t1\tPLAIN\tservice=x\tresp=" + Plain("", "UserX", "secret") + "\n"));
  EXPECT_EQ("FAIL\t2\tuser=User+X\toriginal_user=User+X\n",
            f.d.Input("AUTH\t2\tPLAIN\tservice=x\tresp=" + Plain("", "User+X", "secret") + "\n"));
  EXPECT_EQ("FAIL\t3\tuser=\toriginal_user=\n",
            f.d.Input("AUTH\t3\tPLAIN\tservice=x\tresp=AAA=\n"));
  // Values are tab-escaped.
  EXPECT_EQ("FAIL\t4\tuser=us\x01ter\toriginal_user=us\x01ter\n",
            f.d.Input("AUTH\t4\tPLAIN\tservice=x\tresp=" + Plain("", "us\ter", "x") + "\n"));
  EXPECT_EQ("FAIL\t5\tuser=nobody\toriginal_user=NoBody\n",
            f.d.Input("AUTH\t5\tPLAIN\tservice=x\tresp=" + Plain("", "NoBody", "x") + "\n"));
}

TEST(FakeDovecotSession, PlainWithoutInitialResponse) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("CONT\t8\t\n", f.d.Input("AUTH\t8\tPLAIN\tservice=smtp\n"));
  EXPECT_EQ("OK\t8\tuser=userx\n", f.d.Input("CONT\t8\tAHVzZXJ4AHNlY3JldA==\n"));
}

TEST(FakeDovecotSession, B9EmptyRespDependsOnClientMinor) {
  Fixture exim;
  exim.d.Input(kEximHello);
  EXPECT_EQ("CONT\t1\t\n", exim.d.Input("AUTH\t1\tPLAIN\tservice=smtp\tresp=\n"));
  EXPECT_EQ("OK\t1\tuser=userx\n", exim.d.Input("CONT\t1\tAHVzZXJ4AHNlY3JldA==\n"));
  EXPECT_EQ("FAIL\t2\n", exim.d.Input("AUTH\t2\tPLAIN\tservice=smtp\tresp==\n"));

  Fixture doveadm;
  doveadm.d.Input(kDoveadmHello);
  EXPECT_EQ("FAIL\t1\n", doveadm.d.Input("AUTH\t1\tPLAIN\tservice=smtp\tresp=\n"));
  EXPECT_EQ("FAIL\t2\n", doveadm.d.Input("AUTH\t2\tPLAIN\tservice=smtp\tresp==\n"));
  EXPECT_EQ("CONT\t3\t\n", doveadm.d.Input("AUTH\t3\tPLAIN\tservice=smtp\n"));
}

TEST(FakeDovecotSession, LoginTwoSteps) {
  Fixture f;
  f.d.Input(kEximHello);
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n", f.d.Input("AUTH\t1\tLOGIN\tservice=smtp\tnologin\n"));
  EXPECT_EQ("CONT\t1\tUGFzc3dvcmQ6\n", f.d.Input("CONT\t1\tdXNlcng=\n"));
  EXPECT_EQ("OK\t1\tuser=userx\n", f.d.Input("CONT\t1\tc2VjcmV0\n"));
  // An initial response is the user name.
  EXPECT_EQ("CONT\t2\tUGFzc3dvcmQ6\n", f.d.Input("AUTH\t2\tLOGIN\tservice=smtp\tresp=dXNlcng=\n"));
  EXPECT_EQ("FAIL\t2\tuser=userx\n", f.d.Input("CONT\t2\tYmFk\n"));
  // An empty user name.
  EXPECT_EQ("CONT\t3\tVXNlcm5hbWU6\n", f.d.Input("AUTH\t3\tLOGIN\tservice=smtp\n"));
  EXPECT_EQ("FAIL\t3\tuser=\toriginal_user=\n", f.d.Input("CONT\t3\t\n"));
}

// issue 14: Dovecot 2.3.19 answers a LOGIN user name holding a NUL with a
// bare FAIL (the fake used to echo user=userx<NUL>secret, a raw NUL in the line).
TEST(FakeDovecotSession, LoginUserWithNulFailsWithoutUserField) {
  Fixture f;
  f.d.Input(kEximHello);
  const std::string nul_user = Base64Encode(std::string("userx\0secret", 12));
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n", f.d.Input("AUTH\t1\tLOGIN\tservice=smtp\n"));
  EXPECT_EQ("FAIL\t1\n", f.d.Input("CONT\t1\t" + nul_user + "\n"));
  EXPECT_EQ("FAIL\t2\n", f.d.Input("AUTH\t2\tLOGIN\tservice=smtp\tresp=" + nul_user + "\n"));
}

TEST(FakeDovecotSession, InterleavedLogins) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\nCONT\t2\tVXNlcm5hbWU6\n",
            f.d.Input("AUTH\t1\tLOGIN\tservice=smtp\nAUTH\t2\tLOGIN\tservice=smtp\n"));
  EXPECT_EQ("CONT\t2\tUGFzc3dvcmQ6\nCONT\t1\tUGFzc3dvcmQ6\n",
            f.d.Input("CONT\t2\tdXNlcng=\nCONT\t1\tdXNlcng=\n"));
  EXPECT_EQ("OK\t1\tuser=userx\nOK\t2\tuser=userx\n",
            f.d.Input("CONT\t1\tc2VjcmV0\nCONT\t2\tc2VjcmV0\n"));
}

std::string HmacMd5Hex(const std::string& key, const std::string& msg) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), md, &len);
  return HexLower(std::string(reinterpret_cast<char*>(md), len));
}

TEST(FakeDovecotSession, CramMd5) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  std::string cont = f.d.Input("AUTH\t4\tCRAM-MD5\tservice=smtp\tresp=eA==\n");
  ASSERT_EQ(0u, cont.find("CONT\t4\t"));
  std::string challenge;
  ASSERT_TRUE(DovecotBase64Decode(cont.substr(7, cont.size() - 8), &challenge));
  EXPECT_EQ('<', challenge.front());
  EXPECT_NE(std::string::npos, challenge.find(".1700000000@fake.test>"));
  EXPECT_EQ(16u, challenge.find('.') - 1);
  EXPECT_EQ("OK\t4\tuser=userx\n",
            f.d.Input("CONT\t4\t" + Base64Encode("userx " + HmacMd5Hex("secret", challenge)) + "\n"));

  f.d.Input("AUTH\t5\tCRAM-MD5\tservice=smtp\n");
  EXPECT_EQ("FAIL\t5\tuser=userx\n",
            f.d.Input("CONT\t5\t" + Base64Encode("userx 0123456789abcdef0123456789abcdef") + "\n"));
  f.d.Input("AUTH\t6\tCRAM-MD5\tservice=smtp\n");
  EXPECT_EQ("FAIL\t6\n", f.d.Input("CONT\t6\tdXNlcng=\n"));  // no digest
  f.d.Input("AUTH\t7\tCRAM-MD5\tservice=smtp\n");
  EXPECT_EQ("FAIL\t7\tuser=nobody\n",
            f.d.Input("CONT\t7\t" + Base64Encode("nobody 0123456789abcdef0123456789abcdef") + "\n"));
}

TEST(FakeDovecotSession, B7InvalidBase64KeepsConnection) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("FAIL\t9\tcode=invalid_base64\treason=Invalid base64 data in initial response\n",
            f.d.Input("AUTH\t9\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHNlY3JldA\n"));
  f.d.Input("AUTH\t11\tLOGIN\tservice=smtp\n");
  EXPECT_EQ("FAIL\t11\tcode=invalid_base64\treason=Invalid base64 data in continued response\n",
            f.d.Input("CONT\t11\t*\n"));
  // "=" means empty only as an initial response.
  f.d.Input("AUTH\t12\tPLAIN\tservice=smtp\n");
  EXPECT_EQ("FAIL\t12\tcode=invalid_base64\treason=Invalid base64 data in continued response\n",
            f.d.Input("CONT\t12\t=\n"));
  EXPECT_FALSE(f.d.closed());
}

TEST(FakeDovecotSession, B8ContForUnknownId) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("FAIL\t99\treason=Authentication request timed out\n", f.d.Input("CONT\t99\tAA==\n"));
  EXPECT_EQ("FAIL\t7\treason=Authentication request timed out\n", f.d.Input("CONT\t007\tAA==\n"));
  EXPECT_EQ("FAIL\t0\treason=Authentication request timed out\n", f.d.Input("CONT\t0\tAA==\n"));
  EXPECT_FALSE(f.d.closed());
}

TEST(FakeDovecotSession, B10PipelinedFailIsDelayed) {
  Fixture f(500);
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("OK\t3\tuser=userx\n",
            f.d.Input("AUTH\t7\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHdyb25n\n"
                      "AUTH\t3\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHNlY3JldA==\n"));
  EXPECT_EQ("", f.d.Advance(499));
  EXPECT_EQ("FAIL\t7\tuser=userx\n", f.d.Advance(1));
  // A delayed request is no longer pending: its id may be reused at once.
  EXPECT_EQ("OK\t7\tuser=userx\n",
            f.d.Input("AUTH\t7\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHdyb25n\n"
                      "AUTH\t7\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHNlY3JldA==\n"));
}

TEST(FakeDovecotSession, B11EofDropsDelayedFail) {
  Fixture f(500);
  f.d.Input(std::string(kDoveadmHello) + "AUTH\t1\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHdyb25n\n");
  EXPECT_EQ("", f.d.Eof());
  EXPECT_TRUE(f.d.closed());
  EXPECT_EQ("", f.d.Advance(1000));
}

TEST(FakeDovecotSession, B12CrlfAccepted) {
  Fixture f;
  EXPECT_EQ("OK\t1\tuser=userx\n",
            f.d.Input("VERSION\t1\t2\r\nCPID\t1\r\nAUTH\t1\tPLAIN\tservice=x\tresp=AHVzZXJ4AHNlY3JldA==\r\n"));
}

TEST(FakeDovecotSession, B13CancelIsSilent) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  f.d.Input("AUTH\t1\tLOGIN\tservice=smtp\n");
  EXPECT_EQ("", f.d.Input("CANCEL\t1\n"));
  EXPECT_EQ("FAIL\t1\treason=Authentication request timed out\n", f.d.Input("CONT\t1\tdXNlcng=\n"));
  EXPECT_EQ("", f.d.Input("CANCEL\t5\n"));
  EXPECT_FALSE(f.d.closed());
}

TEST(FakeDovecotSession, AcceptedOddities) {
  Fixture f;
  EXPECT_EQ("OK\t1\tuser=userx\n",
            f.d.Input("VERSION\t01\t99\nCPID\t1\n"
                      "AUTH\t1\tplain\tservice\tfoo=bar\tbaz\t\tresp=AHVzZXJ4AHNlY3JldA==\n"));
  EXPECT_EQ("OK\t4294967295\tuser=userx\n",
            f.d.Input("AUTH\t4294967295\tPLAIN\tservice=x\tresp=AHVz ZXJ4AHNlY3JldA==\n"));
  // A NUL ends the line: here it cuts off resp=, so PLAIN asks for it.
  static const char kNulLine[] = "AUTH\t2\tPLAIN\tservice=x\0\tresp=AHVzZXJ4AHNlY3JldA==\n";
  EXPECT_EQ("CONT\t2\t\n", f.d.Input(std::string(kNulLine, sizeof(kNulLine) - 1)));
}

// B5, duplicate pending id: the first AUTH is answered (its CONT is written
// before the second line is read), then the duplicate ends the connection.
// The conformance suite (B5_duplicate_id) checks this against real Dovecot.
TEST(FakeDovecotSession, B5DuplicatePendingIdDisconnectsAfterFirstReply) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n", f.d.Input("AUTH\t1\tLOGIN\tservice=x\nAUTH\t1\tPLAIN\tservice=x\n"));
  EXPECT_TRUE(f.d.closed());
  EXPECT_NE(std::string::npos, f.d.transcript().find("error: BUG: Authentication client sent a duplicate ID 1"));
}

/// Each of these must end the connection with nothing written (table B).
struct Violation {
  const char* name;
  std::string input;  // after the normal client handshake unless raw
  bool raw;
};

class FakeDovecotViolation : public ::testing::TestWithParam<Violation> {};

TEST_P(FakeDovecotViolation, DisconnectsSilently) {
  const Violation& v = GetParam();
  Fixture f;
  std::string input = v.raw ? v.input : std::string(kDoveadmHello) + v.input;
  EXPECT_EQ("", f.d.Input(input)) << v.name;
  EXPECT_TRUE(f.d.closed()) << v.name;
  EXPECT_NE(std::string::npos, f.d.transcript().find("1 server closed\n")) << v.name;
}

INSTANTIATE_TEST_SUITE_P(
    TableB, FakeDovecotViolation,
    ::testing::Values(
        Violation{"B1_no_version", "AUTH\t1\tPLAIN\tservice=x\n", true},
        Violation{"B1_cpid_first", "CPID\t4711\n", true},
        Violation{"B1_http", "GET / HTTP/1.0\r\n\r\n", true},
        Violation{"B1_version_three_fields", "VERSION\t1\t2\t3\n", true},
        Violation{"B1_version_empty_minor", "VERSION\t1\t\n", true},
        Violation{"B2_major_2", "VERSION\t2\t0\n", true},
        Violation{"B3_auth_before_cpid", "VERSION\t1\t2\nAUTH\t1\tPLAIN\tservice=x\n", true},
        Violation{"B3_cpid_zero", "VERSION\t1\t2\nCPID\t0\n", true},
        Violation{"B3_cpid_junk", "VERSION\t1\t2\nCPID\t1\t2\n", true},
        Violation{"B4_unknown", "HELLO\tworld\n", false},
        Violation{"B4_lowercase", "auth\t1\tPLAIN\tservice=x\n", false},
        Violation{"B4_spaces", "AUTH 1 PLAIN service=x\n", false},
        Violation{"B4_nul_garbage", std::string("\0\xff\xfe garbage \x01\n", 14), false},
        Violation{"B4_empty_line", "\n", false},
        Violation{"B4_version_again", "VERSION\t1\t2\n", false},
        Violation{"B4_auth_no_args", "AUTH\n", false},
        Violation{"B5_id_abc", "AUTH\tabc\tPLAIN\tservice=x\n", false},
        Violation{"B5_id_0", "AUTH\t0\tPLAIN\tservice=x\n", false},
        Violation{"B5_id_overflow", "AUTH\t4294967296\tPLAIN\tservice=x\n", false},
        Violation{"B5_id_plus", "AUTH\t+1\tPLAIN\tservice=x\n", false},
        Violation{"B5_no_mech", "AUTH\t1\n", false},
        Violation{"B5_no_service", "AUTH\t1\tPLAIN\tresp=AHVzZXJ4AHNlY3JldA==\n", false},
        Violation{"B5_unknown_mech", "AUTH\t1\tFOO\tservice=x\n", false},
        Violation{"B5_digest_md5", "AUTH\t1\tDIGEST-MD5\tservice=x\n", false},
        Violation{"B5_after_resp", "AUTH\t1\tPLAIN\tservice=x\tresp=AA==\tfoo=bar\n", false},
        Violation{"B5_trailing_tab_after_resp", "AUTH\t1\tPLAIN\tservice=x\tresp=AA==\t\n", false},
        Violation{"B5_cont_no_data", "CONT\t1\n", false},
        Violation{"B5_cont_bad_id", "CONT\tx\tAA\n", false},
        Violation{"B5_cancel_bad", "CANCEL\tabc\n", false},
        Violation{"B5_cancel_empty", "CANCEL\t\n", false},
        Violation{"B6_long_line", "AUTH\t1\tPLAIN\tp=" + std::string(16400, 'a') + "\n", false}),
    [](const ::testing::TestParamInfo<Violation>& info) { return info.param.name; });

TEST(FakeDovecotSession, DuplicateIdOutputBeforeDisconnect) {
  Fixture f;
  EXPECT_EQ("CONT\t1\tVXNlcm5hbWU6\n",
            f.d.Input(std::string(kDoveadmHello) +
                      "AUTH\t1\tLOGIN\tservice=x\nAUTH\t1\tPLAIN\tservice=x\n"));
  EXPECT_TRUE(f.d.closed());
}

TEST(FakeDovecotSession, B6LineLimitIs16383PlusLf) {
  std::string ok = "AUTH\t1\tPLAIN\tservice=x\tresp=AHVzZXJ4AHNlY3JldA==";
  auto line_of = [&](size_t n) {
    std::string pre = "AUTH\t1\tPLAIN\tp=";
    std::string post = "\tservice=x\tresp=AHVzZXJ4AHNlY3JldA==";
    return pre + std::string(n - pre.size() - post.size(), 'a') + post;
  };
  {
    Fixture f;
    EXPECT_EQ("OK\t1\tuser=userx\n", f.d.Input(std::string(kDoveadmHello) + line_of(16383) + "\n"));
  }
  {
    Fixture f;
    EXPECT_EQ("", f.d.Input(std::string(kDoveadmHello) + line_of(16383) + "\r\n"));
    EXPECT_TRUE(f.d.closed());
  }
  {
    // The limit also holds when the line arrives in pieces.
    Fixture f;
    f.d.Input(kDoveadmHello);
    std::string line = line_of(16384);
    for (size_t i = 0; i < line.size() && !f.d.closed(); i += 1000)
      f.d.Input(line.substr(i, 1000));
    EXPECT_TRUE(f.d.closed());
    EXPECT_NE(std::string::npos, f.d.transcript().find(" [line too long]\n"));
  }
}

TEST(FakeDovecotSession, PendingRequestsAreBounded) {
  Fixture f;
  f.d.Input(kDoveadmHello);
  std::string many;
  for (unsigned i = 1; i <= AuthSession::kMaxPendingRequests + 1; ++i)
    many += "AUTH\t" + std::to_string(i) + "\tLOGIN\tservice=x\n";
  f.d.Input(many);
  EXPECT_TRUE(f.d.closed());
  EXPECT_EQ(0u, f.d.session().pending_requests());
}

TEST(FakeDovecotSession, Transcript) {
  Fixture f;
  f.d.Input("VERSION\t1\t0\r\nCPID\t7\n");
  f.d.Input("AUTH\t1\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHNlY3JldA==\nCA");
  f.d.Input("NCEL\t1\n\\\x01\xff");
  f.d.Eof();
  std::string expected =
      "1 connect\n"
      "1 S> VERSION\\t1\\t2\n"
      "1 S> MECH\\tPLAIN\\tplaintext\n"
      "1 S> MECH\\tLOGIN\\tplaintext\n"
      "1 S> MECH\\tCRAM-MD5\\tdictionary\\tactive\n"
      "1 S> SPID\\t4242\n"
      "1 S> CUID\\t1\n"
      "1 S> COOKIE\\t" + f.d.session().cookie() + "\n"
      "1 S> DONE\n"
      "1 C> VERSION\\t1\\t0\\r\n"
      "1 C> CPID\\t7\n"
      "1 C> AUTH\\t1\\tPLAIN\\tservice=smtp\\tresp=AHVzZXJ4AHNlY3JldA==\n"
      "1 S> OK\\t1\\tuser=userx\n"
      "1 C> CANCEL\\t1\n"
      "1 C> \\\\\\x01\\xff [no newline]\n"
      "1 client closed\n";
  EXPECT_EQ(expected, f.d.transcript());
}

}  // namespace
}  // namespace fake_dovecot
