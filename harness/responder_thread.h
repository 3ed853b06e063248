// responder_thread.h - a fake Dovecot responder served by a thread of this
// process: the interface runtest's DovecotBackend drives, implemented by
// fake_dovecot (fake_dovecot/run.h, StartResponderThread) and handed in as a
// function pointer (DovecotSetup::fake_thread), so that harness_core does not
// link the responder.
#ifndef HARNESS_RESPONDER_THREAD_H_
#define HARNESS_RESPONDER_THREAD_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harness {

class ResponderThread {
 public:
  virtual ~ResponderThread() = default;
  /// Stops serving as SIGTERM stops the fake_dovecot program (every
  /// connection ended, the socket removed) and joins the thread. Returns the
  /// exit status the program would have had. Idempotent.
  virtual int Stop() = 0;
  /// The exit status once the responder has ended on its own (a scenario's
  /// `exit`, an error while serving); nullopt while it serves.
  virtual std::optional<int> Ended() const = 0;
};

/// Starts a responder for `fake_dovecot ARGS...` (\a args without the program
/// name): parses, loads its files and listens in the caller's thread, then
/// serves from a new one. Its messages (the program's stderr) are appended to
/// \a log_path. On failure: nullptr, the program's message in \a error.
using StartResponderThreadFn = std::unique_ptr<ResponderThread> (*)(const std::vector<std::string>& args,
                                                                   const std::string& log_path,
                                                                   std::string* error);

}  // namespace harness

#endif  // HARNESS_RESPONDER_THREAD_H_
