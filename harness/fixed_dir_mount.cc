// fixed_dir_mount.cc - see fixed_dir_mount.h.
#include "harness/fixed_dir_mount.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "harness/containment.h"
#include "harness/diagnostic.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string Why(const std::string& what) { return what + ": " + std::strerror(errno); }

[[noreturn]] void Fail(const std::string& dir, const std::string& why) {
  throw HarnessError("fixed directory " + dir + " (for the configuration's server_socket): " + why);
}

void Mount(const std::string& dir, const char* source, const std::string& target, const char* type,
           unsigned long flags, const char* data = nullptr) {
  if (mount(source, target.c_str(), type, flags, data) != 0)
    Fail(dir, Why(std::string("mount ") + (source ? source : "") + " on " + target));
}

// Every mount of our namespace a slave: nothing mounted here reaches the
// machine's namespace. Once per process. False (errno set) if refused.
bool MakeNamespaceSlave() {
  static bool done = false;
  if (!done) done = mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) == 0;
  return done;
}

}  // namespace

FixedDirMount::FixedDirMount(const std::string& dir, const std::string& mirror) {
  try {
    Setup(dir, mirror);
  } catch (...) {
    Undo();
    throw;
  }
}

void FixedDirMount::Setup(const std::string& dir, const std::string& mirror) {
  if (!IsNamespaceInit())
    Fail(dir, "needs runtest's private mount namespace (run as root, without HARNESS_NO_CONTAINMENT)");
  std::error_code ec;
  fs::create_directories(mirror, ec);
  if (ec) Fail(dir, "cannot create " + mirror + ": " + ec.message());
  if (!MakeNamespaceSlave()) Fail(dir, Why("mount / as a slave"));

  // The part of dir that exists, resolved (/var/run -> /run), and the
  // components below it that do not.
  std::string existing = dir;
  std::vector<std::string> missing;
  struct stat st;
  while (stat(existing.c_str(), &st) != 0) {
    if (errno != ENOENT) Fail(dir, Why("stat " + existing));
    auto slash = existing.rfind('/');
    missing.insert(missing.begin(), existing.substr(slash + 1));
    existing = slash == 0 ? "/" : existing.substr(0, slash);
  }
  char real[PATH_MAX];
  if (!realpath(existing.c_str(), real)) Fail(dir, Why("realpath " + existing));
  std::string base = real;
  if (!S_ISDIR(st.st_mode)) Fail(dir, base + " is not a directory");

  if (missing.empty()) {  // it exists: cover it
    Mount(dir, mirror.c_str(), base, nullptr, MS_BIND);
    unmount_.push_back(base);
    return;
  }
  if (base == "/") Fail(dir, "its nearest existing ancestor is / (not covered)");
  // Cover the ancestor with an overlay of itself whose upper layer is in
  // the run directory: the missing directories are made there, and every
  // entry of the ancestor shows through unchanged (one mount, however many
  // entries it has).
  const std::string layers = mirror + ".overlay";
  for (const std::string& p : {base, layers})
    if (p.find_first_of(",:\\") != std::string::npos) Fail(dir, p + " holds a character overlay options cannot take");
  // mirror exists (made above): its sibling and two directories in it.
  for (const std::string& p : {layers, layers + "/upper", layers + "/work"}) {
    struct stat made;
    if (mkdir(p.c_str(), 0755) != 0 && (errno != EEXIST || lstat(p.c_str(), &made) != 0 || !S_ISDIR(made.st_mode)))
      Fail(dir, "cannot create " + p + ": " + std::strerror(errno == 0 ? EEXIST : errno));
  }
  if (chmod((layers + "/upper").c_str(), st.st_mode & 07777) != 0) Fail(dir, Why("chmod " + layers + "/upper"));
  // The missing directories are made in the upper layer before it is
  // mounted (a directory made through the overlay costs it a copy-up
  // check and a rename from its work directory).
  std::string upper_path = layers + "/upper", path = base;
  for (const std::string& part : missing) {
    upper_path += "/" + part;
    path += "/" + part;
    if (mkdir(upper_path.c_str(), 0755) != 0) Fail(dir, Why("mkdir " + upper_path));
  }
  const std::string options = "lowerdir=" + base + ",upperdir=" + layers + "/upper,workdir=" + layers + "/work";
  Mount(dir, "overlay", base, "overlay", MS_NOSUID | MS_NODEV, options.c_str());
  unmount_.push_back(base);
  Mount(dir, mirror.c_str(), path, nullptr, MS_BIND);
}

void FixedDirMount::Undo() {
  for (auto it = unmount_.rbegin(); it != unmount_.rend(); ++it) umount2(it->c_str(), MNT_DETACH);
  unmount_.clear();
}

FixedDirMount::~FixedDirMount() { Undo(); }

FileMount::FileMount(const std::string& file, const std::string& at) : at_(at) {
  auto fail = [&](const std::string& what) {
    throw HarnessError("cannot show " + file + " at " + at + ": " + Why(what));
  };
  if (!IsNamespaceInit()) {
    errno = EPERM;
    fail("needs runtest's private mount namespace (run as root, without HARNESS_NO_CONTAINMENT)");
  }
  if (!MakeNamespaceSlave()) fail("mount / as a slave");
  if (mount(file.c_str(), at.c_str(), nullptr, MS_BIND, nullptr) != 0) fail("mount");
}

FileMount::~FileMount() { umount2(at_.c_str(), MNT_DETACH); }

}  // namespace harness
