// fixed_dir_mount.h - shows a run directory's copy of a fixed directory
// (fixed_paths.h) in that directory's place, to runtest and the processes it
// starts from then on, and to nobody else.
//
// runtest runs in a private mount namespace (containment.h); the first use
// makes every mount of it a slave, so nothing mounted here propagates to the
// machine. A directory that exists (/run/dovecot while a Dovecot runs) gets
// the copy bind-mounted over it. One that does not (/run/dovecot on most
// machines) needs a mount point, which may not be created on the machine:
// its nearest existing ancestor (/run) is covered by an overlay of itself
// whose upper layer is in the run directory (MIRROR.overlay/), where the
// missing directories are made; the copy is bind-mounted on the last of
// them. Every entry of the ancestor shows through unchanged; mounts below it
// (a /run/lock tmpfs, say) are not seen by the test's processes. Nothing of
// the machine's is mounted inside the run directory (a recursive removal of
// it stays inside it). The destructor undoes it all.
#ifndef HARNESS_FIXED_DIR_MOUNT_H_
#define HARNESS_FIXED_DIR_MOUNT_H_

#include <string>
#include <vector>

namespace harness {

class FixedDirMount {
 public:
  /// Shows `mirror` (created if missing) at `dir`. Throws HarnessError
  /// saying why not (no private mount namespace, a mount refused, `dir`
  /// exists and is not a directory), with nothing left mounted.
  FixedDirMount(const std::string& dir, const std::string& mirror);
  ~FixedDirMount();
  FixedDirMount(const FixedDirMount&) = delete;
  FixedDirMount& operator=(const FixedDirMount&) = delete;

 private:
  void Setup(const std::string& dir, const std::string& mirror);
  void Undo();
  std::vector<std::string> unmount_;  // undone last first, each with MNT_DETACH
};

/// Shows the file `file` in the place of the existing file `at` (a bind
/// mount in runtest's private mount namespace, made a slave first) until
/// destroyed. Throws HarnessError saying why not.
class FileMount {
 public:
  FileMount(const std::string& file, const std::string& at);
  ~FileMount();
  FileMount(const FileMount&) = delete;
  FileMount& operator=(const FileMount&) = delete;

 private:
  std::string at_;
};

}  // namespace harness

#endif  // HARNESS_FIXED_DIR_MOUNT_H_
