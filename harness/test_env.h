// test_env.h - one test run's facts: paths, ports (with their golden
// numbers), users and ids, host name, the Exim binary. Substitution values
// (what the script and conf see) and the normalisation context (what is
// mapped back in the outputs) are both derived from it, never assembled apart.
#ifndef HARNESS_TEST_ENV_H_
#define HARNESS_TEST_ENV_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/credentials.h"
#include "harness/normaliser.h"
#include "harness/substitutions.h"

namespace harness {

/// One port a test uses: the name the script and conf write, the port it
/// really gets and the number the golden files show.
struct TestPort {
  std::string name;  ///< "PORT_D"
  int actual = 0;    ///< chosen by the kernel for this run
  int golden = 0;    ///< 1225 (kGoldenPorts)
};

struct TestEnv {
  std::string run_dir;         ///< DIR; a placeholder while planning (see plan.h)
  std::string testnum;         ///< "3650"
  std::string exim_path;
  std::string exim_version;    ///< "4.96": selects variant goldens
  std::string exim_user, exim_group;
  uid_t exim_uid = 0;
  gid_t exim_gid = 0;
  std::string caller, caller_group, caller_home;
  uid_t caller_uid = 0;
  gid_t caller_gid = 0;
  /// --caller USER: the commands of a test (all but `sudo` ones) run as this
  /// login, as upstream's runtest runs them; nullopt: as runtest (root).
  std::optional<Credentials> caller_credentials;
  std::string hostname;
  /// The host's first non-loopback addresses, as upstream's runtest picks
  /// them (HOSTIPV4, HOSTIPV6; "" when there is none). Looked up only for a
  /// test whose configuration or script mentions them, and for every test of
  /// an upstream tree; "" otherwise.
  std::string host_ipv4, host_ipv6;
  std::string mail_group = "mail";  ///< MAILGROUP
  std::vector<TestPort> ports;  ///< only the ports the test mentions
  /// PORT_DYNAMIC: the port of the listening socket the runner opened for
  /// the test (TestPlan::port_dynamic); 0 = none.
  int port_dynamic = 0;
  bool ipv6_test = false;       ///< the script says need_ipv6

  /// RUN/auth-client: the Dovecot socket of the test.
  std::string DovecotSocket() const { return run_dir + "/auth-client"; }
  /// RUN/NAME.
  std::string Path(const std::string& name) const { return run_dir + "/" + name; }
};

/// What the script and conf see (runtest's do_substitute values).
SubstitutionValues SubstitutionValuesOf(const TestEnv& env);

/// What the normaliser maps back (run dir, users, ids, host, port map).
NormaliseContext NormaliseContextOf(const TestEnv& env);

/// The golden number of a port name ("PORT_D" -> 1225), 0 if none.
int GoldenPortOf(const std::string& name);

}  // namespace harness

#endif  // HARNESS_TEST_ENV_H_
