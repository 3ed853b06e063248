// substitution_test.cc - HOSTIPV4 and HOSTIPV6 are substituted in a test
// that names them (the host's addresses are looked up only for such a test,
// runner.cc HostAddressesOnce), as in every other.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include <string>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

class Substitution : public FixtureSuite {};

// Whether the host has an address of \a family that HOSTIPV4/HOSTIPV6 can
// name (not loopback, as runtest picks them); without one the word stays.
bool HasAddress(int family) {
  ifaddrs* all = nullptr;
  if (getifaddrs(&all) != 0) return false;
  bool found = false;
  for (ifaddrs* a = all; a && !found; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != family) continue;
    char text[INET6_ADDRSTRLEN] = {};
    const void* addr = family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr)
                                         : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr);
    inet_ntop(family, addr, text, sizeof text);
    std::string t = text;
    found = family == AF_INET ? t != "0.0.0.0" && t.rfind("127.", 0) != 0 && t.rfind("10.250.", 0) != 0
                              : t != "::" && t != "::1" && t.rfind("ff00", 0) != 0 && t.rfind("fe80::1", 0) != 0;
  }
  freeifaddrs(all);
  return found;
}

TEST_F(Substitution, HostAddressesAreSubstitutedWhereAScriptNamesThem) {
  mkdir((src() + "/scripts/9500-Subst").c_str(), 0755);
  // Substituted, each is an address; left alone (or on a host without one,
  // as upstream's runtest leaves it), the word itself, which neither
  // pattern matches.
  WriteFile(src() + "/scripts/9500-Subst/9501",
            "# host addresses substituted\n"
            "exim -be\n"
            "${if match{HOSTIPV4}{\\N^([0-9]+[.][0-9]+[.][0-9]+[.][0-9]+)?$\\N}{ipv4 substituted}{ipv4 left}}\n"
            "${if match{HOSTIPV6}{\\N^([0-9a-fA-F:]+(%.+)?)?$\\N}{ipv6 substituted}{ipv6 left}}\n"
            "****\n");
  WriteFile(src() + "/confs/9501", ReadFile(src() + "/confs/9101"));
  RunResult r = Run({"--update", "9501"});
  ASSERT_EQ(r.exit_code, 0) << Printed(r);
  std::string out = ReadFile(src() + "/expected/stdout/9501");
  EXPECT_NE(out.find(HasAddress(AF_INET) ? "ipv4 substituted" : "ipv4 left"), std::string::npos) << out;
  EXPECT_NE(out.find(HasAddress(AF_INET6) ? "ipv6 substituted" : "ipv6 left"), std::string::npos) << out;
}

}  // namespace
}  // namespace cli
