// run_dir.cc - see run_dir.h.
#include "harness/run_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/file.h>
#include <pwd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "harness/diagnostic.h"

namespace fs = std::filesystem;

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;

/// \a path made absolute and lexically normal, without a trailing "/".
std::string AbsoluteNormal(const std::string& path) {
  std::string s = fs::absolute(path).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Longest run-dir suffix: "/NNNN.XXXXXX/auth-client".
constexpr size_t kRunDirSuffix = 24;

// Owner root or the caller, not writable by group or others (issue 14, S1).
std::string WhyNotOurs(const std::string& dir, const struct stat& st) {
  if (!S_ISDIR(st.st_mode)) return dir + " is not a directory (" + std::string(S_ISLNK(st.st_mode) ? "a symbolic link" : "another file type") + ")";
  if (st.st_uid != 0 && st.st_uid != geteuid())
    return dir + " belongs to uid " + std::to_string(st.st_uid) + ", not to root";
  return "";
}

// Sets the POSIX ACL of \a dir (mode 0750) to give \a uid search permission
// too: the real Dovecot's unprivileged auth process must reach its files in
// a run directory that is otherwise closed to everybody but root and Exim's
// group. Written as the raw system.posix_acl_access attribute (no libacl).
void AllowSearch(const std::string& dir, uid_t uid) {
  struct Entry {
    uint16_t tag, perm;
    uint32_t id;
  };
  struct {
    uint32_t version = 2;
    Entry e[5];
  } __attribute__((packed)) acl;
  acl.e[0] = {0x01, 7, 0xffffffff};  // ACL_USER_OBJ rwx
  acl.e[1] = {0x02, 1, uid};         // ACL_USER uid --x
  acl.e[2] = {0x04, 5, 0xffffffff};  // ACL_GROUP_OBJ r-x
  acl.e[3] = {0x10, 5, 0xffffffff};  // ACL_MASK r-x
  acl.e[4] = {0x20, 0, 0xffffffff};  // ACL_OTHER ---
  setxattr(dir.c_str(), "system.posix_acl_access", &acl, sizeof acl, 0);
}

}  // namespace

namespace {

bool Trusted(uid_t uid, const std::vector<uid_t>& trusted) {
  return uid == 0 || uid == geteuid() || std::find(trusted.begin(), trusted.end(), uid) != trusted.end();
}

// Why the existing directory DIR, above a work root, is unsafe: a symbolic
// link not root's (or to a directory others may write to), another user's
// directory (she could rename what is in it), or one others may write to
// without the sticky bit. "" if none of these.
std::string WhyUnsafeAncestor(const std::string& dir, const struct stat& st, const std::vector<uid_t>& trusted) {
  if (S_ISLNK(st.st_mode)) {
    // A link is safe only if it and its directory are root's (e.g. /var/run).
    struct stat target;
    if (st.st_uid != 0 || stat(dir.c_str(), &target) != 0 || target.st_uid != 0 ||
        (target.st_mode & (S_IWGRP | S_IWOTH) && !(target.st_mode & S_ISVTX)))
      return dir + " is a symbolic link not owned by root";
    return "";
  }
  if (!S_ISDIR(st.st_mode)) return dir + " is not a directory";
  if (!Trusted(st.st_uid, trusted))
    return dir + " belongs to uid " + std::to_string(st.st_uid) +
           " (not root, this user or the test tree's owner), who could replace what is in it";
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
    return dir + " (mode " + OctalMode(st.st_mode) + ") is writable by other users";
  return "";
}

// Why the existing ABS itself may not be a work root: not our real
// directory, or writable by others. "" if it may.
std::string WhyUnsafeSelf(const std::string& abs, const struct stat& st) {
  if (std::string why = WhyNotOurs(abs, st); !why.empty()) return why;
  if (st.st_mode & (S_IWGRP | S_IWOTH)) return abs + " (mode " + OctalMode(st.st_mode) + ") is writable by other users";
  return "";
}

// Makes the work root ABS (absolute, normal) and what is missing above it,
// each 0711, checking every directory on the way before anything is made in
// it (WhyUnsafeAncestor) and ABS itself last (WhyUnsafeSelf): nothing is
// made in, or through, another user's directory or link. "" or the problem
// (WhyUnsafeDir's, for an ABS that already existed).
std::string MakeWorkRootDirs(const std::string& abs, const std::vector<uid_t>& trusted) {
  for (size_t end = abs.find('/', 1);; end = abs.find('/', end + 1)) {
    std::string dir = abs.substr(0, end);
    struct stat st;
    if (lstat(dir.c_str(), &st) != 0) {
      if (errno != ENOENT) return dir + ": " + std::strerror(errno);
      if (mkdir(dir.c_str(), 0711) != 0 && errno != EEXIST) return dir + ": cannot create directory: " + std::strerror(errno);
      if (lstat(dir.c_str(), &st) != 0) return dir + ": " + std::strerror(errno);
    }
    if (end == std::string::npos) return WhyUnsafeSelf(dir, st);
    if (std::string why = WhyUnsafeAncestor(dir, st, trusted); !why.empty()) return why;
  }
}

}  // namespace

std::vector<uid_t> TrustedOwners(const std::string& source_dir) {
  std::vector<uid_t> trusted;
  struct stat st;
  if (!source_dir.empty() && stat(source_dir.c_str(), &st) == 0) trusted.push_back(st.st_uid);
  if (const char* sudo_uid = std::getenv("SUDO_UID")) {
    char* end = nullptr;
    unsigned long uid = std::strtoul(sudo_uid, &end, 10);
    if (*sudo_uid && !*end && uid < 0xffffffffUL) trusted.push_back(static_cast<uid_t>(uid));
  }
  return trusted;
}

std::string WhyUnsafeDir(const std::string& path, const std::vector<uid_t>& trusted) {
  std::string abs = AbsoluteNormal(path);
  while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  struct stat st;
  if (lstat(abs.c_str(), &st) != 0) return abs + ": " + std::strerror(errno);
  if (std::string why = WhyUnsafeSelf(abs, st); !why.empty()) return why;
  // Every directory above: nobody else may rename or replace what is below,
  // so each belongs to root, us or a trusted user, is either not writable by
  // others or sticky (as /tmp), and none is a symbolic link another user
  // could point elsewhere.
  for (size_t slash = abs.rfind('/'); slash != std::string::npos && slash > 0; slash = abs.rfind('/', slash - 1)) {
    std::string dir = abs.substr(0, slash);
    if (lstat(dir.c_str(), &st) != 0) return dir + ": " + std::strerror(errno);
    if (std::string why = WhyUnsafeAncestor(dir, st, trusted); !why.empty()) return why;
  }
  return "";
}

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

namespace {
std::string ChooseWorkRootPath(const std::string& requested, const std::string& build_dir, uid_t exim_uid,
                               gid_t exim_gid, std::string* note, const std::vector<uid_t>& trusted) {
  if (!requested.empty()) {
    std::string root = AbsoluteNormal(requested);
    // Something other than a directory there: the same error whatever its length.
    if (fs::exists(root) && !fs::is_directory(root)) {
      throw HarnessError(root + ": cannot create directory: File exists");
    }
    if (root.size() + kRunDirSuffix > kMaxSocketPath) {  // checked before creating anything
      throw HarnessError("--work-dir " + root + ": path too long for the per-test UNIX socket (max " +
                         std::to_string(kMaxSocketPath - kRunDirSuffix) + " bytes)");
    }
    if (std::string unsafe = MakeWorkRootDirs(root, trusted); !unsafe.empty()) throw HarnessError("--work-dir " + root + ": refused: " + unsafe);
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
  std::string root = AbsoluteNormal(build_dir + "/work");
  std::string why = MakeWorkRootDirs(root, trusted);
  if (!why.empty()) throw HarnessError("work directory " + root + ": refused: " + why);
  chmod(root.c_str(), 0711);
  why = WhyNotTraversable(root, exim_uid, exim_gid);
  if (why.empty() && root.size() + kRunDirSuffix > kMaxSocketPath) {
    why = root + " is too long for a UNIX socket path";
  }
  if (why.empty()) return root;
  std::string fallback = "/tmp/exim-harness-work";
  // /tmp is writable by all: the name may have been taken by another user
  // first (issue 14, S1). Created 0711, then used only if it is ours.
  if (std::string unsafe = MakeWorkRootDirs(fallback, trusted); !unsafe.empty())
    throw HarnessError("work directory " + fallback + " (used because " + why + "): refused: " + unsafe);
  chmod(fallback.c_str(), 0711);
  if (note) {
    *note = (note->empty() ? "" : *note + "; ") + "work directory " + fallback + " used instead of " + root + ": " +
            why;
  }
  return fallback;
}

}  // namespace

std::string ChooseWorkRoot(const std::string& requested, const std::string& build_dir, uid_t exim_uid,
                           gid_t exim_gid, std::string* note, const std::vector<uid_t>& trusted) {
  std::string root = ChooseWorkRootPath(requested, build_dir, exim_uid, exim_gid, note, trusted);
  for (const std::string& run : SweepStaleRuns(root)) {
    if (note) *note = (note->empty() ? "" : *note + "; ") + "removed " + run + ", left by a runtest that was killed";
  }
  return root;
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
  if (std::string unsafe = WhyUnsafeDir(dir); !unsafe.empty()) {
    *problem = unsafe;
    return "";
  }
  std::string why = WhyNotTraversable(dir, exim_uid, exim_gid);
  if (!why.empty()) {
    *problem = why;
    return "";
  }
  return dir;
}

// ----- stale runs ------------------------------------------------------------
// Each runtest holds WORK_ROOT/.runtest-xxxxxx.lock locked (flock) for its
// whole life; it names the run directory of the test in progress (empty
// between tests and after a normal exit, when it is removed). A runtest
// killed by SIGKILL leaves its lock file unlocked and naming that directory:
// the next run (SweepStaleRuns) removes the directory and the lock file and
// says so.
namespace {

int g_lock_fd = -1;
std::string g_lock_path;
std::string g_lock_names;  // the run directory in progress, or ""

// A run directory runtest may remove: its own, or, for root, one it gave to
// the caller of an upstream tree (--caller): only root creates entries in a
// work root (WhyUnsafeDir refuses one that others can write to).
bool OursToRemove(const struct stat& st) {
  static const uid_t self = geteuid();
  return st.st_uid == self || self == 0;
}

void WriteLockFile(const std::string& text) {
  if (g_lock_fd < 0) return;
  if (ftruncate(g_lock_fd, 0) == 0 && !text.empty()) {
    (void)!pwrite(g_lock_fd, text.data(), text.size(), 0);
  }
}

void ReleaseLockAtExit() {
  if (g_lock_fd < 0) return;
  WriteLockFile("");
  unlink(g_lock_path.c_str());
  close(g_lock_fd);
  g_lock_fd = -1;
}

void RecordRunInProgress(const std::string& work_root, const std::string& run) {
  if (g_lock_fd < 0) {
    // Locked under a temporary name, then renamed: a sweeper never sees it
    // unlocked.
    std::string tmp;
    for (int attempt = 0; attempt < 100 && g_lock_fd < 0; ++attempt) {
      tmp = work_root + "/.runtest-" + RandomRunDirSuffix() + ".new";
      g_lock_fd = open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (g_lock_fd < 0 && errno != EEXIST) return;  // no record: nothing worse than before
    }
    if (g_lock_fd < 0) return;
    g_lock_path = tmp.substr(0, tmp.size() - 4) + ".lock";
    if (flock(g_lock_fd, LOCK_EX | LOCK_NB) != 0 || rename(tmp.c_str(), g_lock_path.c_str()) != 0) {
      unlink(tmp.c_str());
      close(g_lock_fd);
      g_lock_fd = -1;
      return;
    }
    std::atexit(ReleaseLockAtExit);
  }
  g_lock_names = run;
  WriteLockFile(run + "\n");
}

void RecordRunEnded(const std::string& run) {
  if (g_lock_fd >= 0 && run == g_lock_names) {
    g_lock_names.clear();
    WriteLockFile("");
  }
}

}  // namespace

std::vector<std::string> SweepStaleRuns(const std::string& work_root) {
  std::vector<std::string> removed;
  DIR* d = opendir(work_root.c_str());
  if (!d) return removed;
  std::vector<std::string> locks;
  std::vector<std::string> fresh;  // .runtest-*.new: a lock file not yet locked and renamed
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind(".runtest-", 0) != 0 || name.size() < 14) continue;
    if (name.compare(name.size() - 5, 5, ".lock") == 0) locks.push_back(work_root + "/" + name);
    if (name.compare(name.size() - 4, 4, ".new") == 0) fresh.push_back(work_root + "/" + name);
  }
  closedir(d);
  // One killed between creating and locking it: empty and lockable. (A live
  // runtest that loses it this way just keeps no record.)
  for (const std::string& path : fresh) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_size == 0 &&
        flock(fd, LOCK_EX | LOCK_NB) == 0)
      unlink(path.c_str());
    close(fd);
  }
  for (const std::string& lock : locks) {
    int fd = open(lock.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    // Ours (root's) regular file, still linked, and no live runtest holds it.
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink == 0 ||
        st.st_size > 4096 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
      close(fd);
      continue;
    }
    char buf[4097];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string run(buf, n > 0 ? static_cast<size_t>(n) : 0);
    if (!run.empty() && run.back() == '\n') run.pop_back();
    // Only a run directory of this work root (NNNN.xxxxxx, no slash).
    std::string prefix = work_root + "/";
    if (run.size() > prefix.size() && run.compare(0, prefix.size(), prefix) == 0 &&
        run.find('/', prefix.size()) == std::string::npos && run.find("..") == std::string::npos) {
      struct stat rst;
      if (lstat(run.c_str(), &rst) == 0 && S_ISDIR(rst.st_mode) && OursToRemove(rst)) {
        RemoveTree(run);
        removed.push_back(run);
      }
    }
    unlink(lock.c_str());
    close(fd);
  }
  return removed;
}

std::vector<std::string> RemoveKeptRunDirs(const std::string& work_root, time_t older_than) {
  std::vector<std::string> removed, names, in_progress;
  DIR* d = opendir(work_root.c_str());
  if (!d) return removed;
  while (dirent* e = readdir(d)) names.push_back(e->d_name);
  closedir(d);
  for (const std::string& name : names) {
    if (name.rfind(".runtest-", 0) != 0 || name.size() < 14 || name.compare(name.size() - 5, 5, ".lock") != 0) continue;
    int fd = open((work_root + "/" + name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    char buf[4097];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    std::string run(buf, n > 0 ? static_cast<size_t>(n) : 0);
    if (!run.empty() && run.back() == '\n') run.pop_back();
    in_progress.push_back(run);
  }
  for (const std::string& name : names) {
    // NNNN.xxxxxx: four digits, a dot, six lower-case letters or digits.
    bool shaped = name.size() == 11 && name[4] == '.';
    for (size_t i = 0; shaped && i < name.size(); ++i)
      if (i != 4) shaped = i < 4 ? std::isdigit(static_cast<unsigned char>(name[i])) != 0
                                 : std::isdigit(static_cast<unsigned char>(name[i])) || std::islower(static_cast<unsigned char>(name[i]));
    if (!shaped) continue;
    std::string run = work_root + "/" + name;
    struct stat st;
    if (lstat(run.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !OursToRemove(st) || st.st_mtime >= older_than)
      continue;
    if (std::find(in_progress.begin(), in_progress.end(), run) != in_progress.end()) continue;
    RemoveTree(run);
    removed.push_back(run);
  }
  return removed;
}

std::vector<std::string> RemoveOldKeptRunDirs(const std::string& work_root, int max_age_days) {
  if (max_age_days <= 0) return {};
  return RemoveKeptRunDirs(work_root, time(nullptr) - static_cast<time_t>(max_age_days) * 86400);
}

std::string RandomRunDirSuffix() {
  // Lower-case letters and digits only: Exim replaces a macro's name wherever
  // it occurs in a configuration line, and macro names start with an
  // upper-case letter, so no conf macro can alter these names (mkdtemp's
  // suffixes hold capitals: 3414.SB0tsd became 3414.#B0tsd under macro S).
  static const char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  unsigned char bytes[6];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    auto seed = static_cast<unsigned long>(Clock::now().time_since_epoch().count()) ^ getpid();
    for (auto& b : bytes) b = static_cast<unsigned char>(seed >>= 5);
  }
  std::string out;
  for (unsigned char b : bytes) out += kChars[b % 36];
  return out;
}

std::string CreateRunDir(const std::string& work_root, const std::string& test_name, uid_t exim_uid,
                         gid_t exim_gid) {
  std::string run;
  for (int attempt = 0;; ++attempt) {
    run = work_root + "/" + test_name + "." + RandomRunDirSuffix();
    // Recorded before it exists: a SIGKILL right after the mkdir cannot
    // leave it unrecorded.
    RecordRunInProgress(work_root, run);
    if (mkdir(run.c_str(), 0700) == 0) break;
    RecordRunEnded(run);
    if (errno != EEXIST || attempt >= 100)
      throw HarnessError(work_root + "/" + test_name + ".XXXXXX: cannot create run directory: " +
                         std::strerror(errno));
  }
  // Reachable by root and Exim's group only (issue 14, S2): the generated
  // conf, the transcript and the auth socket are nobody else's business.
  if (chown(run.c_str(), geteuid(), exim_gid) != 0 || chmod(run.c_str(), 0750) != 0)
    throw HarnessError(run + ": cannot set owner or mode: " + std::strerror(errno));
  std::string spool = run + "/spool";
  if (mkdir(spool.c_str(), 0750) != 0 || chown(spool.c_str(), exim_uid, exim_gid) != 0) {
    throw HarnessError(spool + ": cannot create Exim's spool: " + std::strerror(errno));
  }
  return run;
}

void AllowDovecotSearch(const std::string& run_dir) {
  static const long dovecot_uid = [] {  // looked up once per run, not per test
    const passwd* pw = getpwnam("dovecot");
    return pw ? static_cast<long>(pw->pw_uid) : -1L;
  }();
  if (dovecot_uid >= 0) AllowSearch(run_dir, static_cast<uid_t>(dovecot_uid));
}

namespace {

// Removes NAME in the directory PARENT_FD, and everything below it, without
// following a symbolic link and without leaving the file system DEV: every
// directory is opened relative to its parent's descriptor with O_NOFOLLOW,
// so a link or a directory swapped for one while this runs (the caller and
// Exim's user own directories in a run directory) is removed as a link,
// never entered. Depth is bounded; what cannot be removed stays.
//
// IS_DIR is what the parent's listing said (d_type), a hint only: a name
// listed as a directory is opened as one first, anything else unlinked
// first, and either falls back to the other when the name turns out to be
// the other kind (swapped since the listing, or a file system that gives no
// type). The listing is read with getdents64 into BUF (one for the whole
// tree: a level has listed its entries before it descends): no DIR (and its
// 32 KB buffer, its fcntl and fstat calls) per directory.
constexpr std::size_t kListingBuffer = 4096;

void RemoveAt(int parent_fd, const char* name, dev_t dev, int depth, bool is_dir, char* buf) {
  if (!is_dir && (unlinkat(parent_fd, name, 0) == 0 || errno == ENOENT)) return;
  if (depth > 200) return;
  int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (is_dir && (errno == ENOTDIR || errno == ELOOP)) unlinkat(parent_fd, name, 0);  // not a directory now
    return;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_dev != dev) {  // a mount point: not ours to empty
    close(fd);
    return;
  }
  struct Entry {
    std::string name;
    bool is_dir;
  };
  std::vector<Entry> entries;
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, kListingBuffer);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      off += e->d_reclen;
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      entries.push_back({e->d_name, e->d_type == DT_DIR});
    }
  }
  for (const Entry& entry : entries) RemoveAt(fd, entry.name.c_str(), dev, depth + 1, entry.is_dir, buf);
  close(fd);
  unlinkat(parent_fd, name, AT_REMOVEDIR);
}

}  // namespace

void RemoveTree(const std::string& path) {
  RecordRunEnded(path);
  std::string parent = path.substr(0, path.find_last_of('/') + 1);
  std::string name = path.substr(parent.size());
  if (name.empty() || name == "." || name == "..") return;
  int parent_fd = open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd < 0) return;
  struct stat st;
  alignas(8) char buf[kListingBuffer];
  if (fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
    RemoveAt(parent_fd, name.c_str(), st.st_dev, 0, S_ISDIR(st.st_mode), buf);
  close(parent_fd);
}

}  // namespace harness
