// authstring_main.cc - the `authstring` helper (see auth_string.h).
#include <cstdio>
#include <string>
#include <vector>

#include "fake_dovecot/auth_string.h"

int main(int argc, char** argv) {
  std::string out, err;
  int status = fake_dovecot::RunAuthString(std::vector<std::string>(argv + 1, argv + argc), &out, &err);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fwrite(err.data(), 1, err.size(), stderr);
  return std::fflush(stdout) == 0 ? status : 2;
}
