// exim_versions_test.cc - runtest against Exim binaries it must not trust
// blindly: a fake `exim` (a shell script given as --exim) whose -bV is
// garbage is an ERROR (exit 2) quoting what it printed, never a SKIP; a
// well-formed -bV without the dovecot authenticator is a SKIP naming the
// REQUIRES line and the -bV line that decided it.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "tests/cli/cli_support.h"

namespace cli {
namespace {

class EximVersions : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = WhyCannotRun()) GTEST_SKIP() << *why;
    BecomeSubreaper();
    dir_ = std::make_unique<TempDir>("fake-exim");
  }
  void TearDown() override { KillAllDescendants(); }

  /// A fake exim answering -bV with \a bv and -bP with Debian's Exim user.
  std::string FakeExim(const std::string& name, const std::string& bv) {
    std::string path = *dir_ / name;
    WriteFile(*dir_ / (name + ".bV"), bv);
    WriteFile(path,
              "#!/bin/sh\n"
              "case \"$*\" in\n"
              "  *-bV*) cat '" + path + ".bV' ;;\n"
              "  *-bP*) printf 'exim_user = Debian-exim\\nexim_group = Debian-exim\\n' ;;\n"
              "  *) echo \"fake exim: $*\" >&2; exit 1 ;;\n"
              "esac\n");
    chmod(path.c_str(), 0755);
    return path;
  }
  RunResult Run(const std::string& exim) {
    return RunRuntest({"--color=never", "--work-dir", *dir_ / "work", "--exim", exim, "3650"});
  }

  std::unique_ptr<TempDir> dir_;
};

TEST_F(EximVersions, GarbageBVAfterAVersionLineIsAnErrorNotASkip) {
  RunResult r = Run(FakeExim("exim", "Exim version 4.99 #1 built today\nThis is not what -bV prints\n"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("3650 Dovecot authentication (server only) ERROR ("), std::string::npos);
  EXPECT_NE(r.out.find("  exim -bV: no 'Support for:' line; it printed: "
                       "'Exim version 4.99 #1 built today\\x0aThis is not what -bV prints\\x0a'\n"),
            std::string::npos);
  EXPECT_EQ(r.out.find("SKIP"), std::string::npos);
}

TEST_F(EximVersions, AnUnknownFeatureHeadingIsAnError) {
  RunResult r = Run(FakeExim("exim",
                             "Exim version 5.0 #1\nSupport for: IPv6\n"
                             "Authenticators (plugin): dovecot\nRouters: accept\nTransports: smtp\n"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("exim -bV: unrecognised feature heading 'Authenticators (plugin): dovecot'"),
            std::string::npos);
}

TEST_F(EximVersions, NoVersionAtAllIsAnErrorQuotingTheOutput) {
  RunResult r = Run(FakeExim("exim", "garbage\n"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("`-bV` did not print an Exim version (exit status 0); it printed: 'garbage\\x0a'"),
            std::string::npos);
  EXPECT_EQ(r.out.find("SKIP"), std::string::npos);
}

TEST_F(EximVersions, AMissingAuthenticatorSkipsNamingTheRequiresLineAndTheBVLine) {
  RunResult r = Run(FakeExim("exim",
                             "Exim version 4.99.1 #1 built today\n"
                             "Support for: crypteq IPv6 OpenSSL\n"
                             "Lookups (built-in): lsearch\n"
                             "Authenticators (built-in): cram_md5 plaintext\n"
                             "Routers (built-in): accept redirect\n"
                             "Transports (built-in): appendfile smtp\n"));
  SCOPED_TRACE("exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err);
  EXPECT_EQ(r.exit_code, 77);
  EXPECT_NE(r.out.find("  skipped: missing authenticator dovecot (" + ProjectDir() +
                       "/scripts/3650-Dovecot/REQUIRES:1; exim -bV: "
                       "'Authenticators (built-in): cram_md5 plaintext')\n"),
            std::string::npos);
}

}  // namespace
}  // namespace cli
