// Tests for harness/exim_binary.h: probing a (fake) Exim binary, bounded
// probe children and the probe cache's trust and corruption rules (issue 14).
#include "harness/exim_binary.h"
#include "harness/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "harness/diagnostic.h"
#include "harness/process.h"

namespace harness {
namespace {

class EximProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/exim_binary_test.XXXXXX";
    dir_ = mkdtemp(tmpl);
    chmod(dir_.c_str(), 0755);
    exim_ = dir_ + "/exim";
    std::ofstream(exim_) << "#!/bin/sh\n"
                            "case \"$1\" in\n"
                            "-bV) echo 'Exim version 4.96 #1 built 01-Jan-2024'\n"
                            "     echo 'Configuration file search path is "
                         << dir_
                         << "/no-such.conf'\n"
                            "     if [ -e "
                         << dir_
                         << "/hold ]; then sleep 30 & fi ;;\n"
                            "-bP) echo 'exim_user = root'; echo 'exim_group = root' ;;\n"
                            "esac\n";
    chmod(exim_.c_str(), 0755);
    cache_ = dir_ + "/cache";
    mkdir(cache_.c_str(), 0755);
    const char* old = std::getenv("HARNESS_PROBE_CACHE_DIR");
    had_old_ = old != nullptr;
    if (old) old_ = old;
    setenv("HARNESS_PROBE_CACHE_DIR", cache_.c_str(), 1);
  }
  void TearDown() override {
    if (had_old_) setenv("HARNESS_PROBE_CACHE_DIR", old_.c_str(), 1);
    else unsetenv("HARNESS_PROBE_CACHE_DIR");
    KillAllDescendants(Clock::now() + std::chrono::seconds(5));
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string CacheFile() {
    for (const auto& e : std::filesystem::directory_iterator(cache_))
      if (e.path().extension() == ".probe") return e.path().string();
    return "";
  }
  std::string Read(const std::string& path) {
    return ReadWholeFile(path).value_or("");
  }
  std::string dir_, exim_, cache_, old_;
  bool had_old_ = false;
};

TEST_F(EximProbeTest, ProbesAndCaches) {
  EximBinary e = ProbeEximBinary(exim_);
  EXPECT_EQ("4.96", e.version);
  EXPECT_EQ("root", e.user);
  ASSERT_NE("", CacheFile());
  EXPECT_EQ("4.96", ProbeEximBinary(exim_).version);
}

// A -bV whose grandchild keeps stdout open used to cost the 20 s deadline
// twice; now the probe ends when the child does.
TEST_F(EximProbeTest, ChildHoldingStdoutOpenCostsNothing) {
  unsetenv("HARNESS_PROBE_CACHE_DIR");
  setenv("HARNESS_PROBE_CACHE_DIR", "", 1);
  std::ofstream(dir_ + "/hold") << "";
  auto start = Clock::now();
  EXPECT_EQ("root", ProbeEximBinary(exim_).user);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

// A corrupt cache (an absurd block length) used to give "internal error:
// basic_string::_M_replace_aux"; now it is ignored and the binary re-probed.
TEST_F(EximProbeTest, CorruptCacheIsIgnored) {
  ProbeEximBinary(exim_);
  std::string file = CacheFile();
  std::string text = Read(file);
  size_t at = text.find("\n", text.find("\n", text.find("\n", text.find("\n") + 1) + 1) + 1);  // after 4 lines
  ASSERT_NE(std::string::npos, at);
  size_t end = text.find("\n", at + 1);
  text.replace(at + 1, end - at - 1, "99999999999999999");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  EximBinary e;
  EXPECT_NO_THROW(e = ProbeEximBinary(exim_));
  EXPECT_EQ("root", e.user);
  // Truncated in the middle of a block: also ignored.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << Read(file).substr(0, 150);
  EXPECT_NO_THROW(e = ProbeEximBinary(exim_));
  EXPECT_EQ("4.96", e.version);
}

// S3: a forged cache is used only if root owns it and nobody else can write
// it (or its directory).
TEST_F(EximProbeTest, UntrustedCacheIsIgnored) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give files away";
  ProbeEximBinary(exim_);
  std::string file = CacheFile();
  std::string forged = Read(file);
  size_t at = forged.find("exim_user = root");
  ASSERT_NE(std::string::npos, at);
  forged.replace(at, 16, "exim_user = sync");  // same length: a consistent cache
  std::ofstream(file, std::ios::binary | std::ios::trunc) << forged;
  chmod(file.c_str(), 0666);  // writable by anybody
  EXPECT_EQ("root", ProbeEximBinary(exim_).user);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << forged;
  chmod(file.c_str(), 0644);
  ASSERT_EQ(0, chown(file.c_str(), 4242, 4242));  // another user's file
  EXPECT_EQ("root", ProbeEximBinary(exim_).user);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << forged;
  ASSERT_EQ(0, chown(file.c_str(), 0, 0));
  chmod(cache_.c_str(), 0777);  // a directory anybody can write to
  EXPECT_EQ("root", ProbeEximBinary(exim_).user);
  chmod(cache_.c_str(), 0755);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << forged;
  ASSERT_EQ(0, chown(dir_.c_str(), 4242, 4242));  // above it, another user's directory
  EXPECT_EQ("root", ProbeEximBinary(exim_).user);
  ASSERT_EQ(0, chown(dir_.c_str(), 0, 0));
  // The same forged file, trusted: the cache is really used (so the four
  // checks above proved something).
  std::ofstream(file, std::ios::binary | std::ios::trunc) << forged;
  chmod(file.c_str(), 0644);
  EXPECT_EQ("sync", ProbeEximBinary(exim_).user);
}

}  // namespace
}  // namespace harness
