// line_regex.h - an RE2 searched the way short lines are searched cheaply.
//
// RE2's unanchored search (PartialMatch, Replace, GlobalReplace) runs the
// DFA forward to find where a match ends, then compiles a second, reversed
// program and runs it backward to find where it starts, before extracting
// the groups: on a fresh RE2 that costs 7-45 us per pattern (DFA states,
// the reverse program), more than its compilation. A normaliser compiles
// each pattern it meets once per runtest process and matches it against a
// few short lines, so that cost was paid in full by every test.
//
// LineRegex compiles `(?s:.*?)(PATTERN)` and matches it anchored at the
// search position with groups asked for: RE2 then runs its bit-state
// backtracker directly (lines up to a few thousand bytes; longer ones fall
// back to the anchored DFA, no reverse program either). The lazy prefix
// finds the leftmost position where PATTERN matches, and PATTERN's own
// preferences decide the match there: the same match as RE2's unanchored
// leftmost-first search (`^`, `\b` and `$` see the whole text, as there).
// The outer group is the whole match; the pattern's groups keep their
// numbers in every call below.
//
// That path costs time in proportion to the line times the pattern's size,
// where the DFA, once built, costs only the line: a LineRegex searched more
// than kColdSearches times (a rule meeting a long log: bench/run figure 5
// normalises 50 MB) compiles PATTERN as a plain RE2 and searches with it
// from then on. Both give the same matches (line_regex_test.cc checks both
// against RE2). Not for concurrent use: it counts its searches.
#ifndef HARNESS_LINE_REGEX_H_
#define HARNESS_LINE_REGEX_H_

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

namespace harness {

class LineRegex {
 public:
  /// Groups a call can hand out: \0 and \1..\9 of a rewrite, and one more.
  static constexpr int kMaxGroups = 11;
  /// Searches before PATTERN is compiled as a plain RE2 and searched so.
  static constexpr unsigned kColdSearches = 32;

  LineRegex(std::string_view pattern, const RE2::Options& options);

  /// False for a bad pattern; error() says why, about PATTERN as given.
  bool ok() const { return re_.ok(); }
  const std::string& error() const { return error_; }
  /// PATTERN's capturing groups (not counting the outer one).
  int NumberOfCapturingGroups() const { return re_.NumberOfCapturingGroups() - 1; }

  /// RE2::CheckRewriteString for PATTERN's groups.
  bool CheckRewriteString(std::string_view rewrite, std::string* error) const;

  /// The leftmost match starting at or after `from`: groups[0] the match,
  /// groups[1..n-1] PATTERN's groups. n is 1..kMaxGroups.
  bool Find(std::string_view text, std::size_t from, std::string_view* groups, int n) const;

  /// As RE2::PartialMatch(text, re).
  bool PartialMatch(std::string_view text) const;
  /// As RE2::Replace: the first match rewritten. True if there was one.
  bool Replace(std::string* str, std::string_view rewrite) const;
  /// As RE2::GlobalReplace (an empty match right after a match is skipped,
  /// one byte at a time: the Latin-1 rule). The number of replacements.
  int GlobalReplace(std::string* str, std::string_view rewrite) const;

 private:
  /// PATTERN as a plain RE2 once searched more than kColdSearches times;
  /// null before.
  const RE2* Warm() const;

  std::string pattern_;
  RE2::Options options_;
  RE2 re_;
  std::string error_;
  mutable unsigned searches_ = 0;
  mutable std::unique_ptr<RE2> warm_;
};

}  // namespace harness

#endif  // HARNESS_LINE_REGEX_H_
