// session_driver.cc - see session_driver.h.
#include "fake_dovecot/session_driver.h"

namespace fake_dovecot {

SessionDriver::SessionDriver(Scenario scenario, UserDb users,
                             unsigned failure_delay_ms, unsigned cuid)
    : scenario_(std::move(scenario)),
      users_(std::move(users)),
      transcript_(&transcript_text_) {
  random_state_ ^= 0x100000001b3ULL * (cuid + 1);
  env_.users = &users_;
  env_.scenario = &scenario_;
  env_.failure_delay_ms = failure_delay_ms;
  env_.spid = kSpid;
  env_.hostname = "fake.test";
  env_.random_bytes = [this](size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      // xorshift64*: deterministic, good enough for test data.
      random_state_ ^= random_state_ >> 12;
      random_state_ ^= random_state_ << 25;
      random_state_ ^= random_state_ >> 27;
      out += static_cast<char>((random_state_ * 0x2545F4914F6CDD1DULL) >> 56);
    }
    return out;
  };
  env_.unix_time = [] { return int64_t{1700000000}; };
  env_.transcript = &transcript_;
  session_ = std::make_unique<AuthSession>(env_, cuid);
}

std::string SessionDriver::Start() {
  session_->Start(AuthSession::Millis(now_));
  return session_->TakeOutput();
}

std::string SessionDriver::Input(std::string_view bytes) {
  session_->OnInput(bytes, AuthSession::Millis(now_));
  return session_->TakeOutput();
}

std::string SessionDriver::Advance(unsigned ms) {
  unsigned target = now_ + ms;
  std::string out;
  for (int guard = 0; guard < 1000000; ++guard) {
    std::optional<AuthSession::Millis> next = session_->NextDeadline();
    if (!next || next->count() > target) break;
    if (next->count() > now_) now_ = static_cast<unsigned>(next->count());
    session_->OnTimer(AuthSession::Millis(now_));
    out += session_->TakeOutput();
  }
  now_ = target;
  return out;
}

std::string SessionDriver::Eof() {
  session_->OnEof(AuthSession::Millis(now_));
  return session_->TakeOutput();
}

std::string SessionDriver::DefaultHandshake() const {
  return "VERSION\t1\t2\nMECH\tPLAIN\tplaintext\nMECH\tLOGIN\tplaintext\n"
         "MECH\tCRAM-MD5\tdictionary\tactive\nSPID\t" +
         std::to_string(kSpid) + "\nCUID\t" + std::to_string(session_->cuid()) +
         "\nCOOKIE\t" + session_->cookie() + "\nDONE\n";
}

}  // namespace fake_dovecot
