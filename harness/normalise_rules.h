// normalise_rules.h - the rule table behind Normaliser (internal to the
// normaliser; tests may use it to list or probe rules).
#ifndef HARNESS_NORMALISE_RULES_H_
#define HARNESS_NORMALISE_RULES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "harness/normaliser.h"

namespace harness {
namespace normalise {

/// Mutable state shared by the rules of one test.
struct State {
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
  /// The context's numeric ids as text, computed once.
  std::string caller_uid, caller_gid, exim_uid, exim_gid;
};

/// What a rule sees besides the line.
struct Env {
  const NormaliseContext& ctx;
  State& state;
  Stream stream;
};

/// Whether the line survives a rule.
enum class Verdict { kKeep, kDrop };

/// A cheap test run before a rule's action, so that most lines skip most rules
/// without any real matching.
struct Guard {
  enum class Kind { kNone, kContains, kStartsWith, kLeadingDigit };
  Kind kind = Kind::kNone;
  std::string_view text;

  /// Every line passes.
  static constexpr Guard None() { return Guard{Kind::kNone, {}}; }
  /// The line must contain \a text.
  static constexpr Guard Contains(std::string_view text) {
    return Guard{Kind::kContains, text};
  }
  /// The line must start with \a text.
  static constexpr Guard StartsWith(std::string_view text) {
    return Guard{Kind::kStartsWith, text};
  }
  /// The line must start with a decimal digit.
  static constexpr Guard LeadingDigit() { return Guard{Kind::kLeadingDigit, {}}; }

  bool Admits(std::string_view line) const {
    switch (kind) {
      case Kind::kNone: return true;
      case Kind::kContains: return line.find(text) != std::string_view::npos;
      case Kind::kStartsWith: return line.substr(0, text.size()) == text;
      case Kind::kLeadingDigit: return !line.empty() && line[0] >= '0' && line[0] <= '9';
    }
    return true;
  }
};

struct Rule;

/// Rewrites \a line in place (or drops it). \a rule is the row being applied,
/// so that generic actions can use its guard text and replacement.
using Action = Verdict (*)(std::string& line, Env& env, const Rule& rule);

/// One row of the table: \a action is applied to the lines of the streams in
/// \a streams that pass \a guard, in table order.
struct Rule {
  std::string_view name;     ///< short kebab-case name, unique
  StreamMask streams;        ///< where the rule applies
  Guard guard;               ///< cheap prefilter
  Action action;             ///< the matcher/rewriter
  std::string_view replacement;  ///< used by generic actions (literal rows)
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

/// Perl's magic string increment ("aX" -> "aY", "aZ" -> "bA", "zZ" -> "aaA").
std::string MagicIncrement(std::string s);

/// Standard base64 (RFC 4648, with padding). Decode returns false on any
/// character outside the alphabet or a bad length.
std::string Base64Encode(std::string_view bytes);
bool Base64Decode(std::string_view text, std::string* out);

}  // namespace normalise
}  // namespace harness

#endif  // HARNESS_NORMALISE_RULES_H_
