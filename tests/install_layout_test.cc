// install_layout_test.cc - LocateInstall() on imaginary file trees.
#include "harness/install_layout.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace harness {
namespace {

using Exists = std::set<std::string>;

struct Case {
  const char* what;
  Exists paths;
  std::string self_dir, compiled_source, compiled_binary;
  bool build_tree;
  std::string source_dir, build_dir;  // expected
};

const Case kCases[] = {
    {"build tree: the compiled-in paths", {"/src/scripts", "/src/build/bin/fake_dovecot"},
     "/src/build/bin", "/src", "/src/build", true, "/src", "/src/build"},
    // bench/run copies runtest to BUILD/bench-tree/bin with a shim fake_dovecot.
    {"copy inside the build tree", {"/src/scripts"},
     "/src/build/bench-tree/bin", "/src", "/src/build/", true, "/src", "/src/build/bench-tree"},
    {"installed", {"/usr/share/exim-test-harness/scripts", "/usr/lib/exim-test-harness/bin/fake_dovecot", "/src/scripts"},
     "/usr/lib/exim-test-harness/bin", "/src", "/src/build", false, "/usr/share/exim-test-harness",
     "/usr/lib/exim-test-harness"},
    // dpkg -x PACKAGE ROOT: everything below ROOT/usr.
    {"unpacked into a scratch root",
     {"/tmp/r/usr/share/exim-test-harness/scripts", "/tmp/r/usr/lib/exim-test-harness/bin/fake_dovecot"},
     "/tmp/r/usr/lib/exim-test-harness/bin", "/src", "/src/build", false, "/tmp/r/usr/share/exim-test-harness",
     "/tmp/r/usr/lib/exim-test-harness"},
    {"copy in PREFIX/bin, helpers private",
     {"/opt/h/share/exim-test-harness/scripts", "/opt/h/lib/exim-test-harness/bin/fake_dovecot"},
     "/opt/h/bin", "", "", false, "/opt/h/share/exim-test-harness", "/opt/h/lib/exim-test-harness"},
    {"copy with helpers beside it (they win)",
     {"/opt/h/share/exim-test-harness/scripts", "/opt/h/bin/fake_dovecot",
      "/opt/h/lib/exim-test-harness/bin/fake_dovecot"},
     "/opt/h/bin", "", "", false, "/opt/h/share/exim-test-harness", "/opt/h"},
    // The source tree exists, but a copy in /usr/local/bin is not in the build tree.
    {"copied away: no fallback", {"/src/scripts"}, "/usr/local/bin", "/src", "/src/build", false, "", "/usr/local"},
    // The case behind "cannot run '//bin/fake_dovecot'": runtest copied to /bin.
    {"copy in /bin", {"/share/exim-test-harness/scripts"}, "/bin", "/src", "/src/build", false,
     "/share/exim-test-harness", "/"},
    {"a build-dir prefix is not the build dir", {"/src/scripts"}, "/src/build2/bin", "/src", "/src/build", false,
     "", "/src/build2"},
    {"build tree whose source is gone", {"/src/build/share/exim-test-harness/scripts"}, "/src/build/bin", "/gone",
     "/src/build", false, "/src/build/share/exim-test-harness", "/src/build"},
};

TEST(InstallLayoutTest, Layouts) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    const Exists& paths = c.paths;
    InstallLayout l = LocateInstall(c.self_dir, [&paths](const std::string& p) { return paths.count(p) > 0; },
                                    c.compiled_source, c.compiled_binary);
    EXPECT_EQ(c.build_tree, l.build_tree);
    EXPECT_EQ(c.source_dir, l.source_dir);
    EXPECT_EQ(c.build_dir, l.build_dir);
    // The fallback work root: the build directory, never an installation.
    EXPECT_EQ(c.build_tree ? c.build_dir : "/var/tmp/exim-test-harness", l.work_parent);
    EXPECT_EQ(c.source_dir.empty(), !l.error.empty()) << l.error;
  }
}

TEST(InstallLayoutTest, ErrorSaysWhereItLookedAndWhatToDo) {
  auto nothing = [](const std::string&) { return false; };
  InstallLayout l = LocateInstall("/usr/local/bin", nothing, "/src", "/src/build");
  EXPECT_EQ("no test suite found for the runtest in /usr/local/bin: no scripts/ in "
            "/usr/local/share/exim-test-harness or /share/exim-test-harness and not run from the build tree "
            "/src/build; give --source-dir DIR (a directory holding scripts/ confs/ expected/)",
            l.error);
  InstallLayout root = LocateInstall("/tmp", nothing, "", "");
  EXPECT_EQ("no test suite found for the runtest in /tmp: no scripts/ in /share/exim-test-harness; give "
            "--source-dir DIR (a directory holding scripts/ confs/ expected/)",
            root.error);
}

}  // namespace
}  // namespace harness
