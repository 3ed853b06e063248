// munge_file.cc - see munge_file.h.
#include "harness/munge_file.h"

#include <set>
#include <string>
#include <utility>

#include "harness/normalise_rules.h"
#include "harness/script.h"

namespace harness {
namespace {

// One rule being read, with where each part came from.
struct Pending {
  RuleSpec spec;
  bool has_streams = false, has_pattern = false, has_action = false;
  std::vector<std::pair<int, std::string>> examples;  // line, input
  std::vector<std::pair<int, std::string>> results;   // line, output ("" index-aligned)
  std::vector<bool> has_result;
};

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

StreamMask ParseStreams(std::string_view value, const SourceLoc& loc) {
  StreamMask mask = 0;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find(' ', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    Stream stream;
    if (word == "logs") {
      mask |= MaskOf(Stream::kLog) | MaskOf(Stream::kRejectLog) | MaskOf(Stream::kPanicLog);
    } else if (word == "all") {
      mask |= MaskOf(Stream::kLog) | MaskOf(Stream::kRejectLog) | MaskOf(Stream::kPanicLog) |
              MaskOf(Stream::kStdout) | MaskOf(Stream::kStderr) | MaskOf(Stream::kDovecot);
    } else if (StreamFromName(word, &stream)) {
      mask |= MaskOf(stream);
    } else {
      throw HarnessError(loc, "unknown stream \"" + EscapeForDisplay(word, 40) +
                                  "\" (log, rejectlog, paniclog, stdout, stderr, dovecot, "
                                  "logs, all)");
    }
  }
  if (mask == 0) throw HarnessError(loc, "streams: name at least one stream");
  return mask;
}

std::string Identity(std::string_view s) { return std::string(s); }

// Checks a complete rule: pattern, replacement and examples.
void Check(const Pending& p) {
  const RuleSpec& spec = p.spec;
  const std::string where = "rule " + spec.name + ": ";
  if (!p.has_streams) throw HarnessError(spec.loc, where + "no streams line");
  if (!p.has_pattern) throw HarnessError(spec.loc, where + "no pattern line");
  if (!p.has_action) throw HarnessError(spec.loc, where + "neither replace nor drop");
  std::string expanded;
  if (!normalise::ExpandPlaceholders(spec.pattern, normalise::ExampleContext(), Identity,
                                     &expanded))
    throw HarnessError(spec.loc, where + "unknown placeholder in pattern (known: ${run_dir}, "
                                         "${hostname}, ${caller}, ${caller_home}, "
                                         "${caller_uid}, ${caller_gid}, ${exim_user}, "
                                         "${exim_uid}, ${exim_gid})");
  NormaliserOptions options;
  options.extra_rules = {spec};
  options.builtin_rules = false;
  Normaliser alone(normalise::ExampleContext(), options);  // throws on a bad pattern
  const Stream stream = normalise::FirstStream(spec.streams);
  for (std::size_t i = 0; i < p.examples.size(); ++i) {
    SourceLoc loc{spec.loc.file, p.examples[i].first};
    std::string got = alone.Normalise(p.examples[i].second + "\n", stream);
    if (spec.drop) {
      if (p.has_result[i]) throw HarnessError(loc, where + "a drop rule's example has no result");
      if (!got.empty()) throw HarnessError(loc, where + "example is not dropped");
      continue;
    }
    if (!p.has_result[i]) throw HarnessError(loc, where + "example without a result line");
    if (!got.empty()) got.pop_back();
    if (got != p.results[i].second)
      throw HarnessError(SourceLoc{spec.loc.file, p.results[i].first},
                         where + "example gives \"" + EscapeForDisplay(got, 200) +
                             "\", not this result");
  }
}

}  // namespace

std::vector<RuleSpec> ParseExtraRules(std::string_view text, const std::string& file) {
  std::vector<RuleSpec> rules;
  std::set<std::string> names;
  Pending current;
  bool open = false;
  auto finish = [&]() {
    if (!open) return;
    Check(current);
    rules.push_back(current.spec);
    open = false;
  };
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos
                                                                           : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    SourceLoc loc{file, number};
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    if (first != 0) throw HarnessError(loc, "a key must start the line");
    std::size_t space = line.find(' ');
    std::string_view key = line.substr(0, space);
    std::string_view value =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    if (key == "rule") {
      finish();
      std::string name(value);
      if (!ValidName(name))
        throw HarnessError(loc, "rule name \"" + EscapeForDisplay(name, 40) +
                                    "\": use a-z, 0-9 and '-'");
      if (!names.insert(name).second) throw HarnessError(loc, "rule " + name + " defined twice");
      current = Pending{};
      current.spec.name = name;
      current.spec.loc = loc;
      open = true;
      continue;
    }
    if (!open)
      throw HarnessError(loc, "\"" + EscapeForDisplay(key, 40) + "\" before the first rule line");
    Pending& p = current;
    const std::string where = "rule " + p.spec.name + ": ";
    if (key == "streams") {
      if (p.has_streams) throw HarnessError(loc, where + "second streams line");
      p.spec.streams = ParseStreams(value, loc);
      p.has_streams = true;
    } else if (key == "pattern") {
      if (p.has_pattern) throw HarnessError(loc, where + "second pattern line");
      if (value.empty()) throw HarnessError(loc, where + "empty pattern");
      p.spec.pattern = std::string(value);
      p.has_pattern = true;
    } else if (key == "replace" || key == "drop") {
      if (p.has_action) throw HarnessError(loc, where + "second replace or drop line");
      if (key == "drop" && !value.empty())
        throw HarnessError(loc, where + "drop takes no value");
      p.spec.drop = key == "drop";
      p.spec.replacement = std::string(value);
      p.has_action = true;
    } else if (key == "example") {
      p.examples.emplace_back(number, std::string(value));
      p.results.emplace_back(0, std::string());
      p.has_result.push_back(false);
    } else if (key == "result") {
      if (p.examples.empty() || p.has_result.back())
        throw HarnessError(loc, where + "result without an example line before it");
      p.results.back() = {number, std::string(value)};
      p.has_result.back() = true;
    } else {
      throw HarnessError(loc, "unknown key \"" + EscapeForDisplay(key, 40) +
                                  "\" (rule, streams, pattern, replace, drop, example, result)");
    }
  }
  finish();
  return rules;
}

std::vector<std::string> ExtraRulePaths(const std::string& script_path) {
  std::size_t slash = script_path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : script_path.substr(0, slash + 1);
  return {dir + "munge", script_path + ".munge"};
}

}  // namespace harness
