// auth_session.cc - see auth_session.h. Comments quote the Dovecot 2.3.19
// behaviour being mirrored; tests/fake_dovecot_session_test.cc pins the
// bytes on the wire.
#include "fake_dovecot/auth_session.h"

#include <openssl/hmac.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <climits>
#include <stdexcept>

#include "fake_dovecot/base64.h"
#include "fake_dovecot/escape.h"
#include "harness/text.h"

namespace fake_dovecot {

namespace {

using Direction = Transcript::Direction;

/// Dovecot's str_to_uint(): the whole string is decimal digits, <= UINT_MAX.
bool StrToUint(std::string_view s, unsigned* out) {
  if (s.empty()) return false;
  unsigned long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > UINT_MAX) return false;
  }
  *out = static_cast<unsigned>(v);
  return true;
}

/// Dovecot's str_parse_uint(): a digit prefix; \a used gets its length.
bool StrParseUint(std::string_view s, unsigned* out, size_t* used) {
  size_t i = 0;
  unsigned long long v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
    if (v > UINT_MAX) return false;
    ++i;
  }
  if (i == 0) return false;
  *out = static_cast<unsigned>(v);
  *used = i;
  return true;
}

using harness::text::StartsWith;

std::vector<std::string> SplitTabs(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = s.find('\t', start);
    out.push_back(TabUnescape(s.substr(start, tab == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

/// Dovecot's str_sanitize(s, 80), roughly: at most 80 bytes.
std::string Sanitize(std::string_view s) {
  return s.size() <= 80 ? std::string(s) : std::string(s.substr(0, 77)) + "...";
}

/// auth_username_chars default.
bool UsernameCharAllowed(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
         c == '@';
}

/// auth_request_set_username(): "" when \a raw is refused (empty or a
/// disallowed character), else the name after auth_username_format=%Lu.
std::optional<std::string> FixUsername(const std::string& raw) {
  if (raw.empty()) return std::nullopt;
  std::string fixed = raw;
  for (char& c : fixed) {
    if (!UsernameCharAllowed(static_cast<unsigned char>(c))) return std::nullopt;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return fixed;
}

/// `user=` (and `original_user=` when the name was changed) for replies.
std::string UserFields(const std::string& fixed, const std::string& raw) {
  std::string s = "user=" + TabEscape(fixed);
  if (fixed != raw) s += "\toriginal_user=" + TabEscape(raw);
  return s;
}

/// The fields Dovecot sends when the user name itself is refused.
std::string RefusedUserFields(const std::string& raw) {
  return "user=" + TabEscape(raw) + "\toriginal_user=" + TabEscape(raw);
}

std::string HmacMd5Hex(const std::string& key, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           md, &len) == nullptr) {
    return std::string();  // never matches a client's 32 hex digits
  }
  return HexLower(std::string(reinterpret_cast<char*>(md), len));
}

std::string MechFlags(const std::string& name) {
  if (name == "PLAIN" || name == "LOGIN") return "\tplaintext";
  if (name == "CRAM-MD5") return "\tdictionary\tactive";
  return "";
}

}  // namespace

std::string SecureRandomBytes(size_t n) {
  std::string out(n, '\0');
  // getrandom(2), not RAND_bytes: initialising OpenSSL's DRBG (config,
  // providers) cost about a third of a one-test fake_dovecot's CPU time
  // (bench/run, figure 2). Same kernel CSPRNG underneath.
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(&out[got], n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    got += static_cast<size_t>(r);
  }
  return out;
}

AuthSession::AuthSession(const SessionEnv& env, unsigned cuid)
    : env_(env), cuid_(cuid), cookie_(HexLower(env.random_bytes(16))) {}

// --- Driving ---------------------------------------------------------------

void AuthSession::Start(Millis now) {
  if (env_.transcript) env_.transcript->Event(cuid_, "connect");
  if (env_.scenario->close_after_ms)
    close_at_ = now + Millis(*env_.scenario->close_after_ms);
  if (const std::vector<Step>* rule = env_.scenario->Rule(Trigger::kConnect, cuid_)) {
    EventContext ctx;
    ctx.trigger = Trigger::kConnect;
    QueueRule(*rule, ctx);
  } else {
    SendHandshake();
  }
  Pump(now);
}

void AuthSession::OnInput(std::string_view bytes, Millis now) {
  if (closed_ || client_eof_) return;
  inbuf_.append(bytes.data(), bytes.size());
  size_t start = 0;
  while (!closed_) {
    size_t lf = inbuf_.find('\n', start);
    size_t len = (lf == std::string::npos ? inbuf_.size() : lf) - start;
    if (len >= kMaxLineLength) {
      // Dovecot: "BUG: Auth client %u sent us more than %d bytes", then
      // disconnect. Record exactly the first kMaxLineLength bytes.
      if (env_.transcript)
        env_.transcript->Fragment(cuid_, Direction::kClientToServer,
                                  std::string_view(inbuf_).substr(start, kMaxLineLength),
                                  " [line too long]");
      inbuf_.clear();
      Violation("BUG: Auth client sent us more than 16384 bytes");
      return;
    }
    if (lf == std::string::npos) break;
    std::string line = inbuf_.substr(start, len);
    start = lf + 1;
    if (env_.transcript)
      env_.transcript->Data(cuid_, Direction::kClientToServer, line + "\n");
    queued_bytes_ += line.size();
    lines_.push_back(std::move(line));
    if (queued_bytes_ > kMaxQueuedInput) {
      Violation("client sent more than 1 MiB while the server was busy (fake_dovecot limit)");
      return;
    }
    Pump(now);
  }
  if (closed_) {
    inbuf_.clear();
    return;
  }
  inbuf_.erase(0, start);
}

void AuthSession::OnEof(Millis now) {
  if (closed_ || client_eof_) return;
  client_eof_ = true;
  // A trailing fragment is recorded by Event() with " [no newline]".
  if (env_.transcript) {
    if (!inbuf_.empty())
      env_.transcript->Data(cuid_, Direction::kClientToServer, inbuf_);
    env_.transcript->Event(cuid_, "client closed");
  }
  inbuf_.clear();
  Pump(now);
}

void AuthSession::OnTimer(Millis now) { Pump(now); }

void AuthSession::Abort() {
  if (!closed_) Close(true);
}

std::optional<AuthSession::Millis> AuthSession::NextDeadline() const {
  if (closed_) return std::nullopt;
  std::optional<Millis> next = blocked_until_;
  if (close_at_ && (!next || *close_at_ < *next)) next = close_at_;
  for (const Delayed& d : delayed_)
    if (!next || d.due < *next) next = d.due;
  return next;
}

std::string AuthSession::TakeOutput() {
  std::string out;
  out.swap(out_);
  return out;
}

void AuthSession::Pump(Millis now) {
  while (!closed_) {
    if (close_at_ && now >= *close_at_) {
      Close(true);
      break;
    }
    // Delayed FAILs go out when due, whatever the scripted steps are doing.
    if (!delayed_.empty()) {
      std::sort(delayed_.begin(), delayed_.end(),
                [](const Delayed& a, const Delayed& b) {
                  return a.due != b.due ? a.due < b.due : a.seq < b.seq;
                });
      size_t n = 0;
      while (n < delayed_.size() && delayed_[n].due <= now) Send(delayed_[n++].bytes);
      delayed_.erase(delayed_.begin(), delayed_.begin() + n);
    }
    if (blocked_until_) {
      if (now < *blocked_until_) break;
      blocked_until_.reset();
    }
    if (!steps_.empty()) {
      QueuedStep qs = std::move(steps_.front());
      steps_.pop_front();
      RunStep(qs, now);
      continue;
    }
    if (!lines_.empty()) {
      std::string line = std::move(lines_.front());
      lines_.pop_front();
      queued_bytes_ -= line.size();
      ProcessLine(std::move(line), now);
      continue;
    }
    if (client_eof_) {
      // Dovecot destroys the connection on EOF: delayed FAILs are lost.
      Close(false);
    }
    break;
  }
}

void AuthSession::QueueRule(const std::vector<Step>& steps,
                            const EventContext& ctx) {
  for (const Step& s : steps) steps_.push_back(QueuedStep{&s, ctx});
}

void AuthSession::RunStep(const QueuedStep& qs, Millis now) {
  const Step& step = *qs.step;
  switch (step.kind) {
    case Step::Kind::kSend:
      Send(Expand(step, qs.ctx));
      break;
    case Step::Kind::kHandshake:
      SendHandshake();
      break;
    case Step::Kind::kDefault:
      switch (qs.ctx.trigger) {
        case Trigger::kConnect: SendHandshake(); break;
        case Trigger::kAuth: DoAuth(qs.ctx.auth, now); break;
        case Trigger::kCont: DoCont(qs.ctx.id, qs.ctx.data, now); break;
      }
      break;
    case Step::Kind::kStall:
      blocked_until_ = now + Millis(step.stall_ms);
      break;
    case Step::Kind::kClose:
      Close(true);
      break;
    case Step::Kind::kExit:
      if (env_.exit) env_.exit();
      else Close(true);
      break;
  }
}

std::string AuthSession::Expand(const Step& step,
                                const EventContext& ctx) const {
  std::string once;
  for (const TextPiece& p : step.text) {
    if (!p.placeholder) once += p.text;
    else if (p.text == "id") once += std::to_string(ctx.id);
    else if (p.text == "mech") once += ctx.auth.mech_name;
    else if (p.text == "user") once += ctx.user;
    else if (p.text == "spid") once += std::to_string(env_.spid);
    else if (p.text == "cuid") once += std::to_string(cuid_);
    else if (p.text == "cookie") once += cookie_;
  }
  std::string out;
  out.reserve(once.size() * step.repeat);
  for (unsigned i = 0; i < step.repeat; ++i) out += once;
  return out;
}

// --- Output ------------------------------------------------------------------

void AuthSession::Send(const std::string& bytes) {
  if (closed_ || bytes.empty()) return;
  out_ += bytes;
  if (env_.transcript)
    env_.transcript->Data(cuid_, Direction::kServerToClient, bytes);
}

void AuthSession::SendLine(const std::string& line) {
  Send(line + (env_.scenario->crlf ? "\r\n" : "\n"));
}

void AuthSession::SendHandshake() {
  const Scenario& sc = *env_.scenario;
  const char* eol = sc.crlf ? "\r\n" : "\n";
  auto keep = [&](const char* kind) { return sc.omit.count(kind) == 0; };
  std::string hs;
  if (keep("VERSION"))
    hs += "VERSION\t" + std::to_string(sc.version_major) + "\t" +
          std::to_string(sc.version_minor) + eol;
  if (keep("MECH"))
    for (const std::string& m : sc.mechanisms) hs += "MECH\t" + m + MechFlags(m) + eol;
  if (keep("SPID")) hs += "SPID\t" + std::to_string(env_.spid) + eol;
  if (keep("CUID")) hs += "CUID\t" + std::to_string(cuid_) + eol;
  if (keep("COOKIE")) hs += "COOKIE\t" + cookie_ + eol;
  if (keep("DONE")) hs += std::string("DONE") + eol;
  Send(hs);  // one write, as Dovecot does right after accept()
}

void AuthSession::SendOk(unsigned id, const std::string& fields) {
  SendLine("OK\t" + std::to_string(id) + "\t" + fields);
}

void AuthSession::FailDelayed(unsigned id, const std::string& fields,
                              Millis now) {
  std::string line = "FAIL\t" + std::to_string(id);
  if (!fields.empty()) line += "\t" + fields;
  if (env_.failure_delay_ms == 0) {
    SendLine(line);
    return;
  }
  if (delayed_.size() + requests_.size() >= kMaxPendingRequests) {
    Violation("more than 1024 requests in flight (fake_dovecot limit)");
    return;
  }
  delayed_.push_back(Delayed{now + Millis(env_.failure_delay_ms),
                             delayed_seq_++,
                             line + (env_.scenario->crlf ? "\r\n" : "\n")});
}

void AuthSession::Violation(const std::string& message) {
  if (closed_) return;
  if (env_.transcript)
    env_.transcript->Event(cuid_, "error: " + EscapeForTranscript(message));
  Close(true);
}

void AuthSession::Close(bool server_initiated) {
  if (closed_) return;
  if (env_.transcript) {
    if (server_initiated && !client_eof_) env_.transcript->Event(cuid_, "server closed");
    else env_.transcript->Finish(cuid_);
  }
  closed_ = true;
  steps_.clear();
  lines_.clear();
  queued_bytes_ = 0;
  delayed_.clear();
  requests_.clear();
  blocked_until_.reset();
  close_at_.reset();
}

// --- Client lines --------------------------------------------------------------

void AuthSession::ProcessLine(std::string line, Millis now) {
  // i_stream_next_line() drops one CR before the LF; Dovecot then works on C
  // strings, so a NUL ends the line.
  if (!line.empty() && line.back() == '\r') line.pop_back();
  size_t nul = line.find('\0');
  if (nul != std::string::npos) line.resize(nul);

  switch (stage_) {
    case Stage::kVersion: {
      unsigned major = 0, minor = 0;
      size_t used = 0;
      std::string_view rest = std::string_view(line).substr(std::min<size_t>(8, line.size()));
      if (!StartsWith(line, "VERSION\t") || !StrParseUint(rest, &major, &used) ||
          used >= rest.size() || rest[used] != '\t' ||
          !StrToUint(rest.substr(used + 1), &minor)) {
        Violation("Authentication client sent invalid VERSION line: " + Sanitize(line));
        return;
      }
      if (major != 1) {
        Violation("Authentication client not compatible with this server "
                  "(mixed old and new binaries?)");
        return;
      }
      client_minor_ = minor;
      stage_ = Stage::kCpid;
      return;
    }
    case Stage::kCpid: {
      if (!StartsWith(line, "CPID\t")) {
        Violation("BUG: Authentication client sent unknown handshake command: " +
                  Sanitize(line));
        return;
      }
      unsigned pid = 0;
      if (!StrToUint(std::string_view(line).substr(5), &pid) || pid == 0) {
        Violation("BUG: Authentication client said it's PID 0");
        return;
      }
      stage_ = Stage::kReady;
      return;
    }
    case Stage::kReady:
      break;
  }
  std::string_view l(line);
  if (StartsWith(l, "AUTH\t")) HandleAuth(l.substr(5), now);
  else if (StartsWith(l, "CONT\t")) HandleCont(l.substr(5), now);
  else if (StartsWith(l, "CANCEL\t")) HandleCancel(l.substr(7));
  else Violation("BUG: Authentication client sent unknown command: " + Sanitize(line));
}

void AuthSession::HandleAuth(std::string_view args, Millis now) {
  std::vector<std::string> list = SplitTabs(args);
  AuthLine auth;
  if (list.size() < 2 || !StrToUint(list[0], &auth.id) || auth.id == 0) {
    Violation("BUG: Authentication client sent broken AUTH request");
    return;
  }
  // Mechanism names are case-insensitive. The three mechanisms are always
  // served, whatever the scenario advertises.
  std::string upper = list[1];
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (upper == "PLAIN") auth.mech = Mech::kPlain;
  else if (upper == "LOGIN") auth.mech = Mech::kLogin;
  else if (upper == "CRAM-MD5") auth.mech = Mech::kCramMd5;
  else {
    Violation("BUG: Authentication client requested unsupported authentication mechanism " +
              Sanitize(list[1]));
    return;
  }
  auth.mech_name = list[1];
  bool has_service = false;
  size_t i = 2;
  for (; i < list.size(); ++i) {
    const std::string& param = list[i];
    size_t eq = param.find('=');
    std::string name = param.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : param.substr(eq + 1);
    if (name == "service") {
      has_service = true;
    } else if (name == "resp") {
      auth.has_resp = true;
      auth.resp = value;
      ++i;  // "resp" must be the last parameter
      break;
    }
    // Every other parameter is ignored.
  }
  if (i < list.size()) {
    Violation("BUG: Authentication client sent AUTH parameters after 'resp'");
    return;
  }
  if (!has_service) {
    Violation("BUG: Authentication client didn't specify service in request");
    return;
  }
  if (requests_.count(auth.id)) {
    Violation("BUG: Authentication client sent a duplicate ID " + std::to_string(auth.id));
    return;
  }
  if (const std::vector<Step>* rule = env_.scenario->Rule(Trigger::kAuth, ++auth_events_)) {
    EventContext ctx;
    ctx.trigger = Trigger::kAuth;
    ctx.auth = auth;
    ctx.id = auth.id;
    ctx.user = UserForEvent(Trigger::kAuth, &auth, auth.id, auth.resp);
    QueueRule(*rule, ctx);
    return;
  }
  DoAuth(auth, now);
}

void AuthSession::HandleCont(std::string_view args, Millis now) {
  size_t tab = args.find('\t');
  unsigned id = 0;
  if (tab == std::string_view::npos || !StrToUint(args.substr(0, tab), &id)) {
    Violation("BUG: Authentication client sent broken CONT request");
    return;
  }
  std::string data(args.substr(tab + 1));
  if (const std::vector<Step>* rule = env_.scenario->Rule(Trigger::kCont, ++cont_events_)) {
    EventContext ctx;
    ctx.trigger = Trigger::kCont;
    ctx.id = id;
    ctx.data = data;
    ctx.user = UserForEvent(Trigger::kCont, nullptr, id, data);
    QueueRule(*rule, ctx);
    return;
  }
  DoCont(id, data, now);
}

void AuthSession::HandleCancel(std::string_view args) {
  unsigned id = 0;
  if (!StrToUint(args, &id)) {
    Violation("BUG: Authentication client sent broken CANCEL");
    return;
  }
  requests_.erase(id);  // silently; a delayed FAIL still goes out
}

std::string AuthSession::UserForEvent(Trigger trigger, const AuthLine* auth,
                                      unsigned id,
                                      const std::string& data) const {
  std::string decoded;
  if (!DovecotBase64Decode(data, &decoded)) return "";
  std::optional<Mech> mech;
  if (trigger == Trigger::kAuth) {
    mech = auth->mech;
  } else {
    auto it = requests_.find(id);
    if (it == requests_.end()) return "";
    if (it->second.wait == WaitFor::kLoginPass) return it->second.login_user;
    mech = it->second.mech;
  }
  switch (*mech) {
    case Mech::kPlain: {
      size_t n1 = decoded.find('\0');
      if (n1 == std::string::npos) return "";
      size_t n2 = decoded.find('\0', n1 + 1);
      return decoded.substr(n1 + 1, n2 == std::string::npos ? std::string::npos : n2 - n1 - 1);
    }
    case Mech::kLogin:
      return decoded;
    case Mech::kCramMd5: {
      size_t sp = decoded.rfind(' ');
      return sp == std::string::npos ? "" : decoded.substr(0, sp);
    }
  }
  return "";
}

// --- Mechanisms ------------------------------------------------------------------

void AuthSession::DoAuth(const AuthLine& auth, Millis now) {
  if (requests_.size() + delayed_.size() >= kMaxPendingRequests) {
    Violation("more than 1024 requests in flight (fake_dovecot limit)");
    return;
  }
  // "Empty initial response is a "=" base64 string. Completely empty string
  // shouldn't really be sent, but at least Exim does it": empty means absent
  // for clients announcing minor 0 or 1, an empty response from minor 2 on.
  std::optional<std::string> initial;
  if (auth.has_resp) {
    if (auth.resp.empty()) {
      if (client_minor_ >= 2) initial = std::string();
    } else if (auth.resp == "=") {
      initial = std::string();
    } else {
      std::string decoded;
      if (!DovecotBase64Decode(auth.resp, &decoded)) {
        SendLine("FAIL\t" + std::to_string(auth.id) +
                 "\tcode=invalid_base64\treason=Invalid base64 data in initial response");
        return;
      }
      initial = std::move(decoded);
    }
  }
  Request req;
  req.mech = auth.mech;
  switch (auth.mech) {
    case Mech::kPlain:
      if (!initial) {
        req.wait = WaitFor::kPlainData;
        requests_[auth.id] = req;
        SendLine("CONT\t" + std::to_string(auth.id) + "\t");
      } else {
        FinishPlain(auth.id, *initial, now);
      }
      return;
    case Mech::kLogin:
      if (!initial || initial->empty()) {
        req.wait = WaitFor::kLoginUser;
        requests_[auth.id] = req;
        SendLine("CONT\t" + std::to_string(auth.id) + "\t" + Base64Encode("Username:"));
      } else {
        LoginUser(auth.id, *initial, now);
      }
      return;
    case Mech::kCramMd5: {
      // "<random.time@host>"; an initial response is ignored.
      std::string r = env_.random_bytes(8);
      uint64_t num = 0;
      for (unsigned char c : r) num = (num << 8) | c;
      std::string digits = std::to_string(num % 10000000000000000ULL);
      digits.insert(0, 16 - digits.size(), '0');
      req.wait = WaitFor::kCramResponse;
      req.challenge = "<" + digits + "." + std::to_string(env_.unix_time()) +
                      "@" + env_.hostname + ">";
      requests_[auth.id] = req;
      SendLine("CONT\t" + std::to_string(auth.id) + "\t" + Base64Encode(req.challenge));
      return;
    }
  }
}

void AuthSession::DoCont(unsigned id, const std::string& data, Millis now) {
  auto it = requests_.find(id);
  if (it == requests_.end()) {
    SendLine("FAIL\t" + std::to_string(id) + "\treason=Authentication request timed out");
    return;
  }
  std::string decoded;
  if (!DovecotBase64Decode(data, &decoded)) {
    requests_.erase(it);
    SendLine("FAIL\t" + std::to_string(id) +
             "\tcode=invalid_base64\treason=Invalid base64 data in continued response");
    return;
  }
  Request req = it->second;
  requests_.erase(it);
  switch (req.wait) {
    case WaitFor::kPlainData:
      FinishPlain(id, decoded, now);
      return;
    case WaitFor::kLoginUser:
      LoginUser(id, decoded, now);
      return;
    case WaitFor::kLoginPass:
      VerifyPassword(id, req.login_user, decoded, now);
      return;
    case WaitFor::kCramResponse:
      FinishCram(id, req.challenge, decoded, now);
      return;
  }
}

void AuthSession::FinishPlain(unsigned id, const std::string& data,
                              Millis now) {
  // authzid NUL authcid NUL password, with exactly two NULs.
  if (std::count(data.begin(), data.end(), '\0') != 2) {
    FailDelayed(id, "", now);  // "invalid input"
    return;
  }
  size_t n1 = data.find('\0');
  size_t n2 = data.find('\0', n1 + 1);
  std::string authzid = data.substr(0, n1);
  std::string authcid = data.substr(n1 + 1, n2 - n1 - 1);
  std::string password = data.substr(n2 + 1);
  std::optional<std::string> fixed = FixUsername(authcid);
  if (!fixed) {
    FailDelayed(id, RefusedUserFields(authcid), now);
    return;
  }
  if (!authzid.empty() && authzid != authcid) {
    // A master-user login; no master passdb is configured.
    FailDelayed(id, UserFields(*fixed, authcid), now);
    return;
  }
  VerifyPassword(id, authcid, password, now);
}

void AuthSession::LoginUser(unsigned id, const std::string& user,
                            Millis now) {
  // Dovecot's mech-login refuses a username holding a NUL with a bare FAIL
  // (no user= field): never put a raw NUL into a protocol line.
  if (user.find('\0') != std::string::npos) {
    FailDelayed(id, "", now);
    return;
  }
  std::optional<std::string> fixed = FixUsername(user);
  if (!fixed) {
    FailDelayed(id, RefusedUserFields(user), now);
    return;
  }
  Request req;
  req.mech = Mech::kLogin;
  req.wait = WaitFor::kLoginPass;
  req.login_user = user;
  requests_[id] = req;
  SendLine("CONT\t" + std::to_string(id) + "\t" + Base64Encode("Password:"));
}

bool AuthSession::CheckUser(unsigned id, const std::string& raw_user, Millis now, std::string* user,
                            std::string* fields) {
  std::optional<std::string> fixed = FixUsername(raw_user);
  if (!fixed) {
    FailDelayed(id, RefusedUserFields(raw_user), now);
    return false;
  }
  *fields = UserFields(*fixed, raw_user);
  auto temp = env_.scenario->temp_fail_users.find(*fixed);
  if (temp != env_.scenario->temp_fail_users.end()) {
    FailDelayed(id, *fields + (temp->second == TempFailStyle::kTemp ? "\ttemp" : "\tcode=temp_fail"), now);
    return false;
  }
  *user = std::move(*fixed);
  return true;
}

void AuthSession::VerifyPassword(unsigned id, const std::string& raw_user,
                                 const std::string& password, Millis now) {
  std::string user, fields;
  if (!CheckUser(id, raw_user, now, &user, &fields)) return;
  if (env_.users->Verify(user, password)) SendOk(id, fields);
  else FailDelayed(id, fields, now);
}

void AuthSession::FinishCram(unsigned id, const std::string& challenge,
                             const std::string& data, Millis now) {
  // "<username> SPACE <response>"; the rightmost space separates them.
  size_t space = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\0') {
      FailDelayed(id, "", now);  // "NULs in response"
      return;
    }
    if (data[i] == ' ') space = i;
  }
  if (space == 0) {
    FailDelayed(id, "", now);  // "missing digest"
    return;
  }
  std::string raw_user = data.substr(0, space);
  std::string response = data.substr(space + 1);
  std::string user, fields;
  if (!CheckUser(id, raw_user, now, &user, &fields)) return;
  const UserEntry* entry = env_.users->Find(user);
  if (entry != nullptr && entry->has_password &&
      response == HmacMd5Hex(entry->password, challenge)) {
    SendOk(id, fields);
  } else {
    FailDelayed(id, fields, now);
  }
}

}  // namespace fake_dovecot
