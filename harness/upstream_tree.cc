// upstream_tree.cc - see upstream_tree.h.
#include "harness/upstream_tree.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace harness {

std::string SubstituteUpstreamExtras(std::string text, const SubstitutionValues& values) {
  // runtest: s?(\b|_)V4NET([\._])?$1$parm_ipv4_test_net$2?g;
  //          s?\bV6NET:?$parm_ipv6_test_net:?g;
  //          s?(\b|_)PORT_D\b?$1$parm_port_d?g  (Substitute() did the \b case)
  static const RE2 kV4(R"((\b|_)V4NET([._]))");
  static const RE2 kV6(R"(\bV6NET:)");
  static const RE2 kPortD(R"(_PORT_D\b)");
  RE2::GlobalReplace(&text, kV4, std::string("\\1") + kV4TestNet + "\\2");
  RE2::GlobalReplace(&text, kV6, std::string(kV6TestNet) + ":");
  RE2::GlobalReplace(&text, kPortD, "_" + std::to_string(values.port_d));
  return text;
}

namespace {

/// \a text's characters, reversed, joined by '.' (Perl's
/// join(".", reverse(split /\s*/, $text))).
std::string ReversedNibbles(const std::string& text) {
  std::string out;
  for (auto it = text.rbegin(); it != text.rend(); ++it) out += std::string(out.empty() ? "" : ".") + *it;
  return out;
}

/// Writes (or, \a append, appends to) the entry at \a path.
void PutEntry(std::vector<RunDirEntry>* entries, const std::string& path, const std::string& text, bool append) {
  for (RunDirEntry& e : *entries) {
    if (e.path != path) continue;
    e.text = append ? e.text + text : text;
    e.link_to.clear();
    return;
  }
  entries->push_back(RunDirEntry{path, text, ""});
}

/// runtest's expansion of a "::" in an IPv6 address to 8 groups.
std::string ExpandIpv6(const std::string& v6) {
  long colons = static_cast<long>(std::count(v6.begin(), v6.end(), ':'));
  auto zeros = [](const char* unit, long n) {
    std::string s;
    for (long i = 0; i < n; ++i) s += unit;
    return s;
  };
  std::string a, b;
  if (RE2::FullMatch(v6, R"(([^:].+)::)", &a)) return a + zeros(":0", 9 - colons);
  if (RE2::FullMatch(v6, R"((.+)::(.+))", &a, &b)) return a + zeros(":0", 8 - colons) + ":" + b;
  if (RE2::FullMatch(v6, R"(::(.+[^:]))", &a)) return zeros("0:", 9 - colons) + a;
  return v6;
}

}  // namespace

void AddHostZones(std::vector<RunDirEntry>* entries, const std::string& hostname, const std::string& ipv4,
                  const std::string& ipv6) {
  if (!ipv4.empty() || !ipv6.empty()) {
    size_t dot = hostname.find('.');
    std::string shortname = hostname.substr(0, dot), domain = dot == std::string::npos ? "" : hostname.substr(dot);
    std::string text =
        "; This is a dynamically constructed fake zone file.\n"
        "; The following line causes fakens to return PASS_ON\n"
        "; for queries that it cannot answer\n\n"
        "PASS ON NOT FOUND\n\n";
    if (!ipv4.empty()) text += shortname + "  A     " + ipv4 + "\n";
    if (!ipv6.empty()) text += shortname + "  AAAA  " + ipv6 + "\n";
    PutEntry(entries, "dnszones/db" + domain, text + "\n; End\n", false);
  }
  std::string c0, c1, c2, c3;
  if (!ipv4.empty() && ipv4 != "127.0.0.1" && RE2::PartialMatch(ipv4, R"(^(\d+)\.(\d+)\.(\d+)\.(\d+))", &c0, &c1, &c2, &c3)) {
    std::string ptr = c3 + "." + c2 + "." + c1 + "  PTR  " + hostname + ".\n\n";
    if (c0 == "10")
      PutEntry(entries, "dnszones/db.ip4.10", ptr, true);
    else
      PutEntry(entries, "dnszones/db.ip4." + c0,
               "; This is a dynamically constructed fake zone file.\n; The zone is " + c0 + ".in-addr.arpa.\n\n" + ptr +
                   "; End\n",
               false);
  }
  if (!ipv6.empty() && ipv6 != "::1") {
    std::vector<std::string> groups;
    std::string expanded = ExpandIpv6(ipv6);
    for (size_t pos = 0;;) {
      size_t colon = expanded.find(':', pos);
      groups.push_back(expanded.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
      if (colon == std::string::npos) break;
      pos = colon + 1;
    }
    std::string zone = ReversedNibbles(groups.front());
    std::string text = "; This is a dynamically constructed fake zone file.\n; The zone is " + zone + ".ip6.arpa.\n\n";
    std::string sep;
    for (size_t i = groups.size(); i-- > 1;) {
      std::string g = groups[i];
      while (g.size() < 4) g = "0" + g;
      text += sep + ReversedNibbles(g);
      sep = ".";
    }
    PutEntry(entries, "dnszones/db.ip6." + zone, text + "  PTR  " + hostname + ".\n\n; End\n", false);
  }
}

std::string TrustedConfigListOf(const std::string& bv_debug_output) {
  static const RE2 kLine(R"re((?m)^TRUSTED_CONFIG_LIST: "((?:[^"\\]|\\.)*)"\s*$)re");
  std::string quoted;
  if (!RE2::PartialMatch(bv_debug_output, kLine, &quoted)) return "";
  std::string path;
  for (size_t i = 0; i < quoted.size(); ++i) path += quoted[i] == '\\' && i + 1 < quoted.size() ? quoted[++i] : quoted[i];
  return path;
}

std::vector<RunDirEntry> UpstreamRunDirEntries(const SourceFiles& aux_var_src, const SourceFiles& dnszones_src,
                                               const SubstitutionValues& values, const std::string& tree) {
  std::vector<RunDirEntry> out;
  auto copy = [&](const SourceFiles& files, const std::string& dir) {
    for (const auto& [name, text] : files) {
      if (name.empty() || name[0] == '.') continue;
      std::string outname = name;
      if (name == "db.ip4.V4NET") {
        outname = std::string("db.ip4.") + kV4TestNet;
      } else if (name == "db.ip6.V6NET") {
        // runtest: the nibbles of the net, reversed, joined by '.'
        std::string nibbles = kV6TestNet, joined;
        for (auto it = nibbles.rbegin(); it != nibbles.rend(); ++it) joined += std::string(joined.empty() ? "" : ".") + *it;
        outname = "db.ip6." + joined;
      }
      std::size_t digits = 0;
      while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
      SubstitutionValues v = values;
      v.testnum = digits ? name.substr(0, digits) : "0";
      out.push_back(RunDirEntry{dir + "/" + outname, SubstituteUpstreamExtras(Substitute(text, MakeSubstitutions(v)), v), ""});
    }
  };
  copy(aux_var_src, "aux-var");
  copy(dnszones_src, "dnszones");
  AddHostZones(&out, values.hostname, values.host_ipv4, values.host_ipv6);
  out.push_back(RunDirEntry{"aux-var/sh", "", "/bin/sh"});
  out.push_back(RunDirEntry{"aux-fixed", "", tree + "/aux-fixed"});
  // Exim in test-harness mode resolves DNS names with CONFIG_DIR/bin/fakens
  // (dns.c), reading DIR/dnszones/: the tree's built helpers.
  out.push_back(RunDirEntry{"bin", "", tree + "/bin"});
  out.push_back(RunDirEntry{"test-mail", "", "", true});
  return out;
}

}  // namespace harness
