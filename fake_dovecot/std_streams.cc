// std_streams.cc - see std_streams.h.
#include "fake_dovecot/std_streams.h"

#include <ext/stdio_sync_filebuf.h>

#include <cstdio>

namespace fake_dovecot {

std::ostream& StandardOutput() {
  static __gnu_cxx::stdio_sync_filebuf<char> buf(stdout);
  static std::ostream out(&buf);
  return out;
}

std::ostream& StandardError() {
  static __gnu_cxx::stdio_sync_filebuf<char> buf(stderr);
  static std::ostream err(&buf);  // the buffer has none of its own: written as stderr is
  return err;
}

}  // namespace fake_dovecot
