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
}

TEST(UpstreamTreeTest, ExtrasFollowRuntestsPatterns) {
  SubstitutionValues v = Values();
  EXPECT_EQ(SubstituteUpstreamExtras("a V4NET.1 b_V4NET_c V4NETX V6NET:1 x_PORT_D y", v),
            "a 224.1 b_224_c V4NETX ff00:1 x_1225 y");
}

}  // namespace
}  // namespace harness
