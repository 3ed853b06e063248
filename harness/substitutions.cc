// substitutions.cc - word-boundary substitution without a regex engine.

#include "harness/substitutions.h"

#include <cstdlib>
#include <set>

#include "harness/diagnostic.h"
#include "harness/text.h"
#include "harness/upstream_tree.h"

namespace harness {

namespace {

using text::IsWordChar;
using text::SplitLinesKeepEnds;
using text::StartsWith;

// A blank within a line: Perl's \s but the newline.
bool IsHSpace(char c) { return c != '\n' && text::IsSpace(c); }

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsHSpace(s[i])) ++i;
  return s.substr(i);
}

// A line that opens a non-main section: `begin NAME`.
bool IsBeginLine(std::string_view line) {
  std::string_view s = TrimLeft(line);
  return StartsWith(s, "begin") && s.size() > 5 && IsHSpace(s[5]);
}

// The main option a conf line sets, or "" if it is not an option setting
// (blank, comment, `.directive`, macro definition `NAME = ...`).
// Handles `hide NAME = v`, `no_NAME`, `not_NAME`.
std::string OptionName(std::string_view line) {
  std::string_view s = TrimLeft(line);
  if (s.empty() || s[0] == '#' || s[0] == '.' || !(s[0] >= 'a' && s[0] <= 'z'))
    return "";  // macros start with an upper-case letter
  if (StartsWith(s, "hide") && s.size() > 4 && IsHSpace(s[4])) s = TrimLeft(s.substr(4));
  size_t e = 0;
  while (e < s.size() && IsWordChar(s[e])) ++e;
  std::string name(s.substr(0, e));
  if (StartsWith(name, "no_")) name.erase(0, 3);
  else if (StartsWith(name, "not_")) name.erase(0, 4);
  return name;
}

}  // namespace

void Substitutions::Set(const std::string& name, const std::string& value,
                        SubstitutionRule rule) {
  if (name.empty()) throw HarnessError("invalid substitution name ''");
  for (char c : name) {
    if (!IsWordChar(c)) throw HarnessError("invalid substitution name '" + name + "'");
  }
  for (Substitution& s : entries) {
    if (s.name == name) {
      s.value = value;
      s.rule = rule;
      return;
    }
  }
  entries.push_back(Substitution{name, value, rule});
}

const Substitution* Substitutions::Find(std::string_view name) const {
  for (const Substitution& s : entries)
    if (s.name == name) return &s;
  return nullptr;
}

Substitutions MakeSubstitutions(const SubstitutionValues& v) {
  Substitutions subs;
  auto add = [&subs](const char* name, const std::string& value,
                     SubstitutionRule rule = SubstitutionRule::kWord) {
    if (!value.empty()) subs.Set(name, value, rule);
  };
  auto id = [](long n) { return n < 0 ? std::string() : std::to_string(n); };
  add("CALLER_UID", id(v.caller_uid));
  add("CALLER_GID", id(v.caller_gid));
  add("CALLERGROUP", v.caller_group);
  add("CALLER", v.caller);
  add("DIR", v.dir, SubstitutionRule::kBeforeSlash);
  add("DOVECOT_SOCKET", v.dovecot_socket);
  add("EXIM_PATH", v.exim_path);
  add("EXIMGROUP", v.exim_group);
  add("EXIMUSER", v.exim_user);
  add("HOSTIPV4", v.host_ipv4);
  add("HOSTIPV6", v.host_ipv6);
  add("HOSTNAME", v.hostname);
  add("MAILGROUP", v.mail_group);
  add("PORT_D2", std::to_string(v.port_d2));
  add("PORT_D3", std::to_string(v.port_d3));
  add("PORT_D4", std::to_string(v.port_d4));
  add("PORT_D", std::to_string(v.port_d));
  add("PORT_N", std::to_string(v.port_n));
  add("PORT_S", std::to_string(v.port_s));
  add("TESTNUM", v.testnum);
  return subs;
}

std::string Substitute(std::string_view text, const Substitutions& subs) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    // text[i] starts a maximal word: the previous byte (if any) is not a word
    // byte, so both \b conditions reduce to "the whole word equals NAME".
    size_t j = i;
    while (j < text.size() && IsWordChar(text[j])) ++j;
    std::string_view word = text.substr(i, j - i);
    const Substitution* s = subs.Find(word);
    if (s != nullptr && (s->rule == SubstitutionRule::kWord ||
                         (j < text.size() && text[j] == '/'))) {
      out += s->value;
    } else {
      out += word;
    }
    i = j;
  }
  // runtest's non-word patterns: (\b|_)V4NET([._]) and \bV6NET: (the test
  // networks), and _PORT_D inside a word (upstream_tree.h).
  if (out.find("V4NET") != std::string::npos || out.find("V6NET") != std::string::npos ||
      out.find("_PORT_D") != std::string::npos) {
    SubstitutionValues v;
    if (const Substitution* d = subs.Find("PORT_D")) v.port_d = std::atoi(d->value.c_str());
    out = SubstituteUpstreamExtras(std::move(out), v);
  }
  return out;
}

std::string RenderConf(std::string_view conf_text, const Substitutions& subs,
                       std::string_view prelude) {
  std::set<std::string> conf_main_options;
  for (std::string_view line : SplitLinesKeepEnds(conf_text)) {
    if (IsBeginLine(line)) break;
    std::string name = OptionName(line);
    if (!name.empty()) conf_main_options.insert(name);
  }

  std::string text;
  for (std::string_view line : SplitLinesKeepEnds(prelude)) {
    std::string name = OptionName(line);
    if (!name.empty() && conf_main_options.count(name) != 0) {
      text += "# prelude: " + name + " left to the test configuration\n";
      continue;
    }
    text.append(line);
    if (line.back() != '\n') text.push_back('\n');
  }
  text.append(conf_text);
  if (!text.empty() && text.back() != '\n') text.push_back('\n');
  return Substitute(text, subs);
}

}  // namespace harness
