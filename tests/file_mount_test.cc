// file_mount_test.cc - FileMount (fixed_dir_mount.h) outside runtest's own
// namespaces: refused, saying why, with nothing mounted. (Inside them it is
// exercised by the upstream-verdict tests: 0040 needs a trusted -C file.)
#include <gtest/gtest.h>

#include "harness/containment.h"
#include "harness/diagnostic.h"
#include "harness/fixed_dir_mount.h"

namespace harness {
namespace {

TEST(FileMountTest, NeedsRuntestsOwnMountNamespace) {
  try {
    FileMount m("/etc/hostname", "/etc/hosts");
    FAIL() << "mounted outside runtest's namespace";
  } catch (const HarnessError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot show /etc/hostname at /etc/hosts: needs runtest's private mount "
                                         "namespace"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace harness
