// substitutions_test.cc - MakeSubstitutions / Substitute / RenderConf.

#include "harness/substitutions.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/diagnostic.h"
#include "harness/file_io.h"

namespace harness {
namespace {

SubstitutionValues TestValues() {
  SubstitutionValues v;
  v.dir = "/run/dir";
  v.exim_path = "/usr/sbin/exim4";
  v.caller = "bob";
  v.caller_group = "staff";
  v.caller_uid = 1001;
  v.caller_gid = 50;
  v.exim_user = "Debian-exim";
  v.exim_group = "Debian-exim";
  v.hostname = "box.example";
  v.port_d = 31225;
  v.port_d2 = 31226;
  v.port_d3 = 31227;
  v.port_d4 = 31228;
  v.port_n = 31223;
  v.port_s = 31224;
  v.testnum = "3650";
  v.dovecot_socket = "/run/dir/dovecot-auth";
  return v;
}

std::string ReadSource(const std::string& rel) {
  std::optional<std::string> text = ReadWholeFile(std::string(TESTS_SOURCE_DIR) + "/../" + rel);
  EXPECT_TRUE(text.has_value()) << rel;
  return text.value_or("");
}

TEST(Substitutions, TableOrderAndOmittedEmptyValues) {
  Substitutions subs = MakeSubstitutions(TestValues());
  std::vector<std::string> names;
  for (const Substitution& s : subs.entries) names.push_back(s.name);
  EXPECT_EQ((std::vector<std::string>{"CALLER_UID", "CALLER_GID", "CALLERGROUP", "CALLER", "DIR",
                                      "DOVECOT_SOCKET", "EXIM_PATH", "EXIMGROUP", "EXIMUSER",
                                      "HOSTNAME", "PORT_D2", "PORT_D3", "PORT_D4", "PORT_D",
                                      "PORT_N", "PORT_S", "TESTNUM"}),
            names);
  ASSERT_NE(nullptr, subs.Find("DIR"));
  EXPECT_EQ(SubstitutionRule::kBeforeSlash, subs.Find("DIR")->rule);
  EXPECT_EQ(nullptr, subs.Find("HOSTIPV4"));  // empty value: left out

  // Defaults: runtest's hard-wired ports; unset strings/ids are left out.
  Substitutions defaults = MakeSubstitutions(SubstitutionValues{});
  EXPECT_EQ("1225 1226 1227 1228 1223 1224", Substitute("PORT_D PORT_D2 PORT_D3 PORT_D4 PORT_N PORT_S", defaults));
  EXPECT_EQ("DOVECOT_SOCKET CALLER_UID DIR/x", Substitute("DOVECOT_SOCKET CALLER_UID DIR/x", defaults));
}

TEST(Substitutions, DirOnlyBeforeSlash) {
  Substitutions subs = MakeSubstitutions(TestValues());
  EXPECT_EQ("/run/dir/spool", Substitute("DIR/spool", subs));
  EXPECT_EQ("spool_directory = /run/dir/spool\n", Substitute("spool_directory = DIR/spool\n", subs));
  EXPECT_EQ("/run/dir/", Substitute("DIR/", subs));
  EXPECT_EQ("DIR", Substitute("DIR", subs));
  EXPECT_EQ("DIR: DIR.x DIR_/ XDIR/ DIRX/ DIR\\/", Substitute("DIR: DIR.x DIR_/ XDIR/ DIRX/ DIR\\/", subs));
  EXPECT_EQ("-C /run/dir/test-config", Substitute("-C DIR/test-config", subs));
}

TEST(Substitutions, WordBoundaries) {
  Substitutions subs = MakeSubstitutions(TestValues());
  EXPECT_EQ("gecos_name = CALLER_NAME", Substitute("gecos_name = CALLER_NAME", subs));
  EXPECT_EQ("bob bob@x <bob> bob.", Substitute("CALLER CALLER@x <CALLER> CALLER.", subs));
  EXPECT_EQ("staff 1001 50", Substitute("CALLERGROUP CALLER_UID CALLER_GID", subs));
  EXPECT_EQ("CALLERS xCALLER CALLER2", Substitute("CALLERS xCALLER CALLER2", subs));
  EXPECT_EQ("31225 31226 31227 31228 PORT_D5 PORT_DX", Substitute("PORT_D PORT_D2 PORT_D3 PORT_D4 PORT_D5 PORT_DX", subs));
  EXPECT_EQ("-oX 31225", Substitute("-oX PORT_D", subs));
  EXPECT_EQ("127.0.0.1:31225,31226", Substitute("127.0.0.1:PORT_D,PORT_D2", subs));
  EXPECT_EQ("-DSERVER=server", Substitute("-DSERVER=server", subs));
  // -DEXIM_PATH=... : no word boundary between D and E, so it is kept.
  EXPECT_EQ("-DEXIM_PATH=/x exim_path = /usr/sbin/exim4",
            Substitute("-DEXIM_PATH=/x exim_path = EXIM_PATH", subs));
  EXPECT_EQ("test 3650 on box.example", Substitute("test TESTNUM on HOSTNAME", subs));
  EXPECT_EQ("Debian-exim:Debian-exim", Substitute("EXIMUSER:EXIMGROUP", subs));
  EXPECT_EQ("server_socket = /run/dir/dovecot-auth",
            Substitute("server_socket = DOVECOT_SOCKET", subs));
  // Bytes >= 0x80 and NUL are not word characters.
  EXPECT_EQ(std::string("\xc3" "31225\0" "31224", 12),
            Substitute(std::string_view("\xc3" "PORT_D\0" "PORT_S", 14), subs));
  EXPECT_EQ("", Substitute("", subs));
}

TEST(Substitutions, ReplacementIsNotRescanned) {
  SubstitutionValues v = TestValues();
  v.dir = "/home/CALLER/PORT_D";
  Substitutions subs = MakeSubstitutions(v);
  EXPECT_EQ("/home/CALLER/PORT_D/spool bob", Substitute("DIR/spool CALLER", subs));
}

TEST(Substitutions, SetReplacesAndValidates) {
  Substitutions subs;
  subs.Set("FOO", "1");
  subs.Set("FOO", "2");
  ASSERT_EQ(1u, subs.entries.size());
  EXPECT_EQ("2 FOO_", Substitute("FOO FOO_", subs));
  EXPECT_THROW(subs.Set("A-B", "x"), HarnessError);
  EXPECT_THROW(subs.Set("", "x"), HarnessError);
}

TEST(Substitutions, RenderConf3650) {
  Substitutions subs = MakeSubstitutions(TestValues());
  std::string prelude = ReadSource("confs/prelude");
  std::string conf = ReadSource("confs/3650");
  std::string out = RenderConf(conf, subs, prelude);

  ASSERT_EQ(0u, out.find(prelude));  // the prelude comes first, unchanged
  EXPECT_NE(std::string::npos, out.find("\ntls_advertise_hosts =\n"));
  EXPECT_NE(std::string::npos, out.find("\naccept_8bitmime = false\n"));
  EXPECT_NE(std::string::npos, out.find("\nSERVER=\n"));
  EXPECT_NE(std::string::npos, out.find("\nexim_path = /usr/sbin/exim4\n"));
  EXPECT_NE(std::string::npos, out.find("\nspool_directory = /run/dir/spool\n"));
  EXPECT_NE(std::string::npos, out.find("\nlog_file_path = /run/dir/spool/log/SERVER%slog\n"));
  EXPECT_NE(std::string::npos, out.find("\ngecos_name = CALLER_NAME\n"));
  // The seed's fixed socket stays as it is (fixed_paths.h provides it).
  EXPECT_NE(std::string::npos, out.find("  server_socket = /var/run/dovecot/auth-client\n"));
  EXPECT_EQ(std::string::npos, out.find("# prelude:"));  // 3650 sets none of them
}

TEST(Substitutions, RenderConfDropsPreludeOptionsTheConfSets) {
  Substitutions subs = MakeSubstitutions(TestValues());
  std::string prelude =
      "# header\n"
      "keep_environment =\n"
      "tls_advertise_hosts =\n"
      "accept_8bitmime = false\n"
      "chunking_advertise_hosts =";  // no final newline
  std::string conf =
      "TLS_HOSTS = *\n"
      "hide tls_advertise_hosts = TLS_HOSTS\n"
      "no_accept_8bitmime\n"
      "begin transports\n"
      "chunking_advertise_hosts = x\n";  // not main section: ignored
  EXPECT_EQ(
      "# header\n"
      "keep_environment =\n"
      "# prelude: tls_advertise_hosts left to the test configuration\n"
      "# prelude: accept_8bitmime left to the test configuration\n"
      "chunking_advertise_hosts =\n"
      "TLS_HOSTS = *\n"
      "hide tls_advertise_hosts = TLS_HOSTS\n"
      "no_accept_8bitmime\n"
      "begin transports\n"
      "chunking_advertise_hosts = x\n",
      RenderConf(conf, subs, prelude));
  EXPECT_EQ("x = /run/dir/y\n", RenderConf("x = DIR/y", subs, ""));
  EXPECT_EQ("", RenderConf("", subs, ""));
}

}  // namespace
}  // namespace harness
