// install_layout_test.cc - LocateInstall() on imaginary file trees.
#include "harness/install_layout.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace harness {
namespace {

struct Tree {
  std::set<std::string> paths;
  std::function<bool(const std::string&)> fn() const {
    return [this](const std::string& p) { return paths.count(p) > 0; };
  }
};

TEST(InstallLayoutTest, BuildTreeUsesCompiledInPaths) {
  Tree t{{"/src/scripts", "/src/build/bin/fake_dovecot"}};
  InstallLayout l = LocateInstall("/src/build/bin", t.fn(), "/src", "/src/build");
  EXPECT_TRUE(l.build_tree);
  EXPECT_EQ("/src", l.source_dir);
  EXPECT_EQ("/src/build", l.build_dir);
  EXPECT_EQ("/src/build", l.work_parent);
  EXPECT_EQ("", l.error);
}

TEST(InstallLayoutTest, CopyInsideTheBuildTreeStillUsesTheSourceTree) {
  // bench/run copies runtest to BUILD/bench-tree/bin with a shim fake_dovecot.
  Tree t{{"/src/scripts"}};
  InstallLayout l = LocateInstall("/src/build/bench-tree/bin", t.fn(), "/src", "/src/build/");
  EXPECT_TRUE(l.build_tree);
  EXPECT_EQ("/src", l.source_dir);
  EXPECT_EQ("/src/build/bench-tree", l.build_dir);
}

TEST(InstallLayoutTest, InstalledPrivateBinDir) {
  Tree t{{"/usr/share/exim-test-harness/scripts", "/usr/lib/exim-test-harness/bin/fake_dovecot",
          "/src/scripts"}};
  InstallLayout l = LocateInstall("/usr/lib/exim-test-harness/bin", t.fn(), "/src", "/src/build");
  EXPECT_FALSE(l.build_tree);
  EXPECT_EQ("/usr/share/exim-test-harness", l.source_dir);
  EXPECT_EQ("/usr/lib/exim-test-harness", l.build_dir);
  EXPECT_EQ("/var/tmp/exim-test-harness", l.work_parent);  // never the installation
  EXPECT_EQ("", l.error);
}

TEST(InstallLayoutTest, InstalledIntoAScratchRoot) {
  // dpkg -x PACKAGE ROOT: everything below ROOT/usr.
  Tree t{{"/tmp/r/usr/share/exim-test-harness/scripts", "/tmp/r/usr/lib/exim-test-harness/bin/fake_dovecot"}};
  InstallLayout l = LocateInstall("/tmp/r/usr/lib/exim-test-harness/bin", t.fn(), "/src", "/src/build");
  EXPECT_EQ("/tmp/r/usr/share/exim-test-harness", l.source_dir);
  EXPECT_EQ("/tmp/r/usr/lib/exim-test-harness", l.build_dir);
}

TEST(InstallLayoutTest, CopyInPrefixBinFindsPrivateHelpers) {
  Tree t{{"/opt/h/share/exim-test-harness/scripts", "/opt/h/lib/exim-test-harness/bin/fake_dovecot"}};
  InstallLayout l = LocateInstall("/opt/h/bin", t.fn(), "", "");
  EXPECT_EQ("/opt/h/share/exim-test-harness", l.source_dir);
  EXPECT_EQ("/opt/h/lib/exim-test-harness", l.build_dir);
}

TEST(InstallLayoutTest, CopyWithHelpersBesideIt) {
  Tree t{{"/opt/h/share/exim-test-harness/scripts", "/opt/h/bin/fake_dovecot",
          "/opt/h/lib/exim-test-harness/bin/fake_dovecot"}};
  InstallLayout l = LocateInstall("/opt/h/bin", t.fn(), "", "");
  EXPECT_EQ("/opt/h", l.build_dir);  // the one beside it wins
}

TEST(InstallLayoutTest, CopiedAwayFromBuildTreeDoesNotFallBack) {
  // The source tree exists, but a copy in /usr/local/bin is not in the build tree.
  Tree t{{"/src/scripts"}};
  InstallLayout l = LocateInstall("/usr/local/bin", t.fn(), "/src", "/src/build");
  EXPECT_FALSE(l.build_tree);
  EXPECT_EQ("", l.source_dir);
  EXPECT_NE(std::string::npos, l.error.find("/usr/local/share/exim-test-harness"));
  EXPECT_NE(std::string::npos, l.error.find("--source-dir"));
}

TEST(InstallLayoutTest, RootDirectoryCopy) {
  // The case behind "cannot run '//bin/fake_dovecot'": runtest copied to /bin.
  Tree t{{"/share/exim-test-harness/scripts"}};
  InstallLayout l = LocateInstall("/bin", t.fn(), "/src", "/src/build");
  EXPECT_EQ("/share/exim-test-harness", l.source_dir);
  EXPECT_EQ("/", l.build_dir);
  InstallLayout none = LocateInstall("/tmp", Tree{}.fn(), "/src", "/src/build");
  EXPECT_NE(std::string::npos, none.error.find("no scripts/ in /share/exim-test-harness and not"));
}

TEST(InstallLayoutTest, BuildDirPrefixIsNotEnough) {
  // /src/build2 is not under /src/build.
  Tree t{{"/src/scripts"}};
  InstallLayout l = LocateInstall("/src/build2/bin", t.fn(), "/src", "/src/build");
  EXPECT_FALSE(l.build_tree);
  EXPECT_EQ("", l.source_dir);
}

TEST(InstallLayoutTest, BuildTreeWithoutSourceTreeLooksForAnInstall) {
  Tree t{{"/src/build/share/exim-test-harness/scripts"}};
  InstallLayout l = LocateInstall("/src/build/bin", t.fn(), "/gone", "/src/build");
  EXPECT_FALSE(l.build_tree);
  EXPECT_EQ("/src/build/share/exim-test-harness", l.source_dir);
}

}  // namespace
}  // namespace harness
