// upstream_tree_test.cc - aux-var/ and dnszones/ as upstream runtest makes them.
#include "harness/upstream_tree.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

SubstitutionValues Values() {
  SubstitutionValues v;
  v.dir = "/R";
  v.caller = "exbuild";
  v.exim_user = "exim";
  v.exim_path = "/R/eximdir/exim";
  v.port_d = 1225;
  return v;
}

const RunDirEntry* Find(const std::vector<RunDirEntry>& all, const std::string& path) {
  for (const auto& e : all)
    if (e.path == path) return &e;
  return nullptr;
}

TEST(UpstreamTreeTest, AuxVarFilesAreSubstitutedWithTheirOwnTestNumber) {
  auto all = UpstreamRunDirEntries({{"std_conf_prefix", "spool_directory = DIR/spool\nexim_path = EXIM_PATH\n"},
                                    {"3550.dovecot.conf", "base_dir = DIR/tmp\n# TESTNUM CALLER\n"},
                                    {".hidden", "x"}},
                                   {}, Values(), "/T");
  const RunDirEntry* prefix = Find(all, "aux-var/std_conf_prefix");
  ASSERT_NE(prefix, nullptr);
  EXPECT_EQ(prefix->text, "spool_directory = /R/spool\nexim_path = /R/eximdir/exim\n");
  const RunDirEntry* dovecot = Find(all, "aux-var/3550.dovecot.conf");
  ASSERT_NE(dovecot, nullptr);
  EXPECT_EQ(dovecot->text, "base_dir = /R/tmp\n# 3550 exbuild\n");
  EXPECT_EQ(Find(all, "aux-var/.hidden"), nullptr);
}

TEST(UpstreamTreeTest, TestNetworksAndTheirZoneFiles) {
  auto all = UpstreamRunDirEntries({}, {{"db.ip4.V4NET", "V4NET.0.0.1 PTR x\n"}, {"db.ip6.V6NET", "V6NET:1::2\n"},
                                        {"db.test.ex", "x A V4NET.0.0.2\nTESTNUM\n"}},
                                   Values(), "/T");
  ASSERT_NE(Find(all, "dnszones/db.ip4.224"), nullptr);
  EXPECT_EQ(Find(all, "dnszones/db.ip4.224")->text, "224.0.0.1 PTR x\n");
  ASSERT_NE(Find(all, "dnszones/db.ip6.0.0.f.f"), nullptr);
  EXPECT_EQ(Find(all, "dnszones/db.ip6.0.0.f.f")->text, "ff00:1::2\n");
  EXPECT_EQ(Find(all, "dnszones/db.test.ex")->text, "x A 224.0.0.2\n0\n");
}

TEST(UpstreamTreeTest, LinksForTheShellAndAuxFixed) {
  auto all = UpstreamRunDirEntries({}, {}, Values(), "/T");
  ASSERT_NE(Find(all, "aux-var/sh"), nullptr);
  EXPECT_EQ(Find(all, "aux-var/sh")->link_to, "/bin/sh");
  ASSERT_NE(Find(all, "aux-fixed"), nullptr);
  EXPECT_EQ(Find(all, "aux-fixed")->link_to, "/T/aux-fixed");
  ASSERT_NE(Find(all, "bin"), nullptr);
  EXPECT_EQ(Find(all, "bin")->link_to, "/T/bin");
  // runtest's mkdir "test-mail" (as the caller) before each test: appendfile
  // deliveries, and scripts such as 0107's `ln -s ../test-empty test-mail/link`.
  ASSERT_NE(Find(all, "test-mail"), nullptr);
  EXPECT_TRUE(Find(all, "test-mail")->caller_directory);
}

TEST(UpstreamTreeTest, TheHostsOwnZones) {
  // runtest's "Create fake DNS zones for this host" (0036 needs them).
  SubstitutionValues v = Values();
  v.hostname = "vm.example.test";
  v.host_ipv4 = "192.0.2.2";
  v.host_ipv6 = "fd00::2";
  auto all = UpstreamRunDirEntries({}, {{"db.test.ex", "x\n"}}, v, "/T");
  ASSERT_NE(Find(all, "dnszones/db.example.test"), nullptr);
  EXPECT_EQ(Find(all, "dnszones/db.example.test")->text,
            "; This is a dynamically constructed fake zone file.\n; The following line causes fakens to return "
            "PASS_ON\n; for queries that it cannot answer\n\nPASS ON NOT FOUND\n\n"
            "vm  A     192.0.2.2\nvm  AAAA  fd00::2\n\n; End\n");
  ASSERT_NE(Find(all, "dnszones/db.ip4.192"), nullptr);
  EXPECT_EQ(Find(all, "dnszones/db.ip4.192")->text,
            "; This is a dynamically constructed fake zone file.\n; The zone is 192.in-addr.arpa.\n\n"
            "2.2.0  PTR  vm.example.test.\n\n; End\n");
  ASSERT_NE(Find(all, "dnszones/db.ip6.0.0.d.f"), nullptr);
  EXPECT_EQ(Find(all, "dnszones/db.ip6.0.0.d.f")->text,
            "; This is a dynamically constructed fake zone file.\n; The zone is 0.0.d.f.ip6.arpa.\n\n"
            "2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0  PTR  vm.example.test.\n\n; End\n");
  EXPECT_EQ(Find(all, "dnszones/db.test.ex")->text, "x\n");

  // 10.x is appended to the copied db.ip4.10; a short name gives "db" (which
  // fakens ignores, as upstream's runtest writes it); loopback: no reverse zones.
  std::vector<RunDirEntry> e{{"dnszones/db.ip4.10", "old\n", ""}};
  AddHostZones(&e, "vm", "10.1.2.3", "::1");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].text, "old\n3.2.1  PTR  vm.\n\n");
  EXPECT_EQ(e[1].path, "dnszones/db");
  std::vector<RunDirEntry> none;
  AddHostZones(&none, "h.x", "", "");
  EXPECT_TRUE(none.empty());
  AddHostZones(&none, "h.x", "127.0.0.1", "");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].path, "dnszones/db.x");
  // "::" expansions: leading and trailing.
  std::vector<RunDirEntry> v6;
  AddHostZones(&v6, "h.x", "", "2001:db8::");
  EXPECT_NE(Find(v6, "dnszones/db.ip6.1.0.0.2"), nullptr);
  v6.clear();
  AddHostZones(&v6, "h.x", "", "::12");
  ASSERT_NE(Find(v6, "dnszones/db.ip6.0"), nullptr);
}

TEST(UpstreamTreeTest, TrustedConfigListFromDebugBv) {
  EXPECT_EQ(TrustedConfigListOf("Exim version x\nWHITELIST_D_MACROS: \"DIR\"\n"
                                "TRUSTED_CONFIG_LIST: \"/w/test/trusted_configs\"\nmore\n"),
            "/w/test/trusted_configs");
  EXPECT_EQ(TrustedConfigListOf("TRUSTED_CONFIG_LIST: \"/a\\\"b\"\n"), "/a\"b");
  EXPECT_EQ(TrustedConfigListOf("TRUSTED_CONFIG_LIST unset\n"), "");
  EXPECT_EQ(TrustedConfigListOf("x TRUSTED_CONFIG_LIST: \"/no\"\n"), "");
}

TEST(UpstreamTreeTest, ExtrasFollowRuntestsPatterns) {
  SubstitutionValues v = Values();
  EXPECT_EQ(SubstituteUpstreamExtras("a V4NET.1 b_V4NET_c V4NETX V6NET:1 x_PORT_D y", v),
            "a 224.1 b_224_c V4NETX ff00:1 x_1225 y");
}

}  // namespace
}  // namespace harness
