// std_streams.h - the process's standard output and standard error as
// std::ostream, without <iostream>.
//
// A translation unit that includes <iostream> (to name std::cout or
// std::cerr) brings libstdc++'s ios_base::Init into every program it is
// linked into: at each start it builds the eight standard streams and
// imbues their locales, about 1% of a runtest's CPU (runtest links the
// responder to serve it from a thread, and never writes through them).
// These are built on first use instead, over C stdio's stdout and stderr
// (as std::cout and std::cerr are by default: each write goes to the C
// stream at once, in order with printf's).
#ifndef FAKE_DOVECOT_STD_STREAMS_H_
#define FAKE_DOVECOT_STD_STREAMS_H_

#include <ostream>

namespace fake_dovecot {

std::ostream& StandardOutput();
std::ostream& StandardError();

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_STD_STREAMS_H_
