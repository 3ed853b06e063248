// tree_layout.cc - see tree_layout.h.
#include "harness/tree_layout.h"

#include <sys/stat.h>

namespace harness {
namespace {

bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

TreeLayout DetectLayout(const std::string& dir) {
  if (IsDir(dir + "/expected")) return TreeLayout::kProject;
  for (const char* sub : {"/scripts", "/confs", "/aux-fixed", "/aux-var-src"})
    if (!IsDir(dir + sub)) return TreeLayout::kProject;
  return TreeLayout::kUpstream;
}

std::string GoldenRoot(TreeLayout layout) { return layout == TreeLayout::kUpstream ? "" : "expected/"; }

}  // namespace harness
