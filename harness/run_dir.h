// run_dir.h - the private per-test run directory.
//
// Layout of RUN (= WORK_ROOT/NNNN.xxxxxx, mode 0750, root:Exim's group;
// WORK_ROOT is /dev/shm/exim-harness unless --work-dir says otherwise):
//   test-config                the generated Exim configuration (0644, in a 0750 directory)
//   spool/                     Exim's spool, owned by Exim's user; logs in spool/log
//   test-stdout, test-stderr, test-stderr-server, test-stdout-server   raw outputs
//   fake_dovecot.stderr        fake_dovecot's stderr
//   dovecot/                   a real Dovecot's configuration, logs and sockets
//   exim-daemon.pid            pid file of a -bd daemon (-oP)
//   auth-client                the Dovecot auth socket (fake or real)
//   dovecot-transcript         fake_dovecot's wire transcript
//   normalised/                the normalised outputs that were compared (written
//                              when the directory is kept: --keep, or a failure)
#ifndef HARNESS_RUN_DIR_H_
#define HARNESS_RUN_DIR_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "harness/socket_path.h"

namespace harness {

/// Why Exim's user cannot reach \a path: "" if every directory from / down
/// to \a path can be searched by uid/gid, else a sentence naming the first
/// directory that blocks it and its mode.
std::string WhyNotTraversable(const std::string& path, uid_t uid, gid_t gid);

/// Where run directories go by default: in memory. A test's files are small
/// and short-lived, and on a disk file system creating and removing them
/// (and Exim's logs) costs more CPU than anything else the harness does per
/// test (bench/run figure 2).
constexpr const char* kRamWorkRoot = "/dev/shm/exim-harness";

/// The work root: \a requested if given (created if missing; an error if Exim's
/// user cannot traverse it); else kRamWorkRoot when PrepareRamWorkRoot()
/// accepts it; else BUILD_DIR/work, or, when Exim's user cannot reach that or
/// its paths would be too long for a UNIX socket, a fallback under /tmp.
/// \a note then says why the defaults before it were not used. Returns an
/// absolute path.
/// Every directory on the way is checked before anything is made in it
/// (WhyUnsafeDir, with \a trusted), and missing ones are made one by one.
std::string ChooseWorkRoot(const std::string& requested, const std::string& build_dir, uid_t exim_uid,
                           gid_t exim_gid, std::string* note, const std::vector<uid_t>& trusted = {});

/// The users whose directories may hold a work root besides root and this
/// process's user: the owner of \a source_dir (whoever owns the test scripts
/// already decides what root runs) and the user sudo ran us for ($SUDO_UID).
std::vector<uid_t> TrustedOwners(const std::string& source_dir);

/// Whether \a path is on a tmpfs (a file system in memory).
bool IsTmpfs(const std::string& path);

/// Makes \a dir (mode 0711) on a tmpfs and returns it, or returns "" with the
/// reason in *problem: the parent is not a tmpfs; \a dir exists but is not a
/// directory of this user's (its parent, /dev/shm, is writable by all); Exim's
/// user cannot search it; or it is too long for the per-test socket path.
std::string PrepareRamWorkRoot(const std::string& dir, uid_t exim_uid, gid_t exim_gid, std::string* problem);

/// Why \a path is not safe to use as a work root against other local users:
/// "" if it is a directory (not a symbolic link) owned by root or this user,
/// writable by nobody else, and every directory above it belongs to root,
/// this user or one of \a trusted (whoever owns a directory can rename what
/// is in it) and is either not writable by others or sticky (/tmp); else a
/// sentence naming the problem.
std::string WhyUnsafeDir(const std::string& path, const std::vector<uid_t>& trusted = {});

/// A random run-directory suffix of 6 lower-case letters and digits: no
/// Exim macro name (they start with an upper-case letter) can occur in it.
std::string RandomRunDirSuffix();

/// Creates WORK_ROOT/NNNN.xxxxxx (root:Exim's group, 0750; see
/// AllowDovecotSearch) with spool/ owned by
/// exim_uid/gid. Throws HarnessError on failure.
std::string CreateRunDir(const std::string& work_root, const std::string& test_name, uid_t exim_uid,
                         gid_t exim_gid);

/// Gives the user `dovecot` (if there is one) search permission on the run
/// directory \a run_dir (a POSIX ACL entry): a private real Dovecot's
/// unprivileged auth process must reach its files there. Only for a test
/// with a real Dovecot: otherwise that user is as much a stranger as any.
void AllowDovecotSearch(const std::string& run_dir);

/// Removes what runtests killed by SIGKILL left in \a work_root: the run
/// directory of the test each was running (named in its unlocked lock file
/// WORK_ROOT/.runtest-xxxxxx.lock) and the lock file. Returns the removed
/// directories. A live runtest's lock is held (flock) and left alone.
std::vector<std::string> SweepStaleRuns(const std::string& work_root);

/// Removes kept run directories (WORK_ROOT/NNNN.xxxxxx, directories of this
/// user; for root also those given to an upstream tree's caller) last modified before \a older_than (seconds since the epoch), except
/// one a live runtest names in its lock file as in progress. Returns them.
std::vector<std::string> RemoveKeptRunDirs(const std::string& work_root, time_t older_than);

/// RemoveKeptRunDirs of those older than \a max_age_days (0: none). One
/// readdir of the work root; an lstat per NNNN.xxxxxx entry only.
std::vector<std::string> RemoveOldKeptRunDirs(const std::string& work_root, int max_age_days);

/// rm -rf, ignoring errors, that follows no symbolic link and stays on the
/// file system of \a path: every directory below it is opened relative to its
/// parent with O_NOFOLLOW (the caller and Exim's user own directories in a run
/// directory, and could swap one for a link while root removes it).
void RemoveTree(const std::string& path);

}  // namespace harness

#endif  // HARNESS_RUN_DIR_H_
