// upstream_tree.h - what upstream runtest makes in its test directory before
// the first test, made here in each run directory instead (tree_layout.h:
// an upstream test/ run unchanged).
//
// Upstream copies every file of aux-var-src/ to aux-var/ and of
// dnszones-src/ to dnszones/ through its substitutions (TESTNUM being the
// file name's leading digits, else 0; db.ip4.V4NET and db.ip6.V6NET renamed
// for the test networks), links aux-var/sh to /bin/sh, and the confs name
// DIR/aux-fixed/... (read-only material, linked here).
#ifndef HARNESS_UPSTREAM_TREE_H_
#define HARNESS_UPSTREAM_TREE_H_

#include <string>
#include <utility>
#include <vector>

#include "harness/substitutions.h"

namespace harness {

/// Upstream's test networks (runtest's defaults).
inline constexpr const char* kV4TestNet = "224";
inline constexpr const char* kV6TestNet = "ff00";

/// The domain that qualifies a host name without one when an upstream tree
/// runs (containment.h QualifyHostName): "vm" becomes "vm.example.test",
/// as in the reference runs of upstream runtest (docs/upstream-verdicts.md).
inline constexpr const char* kHostDomain = "example.test";

/// A file or symbolic link to make in the run directory.
struct RunDirEntry {
  std::string path;     ///< relative to the run directory: "aux-var/std_conf_prefix"
  std::string text;     ///< a file's contents
  std::string link_to;  ///< non-empty: a symbolic link to this instead
  /// An empty directory of the caller's instead (runtest's `mkdir "test-mail"`,
  /// made as the caller before each test, for appendfile deliveries).
  bool caller_directory = false;
};

/// The source files of one directory: name, text.
using SourceFiles = std::vector<std::pair<std::string, std::string>>;

/// aux-var/, dnszones/, aux-var/sh, the aux-fixed link and the bin link (the
/// tree's built helpers: Exim calls bin/fakens beside its configuration), from the texts of
/// aux-var-src/ and dnszones-src/ (names starting with '.' are skipped, as
/// upstream does), the run's substitution values (dir = the run directory)
/// and the tree's path, and the host's own zones (AddHostZones with the
/// values' host name and addresses). Pure.
std::vector<RunDirEntry> UpstreamRunDirEntries(const SourceFiles& aux_var_src, const SourceFiles& dnszones_src,
                                               const SubstitutionValues& values, const std::string& tree);

/// The fake zones upstream runtest writes for the host itself (its "Create
/// fake DNS zones for this host"), after the copies of dnszones-src/: with
/// \a hostname "SHORT.DOMAIN", dnszones/dbDOMAIN ("PASS ON NOT FOUND", SHORT's
/// A and AAAA records); the reverse zone of \a ipv4 (db.ip4.FIRST, PTR to the
/// host name; appended to for 10.x, written over otherwise; none for
/// 127.0.0.1) and of \a ipv6 (db.ip6.NIBBLES of its first group; none for
/// ::1). An empty address is one the host does not have. Entries already in
/// \a entries with the same path are written over or appended to, as
/// upstream's files are. Pure.
void AddHostZones(std::vector<RunDirEntry>* entries, const std::string& hostname, const std::string& ipv4,
                  const std::string& ipv6);

/// The TRUSTED_CONFIG_LIST path in `exim -d -bV` output (its line
/// `TRUSTED_CONFIG_LIST: "PATH"`); "" if there is none. Pure.
std::string TrustedConfigListOf(const std::string& bv_debug_output);

/// Upstream's extra substitutions, applied after Substitute(): V4NET and
/// V6NET (the test networks) and "_PORT_D" inside a word. Pure.
std::string SubstituteUpstreamExtras(std::string text, const SubstitutionValues& values);

}  // namespace harness

#endif  // HARNESS_UPSTREAM_TREE_H_
