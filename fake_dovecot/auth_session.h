// auth_session.h - one auth-client connection as a pure state machine.
#ifndef FAKE_DOVECOT_AUTH_SESSION_H_
#define FAKE_DOVECOT_AUTH_SESSION_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_dovecot/scenario.h"
#include "fake_dovecot/transcript.h"
#include "fake_dovecot/user_db.h"

namespace fake_dovecot {

/// What every session of one responder shares. The pointers must outlive
/// the sessions.
struct SessionEnv {
  const UserDb* users = nullptr;        ///< required
  const Scenario* scenario = nullptr;   ///< required (a default Scenario = none)
  unsigned failure_delay_ms = 0;        ///< delay of password/user FAILs
  unsigned spid = 0;                    ///< sent as `SPID`
  std::string hostname = "localhost";   ///< in CRAM-MD5 challenges
  /// Random bytes (cookie, CRAM-MD5 challenge). Required.
  std::function<std::string(size_t)> random_bytes;
  /// Seconds since the epoch (CRAM-MD5 challenge). Required.
  std::function<int64_t()> unix_time;
  Transcript* transcript = nullptr;     ///< optional
  /// A scenario's `exit` step: ends the whole responder (its owner stops
  /// serving and exits 1). Unset: the step closes the connection only.
  std::function<void()> exit;
};

/// Random bytes from the kernel's CSPRNG, getrandom(2) (the default for SessionEnv).
std::string SecureRandomBytes(size_t n);

/// The server side of one Dovecot auth-client connection, with no I/O: the
/// caller feeds it the bytes it reads and the current time, and takes the
/// bytes to write. It mirrors Dovecot 2.3.19 (docs/fake-dovecot.md):
/// handshake, VERSION/CPID checks, AUTH/CONT/CANCEL, PLAIN, LOGIN and
/// CRAM-MD5, the FAIL variants, silent disconnects on protocol violations,
/// the 16384-byte line limit, delayed failures; plus the scenario's rules.
///
/// Time is a monotonic millisecond count chosen by the caller; when
/// NextDeadline() is set the caller must call OnTimer() at or after it.
class AuthSession {
 public:
  using Millis = std::chrono::milliseconds;

  /// Longest client line, LF included (Dovecot's AUTH_CLIENT_MAX_LINE_LENGTH).
  static constexpr size_t kMaxLineLength = 16384;
  /// Requests in flight (waiting for CONT or a delayed FAIL) before the fake
  /// disconnects. Dovecot has no such limit; it keeps the fake bounded.
  static constexpr size_t kMaxPendingRequests = 1024;
  /// Unprocessed input kept while a scenario step blocks the session.
  static constexpr size_t kMaxQueuedInput = 1 << 20;

  /// \a cuid is the connection number: sent as `CUID` and used as the
  /// transcript's connection id.
  AuthSession(const SessionEnv& env, unsigned cuid);

  /// The connection was accepted: run `on connect` (default: handshake).
  void Start(Millis now);
  /// Bytes read from the client.
  void OnInput(std::string_view bytes, Millis now);
  /// The client closed (EOF or a read/write error).
  void OnEof(Millis now);
  /// Time passed; call at or after NextDeadline().
  void OnTimer(Millis now);
  /// The responder is shutting down: record `server closed` and stop.
  void Abort();

  /// When OnTimer() is next needed (nullopt: never).
  std::optional<Millis> NextDeadline() const;
  /// The bytes to write now (and forgets them).
  std::string TakeOutput();
  /// True once the session is over: write what TakeOutput() returns, then
  /// close the socket. No further input is accepted.
  bool closed() const { return closed_; }

  unsigned cuid() const { return cuid_; }
  const std::string& cookie() const { return cookie_; }
  /// The client's VERSION minor (valid after its VERSION line).
  unsigned client_minor() const { return client_minor_; }
  size_t pending_requests() const { return requests_.size(); }

 private:
  enum class Stage { kVersion, kCpid, kReady };
  enum class Mech { kPlain, kLogin, kCramMd5 };
  enum class WaitFor { kPlainData, kLoginUser, kLoginPass, kCramResponse };

  struct Request {
    Mech mech = Mech::kPlain;
    WaitFor wait = WaitFor::kPlainData;
    std::string login_user;  // LOGIN: the raw user name
    std::string challenge;   // CRAM-MD5
  };
  struct AuthLine {
    unsigned id = 0;
    Mech mech = Mech::kPlain;
    std::string mech_name;  // as the client spelled it
    bool has_resp = false;
    std::string resp;
  };
  /// What a rule's steps refer to.
  struct EventContext {
    Trigger trigger = Trigger::kConnect;
    AuthLine auth;         // kAuth
    unsigned id = 0;       // kAuth, kCont
    std::string data;      // kCont: the raw data field
    std::string user;      // for {user}
  };
  struct QueuedStep {
    const Step* step;
    EventContext ctx;
  };
  struct Delayed {
    Millis due;
    uint64_t seq;
    std::string bytes;
  };

  void Pump(Millis now);
  void RunStep(const QueuedStep& qs, Millis now);
  void QueueRule(const std::vector<Step>& steps, const EventContext& ctx);
  void ProcessLine(std::string line, Millis now);
  void HandleAuth(std::string_view args, Millis now);
  void HandleCont(std::string_view args, Millis now);
  void HandleCancel(std::string_view args);
  void DoAuth(const AuthLine& auth, Millis now);
  void DoCont(unsigned id, const std::string& data, Millis now);
  void FinishPlain(unsigned id, const std::string& data, Millis now);
  void LoginUser(unsigned id, const std::string& user, Millis now);
  void FinishCram(unsigned id, const std::string& challenge,
                  const std::string& data, Millis now);
  void VerifyPassword(unsigned id, const std::string& raw_user,
                      const std::string& password, Millis now);
  /// Checks the user name of request \a id as Dovecot does before a
  /// password check: a name FixUsername() refuses, or one the scenario
  /// temp-fails (`temp-fail`), gets its delayed FAIL here and false. Else
  /// true, with the fixed name in *user and the reply's user fields in *fields.
  bool CheckUser(unsigned id, const std::string& raw_user, Millis now, std::string* user,
                 std::string* fields);
  void SendOk(unsigned id, const std::string& fields);
  void FailDelayed(unsigned id, const std::string& fields, Millis now);
  void SendHandshake();
  void SendLine(const std::string& line);
  void Send(const std::string& bytes);
  void Violation(const std::string& message);
  void Close(bool server_initiated);
  std::string Expand(const Step& step, const EventContext& ctx) const;
  std::string UserForEvent(Trigger trigger, const AuthLine* auth,
                           unsigned id, const std::string& data) const;

  const SessionEnv& env_;
  const unsigned cuid_;
  std::string cookie_;
  unsigned auth_events_ = 0;  ///< well-formed AUTH lines so far (`on auth N`)
  unsigned cont_events_ = 0;  ///< well-formed CONT lines so far (`on cont N`)
  Stage stage_ = Stage::kVersion;
  unsigned client_minor_ = 0;
  std::string inbuf_;
  std::deque<std::string> lines_;
  size_t queued_bytes_ = 0;
  std::deque<QueuedStep> steps_;
  std::optional<Millis> blocked_until_;
  std::optional<Millis> close_at_;  // scenario close-after
  std::map<unsigned, Request> requests_;
  std::vector<Delayed> delayed_;
  uint64_t delayed_seq_ = 0;
  std::string out_;
  bool client_eof_ = false;
  bool closed_ = false;
};

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_AUTH_SESSION_H_
