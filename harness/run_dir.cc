// run_dir.cc - see run_dir.h.
#include "harness/run_dir.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "harness/diagnostic.h"

namespace fs = boost::filesystem;

namespace harness {
namespace {

void MakeDirs(const std::string& path) {
  boost::system::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw HarnessError(path + ": cannot create directory: " + ec.message());
}

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Longest run-dir suffix: "/NNNN.XXXXXX/auth-client".
constexpr size_t kRunDirSuffix = 24;

}  // namespace

std::string WhyNotTraversable(const std::string& path, uid_t uid, gid_t gid) {
  std::string prefix;
  std::vector<std::string> dirs{"/"};
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos == path.size() || path[pos] == '/') {
      if (pos > 1) dirs.push_back(path.substr(0, pos));
    }
  }
  for (const auto& dir : dirs) {
    struct stat st;
    if (stat(dir.c_str(), &st) != 0) return dir + " does not exist";
    bool ok = st.st_uid == uid ? (st.st_mode & S_IXUSR)
              : st.st_gid == gid ? (st.st_mode & S_IXGRP)
                                 : (st.st_mode & S_IXOTH);
    if (!ok) return dir + " (mode " + OctalMode(st.st_mode) + ") cannot be searched by Exim's user";
  }
  return "";
}

std::string ChooseWorkRoot(const std::string& requested, const std::string& build_dir, uid_t exim_uid,
                           gid_t exim_gid, std::string* note) {
  if (!requested.empty()) {
    std::string root = fs::absolute(requested).lexically_normal().string();
    // Something other than a directory there: the same error whatever its length.
    if (fs::exists(root) && !fs::is_directory(root)) {
      throw HarnessError(root + ": cannot create directory: File exists");
    }
    if (root.size() + kRunDirSuffix > kMaxSocketPath) {  // checked before creating anything
      throw HarnessError("--work-dir " + root + ": path too long for the per-test UNIX socket (max " +
                         std::to_string(kMaxSocketPath - kRunDirSuffix) + " bytes)");
    }
    MakeDirs(root);
    chmod(root.c_str(), 0711);
    std::string why = WhyNotTraversable(root, exim_uid, exim_gid);
    if (!why.empty()) throw HarnessError("--work-dir " + root + ": " + why);
    return root;
  }
  // In memory when /dev/shm is a tmpfs (as on any Linux); a problem with our
  // directory there is worth a note, the lack of a tmpfs is not.
  std::string ram_dir = kRamWorkRoot;
  if (IsTmpfs(ram_dir.substr(0, ram_dir.rfind('/')))) {
    std::string problem;
    std::string ram = PrepareRamWorkRoot(ram_dir, exim_uid, exim_gid, &problem);
    if (!ram.empty()) return ram;
    if (note) *note = ram_dir + " not used: " + problem;
  }
  std::string root = fs::absolute(build_dir + "/work").lexically_normal().string();
  MakeDirs(root);
  chmod(root.c_str(), 0711);
  std::string why = WhyNotTraversable(root, exim_uid, exim_gid);
  if (why.empty() && root.size() + kRunDirSuffix > kMaxSocketPath) {
    why = root + " is too long for a UNIX socket path";
  }
  if (why.empty()) return root;
  std::string fallback = "/tmp/exim-harness-work";
  MakeDirs(fallback);
  chmod(fallback.c_str(), 0711);
  if (note) {
    *note = (note->empty() ? "" : *note + "; ") + "work directory " + fallback + " used instead of " + root + ": " +
            why;
  }
  return fallback;
}

bool IsTmpfs(const std::string& path) {
  struct statfs fs_info;
  return statfs(path.c_str(), &fs_info) == 0 && fs_info.f_type == TMPFS_MAGIC;
}

std::string PrepareRamWorkRoot(const std::string& dir, uid_t exim_uid, gid_t exim_gid, std::string* problem) {
  std::string parent = dir.substr(0, dir.rfind('/'));
  if (parent.empty()) parent = "/";
  if (!IsTmpfs(parent)) {
    *problem = parent + " is not a tmpfs";
    return "";
  }
  if (dir.size() + kRunDirSuffix > kMaxSocketPath) {
    *problem = dir + " is too long for a UNIX socket path";
    return "";
  }
  if (mkdir(dir.c_str(), 0711) != 0 && errno != EEXIST) {
    *problem = dir + ": cannot create directory: " + std::strerror(errno);
    return "";
  }
  // In a world-writable parent (/dev/shm) the name may have been taken by
  // someone else first: use it only if it is our own real directory that
  // nobody else can write to.
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) {
    *problem = dir + ": " + std::strerror(errno);
    return "";
  }
  if (!S_ISDIR(st.st_mode)) {
    *problem = dir + " exists and is not a directory";
    return "";
  }
  if (st.st_uid != geteuid()) {
    *problem = dir + " belongs to uid " + std::to_string(st.st_uid);
    return "";
  }
  if ((st.st_mode & 07777) != 0711 && chmod(dir.c_str(), 0711) != 0) {
    *problem = dir + ": cannot chmod: " + std::strerror(errno);
    return "";
  }
  std::string why = WhyNotTraversable(dir, exim_uid, exim_gid);
  if (!why.empty()) {
    *problem = why;
    return "";
  }
  return dir;
}

std::string CreateRunDir(const std::string& work_root, const std::string& test_name, uid_t exim_uid,
                         gid_t exim_gid) {
  std::string tmpl = work_root + "/" + test_name + ".XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    throw HarnessError(tmpl + ": cannot create run directory: " + std::strerror(errno));
  }
  std::string run = buf.data();
  chmod(run.c_str(), 0711);
  std::string spool = run + "/spool";
  if (mkdir(spool.c_str(), 0750) != 0 || chown(spool.c_str(), exim_uid, exim_gid) != 0) {
    throw HarnessError(spool + ": cannot create Exim's spool: " + std::strerror(errno));
  }
  return run;
}

void RemoveTree(const std::string& path) {
  boost::system::error_code ec;
  fs::remove_all(path, ec);
}

}  // namespace harness
