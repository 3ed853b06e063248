// tree_layout.h - the two shapes of a test tree runtest runs.
//
// The project's own tree keeps its goldens under expected/<kind>/NNNN and
// renders each conf after confs/prelude. Upstream Exim's test/ directory,
// run unchanged, keeps them at its top (log/NNNN, stdout/NNNN, mail/NNNN.x,
// ...) and its confs include their own prefix (aux-var/std_conf_prefix,
// generated from aux-var-src/), so they get no prelude.
#ifndef HARNESS_TREE_LAYOUT_H_
#define HARNESS_TREE_LAYOUT_H_

#include <string>

namespace harness {

enum class TreeLayout {
  kProject,   ///< scripts/ confs/ expected/<kind>/
  kUpstream,  ///< Exim's test/: scripts/ confs/ <kind>/ aux-fixed/ aux-var-src/ runtest
};

/// Upstream when DIR has no expected/ but has scripts/, confs/, aux-fixed/
/// and aux-var-src/ (what upstream runtest itself needs); else the project's.
TreeLayout DetectLayout(const std::string& dir);

/// Where the goldens of each kind live, relative to the tree: "expected/"
/// (project) or "" (upstream), followed by "<kind>/". Pure.
std::string GoldenRoot(TreeLayout layout);

}  // namespace harness

#endif  // HARNESS_TREE_LAYOUT_H_
