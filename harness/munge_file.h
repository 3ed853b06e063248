// munge_file.h - extra normalisation rules for one test or suite, given as a
// data file beside the script (upstream runtest's per-test `munge` needs
// them). Format and placement: docs/normalisation.md.
#ifndef HARNESS_MUNGE_FILE_H_
#define HARNESS_MUNGE_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/normaliser.h"

namespace harness {

/// Parses the text of an extra-rules file named \a file (used in messages):
///
///   # comment
///   rule NAME                  starts a rule (NAME: a-z, 0-9, '-'; unique)
///   streams STREAM...          log rejectlog paniclog stdout stderr dovecot,
///                              logs (the three logs), all
///   pattern RE2                the rest of the line
///   replace TEXT               the rest of the line (RE2 rewrite: \1..\9), or
///   drop                       drop the lines the pattern matches
///   example INPUT              optional, repeatable: a line the rule changes...
///   result OUTPUT              ...and what the rule alone makes of it (a drop
///                              rule's example has no result: it must match)
///
/// Every check happens here: unknown keys, missing or repeated fields, unknown
/// streams or placeholders, RE2's own message for a bad pattern, a replacement
/// naming a group the pattern lacks, an example that does not give its
/// result. Throws HarnessError at file:line.
std::vector<RuleSpec> ParseExtraRules(std::string_view text, const std::string& file);

/// Where the extra rules of the test script at \a script_path may be: the
/// suite's "munge" file beside it, then the test's "NNNN.munge". Rules apply
/// in that order (suite first); a missing file contributes nothing.
std::vector<std::string> ExtraRulePaths(const std::string& script_path);

}  // namespace harness

#endif  // HARNESS_MUNGE_FILE_H_
