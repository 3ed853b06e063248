// differ.h - exact comparison of expected and actual text, with a unified
// diff (Myers O(ND)) when they differ.
#ifndef HARNESS_DIFFER_H_
#define HARNESS_DIFFER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

/// One line of a diff hunk.
struct DiffLine {
  char op = ' ';             ///< ' ' context, '-' only in expected, '+' only in actual
  std::string text;          ///< the line without its terminator
  bool has_newline = true;   ///< false for a last line without "\n"
  int expected_line = 0;     ///< 1-based line in expected; 0 for '+'
  int actual_line = 0;       ///< 1-based line in actual; 0 for '-'
};

/// One "@@ -a,b +c,d @@" hunk. Starts are 1-based; for an empty range the
/// start is the line before it (GNU diff convention), e.g. "-0,0".
struct DiffHunk {
  int expected_start = 0;
  int expected_count = 0;
  int actual_start = 0;
  int actual_count = 0;
  std::vector<DiffLine> lines;

  /// "@@ -a,b +c,d @@" (a count of 1 is omitted, as diff -u does).
  std::string Header() const;
};

/// How to compare and what to call the two sides.
struct DiffOptions {
  std::string expected_label = "expected";            ///< "--- " header and summary
  std::string actual_label = "actual (normalised)";   ///< "+++ " header
  int context = 3;                                    ///< lines of context per hunk
  /// Memory/time cap for the Myers search, in trace cells (ints). When the
  /// edit distance needs more, the differing middle section becomes one
  /// delete-all/insert-all hunk (DiffResult::approximate).
  std::size_t max_cells = std::size_t{1} << 24;
};

/// The outcome of Diff().
struct DiffResult {
  bool equal = true;               ///< byte-for-byte identical
  bool approximate = false;        ///< the cap was hit; hunks are not minimal
  std::vector<DiffHunk> hunks;
  int first_expected_line = 0;     ///< 1-based expected line of the first difference
  int first_actual_line = 0;       ///< 1-based actual line of the first difference
  /// "--- label\n+++ label\n@@ ... @@\n..." ; empty when equal.
  std::string unified;
  /// "<expected_label>:<line>: first difference"; empty when equal.
  std::string summary;
};

/// Compares \a expected with \a actual byte for byte and, if they differ,
/// computes a line diff. A missing final newline counts as a difference and
/// shows as "\ No newline at end of file". Bytes are kept as they are.
DiffResult Diff(std::string_view expected, std::string_view actual,
                const DiffOptions& options = DiffOptions());

}  // namespace harness

#endif  // HARNESS_DIFFER_H_
