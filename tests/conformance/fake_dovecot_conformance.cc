// Conformance suite: fake_dovecot against a private real Dovecot 2.3 started
// from the same passwd-file.
//  (a) `doveadm auth test -a SOCKET USER PASS` gives the same exit status and
//      the same stdout against both;
//  (b) raw-protocol replays of the client-mistake cases (B1-B13, listed in
//      TableB() below) get the same replies from both, after normalising SPID, CUID,
//      COOKIE and CRAM-MD5 challenges; a disconnect must match a disconnect.
// The fake runs with --failure-delay 500, like Dovecot's failure timer.
// Exits 77 (CTest: skipped) when dovecot/doveadm are missing or not root.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include "harness/diagnostic.h"
#include "harness/dovecot_backend.h"
#include "harness/process.h"

namespace {

using harness::Clock;

const char kPasswd[] =
    "# conformance users\n"
    "userx:{PLAIN}secret:4242:4242::/home/userx\n"
    "usery:{CLEAR}pass word:4243:4243::/home/usery\n";

/// The two responders, started once for the whole suite.
class Servers : public ::testing::Environment {
 public:
  void SetUp() override {
    char tmpl[] = "/tmp/fdconf.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(tmpl));
    dir_ = tmpl;
    chmod(dir_.c_str(), 0711);
    std::ofstream(dir_ + "/passwd") << kPasswd;
    for (bool real : {false, true}) {
      std::string run = dir_ + (real ? "/real" : "/fake");
      std::filesystem::create_directory(run);
      chmod(run.c_str(), 0711);
      harness::DovecotSetup setup;
      setup.run_dir = run;
      setup.socket_path = run + "/auth-client";
      setup.users_file = dir_ + "/passwd";
      setup.fake_binary = std::string(BIN_DIR) + "/fake_dovecot";
      setup.transcript_file = real ? "" : run + "/transcript";
      setup.failure_delay_ms = 500;
      setup.real = real;
      auto backend = std::make_unique<harness::DovecotBackend>(setup);
      backend->Start(Clock::now() + std::chrono::seconds(20));
      (real ? real_ : fake_) = std::move(backend);
    }
  }
  void TearDown() override {
    if (fake_) fake_->Stop();
    if (real_) real_->Stop();
    fake_.reset();
    real_.reset();
    if (!::testing::UnitTest::GetInstance()->Failed() && !dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    } else if (!dir_.empty()) {
      std::cerr << "conformance: kept " << dir_ << " (transcript, dovecot.log)\n";
    }
  }
  static std::string FakeSocket() { return instance->fake_->socket_path(); }
  static std::string RealSocket() { return instance->real_->socket_path(); }
  static Servers* instance;

 private:
  std::string dir_;
  std::unique_ptr<harness::DovecotBackend> fake_, real_;
};
Servers* Servers::instance = nullptr;

// --- (a) doveadm auth test ----------------------------------------------------

struct DoveadmResult {
  int rc = -1;
  std::string out;
};

DoveadmResult RunDoveadm(const std::string& socket, const std::string& user,
                      const std::string& pass) {
  harness::CapturedRun run = harness::RunCapture(
      {"doveadm", "auth", "test", "-a", socket, user, pass},
      Clock::now() + std::chrono::seconds(40));
  DoveadmResult r;
  r.rc = WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1;
  r.out = run.out;
  return r;
}

struct DoveadmCase {
  const char* name;
  const char* user;
  const char* pass;
  int rc;  // what real Dovecot gives (checked too)
};

class Doveadm : public ::testing::TestWithParam<DoveadmCase> {};

TEST_P(Doveadm, SameExitStatusAndOutput) {
  const DoveadmCase& c = GetParam();
  DoveadmResult real = RunDoveadm(Servers::RealSocket(), c.user, c.pass);
  DoveadmResult fake = RunDoveadm(Servers::FakeSocket(), c.user, c.pass);
  EXPECT_EQ(c.rc, real.rc) << real.out;
  EXPECT_EQ(real.rc, fake.rc) << "real:\n" << real.out << "fake:\n" << fake.out;
  EXPECT_EQ(real.out, fake.out);
  if (c.rc == 0) EXPECT_NE(std::string::npos, fake.out.find("auth succeeded")) << fake.out;
  else EXPECT_NE(std::string::npos, fake.out.find("auth failed")) << fake.out;
}

INSTANTIATE_TEST_SUITE_P(
    Conformance, Doveadm,
    ::testing::Values(DoveadmCase{"success", "userx", "secret", 0},
                      DoveadmCase{"wrong_password", "userx", "wrong", 77},
                      DoveadmCase{"unknown_user", "nobody", "secret", 77},
                      DoveadmCase{"uppercase_user", "UserX", "secret", 0},
                      DoveadmCase{"clear_scheme_with_space", "usery", "pass word", 0},
                      DoveadmCase{"bad_username_chars", "user+x", "secret", 77},
                      DoveadmCase{"empty_password", "userx", "", 77}),
    [](const ::testing::TestParamInfo<DoveadmCase>& i) { return i.param.name; });

// --- (b) raw protocol --------------------------------------------------------------

int Connect(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// One connection's exchange: send, then collect until EOF or quiet.
struct Exchange {
  int fd = -1;
  std::string got;
  bool eof = false;
  Clock::time_point last;
};

std::string Normalise(std::string s) {
  static const std::regex spid("SPID\t[0-9]+"), cuid("CUID\t[0-9]+"),
      cookie("COOKIE\t[0-9a-f]{32}"), cram("CONT\t([0-9]+)\tPD[A-Za-z0-9+/=]+");
  s = std::regex_replace(s, spid, "SPID\tpppp");
  s = std::regex_replace(s, cuid, "CUID\tcccc");
  s = std::regex_replace(s, cookie, "COOKIE\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  s = std::regex_replace(s, cram, "CONT\t$1\t<challenge>");
  return s;
}

std::string Visible(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out;
}

struct RawCase {
  const char* name;
  std::string input;
  bool half_close = false;  // shutdown(SHUT_WR) after sending (B11)
};

/// Sends every case to both servers at once and collects the replies until
/// EOF or 1.2 s of silence (real FAILs come ~0.5 s late).
std::map<std::string, std::pair<std::string, std::string>> RunAll(const std::vector<RawCase>& cases) {
  std::vector<Exchange> ex(cases.size() * 2);
  for (size_t i = 0; i < cases.size(); ++i) {
    for (int side = 0; side < 2; ++side) {
      Exchange& e = ex[i * 2 + side];
      e.fd = Connect(side == 0 ? Servers::FakeSocket() : Servers::RealSocket());
      EXPECT_GE(e.fd, 0) << cases[i].name;
      if (e.fd < 0) {
        e.eof = true;
        continue;
      }
      // Partial writes are fine to ignore: a server that disconnects early
      // gives EPIPE/ECONNRESET, which is part of the observed behaviour.
      (void)!send(e.fd, cases[i].input.data(), cases[i].input.size(), MSG_NOSIGNAL);
      if (cases[i].half_close) shutdown(e.fd, SHUT_WR);
      e.last = Clock::now();
    }
  }
  auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<size_t> idx;
    auto now = Clock::now();
    for (size_t i = 0; i < ex.size(); ++i) {
      if (ex[i].eof || now - ex[i].last > std::chrono::milliseconds(1200)) continue;
      fds.push_back(pollfd{ex[i].fd, POLLIN, 0});
      idx.push_back(i);
    }
    if (fds.empty() || now > deadline) break;
    if (poll(fds.data(), fds.size(), 50) <= 0) continue;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Exchange& e = ex[idx[k]];
      char buf[8192];
      ssize_t n = recv(e.fd, buf, sizeof buf, 0);
      if (n <= 0) {
        e.eof = true;  // EOF or ECONNRESET: both are "the server closed"
        e.got += "<EOF>";
      } else {
        e.got.append(buf, static_cast<size_t>(n));
        e.last = Clock::now();
      }
    }
  }
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < cases.size(); ++i) {
    out[cases[i].name] = {Normalise(ex[i * 2].got), Normalise(ex[i * 2 + 1].got)};
    close(ex[i * 2].fd);
    close(ex[i * 2 + 1].fd);
  }
  return out;
}

std::string B64(const std::string& s) {
  std::vector<unsigned char> buf(4 * ((s.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(buf.data(), reinterpret_cast<const unsigned char*>(s.data()),
                          static_cast<int>(s.size()));
  return std::string(reinterpret_cast<char*>(buf.data()), n);
}

std::string Plain(const std::string& authz, const std::string& user, const std::string& pass) {
  return B64(authz + std::string(1, '\0') + user + std::string(1, '\0') + pass);
}

std::vector<RawCase> TableB() {
  const std::string hello = "VERSION\t1\t2\nCPID\t4711\n";
  const std::string exim = "VERSION\t1\t0\nCPID\t4711\n";
  const std::string ok = "AUTH\t1\tPLAIN\tservice=smtp\tresp=" + Plain("", "userx", "secret") + "\n";
  auto long_line = [](size_t n) {
    std::string pre = "AUTH\t1\tPLAIN\tp=";
    std::string post = "\tservice=x\tresp=AHVzZXJ4AHNlY3JldA==";
    return pre + std::string(n - pre.size() - post.size(), 'a') + post;
  };
  return {
      // Handshake alone, and the normal cases.
      {"handshake_only", ""},
      {"plain_ok_exim", exim + "AUTH\t1\tPLAIN\tservice=smtp\tsecured\trip=127.0.0.1\tlip=127.0.0.1\tnologin\tresp=" +
                            Plain("", "userx", "secret") + "\n"},
      {"plain_wrong_password", hello + "AUTH\t10\tPLAIN\tservice=smtp\tresp=" + Plain("", "userx", "wrong") + "\n"},
      {"plain_unknown_user", hello + "AUTH\t11\tPLAIN\tservice=smtp\tresp=" + Plain("", "nobody", "x") + "\n"},
      {"plain_authzid_same", hello + "AUTH\t5\tPLAIN\tservice=smtp\tresp=" + Plain("userx", "userx", "secret") + "\n"},
      {"plain_authzid_other", hello + "AUTH\t5\tPLAIN\tservice=smtp\tresp=" + Plain("other", "userx", "secret") + "\n"},
      {"plain_no_nul", hello + "AUTH\t6\tPLAIN\tservice=smtp\tresp=" + B64("userx secret") + "\n"},
      {"plain_uppercase_user", hello + "AUTH\t1\tPLAIN\tservice=x\tresp=" + Plain("", "UserX", "secret") + "\n"},
      {"plain_bad_chars", hello + "AUTH\t1\tPLAIN\tservice=x\tresp=" + Plain("", "User+X", "secret") + "\n"},
      {"plain_clear_scheme", hello + "AUTH\t1\tPLAIN\tservice=x\tresp=" + Plain("", "usery", "pass word") + "\n"},
      {"plain_continued", hello + "AUTH\t8\tPLAIN\tservice=smtp\nCONT\t8\t" + Plain("", "userx", "secret") + "\n"},
      {"login_two_steps", hello + "AUTH\t1\tLOGIN\tservice=smtp\nCONT\t1\t" + B64("userx") + "\nCONT\t1\t" + B64("secret") + "\n"},
      {"login_initial_user", hello + "AUTH\t2\tLOGIN\tservice=smtp\tresp=" + B64("userx") + "\nCONT\t2\t" + B64("bad") + "\n"},
      {"login_empty_user", hello + "AUTH\t3\tLOGIN\tservice=smtp\nCONT\t3\t\n"},
      // issue 14: a NUL inside the LOGIN username (Dovecot: FAIL, no user=).
      {"login_nul_in_user", hello + "AUTH\t1\tLOGIN\tservice=smtp\nCONT\t1\t" + B64(std::string("userx\0secret", 12)) + "\n"},
      {"login_nul_in_initial_user", hello + "AUTH\t2\tLOGIN\tservice=smtp\tresp=" + B64(std::string("userx\0secret", 12)) + "\n"},
      {"cram_no_digest", hello + "AUTH\t1\tCRAM-MD5\tservice=x\nCONT\t1\t" + B64("userx") + "\n"},
      {"cram_short_digest", hello + "AUTH\t2\tCRAM-MD5\tservice=x\nCONT\t2\t" + B64("userx 0123") + "\n"},
      {"cram_unknown_user", hello + "AUTH\t3\tCRAM-MD5\tservice=x\nCONT\t3\t" +
                                B64("nobody 0123456789abcdef0123456789abcdef") + "\n"},
      {"cram_initial_response_ignored", hello + "AUTH\t3\tCRAM-MD5\tservice=x\tresp=eA==\n"},
      // B1-B6: disconnects.
      {"B1_no_version", "AUTH\t1\tPLAIN\tservice=x\n"},
      {"B1_cpid_first", "CPID\t4711\n"},
      {"B1_http", "GET / HTTP/1.0\r\n\r\n"},
      {"B1_version_three_fields", "VERSION\t1\t2\t3\nCPID\t1\n" + ok},
      {"B2_major_2", "VERSION\t2\t0\nCPID\t1\n" + ok},
      {"B3_auth_before_cpid", "VERSION\t1\t2\n" + ok},
      {"B3_cpid_zero", "VERSION\t1\t2\nCPID\t0\n" + ok},
      {"B4_unknown_command", hello + "HELLO\tworld\n"},
      {"B4_lowercase_auth", hello + "auth\t1\tPLAIN\tservice=x\n"},
      {"B4_spaces", hello + "AUTH 1 PLAIN service=x\n"},
      {"B4_nul_garbage", hello + std::string("\0\xff\xfe garbage \x01\n", 14)},
      {"B4_empty_line", hello + "\n"},
      {"B4_version_again", hello + "VERSION\t1\t2\n"},
      {"B5_id_abc", hello + "AUTH\tabc\tPLAIN\tservice=x\n"},
      {"B5_id_0", hello + "AUTH\t0\tPLAIN\tservice=x\n"},
      {"B5_id_overflow", hello + "AUTH\t4294967296\tPLAIN\tservice=x\n"},
      {"B5_id_max", hello + "AUTH\t4294967295\tPLAIN\tservice=x\tresp=" + Plain("", "userx", "secret") + "\n"},
      {"B5_no_service", hello + "AUTH\t1\tPLAIN\tresp=AHVzZXJ4AHNlY3JldA==\n"},
      {"B5_unknown_mech", hello + "AUTH\t1\tFOO\tservice=x\n"},
      {"B5_unconfigured_mech", hello + "AUTH\t1\tDIGEST-MD5\tservice=x\n"},
      {"B5_param_after_resp", hello + "AUTH\t1\tPLAIN\tservice=x\tresp=AA==\tfoo=bar\n"},
      {"B5_cont_no_data", hello + "CONT\t1\n"},
      {"B5_cont_bad_id", hello + "CONT\tx\tAA\n"},
      {"B5_duplicate_id", hello + "AUTH\t1\tLOGIN\tservice=x\nAUTH\t1\tPLAIN\tservice=x\n"},
      {"B5_cancel_bad", hello + "CANCEL\tabc\n"},
      {"B6_line_16383", hello + long_line(16383) + "\n"},
      {"B6_line_16384", hello + long_line(16384) + "\n"},
      {"B6_line_16383_crlf", hello + long_line(16383) + "\r\n"},
      // B7-B13: replies, connection kept.
      {"B7_bad_base64_initial", hello + "AUTH\t9\tPLAIN\tservice=smtp\tresp=AHVzZXJ4AHNlY3JldA\n"},
      {"B7_bad_base64_cont", hello + "AUTH\t11\tLOGIN\tservice=smtp\nCONT\t11\t*\n"},
      {"B7_equals_in_cont", hello + "AUTH\t12\tPLAIN\tservice=smtp\nCONT\t12\t=\n"},
      // One delayed FAIL per connection: Dovecot shuffles FAILs that are
      // flushed together (against timing attacks); the fake keeps order.
      {"B7_base64_AA==", hello + "AUTH\t1\tPLAIN\tservice=x\tresp=AA==\n"},
      {"B7_base64_AAA=", hello + "AUTH\t2\tPLAIN\tservice=x\tresp=AAA=\n"},
      {"B7_base64_AA= =", hello + "AUTH\t3\tPLAIN\tservice=x\tresp=AA= =\n"},
      {"B7_base64_space", hello + "AUTH\t4\tPLAIN\tservice=x\tresp= \n"},
      {"B7_base64_invalid_shapes", hello + "AUTH\t5\tPLAIN\tservice=x\tresp=AAAA=\n" +
                                       "AUTH\t6\tPLAIN\tservice=x\tresp===\n" +
                                       "AUTH\t7\tPLAIN\tservice=x\tresp=AA==  AAAA\n" +
                                       "AUTH\t8\tPLAIN\tservice=x\tresp==AAAA\n" +
                                       "AUTH\t9\tPLAIN\tservice=x\tresp=AA-_\n"},
      {"B8_cont_unknown_id", hello + "CONT\t99\tAA==\nCONT\t007\tAA==\nCONT\t0\tAA==\n"},
      {"B9_empty_resp_minor0", exim + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\nCONT\t1\t" + Plain("", "userx", "secret") + "\n"},
      {"B9_equals_resp_minor0", exim + "AUTH\t1\tPLAIN\tservice=smtp\tresp==\n"},
      {"B9_empty_resp_minor2", hello + "AUTH\t1\tPLAIN\tservice=smtp\tresp=\n"},
      {"B10_pipelined", hello + "AUTH\t7\tPLAIN\tservice=smtp\tresp=" + Plain("", "userx", "wrong") + "\n" +
                            "AUTH\t3\tPLAIN\tservice=smtp\tresp=" + Plain("", "userx", "secret") + "\n"},
      {"B10_interleaved_logins", hello + "AUTH\t1\tLOGIN\tservice=smtp\nAUTH\t2\tLOGIN\tservice=smtp\n" +
                                     "CONT\t2\t" + B64("userx") + "\nCONT\t1\t" + B64("userx") + "\n" +
                                     "CONT\t1\t" + B64("secret") + "\nCONT\t2\t" + B64("secret") + "\n"},
      {"B11_eof_with_pending", hello + "AUTH\t1\tLOGIN\tservice=smtp\n", true},
      {"B11_eof_after_fast_ok", hello + ok, true},
      {"B12_crlf", "VERSION\t1\t2\r\nCPID\t1\r\n" + ok.substr(0, ok.size() - 1) + "\r\n"},
      {"B13_cancel", hello + "AUTH\t1\tLOGIN\tservice=smtp\nCANCEL\t1\nCONT\t1\t" + B64("userx") + "\nCANCEL\t5\n" + ok},
      {"accepted_oddities", "VERSION\t01\t99\nCPID\t1\n"
                            "AUTH\t1\tplain\tservice\tfoo=bar\tbaz\t\tresp=" + Plain("", "userx", "secret") + "\n"},
      {"nul_cuts_line", hello + std::string("AUTH\t2\tPLAIN\tservice=x\0\tresp=AHVzZXJ4AHNlY3JldA==\n", 50)},
  };
}

TEST(Conformance, RawProtocolTableB) {
  std::vector<RawCase> cases = TableB();
  auto results = RunAll(cases);
  for (const RawCase& c : cases) {
    const auto& [fake, real] = results[c.name];
    EXPECT_EQ(real, fake) << "case " << c.name << "\n--- real dovecot:\n"
                          << Visible(real) << "\n--- fake_dovecot:\n" << Visible(fake);
    EXPECT_NE(std::string::npos, real.find("DONE\n")) << c.name << ": no handshake from real dovecot";
  }
}

std::string HmacMd5Hex(const std::string& key, const std::string& msg) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), md, &len);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

/// CRAM-MD5 needs the challenge: an interactive exchange on each server.
std::string CramExchange(const std::string& socket, const std::string& user,
                         const std::string& pass) {
  int fd = Connect(socket);
  if (fd < 0) return "<connect failed>";
  std::string hello = "VERSION\t1\t2\nCPID\t1\nAUTH\t4\tCRAM-MD5\tservice=smtp\n";
  (void)!write(fd, hello.data(), hello.size());
  std::string got;
  auto read_until = [&](const std::string& what) {
    while (got.find(what) == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 3000) <= 0) return false;
      char buf[4096];
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      got.append(buf, static_cast<size_t>(n));
    }
    return true;
  };
  std::string result = "<no challenge>";
  if (read_until("CONT\t4\t") && read_until("\n")) {
    size_t at = got.find("CONT\t4\t") + 7;
    std::string b64 = got.substr(at, got.find('\n', at) - at);
    std::vector<unsigned char> dec(b64.size());
    int n = EVP_DecodeBlock(dec.data(), reinterpret_cast<const unsigned char*>(b64.data()),
                            static_cast<int>(b64.size()));
    std::string challenge(reinterpret_cast<char*>(dec.data()), n > 0 ? n : 0);
    while (!challenge.empty() && challenge.back() == '\0') challenge.pop_back();
    std::string resp = "CONT\t4\t" + B64(user + " " + HmacMd5Hex(pass, challenge)) + "\n";
    (void)!write(fd, resp.data(), resp.size());
    got.clear();
    result = read_until("\n") ? got : "<no reply>";
  }
  close(fd);
  return result;
}

TEST(Conformance, CramMd5Interactive) {
  for (const auto& [user, pass] : std::vector<std::pair<std::string, std::string>>{
           {"userx", "secret"}, {"userx", "wrong"}, {"UserX", "secret"}, {"nobody", "secret"}}) {
    std::string real = CramExchange(Servers::RealSocket(), user, pass);
    std::string fake = CramExchange(Servers::FakeSocket(), user, pass);
    EXPECT_EQ(real, fake) << user << "/" << pass;
  }
  EXPECT_EQ("OK\t4\tuser=userx\n", CramExchange(Servers::FakeSocket(), "userx", "secret"));
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (geteuid() != 0) {
    std::cerr << "conformance: skipped: a private real Dovecot must be started as root\n";
    return 77;
  }
  for (const char* tool : {"dovecot", "doveadm"}) {
    if (harness::FindInPath(tool).empty()) {
      std::cerr << "conformance: skipped: no '" << tool
                << "' in PATH (apt-get install dovecot-core)\n";
      return 77;
    }
  }
  Servers::instance = new Servers;
  ::testing::AddGlobalTestEnvironment(Servers::instance);
  return RUN_ALL_TESTS();
}
