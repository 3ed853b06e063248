// normaliser.cc - drives the rule table over the lines of one raw file.
#include "harness/normaliser.h"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "harness/line_regex.h"
#include "harness/normalise_rules.h"
#include "harness/script.h"
#include "harness/upstream_rules.h"

namespace harness {

namespace {
constexpr Stream kStreams[] = {Stream::kLog,    Stream::kRejectLog, Stream::kPanicLog,
                               Stream::kStdout, Stream::kStderr,    Stream::kDovecot,
                               Stream::kMail,   Stream::kMsgLog};
constexpr std::size_t kStreamCount = sizeof(kStreams) / sizeof(kStreams[0]);
}  // namespace

const char* StreamName(Stream stream) {
  switch (stream) {
    case Stream::kLog: return "log";
    case Stream::kRejectLog: return "rejectlog";
    case Stream::kPanicLog: return "paniclog";
    case Stream::kStdout: return "stdout";
    case Stream::kStderr: return "stderr";
    case Stream::kDovecot: return "dovecot";
    case Stream::kMail: return "mail";
    case Stream::kMsgLog: return "msglog";
  }
  return "?";
}

bool StreamFromName(std::string_view name, Stream* stream) {
  // The project's rule files name only its own streams (not mail, msglog).
  for (Stream s : {Stream::kLog, Stream::kRejectLog, Stream::kPanicLog, Stream::kStdout,
                   Stream::kStderr, Stream::kDovecot})
    if (name == StreamName(s)) {
      *stream = s;
      return true;
    }
  return false;
}

namespace normalise {

/// One rule ready to run: placeholders expanded, its pattern compiled at
/// first use (a LineRegex: line_regex.h).
struct CompiledRule {
  std::string name;
  StreamMask streams = 0;
  Prefilter prefilter;
  std::string pattern;
  std::string replacement;
  bool drop = false;
  bool global = true;  ///< false: the first match only
  Code code = nullptr;
  /// The pattern is plain text (and the replacement has no group): matched
  /// with string search, without RE2.
  bool plain = false;
  std::string plain_pattern;
  std::unique_ptr<LineRegex> re;
  /// The classes of its prefilter literals' keys (Dispatch), assigned once
  /// for every stream; false: keyed by nothing, a candidate for every line.
  bool keyed = false;
  std::vector<unsigned> key_classes;
};

/// The byte pairs that are keys of some rule (see Dispatch), each with a
/// class number 1..255 (0: no key), shared by the streams of an engine.
struct PairClasses {
  static constexpr std::size_t kSize = 65536;
  /// 65536 entries, indexed by Index(a, b); null until the first Add.
  /// The first engine of the process takes a table in the program's zero
  /// pages (.bss): a page is touched only where a pair is looked up or added
  /// (the second byte picks the page: a few pages for text), where a fresh
  /// zero-filled table wrote all sixteen at every runtest start; it gives it
  /// back zeroed (only the entries it set). Another engine alive at the
  /// same time gets a table of its own.
  std::uint8_t* of = nullptr;
  unsigned count = 1;  ///< classes in use, 0 included
  PairClasses() = default;
  PairClasses(const PairClasses&) = delete;
  PairClasses& operator=(const PairClasses&) = delete;
  ~PairClasses() {
    if (!of) return;
    if (of == SharedTable()) {
      for (unsigned pair : set_) of[pair] = 0;
      SharedTableInUse().store(false);
    } else {
      delete[] of;
    }
  }
  /// The table index of the pair a, b: the two bytes read as one 16-bit
  /// little-endian number (so that a scan loads them in one go).
  static unsigned Index(unsigned char a, unsigned char b) { return a | unsigned{b} << 8; }
  /// The class of \a pair (an Index), assigned if new; 0 if all 255 are taken.
  unsigned Add(unsigned pair) {
    if (!of) of = SharedTableInUse().exchange(true) ? new std::uint8_t[kSize]() : SharedTable();
    if (of[pair] == 0 && count < 256) {
      of[pair] = static_cast<std::uint8_t>(count++);
      set_.push_back(pair);
    }
    return of[pair];
  }

 private:
  static std::uint8_t* SharedTable() {
    static std::uint8_t table[kSize];  // zero-initialised: .bss
    return table;
  }
  static std::atomic<bool>& SharedTableInUse() {
    static std::atomic<bool> in_use{false};
    return in_use;
  }
  std::vector<unsigned> set_;  ///< entries set, to give a shared table back zeroed
};

/// Which rules of a stream a line may need, found in one pass over the line.
///
/// Every literal of a rule's prefilter has a key: one of its byte pairs, the
/// one least likely in a log line. A rule is a candidate for a line if the
/// line holds the key of one of its literals, or if it is keyed by nothing
/// (no prefilter, a one-byte literal, a first-character class): a necessary
/// condition, computed for all rules at once by OR-ing, for each byte pair
/// of the line, the rule mask of the pair's class. Only candidates see their
/// prefilter's real test, in table order.
struct Dispatch {
  std::vector<CompiledRule*> rules;  ///< in table order
  std::size_t words = 0;             ///< 64-bit words of a rule mask
  std::vector<std::uint64_t> always;    ///< rules that every line is a candidate for
  std::vector<std::uint64_t> by_class;  ///< a mask per class in use: rules keyed by a pair of it
  const PairClasses* classes = nullptr;

  /// Its masks, from the rules' key classes (AssignKeys, every rule first).
  void Build(const PairClasses& classes);
  /// The candidate mask (\a words words) of \a line.
  void Candidates(std::string_view line, std::uint64_t* mask) const {
    for (std::size_t w = 0; w < words; ++w) mask[w] = always[w];
    AddPairs(line, 1, line.size(), mask);
  }
  /// After \a before became \a after: adds the rules keyed by the pairs that
  /// are new (those touching the bytes that differ). Rules whose key is gone
  /// stay candidates; their prefilter's test still decides.
  void Changed(std::string_view before, std::string_view after, std::uint64_t* mask) const;

 private:
  /// ORs into \a mask the rules keyed by the pairs ending at from..to-1.
  void AddPairs(std::string_view line, std::size_t from, std::size_t to, std::uint64_t* mask) const;
};

struct Engine {
  State state;
  PairClasses classes;
  std::vector<CompiledRule> rules;
  Dispatch by_stream[kStreamCount];
};

namespace {

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // bytes, as Perl reads them
  options.set_log_errors(false);
  return options;
}

std::string Quote(std::string_view value) { return RE2::QuoteMeta(value); }
std::string Verbatim(std::string_view value) { return std::string(value); }

// If \a pattern matches only the literal text it spells (no operators, only
// escaped punctuation), stores that text in \a literal.
bool PlainText(std::string_view pattern, std::string* literal) {
  literal->clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) return false;
      char e = pattern[++i];
      bool alnum = (e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
      if (alnum) return false;
      literal->push_back(e);
    } else if (std::string_view("^$.|?*+()[]{}").find(c) != std::string_view::npos) {
      return false;
    } else {
      literal->push_back(c);
    }
  }
  return !literal->empty();
}

void SetPattern(CompiledRule& rule, std::string pattern) {
  rule.pattern = std::move(pattern);
  rule.plain = PlainText(rule.pattern, &rule.plain_pattern) &&
               (rule.drop || rule.replacement.find('\\') == std::string::npos);
}

const LineRegex& Regex(CompiledRule& rule) {
  if (!rule.re) {
    rule.re = std::make_unique<LineRegex>(rule.pattern, PatternOptions());
    if (!rule.re->ok())
      throw std::logic_error("normalise rule " + rule.name + ": bad pattern: " + rule.re->error());
  }
  return *rule.re;
}

// Applies \a rule to \a line (which passed its prefilter).
Verdict Apply(CompiledRule& rule, std::string& line, Env& env) {
  if (rule.code) return rule.code(line, env);
  if (rule.drop) {
    bool match = rule.plain ? line.find(rule.plain_pattern) != std::string::npos
                            : Regex(rule).PartialMatch(line);
    return match ? Verdict::kDrop : Verdict::kKeep;
  }
  int count = 0;
  if (rule.plain) {
    const std::string& from = rule.plain_pattern;
    std::size_t pos = 0;
    while ((pos = line.find(from, pos)) != std::string::npos) {
      line.replace(pos, from.size(), rule.replacement);
      pos += rule.replacement.size();
      ++count;
      if (!rule.global) break;
    }
  } else if (!rule.global) {
    count = Regex(rule).Replace(&line, rule.replacement) ? 1 : 0;
  } else {
    count = Regex(rule).GlobalReplace(&line, rule.replacement);
  }
  return count > 0 ? Verdict::kChanged : Verdict::kKeep;
}

// How common a byte is in a log line (a guess: spaces, digits and frequent
// lower-case letters are common, capitals and punctuation rare). A table:
// it is asked for every byte of every literal of every rule, per stream.
constexpr int CommonnessOf(unsigned char c) {
  if (c == ' ') return 10;
  if (c >= '0' && c <= '9') return 6;
  if (c >= 'a' && c <= 'z') return std::string_view("etaoinsrlcdhu").find(static_cast<char>(c)) !=
                                           std::string_view::npos ? 6 : 4;
  if (c >= 'A' && c <= 'Z') return 2;
  if (std::string_view(".:-/=_").find(static_cast<char>(c)) != std::string_view::npos) return 4;
  return 1;
}

struct CommonnessTable {
  std::uint8_t of[256] = {};
  constexpr CommonnessTable() {
    for (int c = 0; c < 256; ++c) of[c] = static_cast<std::uint8_t>(CommonnessOf(static_cast<unsigned char>(c)));
  }
};
constexpr CommonnessTable kCommonness;

int Commonness(unsigned char c) { return kCommonness.of[c]; }

// The key pair of \a literal (its least common pair); false if it has none
// (shorter than two bytes, or a start of digits only).
bool KeyOf(const Prefilter::Literal& literal, unsigned* pair) {
  const std::string& t = literal.text;
  int best = -1;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (literal.anchored && (t[i - 1] == '#' || t[i] == '#')) continue;
    unsigned char a = static_cast<unsigned char>(t[i - 1]), b = static_cast<unsigned char>(t[i]);
    int score = Commonness(a) + Commonness(b);
    if (best < 0 || score < best) {
      best = score;
      *pair = PairClasses::Index(a, b);
    }
  }
  return best >= 0;
}

// The classes of \a rule's key pairs (KeyOf), assigned in \a pair_classes.
void AssignKeys(CompiledRule& rule, PairClasses& pair_classes) {
  const Prefilter& prefilter = rule.prefilter;
  rule.keyed = prefilter.kind() == Prefilter::Kind::kAny;
  rule.key_classes.clear();
  for (std::size_t i = 0; rule.keyed && i < prefilter.alternatives().size(); ++i) {
    unsigned pair = 0;
    rule.keyed = KeyOf(prefilter.alternatives()[i], &pair) && (pair = pair_classes.Add(pair)) != 0;
    rule.key_classes.push_back(pair);
  }
}

}  // namespace

void Dispatch::Build(const PairClasses& pair_classes) {
  classes = &pair_classes;
  words = (rules.size() + 63) / 64;
  always.assign(words, 0);
  by_class.assign(pair_classes.count * words, 0);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const std::uint64_t bit = std::uint64_t{1} << (r % 64);
    if (!rules[r]->keyed) {
      always[r / 64] |= bit;
      continue;
    }
    for (unsigned c : rules[r]->key_classes) by_class[c * words + r / 64] |= bit;
  }
}

void Dispatch::AddPairs(std::string_view line, std::size_t from, std::size_t to,
                        std::uint64_t* mask) const {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(line.data());
  if (from < 1) from = 1;
  if (to > line.size()) to = line.size();
  if (!classes->of || from >= to) return;
  const std::uint8_t* of = classes->of;
  const std::uint64_t* by = by_class.data();
  // The pair ending at i, as PairClasses::Index gives it.
  auto pair = [p](std::size_t i) -> unsigned {
    return static_cast<unsigned>(p[i - 1]) | static_cast<unsigned>(p[i]) << 8;
  };
  if (words == 1) {
    std::uint64_t m = mask[0];
    for (std::size_t i = from; i < to; ++i) m |= by[of[pair(i)]];
    mask[0] = m;
  } else if (words == 2) {
    std::uint64_t m0 = mask[0], m1 = mask[1];
    for (std::size_t i = from; i < to; ++i) {
      const std::uint64_t* row = by + 2 * of[pair(i)];
      m0 |= row[0];
      m1 |= row[1];
    }
    mask[0] = m0;
    mask[1] = m1;
  } else {
    for (std::size_t i = from; i < to; ++i) {
      const std::uint64_t* row = by + words * of[pair(i)];
      for (std::size_t w = 0; w < words; ++w) mask[w] |= row[w];
    }
  }
}

void Dispatch::Changed(std::string_view before, std::string_view after, std::uint64_t* mask) const {
  const std::size_t shorter = std::min(before.size(), after.size());
  std::size_t prefix = 0;
  while (prefix + 8 <= shorter &&
         std::memcmp(before.data() + prefix, after.data() + prefix, 8) == 0)
    prefix += 8;
  while (prefix < shorter && before[prefix] == after[prefix]) ++prefix;
  std::size_t suffix = 0;
  const std::size_t room = shorter - prefix;
  while (suffix + 8 <= room && std::memcmp(before.data() + before.size() - suffix - 8,
                                            after.data() + after.size() - suffix - 8, 8) == 0)
    suffix += 8;
  while (suffix < room && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  // Bytes prefix..after.size()-suffix-1 of after are new: the pairs ending
  // at prefix (its left neighbour) up to one past them.
  AddPairs(after, prefix, after.size() - suffix + 1, mask);
}

}  // namespace normalise

Normaliser::Normaliser(NormaliseContext context, NormaliserOptions options)
    : context_(std::move(context)), engine_(std::make_unique<normalise::Engine>()) {
  using normalise::CompiledRule;
  std::vector<CompiledRule>& rules = engine_->rules;
  rules.reserve(options.extra_rules.size() + normalise::Rules().size());
  for (const RuleSpec& spec : options.extra_rules) {
    CompiledRule rule;
    rule.name = spec.name;
    rule.streams = spec.streams;
    rule.drop = spec.drop;
    rule.replacement = spec.replacement;
    std::string pattern;
    if (!normalise::ExpandPlaceholders(spec.pattern, context_, normalise::Quote, &pattern))
      continue;  // names an empty context value: nothing to match
    normalise::SetPattern(rule, std::move(pattern));
    rule.re = std::make_unique<LineRegex>(rule.pattern, normalise::PatternOptions());
    if (!rule.re->ok())
      throw HarnessError(spec.loc, "rule " + spec.name + ": bad pattern: " +
                                       EscapeForDisplay(rule.re->error(), 200));
    std::string error;
    if (!rule.drop && !rule.re->CheckRewriteString(rule.replacement, &error))
      throw HarnessError(spec.loc, "rule " + spec.name + ": bad replacement: " +
                                       EscapeForDisplay(error, 200));
    rules.push_back(std::move(rule));
  }
  // The built-in table; the upstream one with a script's `munge NAME` rows
  // after its first row (the gate for lines runtest reads ahead).
  std::vector<const normalise::Rule*> table;
  if (options.rule_set == RuleSet::kUpstream) {
    const normalise::NamedMunge* named = nullptr;
    if (!options.upstream_munge.empty()) {
      // An unknown name selects nothing, as in runtest (0000-Basic 0094's
      // "munge debuglog_stdout" is in no %munges).
      named = normalise::FindNamedMunge(options.upstream_munge);
    }
    const normalise::RuleTable up = normalise::UpstreamRules();
    for (std::size_t i = 0; i < up.size(); ++i) {
      table.push_back(up.begin() + i);
      if (i == 0 && named != nullptr)
        for (const normalise::Rule& row : named->rules) table.push_back(&row);
    }
  } else {
    for (const normalise::Rule& row : normalise::Rules()) table.push_back(&row);
  }
  for (const normalise::Rule* row_ptr : table) {
    const normalise::Rule& row = *row_ptr;
    if (!options.builtin_rules) break;
    bool disabled = row.not_in_ipv6_test && context_.ipv6_test;
    for (const std::string& name : options.disabled_rules) disabled |= name == row.name;
    if (disabled) continue;
    CompiledRule rule;
    rule.name = std::string(row.name);
    rule.streams = row.streams;
    rule.code = row.code;
    rule.global = row.global;
    rule.drop = row.replacement == normalise::kDropLine;
    if (!rule.drop) rule.replacement = std::string(row.replacement);
    std::string text;
    if (!normalise::ExpandPlaceholders(row.prefilter, context_, normalise::Verbatim, &text))
      continue;
    // A context value holding the prefilter syntax ('|', '^', '#', '[') would
    // change its meaning: such a rule runs without a prefilter instead.
    bool literal_values = row.prefilter.find("${") == std::string_view::npos ||
                          text.find_first_of("|^#[") == std::string::npos;
    rule.prefilter = normalise::Prefilter(literal_values ? text : std::string());
    if (!rule.code) {
      if (!normalise::ExpandPlaceholders(row.pattern, context_, normalise::Quote, &text)) continue;
      normalise::SetPattern(rule, text);
    }
    if (row.code == nullptr && rule.prefilter.kind() == normalise::Prefilter::Kind::kNone &&
        rule.plain && rule.plain_pattern.find_first_of("|^#[") == std::string::npos)
      rule.prefilter = normalise::Prefilter(rule.plain_pattern);
    rules.push_back(std::move(rule));
  }
  // Every key's class first (once per rule, whatever its streams), so that
  // each stream's masks are as many as the classes in use.
  for (CompiledRule& rule : rules) normalise::AssignKeys(rule, engine_->classes);
  for (std::size_t s = 0; s < kStreamCount; ++s) {
    normalise::Dispatch& dispatch = engine_->by_stream[s];
    for (CompiledRule& rule : rules)
      if (rule.streams & MaskOf(kStreams[s])) dispatch.rules.push_back(&rule);
    dispatch.Build(engine_->classes);
  }
}

Normaliser::~Normaliser() = default;
Normaliser::Normaliser(Normaliser&&) noexcept = default;
Normaliser& Normaliser::operator=(Normaliser&&) noexcept = default;

namespace {

// Runs the rules of \a stream over every line of \a raw and calls
// emit(text, raw_line, number, has_newline) for each line that survives.
template <typename Emit>
void RunRules(std::string_view raw, Stream stream, const NormaliseContext& context,
              normalise::Engine& engine, Emit&& emit) {
  // Per-file state (runtest's munge() locals).
  engine.state.spid.clear();
  engine.state.skipping_indented = false;
  engine.state.upstream.ResetForFile();

  const normalise::Dispatch& dispatch = engine.by_stream[static_cast<std::size_t>(stream)];
  const std::size_t words = dispatch.words;
  std::vector<std::uint64_t> candidates(words + 1);
  // The dispatch found the key pair: the prefilter's literal test (a find)
  // is all that is left; the pair set is not needed.
  normalise::PairSet all_pairs;
  all_pairs.bits = ~std::uint64_t{0};
  normalise::Env env{context, engine.state, stream};
  std::string line, before;
  std::size_t pos = 0;
  int number = 0;
  while (pos < raw.size()) {
    std::size_t nl = raw.find('\n', pos);
    bool has_newline = nl != std::string_view::npos;
    std::size_t end = has_newline ? nl : raw.size();
    std::string_view raw_line = raw.substr(pos, end - pos);
    pos = has_newline ? nl + 1 : raw.size();
    ++number;

    line.assign(raw_line.data(), raw_line.size());
    if (words > 0) dispatch.Candidates(line, candidates.data());
    bool dropped = false;
    // The candidates in table order; after a change they are recomputed for
    // the line as it now is (only rules after the current one are looked at).
    std::size_t next = 0;
    for (;;) {
      std::size_t w = next / 64;
      if (w >= words) break;
      std::uint64_t bits = candidates[w] & (~std::uint64_t{0} << (next % 64));
      while (bits == 0 && ++w < words) bits = candidates[w];
      if (bits == 0) break;
      std::size_t r = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
      next = r + 1;
      normalise::CompiledRule* rule = dispatch.rules[r];
      if (!rule->prefilter.Admits(line, all_pairs)) continue;
      before.assign(line);
      normalise::Verdict verdict = normalise::Apply(*rule, line, env);
      if (verdict == normalise::Verdict::kDrop) {
        dropped = true;
        break;
      }
      if (verdict == normalise::Verdict::kChanged) dispatch.Changed(before, line, candidates.data());
    }
    if (!dropped) emit(line, raw_line, number, has_newline);
  }
}

}  // namespace

std::vector<NormalisedLine> Normaliser::NormaliseLines(std::string_view raw, Stream stream) {
  std::vector<NormalisedLine> out;
  RunRules(raw, stream, context_, *engine_,
           [&out](const std::string& text, std::string_view raw_line, int number,
                  bool has_newline) {
             out.push_back(NormalisedLine{text, std::string(raw_line), number, has_newline});
           });
  return out;
}

std::string Normaliser::Normalise(std::string_view raw, Stream stream) {
  std::string out;
  out.reserve(raw.size());
  Normalise(raw, stream, [&out](std::string_view text) { out += text; });
  return out;
}

void Normaliser::Normalise(std::string_view raw, Stream stream, const std::function<void(std::string_view)>& write) {
  RunRules(raw, stream, context_, *engine_, [&write](std::string& text, std::string_view, int, bool has_newline) {
    if (has_newline) text += '\n';  // the line's own buffer: refilled for the next line
    write(text);
  });
}

std::vector<std::string_view> Normaliser::RuleNames() {
  std::vector<std::string_view> names;
  for (const normalise::Rule& rule : normalise::Rules()) names.push_back(rule.name);
  return names;
}

std::string JoinLines(const std::vector<NormalisedLine>& lines) {
  std::size_t size = 0;
  for (const NormalisedLine& l : lines) size += l.text.size() + 1;
  std::string out;
  out.reserve(size);
  for (const NormalisedLine& l : lines) {
    out += l.text;
    if (l.has_newline) out += '\n';
  }
  return out;
}

}  // namespace harness
