// session_driver.h - runs an AuthSession on a virtual clock, without sockets
// (unit tests, the fuzzer, conformance replays).
#ifndef FAKE_DOVECOT_SESSION_DRIVER_H_
#define FAKE_DOVECOT_SESSION_DRIVER_H_

#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "fake_dovecot/auth_session.h"
#include "fake_dovecot/scenario.h"
#include "fake_dovecot/transcript.h"
#include "fake_dovecot/user_db.h"

namespace fake_dovecot {

/// Owns everything one AuthSession needs and drives it deterministically:
/// seeded random bytes, SPID 4242, host "fake.test", unix time 1700000000,
/// a virtual monotonic clock starting at 0, and an in-memory transcript.
class SessionDriver {
 public:
  static constexpr unsigned kSpid = 4242;

  SessionDriver(Scenario scenario, UserDb users,
                unsigned failure_delay_ms = 0, unsigned cuid = 1);

  /// Accepts the connection; returns what the server wrote.
  std::string Start();
  /// Feeds client bytes; returns what the server wrote in response.
  std::string Input(std::string_view bytes);
  /// Moves the clock forward by \a ms, firing due timers on the way.
  std::string Advance(unsigned ms);
  /// The client closes.
  std::string Eof();

  bool closed() const { return session_->closed(); }
  AuthSession& session() { return *session_; }
  /// The transcript so far.
  std::string transcript() const { return transcript_text_.str(); }
  /// The default handshake this session sends (for expectations).
  std::string DefaultHandshake() const;
  unsigned now_ms() const { return now_; }

 private:
  Scenario scenario_;
  UserDb users_;
  std::ostringstream transcript_text_;
  Transcript transcript_;
  SessionEnv env_;
  uint64_t random_state_ = 0x9e3779b97f4a7c15ULL;
  unsigned now_ = 0;
  std::unique_ptr<AuthSession> session_;
};

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_SESSION_DRIVER_H_
