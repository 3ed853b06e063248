// install_layout.h - where an installed, copied or build-tree runtest finds
// its suite (scripts/ confs/ expected/) and its helper fake_dovecot, from the
// location of its own executable (docs/install.md).
//
// Layouts, tried in this order:
//   build tree   runtest anywhere under the compiled-in build directory
//                (BUILD/bin/runtest, BUILD/bench-tree/bin/runtest): the
//                compiled-in source directory, as before.
//   installed    PREFIX/lib/exim-test-harness/bin/runtest (cmake --install,
//                the Debian package; PREFIX/bin/exim-runtest is a symlink to
//                it): suite PREFIX/share/exim-test-harness.
//   copied       DIR/bin/runtest with the suite in DIR/share/exim-test-harness,
//                helpers beside runtest or in DIR/lib/exim-test-harness/bin.
// Nothing else falls back to the compiled-in source directory: a runtest
// copied away from its build tree and suite says where it looked.
#ifndef HARNESS_INSTALL_LAYOUT_H_
#define HARNESS_INSTALL_LAYOUT_H_

#include <functional>
#include <string>

namespace harness {

/// The package / install directory name under PREFIX/lib and PREFIX/share.
inline constexpr char kInstallName[] = "exim-test-harness";

struct InstallLayout {
  /// Holds scripts/ confs/ expected/; "" when no suite was found (see error).
  std::string source_dir;
  /// D such that D/bin/fake_dovecot is the helper (RunOptions::build_dir).
  std::string build_dir;
  /// Parent of the fallback work root PARENT/work, used when /dev/shm is
  /// not usable: the build directory in a build tree, else a directory
  /// under /var/tmp (never the installation itself).
  std::string work_parent;
  /// Found through the compiled-in build paths.
  bool build_tree = false;
  /// Why no suite was found: where it looked, what to do.
  std::string error;
};

/// Pure: the layout of a runtest whose executable lies in \a self_dir (a
/// resolved path, as /proc/self/exe gives), \a exists telling whether a path
/// exists, with the compiled-in source and build directories (either may be
/// "").
InstallLayout LocateInstall(const std::string& self_dir,
                            const std::function<bool(const std::string&)>& exists,
                            const std::string& compiled_source_dir,
                            const std::string& compiled_binary_dir);

/// The same on the real file system, with the compiled-in
/// HARNESS_SOURCE_DIR / HARNESS_BINARY_DIR (resolved through symlinks).
InstallLayout LocateInstall(const std::string& self_dir);

}  // namespace harness

#endif  // HARNESS_INSTALL_LAYOUT_H_
