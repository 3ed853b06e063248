// credentials.h - whom a command of a test runs as.
#ifndef HARNESS_CREDENTIALS_H_
#define HARNESS_CREDENTIALS_H_

#include <sys/types.h>

#include <vector>

namespace harness {

/// Set in the child before exec (setgroups, then the gid, then the uid), so
/// that it can never regain root.
struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  ///< supplementary groups
};

}  // namespace harness

#endif  // HARNESS_CREDENTIALS_H_
