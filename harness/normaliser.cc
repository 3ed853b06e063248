// normaliser.cc - drives the rule table over the lines of one raw file.
#include "harness/normaliser.h"

#include <re2/re2.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "harness/normalise_rules.h"
#include "harness/script.h"

namespace harness {

namespace {
constexpr Stream kStreams[] = {Stream::kLog,    Stream::kRejectLog, Stream::kPanicLog,
                               Stream::kStdout, Stream::kStderr,    Stream::kDovecot};
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
  }
  return "?";
}

bool StreamFromName(std::string_view name, Stream* stream) {
  for (Stream s : kStreams)
    if (name == StreamName(s)) {
      *stream = s;
      return true;
    }
  return false;
}

namespace normalise {

/// One rule ready to run: placeholders expanded, its RE2 compiled at first use.
struct CompiledRule {
  std::string name;
  StreamMask streams = 0;
  Prefilter prefilter;
  std::string pattern;
  std::string replacement;
  bool drop = false;
  Code code = nullptr;
  /// The pattern is plain text (and the replacement has no group): matched
  /// with string search, without RE2.
  bool plain = false;
  std::string plain_pattern;
  std::unique_ptr<RE2> re;
};

/// A rule of a stream, behind the pairs every line it admits must have.
struct Gate {
  PairSet necessary;
  CompiledRule* rule;
};

struct Engine {
  State state;
  std::vector<CompiledRule> rules;
  std::vector<Gate> by_stream[kStreamCount];
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

const RE2& Regex(CompiledRule& rule) {
  if (!rule.re) {
    rule.re = std::make_unique<RE2>(rule.pattern, PatternOptions());
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
                            : RE2::PartialMatch(line, Regex(rule));
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
    }
  } else {
    count = RE2::GlobalReplace(&line, Regex(rule), rule.replacement);
  }
  return count > 0 ? Verdict::kChanged : Verdict::kKeep;
}

}  // namespace
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
    rule.re = std::make_unique<RE2>(rule.pattern, normalise::PatternOptions());
    if (!rule.re->ok())
      throw HarnessError(spec.loc, "rule " + spec.name + ": bad pattern: " +
                                       EscapeForDisplay(rule.re->error(), 200));
    std::string error;
    if (!rule.drop && !rule.re->CheckRewriteString(rule.replacement, &error))
      throw HarnessError(spec.loc, "rule " + spec.name + ": bad replacement: " +
                                       EscapeForDisplay(error, 200));
    rules.push_back(std::move(rule));
  }
  for (const normalise::Rule& row : normalise::Rules()) {
    if (!options.builtin_rules) break;
    bool disabled = row.not_in_ipv6_test && context_.ipv6_test;
    for (const std::string& name : options.disabled_rules) disabled |= name == row.name;
    if (disabled) continue;
    CompiledRule rule;
    rule.name = std::string(row.name);
    rule.streams = row.streams;
    rule.code = row.code;
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
  for (CompiledRule& rule : rules)
    for (std::size_t s = 0; s < kStreamCount; ++s)
      if (rule.streams & MaskOf(kStreams[s]))
        engine_->by_stream[s].push_back({rule.prefilter.necessary(), &rule});
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

  const std::vector<normalise::Gate>& gates = engine.by_stream[static_cast<std::size_t>(stream)];
  normalise::Env env{context, engine.state, stream};
  std::string line;
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
    // The line's byte pairs answer most prefilters; recomputed after a change.
    normalise::PairSet pairs = normalise::PairSet::Of(line);
    bool dropped = false;
    for (const normalise::Gate& gate : gates) {
      if (!pairs.Contains(gate.necessary)) continue;
      normalise::CompiledRule* rule = gate.rule;
      if (!rule->prefilter.Admits(line, pairs)) continue;
      normalise::Verdict verdict = normalise::Apply(*rule, line, env);
      if (verdict == normalise::Verdict::kDrop) {
        dropped = true;
        break;
      }
      if (verdict == normalise::Verdict::kChanged) pairs = normalise::PairSet::Of(line);
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
  RunRules(raw, stream, context_, *engine_,
           [&out](const std::string& text, std::string_view, int, bool has_newline) {
             out += text;
             if (has_newline) out += '\n';
           });
  return out;
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
