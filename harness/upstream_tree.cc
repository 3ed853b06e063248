// upstream_tree.cc - see upstream_tree.h.
#include "harness/upstream_tree.h"

#include <re2/re2.h>

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
  out.push_back(RunDirEntry{"aux-var/sh", "", "/bin/sh"});
  out.push_back(RunDirEntry{"aux-fixed", "", tree + "/aux-fixed"});
  // Exim in test-harness mode resolves DNS names with CONFIG_DIR/bin/fakens
  // (dns.c), reading DIR/dnszones/: the tree's built helpers.
  out.push_back(RunDirEntry{"bin", "", tree + "/bin"});
  return out;
}

}  // namespace harness
