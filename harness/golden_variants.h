// golden_variants.h - version-specific expected output ("variant goldens").
//
// expected/<kind>/NNNN is the golden of test NNNN recorded with Debian's Exim
// 4.96. A reviewed behaviour change of a later Exim is recorded beside it as
// expected/<kind>/NNNN@V (e.g. expected/log/3662@4.99): it applies to every
// Exim whose version is >= V. For a run against version X the golden is the
// variant with the highest V <= X, else the base file. Pure functions, no I/O
// except ListGoldenNames.
#ifndef HARNESS_GOLDEN_VARIANTS_H_
#define HARNESS_GOLDEN_VARIANTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

/// The numeric part of an Exim version: "4.99.1" -> {4, 99, 1}. Reads
/// dot-separated decimal numbers from the start and stops at the first other
/// character, so a suffix is ignored ("4.98.2-RC1", "4.97_1",
/// "4.99.1-25-gabc1234" -> the numbers before it). nullopt when \a text does
/// not start with a digit, has an empty or over-long (> 6 digits) component
/// ("4..1", "4.") or more than 8 components.
std::optional<std::vector<int>> ParseEximVersion(std::string_view text);

/// <0, 0, >0 as \a a is older than, the same as, newer than \a b; missing
/// trailing components count as 0 (4.99 == 4.99.0 < 4.99.1).
int CompareEximVersions(const std::vector<int>& a, const std::vector<int>& b);

/// Picks the golden of \a test for output \a kind ("log", "stdout",
/// "dovecot", ...) and the Exim of version \a exim_version, from \a present,
/// the file names in expected/<kind>/ (in any order; other tests' names are
/// ignored). Returns "expected/<kind>/<test>@V" for the variant with the
/// highest V <= exim_version, else "expected/<kind>/<test>" (also when that
/// base file is absent: an absent golden means "no output expected").
/// Throws HarnessError
///  - "expected/<kind>/<name>: '<V>' after '@' is not an Exim version" for a
///    present variant of \a test whose V does not parse (or has a suffix),
///  - "expected/<kind>/<a> and <b> name the same Exim version" when two
///    variants are equal as versions (3662@4.99 and 3662@4.99.0),
///  - "cannot compare Exim version '<X>' with the variant goldens of <test>"
///    when variants exist and \a exim_version does not parse.
/// \a golden_root: "expected/" (the project's tree) or "" (upstream's,
/// tree_layout.h); the result and the messages start with it.
std::string SelectGolden(const std::vector<std::string>& present, std::string_view kind,
                         std::string_view test, std::string_view exim_version,
                         std::string_view golden_root = "expected/");

/// The file names in SOURCE_DIR/<golden_root><kind>/ (empty when it does not
/// exist), for SelectGolden.
std::vector<std::string> ListGoldenNames(const std::string& source_dir, std::string_view kind,
                                         std::string_view golden_root = "expected/");

}  // namespace harness

#endif  // HARNESS_GOLDEN_VARIANTS_H_
