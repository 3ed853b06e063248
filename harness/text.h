// text.h - the small byte-string helpers every parser here needs, in one
// place: character classes as Perl's byte regexes define them (no locale),
// prefixes, trimming and splitting into lines and words. Header-only and
// pure; the views returned point into the argument.
#ifndef HARNESS_TEXT_H_
#define HARNESS_TEXT_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace harness::text {

/// Perl's \s: space, \t, \n, \r, \f, \v.
constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
/// A blank: space or tab.
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsUpper(c) || IsLower(c); }
/// Perl's \w for byte strings: [A-Za-z0-9_].
constexpr bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
constexpr bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// \a s without leading and trailing IsSpace characters.
constexpr std::string_view Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}
/// \a s without trailing IsSpace characters.
constexpr std::string_view TrimRight(std::string_view s) {
  std::size_t e = s.size();
  while (e > 0 && IsSpace(s[e - 1])) --e;
  return s.substr(0, e);
}

/// The lines of \a text without their "\n"; a last line without one is
/// included, an empty text has no lines ("a\n" -> {"a"}, "a\nb" -> {"a","b"}).
inline std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

/// The lines of \a text, each with its "\n" where it has one.
inline std::vector<std::string_view> SplitLinesKeepEnds(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

/// The words of \a s, separated by runs of characters for which
/// \a is_separator is true (default: Perl's \s).
template <typename Pred = bool (*)(char)>
std::vector<std::string_view> SplitWords(std::string_view s, Pred is_separator = IsSpace) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_separator(s[i])) ++i;
    std::size_t b = i;
    while (i < s.size() && !is_separator(s[i])) ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

}  // namespace harness::text

#endif  // HARNESS_TEXT_H_
