// run.h - fake_dovecot's whole program as a function.
//
// RunResponderMain(args) is what `fake_dovecot ARGS...` does (args without
// the program name): parse the options, listen, print "ready" on stdout, serve
// until SIGTERM or SIGINT, return the exit status. The fake_dovecot binary's
// main() is only this call; runtest runs it in a forked child of its own
// (harness/process.h, SpawnOptions::child_main), which saves a program start
// per test and is otherwise the same process: its own pid, process group,
// signals, standard streams and exit status.
#ifndef FAKE_DOVECOT_RUN_H_
#define FAKE_DOVECOT_RUN_H_

#include <string>
#include <vector>

namespace fake_dovecot {

int RunResponderMain(const std::vector<std::string>& args);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_RUN_H_
