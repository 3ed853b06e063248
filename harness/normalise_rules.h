// normalise_rules.h - the rule table behind Normaliser, as data: one row per
// rule with its streams, prefilter, RE2 pattern and replacement (or, where a
// pattern cannot express it, a function) and its examples. Internal to the
// normaliser; tests and bench/normalise_pl.cc read the table.
#ifndef HARNESS_NORMALISE_RULES_H_
#define HARNESS_NORMALISE_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "harness/normaliser.h"

namespace harness {
namespace normalise {

/// State of the upstream rule set (upstream_rules.cc): runtest's %cache and
/// its counters (one test), and what runtest's munge() keeps per file.
struct UpstreamState {
  std::unordered_map<std::string, std::string> cache;  ///< new_value()'s %cache
  std::string next_msgid_old = "aX";
  std::string next_msgid = "aX";
  int next_pid = 1234;
  int next_port = 10001;
  int next_conn = 1111;
  // Per file: a multi-line construct in progress (runtest's extra <IN> reads).
  int mode = 0;          ///< which construct (upstream_rules.cc)
  int count = 0;         ///< lines it still consumes
  std::string held;      ///< a line held back until the next one is seen
  void ResetForFile() {
    mode = 0;
    count = 0;
    held.clear();
  }
};

/// Mutable state shared by the rules of one test.
struct State {
  /// The upstream rule set's state (unused by the project's table).
  UpstreamState upstream;
  /// Raw message id -> placeholder (stable within the test).
  std::unordered_map<std::string, std::string> msgids;
  /// Next magic sequence for message ids (Perl-style "aX"++ -> "aY").
  std::string next_msgid = "aX";
  /// Raw ephemeral port -> placeholder number.
  std::unordered_map<std::string, std::string> ephemeral_ports;
  /// Next ephemeral port placeholder (runtest 2006 starts at 1111).
  int next_port = 1111;
  /// Pid prefix of daemon debug lines in stderr; reset for every file.
  std::string spid;
  /// Dropping the indented continuation of a "Library version:" block.
  bool skipping_indented = false;
};

/// What a code rule sees besides the line.
struct Env {
  const NormaliseContext& ctx;
  State& state;
  Stream stream;
};

/// What a rule did to the line.
enum class Verdict { kKeep, kChanged, kDrop };

/// A rule that a pattern cannot express: rewrites \a line in place or drops it.
using Code = Verdict (*)(std::string& line, Env& env);

/// The set of byte pairs (hashed into 64 bits) that occur in a line: a line
/// lacks a literal if it lacks one of the literal's pairs, which is found
/// without searching. Computed once per line and again only after a change.
struct PairSet {
  std::uint64_t bits = 0;

  static unsigned Hash(unsigned char a, unsigned char b) {
    return ((static_cast<std::uint32_t>(a) << 8 | b) * 0x9E3779B1u) >> 26;
  }
  void Add(unsigned char a, unsigned char b) { bits |= std::uint64_t{1} << Hash(a, b); }
  static PairSet Of(std::string_view text) {
    std::uint64_t acc = 0;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 1; i < text.size(); ++i) acc |= std::uint64_t{1} << Hash(p[i - 1], p[i]);
    PairSet set;
    set.bits = acc;
    return set;
  }
  PairSet Intersect(const PairSet& other) const {
    PairSet r;
    r.bits = bits & other.bits;
    return r;
  }
  /// Every pair of \a other is (probably) here; false means certainly not.
  bool Contains(const PairSet& other) const { return (bits & other.bits) == other.bits; }
};

/// A cheap test run before a rule's pattern or code, so that most lines skip
/// most rules without any real matching. Written as text in the table:
///   ""          every line
///   "text"      the line contains text
///   "^text"     the line starts with text; in a start, '#' stands for a digit
///   "a|^b|c"    any of the alternatives holds
///   "^[chars]"  the line's first character is one of chars
/// Context placeholders (${run_dir}, ...) are expanded first; a rule whose
/// prefilter names an empty context value never applies.
class Prefilter {
 public:
  enum class Kind { kNone, kAny, kFirstCharIn };
  /// One alternative of kAny.
  struct Literal {
    std::string text;
    bool anchored = false;  ///< at the start of the line ('#' = a digit)
    PairSet pairs;          ///< the pairs of text (without '#')
  };

  Prefilter() = default;
  /// Parses the table form (see above).
  explicit Prefilter(std::string_view text);

  bool Admits(std::string_view line) const { return Admits(line, PairSet::Of(line)); }
  /// The same, given the pairs of \a line (a contains-test looks at them first).
  bool Admits(std::string_view line, const PairSet& pairs) const {
    switch (kind_) {
      case Kind::kNone: return true;
      case Kind::kAny:
        for (const Literal& l : any_) {
          if (l.anchored ? StartsWith(line, l.text)
                         : pairs.Contains(l.pairs) && line.find(l.text) != std::string_view::npos)
            return true;
        }
        return false;
      case Kind::kFirstCharIn:
        return !line.empty() && chars_.find(line[0]) != std::string::npos;
    }
    return true;
  }
  /// Pairs every admitted line has (a necessary condition, for a quick gate).
  const PairSet& necessary() const { return necessary_; }
  Kind kind() const { return kind_; }
  const std::vector<Literal>& alternatives() const { return any_; }
  /// kFirstCharIn: the characters.
  const std::string& chars() const { return chars_; }

 private:
  static bool StartsWith(std::string_view line, const std::string& start) {
    if (line.size() < start.size()) return false;
    for (std::size_t i = 0; i < start.size(); ++i) {
      char c = line[i];
      if (start[i] == '#' ? (c < '0' || c > '9') : c != start[i]) return false;
    }
    return true;
  }

  Kind kind_ = Kind::kNone;
  std::string chars_;
  std::vector<Literal> any_;
  PairSet necessary_;  ///< pairs common to every alternative
};

/// One example of a rule: \a input (one or more lines, "\n"-separated, no
/// final newline) normalised as the rule's first stream with ExampleContext()
/// by the whole table gives \a output (empty when every line is dropped).
struct Example {
  std::string_view input;
  std::string_view output;
};

/// Replacement text that drops the line instead of rewriting it.
inline constexpr std::string_view kDropLine = "<drop line>";

/// One row of the table: on lines of \a streams that pass \a prefilter, either
/// every match of \a pattern is replaced by \a replacement (RE2 rewrite
/// syntax: \1..\9 for groups, \\ for a backslash), or the line is dropped if
/// \a replacement is kDropLine and \a pattern matches, or \a code runs.
/// \a pattern may use the context placeholders ${run_dir}, ${hostname},
/// ${caller}, ${caller_home}, ${caller_uid}, ${caller_gid}, ${exim_user},
/// ${exim_uid}, ${exim_gid} (each stands for the quoted literal value).
struct Rule {
  std::string_view name;         ///< short kebab-case name, unique
  StreamMask streams;            ///< where the rule applies
  std::string_view prefilter;    ///< see Prefilter
  std::string_view pattern;      ///< RE2; empty for a code rule
  std::string_view replacement;  ///< RE2 rewrite, or kDropLine
  Code code = nullptr;           ///< set instead of pattern/replacement
  /// A code rule's Perl port: statements run with the line in $_ (bench/normalise_pl.cc).
  std::string_view perl = {};
  bool not_in_ipv6_test = false;  ///< skipped when the context's ipv6_test is set
  Example examples[2] = {};       ///< the first is required; the second may be empty
  /// False: only the first match is replaced (Perl's s/// without /g; the
  /// upstream table's rows say so where runtest does).
  bool global = true;
};

/// The ordered rule table.
struct RuleTable {
  const Rule* first;
  std::size_t count;
  const Rule* begin() const { return first; }
  const Rule* end() const { return first + count; }
  std::size_t size() const { return count; }
};

/// The rules, in application order.
RuleTable Rules();

/// The context the examples of the table are normalised with.
NormaliseContext ExampleContext();

/// The first stream of \a mask in Stream order (the stream examples use).
Stream FirstStream(StreamMask mask);

/// Expands the context placeholders of \a text (see Rule). Each value goes
/// through \a quote (RE2::QuoteMeta for patterns, identity for prefilters).
/// Returns false if a placeholder is unknown or its value is empty.
bool ExpandPlaceholders(std::string_view text, const NormaliseContext& ctx,
                        std::string (*quote)(std::string_view), std::string* out);

/// Perl's magic string increment ("aX" -> "aY", "aZ" -> "bA", "zZ" -> "aaA").
std::string MagicIncrement(std::string s);

}  // namespace normalise
}  // namespace harness

#endif  // HARNESS_NORMALISE_RULES_H_
