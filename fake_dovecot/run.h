// run.h - fake_dovecot's whole program as a function, and the same responder
// served by a thread of the caller.
//
// RunResponderMain(args) is what `fake_dovecot ARGS...` does (args without
// the program name): parse the options, listen, print "ready" on stdout, serve
// until SIGTERM or SIGINT (or a scenario's `exit`: status 1), return the exit
// status. The fake_dovecot binary's main() is only this call.
//
// runtest serves its tests' fake responder from a thread of its own instead
// (StartResponderThread, harness/responder_thread.h): the same options, files,
// socket, transcript and behaviour, its messages appended to a file, stopped
// as SIGTERM stops the program; no process is started for it (bench/run figure
// 2: a forked responder cost runtest about 5% more CPU per test).
#ifndef FAKE_DOVECOT_RUN_H_
#define FAKE_DOVECOT_RUN_H_

#include <memory>
#include <string>
#include <vector>

#include "harness/responder_thread.h"

namespace fake_dovecot {

int RunResponderMain(const std::vector<std::string>& args);

/// A harness::StartResponderThreadFn.
std::unique_ptr<harness::ResponderThread> StartResponderThread(const std::vector<std::string>& args,
                                                                const std::string& log_path,
                                                                std::string* error);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_RUN_H_
