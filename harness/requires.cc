// requires.cc - REQUIRES parsing, -bV parsing, and the requirement check.

#include "harness/requires.h"

#include "harness/script.h"
#include "harness/text.h"

namespace harness {

namespace {

using text::SplitLines;
using text::SplitWords;
using text::StartsWith;
using text::Trim;

bool KindFromWord(std::string_view w, RequirementKind* kind) {
  if (w == "authenticator" || w == "authenticators") *kind = RequirementKind::kAuthenticator;
  else if (w == "support") *kind = RequirementKind::kSupport;
  else if (w == "lookup") *kind = RequirementKind::kLookup;
  else if (w == "router") *kind = RequirementKind::kRouter;
  else if (w == "transport") *kind = RequirementKind::kTransport;
  else if (w == "running") *kind = RequirementKind::kRunning;
  else return false;
  return true;
}

// Adds the words after the first ':' of \a line to \a set.
void AddListWords(std::string_view line, std::set<std::string>* set, bool split_slash) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  for (std::string_view w : SplitWords(line.substr(colon + 1))) {
    set->emplace(w);
    size_t slash = w.find('/');
    if (split_slash && slash != std::string_view::npos && slash > 0)
      set->emplace(w.substr(0, slash));
  }
}

}  // namespace

std::vector<Requirement> ParseRequires(std::string_view text, const std::string& file) {
  std::vector<Requirement> out;
  std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = Trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;
    SourceLoc loc{file, static_cast<int>(i) + 1};
    std::vector<std::string_view> words = SplitWords(line);
    Requirement req;
    bool ok = words.size() == 2 && KindFromWord(words[0], &req.kind);
    if (ok && req.kind == RequirementKind::kRunning)
      ok = words[1] == "IPv4" || words[1] == "IPv6" || words[1] == "dovecot";
    // -bV names are short printable words; anything else (binary bytes, a
    // megabyte of junk) would only end up unprintable in a skip reason.
    if (ok) {
      ok = words[1].size() <= 64;
      for (char c : words[1]) ok = ok && c > 0x20 && c < 0x7f;
    }
    if (!ok) {
      throw HarnessError(loc, "unrecognized REQUIRES line '" + EscapeForDisplay(line, 80) + "'");
    }
    req.value = std::string(words[1]);
    req.text = std::string(line);
    req.loc = std::move(loc);
    out.push_back(std::move(req));
  }
  return out;
}

std::vector<Requirement> ParseRequiresFile(const std::string& path) {
  return ParseRequires(ReadFileOrThrow(path, "REQUIRES file"), path);
}

namespace {

std::string BVError(std::string_view bv_output, const std::string& what) {
  return "exim -bV: " + what + "; it printed: '" + EscapeForDisplay(bv_output, 300) + "'";
}

// The feature headings of -bV: NAME, NAME (built-in) or NAME (dynamic).
struct Heading {
  RequirementKind kind;
  const char* name;
  bool bare_ok;  // "NAME:" without a qualifier (4.94-4.96; Lookups never)
  std::set<std::string> EximFeatures::*set;
  std::vector<std::string> EximFeatures::*lines;
  bool split_slash;
};

const Heading kHeadings[] = {
    {RequirementKind::kSupport, "Support for", true, &EximFeatures::support, &EximFeatures::support_lines, false},
    {RequirementKind::kLookup, "Lookups", false, &EximFeatures::lookups, &EximFeatures::lookup_lines, false},
    {RequirementKind::kAuthenticator, "Authenticators", true, &EximFeatures::authenticators, &EximFeatures::authenticator_lines, false},
    {RequirementKind::kRouter, "Routers", true, &EximFeatures::routers, &EximFeatures::router_lines, false},
    {RequirementKind::kTransport, "Transports", true, &EximFeatures::transports, &EximFeatures::transport_lines, true},
};

}  // namespace

EximFeatures ParseEximBV(std::string_view bv_output) {
  EximFeatures f;
  bool have_version = false;
  for (std::string_view raw : SplitLines(bv_output)) {
    std::string_view line = Trim(raw);
    if (!have_version && StartsWith(line, "Exim version ")) {
      std::vector<std::string_view> words = SplitWords(line);
      if (words.size() < 3 || words[2][0] < '0' || words[2][0] > '9')
        throw HarnessError(BVError(bv_output, "cannot read the version in '" + EscapeForDisplay(line, 80) + "'"));
      f.version = std::string(words[2]);
      have_version = true;
      continue;
    }
    for (const Heading& h : kHeadings) {
      std::string_view name = h.name;
      if (!StartsWith(line, name)) continue;
      std::string_view rest = line.substr(name.size());
      // "Support for:" has no qualifier; a word continuing the name ("Routersx") is no heading.
      if (!rest.empty() && rest[0] != ':' && rest[0] != ' ') break;
      size_t colon = rest.find(':');
      std::string_view qualifier = colon == std::string_view::npos ? rest : Trim(rest.substr(0, colon));
      bool ok = colon != std::string_view::npos &&
                ((qualifier.empty() && h.bare_ok) || qualifier == "(built-in)" || qualifier == "(dynamic)");
      if (!ok) {
        throw HarnessError(BVError(bv_output, "unrecognised feature heading '" + EscapeForDisplay(line, 80) + "'"));
      }
      AddListWords(line, &(f.*h.set), h.split_slash);
      (f.*h.lines).emplace_back(line);
      break;
    }
  }
  if (!have_version) throw HarnessError(BVError(bv_output, "no 'Exim version' line"));
  if (f.support_lines.empty()) throw HarnessError(BVError(bv_output, "no 'Support for:' line"));
  if (f.router_lines.empty()) throw HarnessError(BVError(bv_output, "no Routers heading"));
  if (f.transport_lines.empty()) throw HarnessError(BVError(bv_output, "no Transports heading"));
  return f;
}

namespace {

// "FILE:LINE; " of a REQUIRES line ("" when it has no location).
std::string Where(const Requirement& r) {
  return r.loc.file.empty() ? std::string() : r.loc.str() + "; ";
}

// The -bV fact behind a missing list entry.
std::string BVFact(const std::vector<std::string>& lines, const char* heading) {
  if (lines.empty()) return std::string("exim -bV has no '") + heading + "' heading";
  std::string fact = "exim -bV: ";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) fact += ", ";
    fact += "'" + EscapeForDisplay(lines[i], 300) + "'";
  }
  return fact;
}

}  // namespace

std::optional<std::string> FirstUnmet(const std::vector<Requirement>& requirements,
                                      const EximFeatures& features, const HostFacts& host) {
  for (const Requirement& r : requirements) {
    const Heading* heading = nullptr;
    for (const Heading& h : kHeadings)
      if (h.kind == r.kind) heading = &h;
    std::string missing = "missing " + r.text + " (" + Where(r);
    if (heading != nullptr) {
      if ((features.*heading->set).count(r.value) == 0)
        return missing + BVFact(features.*heading->lines, heading->name) + ")";
      continue;
    }
    if (r.value == "IPv4") {
      if (!host.ipv4) return missing + "cannot connect over IPv4 to 127.0.0.1)";
    } else if (r.value == "IPv6") {
      if (!features.HasIPv6())
        return missing + "Exim built without IPv6: " + BVFact(features.support_lines, "Support for") + ")";
      if (!host.ipv6) return missing + "cannot connect over IPv6 to ::1)";
    } else if (r.value == "dovecot") {
      if (!host.dovecot_installed) return missing + "dovecot is not installed)";
    } else {
      // ParseRequires never produces this; a hand-built Requirement might.
      return missing + "unknown 'running' requirement)";
    }
  }
  return std::nullopt;
}

}  // namespace harness
