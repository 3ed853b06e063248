// golden_variants_test.cc - ParseEximVersion, CompareEximVersions,
// SelectGolden, and the variant goldens of this repository.

#include "harness/golden_variants.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/diagnostic.h"
#include "harness/file_io.h"

namespace harness {
namespace {

using V = std::vector<int>;

TEST(GoldenVariants, ParseEximVersion) {
  EXPECT_EQ(V({4, 99, 1}), ParseEximVersion("4.99.1"));
  EXPECT_EQ(V({4, 96}), ParseEximVersion("4.96"));
  EXPECT_EQ(V({4, 98, 2}), ParseEximVersion("4.98.2-RC1"));
  EXPECT_EQ(V({4, 97}), ParseEximVersion("4.97_1"));
  EXPECT_EQ(V({4, 99, 1}), ParseEximVersion("4.99.1-25-gabc1234"));
  EXPECT_EQ(V({4, 99}), ParseEximVersion("4.99 #2"));
  EXPECT_EQ(std::nullopt, ParseEximVersion(""));
  EXPECT_EQ(std::nullopt, ParseEximVersion("x4.99"));
  EXPECT_EQ(std::nullopt, ParseEximVersion("4..1"));
  EXPECT_EQ(std::nullopt, ParseEximVersion("4."));
  EXPECT_EQ(std::nullopt, ParseEximVersion("4.1234567"));
  EXPECT_EQ(std::nullopt, ParseEximVersion("1.2.3.4.5.6.7.8.9"));
}

TEST(GoldenVariants, CompareEximVersions) {
  EXPECT_LT(CompareEximVersions({4, 96}, {4, 97}), 0);
  EXPECT_LT(CompareEximVersions({4, 99}, {4, 99, 1}), 0);
  EXPECT_EQ(CompareEximVersions({4, 99}, {4, 99, 0}), 0);
  EXPECT_GT(CompareEximVersions({4, 100}, {4, 99, 9}), 0);  // numeric, not textual
  EXPECT_GT(CompareEximVersions({5}, {4, 99}), 0);
  EXPECT_LT(CompareEximVersions({4, 9}, {4, 10}), 0);
}

TEST(GoldenVariants, SelectsHighestVariantNotNewerThanTheRunningExim) {
  std::vector<std::string> present{"3661", "3662", "3662@4.99", "3662@4.98", "3663@4.97", "36620@4.90"};
  EXPECT_EQ("expected/log/3662", SelectGolden(present, "log", "3662", "4.96"));
  EXPECT_EQ("expected/log/3662", SelectGolden(present, "log", "3662", "4.97.1"));
  EXPECT_EQ("expected/log/3662@4.98", SelectGolden(present, "log", "3662", "4.98"));
  EXPECT_EQ("expected/log/3662@4.98", SelectGolden(present, "log", "3662", "4.98.2"));
  EXPECT_EQ("expected/log/3662@4.99", SelectGolden(present, "log", "3662", "4.99"));
  EXPECT_EQ("expected/log/3662@4.99", SelectGolden(present, "log", "3662", "4.99.1"));
  EXPECT_EQ("expected/log/3662@4.99", SelectGolden(present, "log", "3662", "4.100"));
  EXPECT_EQ("expected/log/3662@4.99", SelectGolden(present, "log", "3662", "4.99.1-25-gabc1234"));
  // Another test's variants (3663, 36620) do not apply to 3662 or 3661.
  EXPECT_EQ("expected/log/3661", SelectGolden(present, "log", "3661", "4.99.1"));
  EXPECT_EQ("expected/log/3663@4.97", SelectGolden(present, "log", "3663", "4.99.1"));
  // No base file: the base path anyway (absent = no output expected).
  EXPECT_EQ("expected/log/3663", SelectGolden(present, "log", "3663", "4.96"));
  EXPECT_EQ("expected/dovecot/3650", SelectGolden({}, "dovecot", "3650", "4.99.1"));
  // Without variants the running version is not even read.
  EXPECT_EQ("expected/log/3661", SelectGolden(present, "log", "3661", "garbage"));
}

std::string ErrorOf(const std::vector<std::string>& present, const std::string& version = "4.99.1") {
  try {
    SelectGolden(present, "log", "3662", version);
  } catch (const HarnessError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GoldenVariants, MalformedVariantNamesAreErrors) {
  EXPECT_EQ("expected/log/3662@4.9x: '4.9x' after '@' is not an Exim version", ErrorOf({"3662", "3662@4.9x"}));
  EXPECT_EQ("expected/log/3662@: '' after '@' is not an Exim version", ErrorOf({"3662@"}));
  EXPECT_EQ("expected/log/3662@04.99: '04.99' after '@' is not an Exim version", ErrorOf({"3662@04.99"}));
  EXPECT_EQ("expected/log/3662@4.99 and 3662@4.99.0 name the same Exim version",
            ErrorOf({"3662@4.99", "3662@4.99.0"}));
  EXPECT_EQ("cannot compare Exim version 'unknown' with the variant goldens of 3662",
            ErrorOf({"3662", "3662@4.99"}, "unknown"));
}

// Every variant golden in expected/ is well formed, has a base file, and
// differs from it and from the variant it supersedes (a copy would hide
// nothing, but would also record nothing).
TEST(GoldenVariants, RepositoryVariantsAreWellFormedAndReal) {
  const std::string root = TESTS_SOURCE_DIR "/..";
  auto read = [](const std::string& p) {
    return ReadWholeFile(p).value_or("");
  };
  int variants = 0;
  for (const char* kind : {"stdout", "stderr", "log", "rejectlog", "paniclog", "dovecot"}) {
    std::vector<std::string> names = ListGoldenNames(root, kind);
    for (const std::string& name : names) {
      size_t at = name.find('@');
      if (at == std::string::npos) continue;
      ++variants;
      std::string test = name.substr(0, at);
      ASSERT_TRUE(ParseEximVersion(name.substr(at + 1))) << name;
      // The variant is what SelectGolden picks for its own version.
      EXPECT_EQ(std::string("expected/") + kind + "/" + name, SelectGolden(names, kind, test, name.substr(at + 1)));
      // ... and differs from what it supersedes: what would be picked without it.
      std::vector<std::string> without;
      for (const std::string& other : names)
        if (other != name) without.push_back(other);
      std::string previous = SelectGolden(without, kind, test, name.substr(at + 1));
      ASSERT_TRUE(std::ifstream(root + "/expected/" + kind + "/" + test).good()) << name << " has no base file";
      EXPECT_NE(read(root + "/" + previous), read(root + "/expected/" + kind + "/" + name))
          << name << " is a copy of " << previous;
    }
  }
  EXPECT_GT(variants, 0);
}

}  // namespace
}  // namespace harness
