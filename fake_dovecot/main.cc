// main.cc - build/bin/fake_dovecot: a Dovecot auth-client responder for tests.
#include <string>
#include <vector>

#include "fake_dovecot/run.h"

int main(int argc, char** argv) {
  return fake_dovecot::RunResponderMain(std::vector<std::string>(argv + 1, argv + argc));
}
