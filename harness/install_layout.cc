// install_layout.cc - see install_layout.h.
#include "harness/install_layout.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace harness {

namespace {

std::string Normal(const std::string& path) {
  std::string s = std::filesystem::path(path).lexically_normal().string();
  // lexically_normal keeps "/.." at the root in some libraries and ends
  // "dir/" as "dir/" (Boost: "dir/."): none of these names another directory.
  while (s.compare(0, 3, "/..") == 0 && (s.size() == 3 || s[3] == '/')) s.erase(0, 3);
  if (s.empty()) s = "/";
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "/.") == 0) s.erase(s.size() - 2);
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool IsUnder(const std::string& path, const std::string& dir) {
  if (dir.empty()) return false;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         (dir == "/" || path[dir.size()] == '/'));
}

std::string Join(const std::string& dir, const std::string& rest) {
  return Normal(dir == "/" ? "/" + rest : dir + "/" + rest);
}

}  // namespace

InstallLayout LocateInstall(const std::string& self_dir,
                            const std::function<bool(const std::string&)>& exists,
                            const std::string& compiled_source_dir,
                            const std::string& compiled_binary_dir) {
  InstallLayout layout;
  const std::string self = Normal(self_dir);
  const std::string parent = Join(self, "..");
  layout.build_dir = parent;  // helpers beside runtest: D/bin/fake_dovecot
  layout.work_parent = parent;

  const std::string build = compiled_binary_dir.empty() ? "" : Normal(compiled_binary_dir);
  if (IsUnder(self, build) && !compiled_source_dir.empty() && exists(compiled_source_dir + "/scripts")) {
    layout.source_dir = compiled_source_dir;
    layout.build_tree = true;
    return layout;
  }

  const std::string name = kInstallName;
  layout.work_parent = "/var/tmp/" + name;
  // PREFIX/bin/runtest, then PREFIX/lib/NAME/bin/runtest.
  const std::vector<std::string> suites{Join(parent, "share/" + name), Join(parent, "../../share/" + name)};
  for (const std::string& dir : suites) {
    if (exists(dir + "/scripts")) {
      layout.source_dir = dir;
      break;
    }
  }
  // A copy of runtest in PREFIX/bin whose helpers were installed privately.
  const std::string private_dir = Join(parent, "lib/" + name);
  if (!exists(self + "/fake_dovecot") && exists(private_dir + "/bin/fake_dovecot")) layout.build_dir = private_dir;

  if (layout.source_dir.empty()) {
    layout.error = "no test suite found for the runtest in " + self + ": no scripts/ in " + suites[0] +
                   (suites[1] == suites[0] ? std::string() : " or " + suites[1]) +
                   (build.empty() ? std::string() : " and not run from the build tree " + build) +
                   "; give --source-dir DIR (a directory holding scripts/ confs/ expected/)";
  }
  return layout;
}

InstallLayout LocateInstall(const std::string& self_dir) {
  auto exists = [](const std::string& path) { return access(path.c_str(), F_OK) == 0; };
  std::string binary;
#ifdef HARNESS_BINARY_DIR
  binary = HARNESS_BINARY_DIR;
  // /proc/self/exe is resolved: compare with the resolved build directory
  // (resolved only when the name as compiled does not already hold self_dir:
  // realpath costs a readlink per component at every start).
  const std::string as_compiled = binary + "/";
  if (self_dir.compare(0, as_compiled.size(), as_compiled) != 0 && self_dir != binary) {
    if (char* real = realpath(binary.c_str(), nullptr)) {
      binary = real;
      free(real);
    }
  }
#endif
  std::string source;
#ifdef HARNESS_SOURCE_DIR
  source = HARNESS_SOURCE_DIR;
#endif
  return LocateInstall(self_dir, exists, source, binary);
}

}  // namespace harness
