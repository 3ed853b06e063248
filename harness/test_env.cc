// test_env.cc - see test_env.h.
#include "harness/test_env.h"

#include "harness/upstream_tree.h"

namespace harness {

SubstitutionValues SubstitutionValuesOf(const TestEnv& env) {
  SubstitutionValues v;
  v.dir = env.run_dir;
  v.exim_path = env.exim_path;
  v.caller = env.caller.empty() ? std::to_string(env.caller_uid) : env.caller;
  v.caller_group = env.caller_group.empty() ? std::to_string(env.caller_gid) : env.caller_group;
  v.caller_uid = env.caller_uid;
  v.caller_gid = env.caller_gid;
  v.exim_user = env.exim_user;
  v.exim_group = env.exim_group;
  v.hostname = env.hostname;
  v.testnum = env.testnum;
  v.dovecot_socket = env.DovecotSocket();
  int* slots[] = {&v.port_d, &v.port_d2, &v.port_d3, &v.port_d4, &v.port_n, &v.port_s};
  static_assert(std::size(kGoldenPorts) == 6, "one slot per golden port");
  for (const TestPort& p : env.ports) {
    for (size_t i = 0; i < std::size(kGoldenPorts); ++i)
      if (p.name == kGoldenPorts[i].name) *slots[i] = p.actual;
  }
  v.host_ipv4 = env.host_ipv4;
  v.host_ipv6 = env.host_ipv6;
  v.mail_group = env.mail_group;
  return v;
}

NormaliseContext NormaliseContextOf(const TestEnv& env) {
  NormaliseContext ctx;
  ctx.hostname = env.hostname;
  ctx.run_dir = env.run_dir;
  ctx.caller = env.caller;
  ctx.caller_uid = env.caller_uid;
  ctx.caller_gid = env.caller_gid;
  ctx.caller_home = env.caller_home;
  ctx.exim_user = env.exim_user;
  ctx.exim_uid = env.exim_uid;
  ctx.exim_gid = env.exim_gid;
  for (const TestPort& p : env.ports) ctx.ports.emplace_back(p.actual, p.golden);
  ctx.ipv6_test = env.ipv6_test;
  // For upstream's rule set: the ports by name (ours are chosen per test;
  // upstream's runtest has them fixed), the caller's group, the test nets.
  for (const TestPort& p : env.ports) {
    int* slot = p.name == "PORT_D"    ? &ctx.port_d
                : p.name == "PORT_D2" ? &ctx.port_d2
                : p.name == "PORT_D3" ? &ctx.port_d3
                : p.name == "PORT_D4" ? &ctx.port_d4
                : p.name == "PORT_S"  ? &ctx.port_s
                : p.name == "PORT_N"  ? &ctx.port_n
                                      : nullptr;
    if (slot) *slot = p.actual;
  }
  ctx.port_dynamic = env.port_dynamic;
  ctx.caller_group = env.caller_group;
  ctx.shell = env.run_dir + "/aux-var/sh";  // upstream's SHELL (ENV_SHELL)
  ctx.ipv4 = env.host_ipv4;
  ctx.ipv6 = env.host_ipv6;
  ctx.ipv4_test_net = kV4TestNet;
  ctx.ipv6_test_net = kV6TestNet;
  return ctx;
}

int GoldenPortOf(const std::string& name) {
  for (const GoldenPort& p : kGoldenPorts)
    if (name == p.name) return p.golden;
  return 0;
}

}  // namespace harness
