// line_regex.cc - see line_regex.h.
#include "harness/line_regex.h"

namespace harness {

LineRegex::LineRegex(std::string_view pattern, const RE2::Options& options)
    : pattern_(pattern), options_(options), re_("(?s:.*?)(" + pattern_ + ")", options) {
  // An error about the wrapped text would show a pattern nobody wrote, or
  // blame the wrapping's ")" for PATTERN's unbalanced "(": say it as RE2
  // says it of PATTERN itself (a second compilation, on this path only).
  if (!re_.ok()) error_ = RE2(std::string(pattern), options).error();
  if (!re_.ok() && error_.empty()) error_ = re_.error();
}

bool LineRegex::CheckRewriteString(std::string_view rewrite, std::string* error) const {
  if (!re_.CheckRewriteString(re2::StringPiece(rewrite.data(), rewrite.size()), error)) return false;
  int wanted = RE2::MaxSubmatch(re2::StringPiece(rewrite.data(), rewrite.size()));
  if (wanted > NumberOfCapturingGroups()) {
    *error = "Rewrite schema requests " + std::to_string(wanted) + " matches, but the regexp only has " +
             std::to_string(NumberOfCapturingGroups()) + " parenthesized subexpressions.";
    return false;
  }
  return true;
}

const RE2* LineRegex::Warm() const {
  if (!warm_ && ++searches_ > kColdSearches) warm_ = std::make_unique<RE2>(pattern_, options_);
  return warm_ && warm_->ok() ? warm_.get() : nullptr;
}

bool LineRegex::Find(std::string_view text, std::size_t from, std::string_view* groups, int n) const {
  if (n < 1 || n > kMaxGroups || from > text.size()) return false;
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece vec[kMaxGroups + 1];
  const re2::StringPiece* found = vec;
  if (const RE2* warm = Warm()) {
    if (!warm->Match(whole, from, text.size(), RE2::UNANCHORED, vec, n)) return false;
  } else {
    // Group 0 is the prefix and the match; group 1 the match. Two or more
    // groups asked for is what makes RE2 take the bit-state path.
    if (!re_.Match(whole, from, text.size(), RE2::ANCHOR_START, vec, n + 1)) return false;
    found = vec + 1;
  }
  for (int i = 0; i < n; ++i)
    groups[i] = found[i].data() ? std::string_view(found[i].data(), found[i].size()) : std::string_view();
  return true;
}

bool LineRegex::PartialMatch(std::string_view text) const {
  const re2::StringPiece whole(text.data(), text.size());
  if (const RE2* warm = Warm())  // where the match is is not asked: the DFA alone
    return warm->Match(whole, 0, text.size(), RE2::UNANCHORED, nullptr, 0);
  re2::StringPiece vec[2];
  return re_.Match(whole, 0, text.size(), RE2::ANCHOR_START, vec, 2);
}

namespace {

void Rewrite(const RE2& re, std::string* out, std::string_view rewrite, const std::string_view* groups, int n) {
  re2::StringPiece vec[LineRegex::kMaxGroups];
  for (int i = 0; i < n; ++i) vec[i] = re2::StringPiece(groups[i].data(), groups[i].size());
  re.Rewrite(out, re2::StringPiece(rewrite.data(), rewrite.size()), vec, n);
}

int Groups(std::string_view rewrite) {
  return 1 + RE2::MaxSubmatch(re2::StringPiece(rewrite.data(), rewrite.size()));
}

}  // namespace

bool LineRegex::Replace(std::string* str, std::string_view rewrite) const {
  std::string_view groups[kMaxGroups];
  const int n = Groups(rewrite);
  if (n > kMaxGroups || n > 1 + NumberOfCapturingGroups()) return false;
  if (!Find(*str, 0, groups, n)) return false;
  std::string s;
  Rewrite(re_, &s, rewrite, groups, n);
  str->replace(static_cast<std::size_t>(groups[0].data() - str->data()), groups[0].size(), s);
  return true;
}

int LineRegex::GlobalReplace(std::string* str, std::string_view rewrite) const {
  std::string_view groups[kMaxGroups];
  const int n = Groups(rewrite);
  if (n > kMaxGroups || n > 1 + NumberOfCapturingGroups()) return 0;
  const std::string_view text = *str;
  std::size_t p = 0;
  const char* lastend = nullptr;
  std::string out;
  int count = 0;
  while (p <= text.size()) {
    if (!Find(text, p, groups, n)) break;
    const std::size_t start = static_cast<std::size_t>(groups[0].data() - text.data());
    if (p < start) out.append(text.data() + p, start - p);
    if (groups[0].data() == lastend && groups[0].empty()) {
      // An empty match where the last one ended: skip a byte.
      if (p < text.size()) out.append(text.data() + p, 1);
      ++p;
      continue;
    }
    Rewrite(re_, &out, rewrite, groups, n);
    p = start + groups[0].size();
    lastend = text.data() + p;
    ++count;
  }
  if (count == 0) return 0;
  if (p < text.size()) out.append(text.data() + p, text.size() - p);
  str->swap(out);
  return count;
}

}  // namespace harness
