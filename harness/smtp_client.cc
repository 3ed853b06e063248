// smtp_client.cc - Asio executor for client scripts.
//
// The script is executed step by step in the calling thread. Each network
// operation is started asynchronously and the private io_context is then run
// until it completes or the nearest limit is reached (the per-operation
// deadline, the cancellation time, and every poll interval when the caller
// gives a cancellation hook), so that both are checked without signals or
// extra threads.
#include "harness/smtp_client.h"

#include "harness/file_io.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <sstream>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>

namespace harness {

namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Thrown inside a session to end the run with an exit status; always caught
// by ClientSession::Run, never seen by callers.
struct StopClient {
  int code;
};

// A client timeout while reading, once client.c's OpenSSL path has made
// SIGALRM only interrupt the read (TlsReadResult::timeouts_interrupt).
struct ReadInterrupted {};

// "Included files nested deeper than this" is treated as an open failure, so
// that a file including itself cannot recurse forever.
constexpr int kMaxIncludeDepth = 32;
// The largest <<< include file (a script of client steps).
constexpr size_t kMaxIncludeBytes = size_t{4} << 20;
// The longest server line kept: more bytes without a LF count as one line.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

std::string ErrnoMessage(int err) {
  return error_code(err, boost::system::generic_category()).message();
}

// One run of the client: the socket, the unread server input and the
// transcript being written.
class ClientSession : public TlsWaiter {
 public:
  ClientSession(const ClientOptions& options, ClientResult* result)
      : options_(options), result_(result), socket_(io_), timer_(io_), tls_timer_(io_) {}

  void Run(const std::vector<ClientStep>& steps) {
    try {
      Connect();
      RunSteps(steps, 0);
      Finish();
      result_->exit_code = kClientOk;
    } catch (const StopClient& stop) {
      result_->exit_code = stop.code;
      error_code ignored;
      socket_.close(ignored);
    }
  }

 private:
  enum class Outcome { kDone, kTimedOut, kCancelled };

  void Out(std::string_view text) override {
    result_->stdout_text.append(text);
    if (options_.on_stdout) options_.on_stdout(text);
  }

  void Err(std::string_view text) override { result_->stderr_text.append(text); }

  // TlsWaiter: the TLS library wants the socket readable or writable.
  bool Wait(bool write, int fixed_seconds) override {
    bool done = false;
    error_code result;
    socket_.async_wait(write ? tcp::socket::wait_write : tcp::socket::wait_read,
                       [&](const error_code& e) {
                         result = e;
                         done = true;
                       });
    if (fixed_seconds <= 0) {
      Wait(done, true, [this] { AbortSocket(); });
      return true;
    }
    bool expired = false;
    bool timer_done = false;
    tls_timer_.expires_after(std::chrono::seconds(fixed_seconds));
    tls_timer_.async_wait([&](const error_code& e) {
      timer_done = true;
      if (!e) {
        expired = true;
        AbortSocket();
      }
    });
    struct TimerGuard {  // the handler refers to locals: let it run first
      ClientSession* self;
      bool& timer_done;
      ~TimerGuard() {
        self->tls_timer_.cancel();
        while (!timer_done) {
          if (self->io_.stopped()) self->io_.restart();
          self->io_.run_one();
        }
      }
    } guard{this, timer_done};
    Wait(done, false, [this] { AbortSocket(); });
    return !expired;
  }

  [[noreturn]] void Stop(int code) {
    if (current_ != nullptr) result_->failed_at = current_->loc;
    throw StopClient{code};
  }

  // Runs the io_context until *done is set by the handler of the operation
  // just started. If \a bounded and the client timeout expires, or if the
  // caller's cancel_at passes or its cancellation hook fires, \a abort is
  // called (it must make the operation complete promptly) and the run stops
  // with the matching status. The io_context sleeps until the nearest of
  // those times; only a cancellation hook makes it wake up periodically.
  template <typename Abort>
  void Wait(const bool& done, bool bounded, Abort abort) {
    std::optional<Clock::time_point> deadline;
    if (bounded && options_.timeout_seconds > 0) {
      deadline = Clock::now() + std::chrono::seconds(options_.timeout_seconds);
      // Reading one line: the timeout bounds the whole line, not each read,
      // like client.c's alarm (a server trickling bytes cannot extend it).
      if (line_deadline_) deadline = std::min(*deadline, *line_deadline_);
    }
    const auto poll = std::max(options_.poll_interval, std::chrono::milliseconds(1));
    Outcome outcome = Outcome::kDone;
    while (!done) {
      if (outcome == Outcome::kDone) {
        const auto now = Clock::now();
        if (deadline && now >= *deadline) {
          outcome = Outcome::kTimedOut;
          abort();
        } else if ((options_.cancel_at && now >= *options_.cancel_at) ||
                   (options_.cancelled && options_.cancelled())) {
          outcome = Outcome::kCancelled;
          abort();
        }
      }
      // Until the nearest limit (aborted operations complete at once).
      Clock::duration slice = std::chrono::hours(1);
      if (options_.cancelled) slice = std::chrono::duration_cast<Clock::duration>(poll);
      if (outcome == Outcome::kDone) {
        const auto now = Clock::now();
        if (deadline) slice = std::min(slice, *deadline - now);
        if (options_.cancel_at) slice = std::min(slice, *options_.cancel_at - now);
      }
      if (io_.stopped()) io_.restart();
      io_.run_one_for(std::max(slice, Clock::duration(std::chrono::milliseconds(1))));
    }
    if (outcome == Outcome::kTimedOut) {
      if (reading_ && timeouts_interrupt_) throw ReadInterrupted{};
      Out("\nClient timed out\n");
      Stop(kClientTimedOut);
    }
    if (outcome == Outcome::kCancelled) {
      result_->cancelled = true;
      Out("\nClient cancelled\n");
      Stop(kClientCancelled);
    }
  }

  void AbortSocket() {
    error_code ignored;
    socket_.cancel(ignored);
  }

  void Connect() {
    const int port = ClientAtoi(options_.port);
    Out("Connecting to " + options_.host + " port " + std::to_string(port) + " ... ");
    const bool v6 = options_.host.find(':') != std::string::npos;
    error_code ec;
    socket_.open(v6 ? tcp::v6() : tcp::v4(), ec);
    if (ec) {
      Out("socket creation failed: " + ec.message() + "\n");
      Stop(kClientSocketFailed);
    }
    // client.c binds only when the interface has the same family as the
    // destination, and silently ignores it otherwise.
    if (!options_.interface.empty() &&
        (options_.interface.find(':') != std::string::npos) == v6) {
      asio::ip::address local = asio::ip::make_address(options_.interface, ec);
      if (ec) {
        Out("Unable to parse \"" + options_.interface + "\"");
        Stop(kClientBadInterface);
      }
      socket_.bind(tcp::endpoint(local, 0), ec);
      if (ec) {
        Out("Unable to bind outgoing SMTP call to " + options_.interface + ": " + ec.message());
        Stop(kClientBindFailed);
      }
    }
    asio::ip::address remote = v6 ? asio::ip::address(asio::ip::make_address_v6(options_.host, ec))
                                  : asio::ip::address(asio::ip::make_address_v4(options_.host, ec));
    if (ec) {
      Out("Unable to parse \"" + options_.host + "\"");
      Stop(kClientBadAddress);
    }
    // htons() keeps the low 16 bits, whatever atoi() returned.
    const tcp::endpoint endpoint(remote, static_cast<unsigned short>(port & 0xffff));
    bool done = false;
    error_code result;
    socket_.async_connect(endpoint, [&](const error_code& e) {
      result = e;
      done = true;
    });
    Wait(done, true, [this] { AbortSocket(); });
    if (result) {
      error_code ignored;
      socket_.close(ignored);
      Out("connect failed: " + result.message() + "\n");
      Stop(kClientConnectFailed);
    }
    Out("connected\n");
    if (options_.tls_client != nullptr) {
      socket_.native_non_blocking(true, ec);
      const int code = options_.tls_client->Setup(options_.tls, socket_.native_handle(), *this);
      if (code != 0) Stop(code);
      if (options_.tls.on_connect) {
        Out("Attempting to start TLS\n");
        tls_active_ = options_.tls_client->Start(true, *this);
      }
    }
  }

  // One read() of whatever the server has sent, appended to inbuf_.
  // Returns the number of bytes read; 0 means end of file.
  size_t ReadSome() {
    // End of file is final for TCP. Boost 1.74's epoll reactor also stops
    // trying speculative reads after a 0-byte read, so a second async read
    // after EOF would wait for an edge that never comes: never issue one.
    if (tls_active_) {
      char chunk[10240];
      const TlsReadResult got = options_.tls_client->Read(chunk, sizeof chunk, *this);
      switch (got.status) {
        case TlsReadResult::kData:
          inbuf_.append(chunk, got.bytes);
          return got.bytes;
        case TlsReadResult::kEof:
          return 0;
        case TlsReadResult::kTerminated:
          // client.c forgets the partial input and reads in clear, under a
          // fresh alarm (it goes round to "nextinput", which re-arms it).
          tls_active_ = false;
          inbuf_.clear();
          timeouts_interrupt_ = timeouts_interrupt_ || got.timeouts_interrupt;
          if (line_deadline_ && options_.timeout_seconds > 0)
            line_deadline_ = Clock::now() + std::chrono::seconds(options_.timeout_seconds);
          break;
        case TlsReadResult::kFatal:
          Stop(got.exit_code);
      }
    }
    if (eof_seen_) return 0;
    char chunk[10240];
    bool done = false;
    error_code result;
    size_t count = 0;
    socket_.async_read_some(asio::buffer(chunk), [&](const error_code& e, size_t n) {
      result = e;
      count = n;
      done = true;
    });
    struct Reading {
      bool& flag;
      explicit Reading(bool& f) : flag(f) { flag = true; }
      ~Reading() { flag = false; }
    } reading{reading_};
    Wait(done, true, [this] { AbortSocket(); });
    if (result == asio::error::eof) {
      eof_seen_ = true;
      return 0;
    }
    if (result) {
      Out("Read error: " + result.message() + "\n");
      Stop(kClientReadError);
    }
    inbuf_.append(chunk, count);
    return count;
  }

  // Whether inbuf_ holds a LF at or after \a from with no NUL before it:
  // client.c looks for the LF with strchr() in what it has just read, so a
  // NUL (binary data, a TLS record read in clear) hides the rest.
  bool HasLf(size_t from) const {
    const size_t lf = inbuf_.find('\n', from);
    return lf != std::string::npos && inbuf_.find('\0', from) > lf;
  }

  // Reads until inbuf_ holds a complete line (one with its LF), the server
  // closes, or kMaxLineBytes arrived without a LF (then they are the line:
  // memory stays bounded). Returns false if the server closed with nothing
  // buffered.
  bool FillLine() {
    size_t from = 0;  // where the latest read's data starts
    while (!HasLf(from) && inbuf_.size() < kMaxLineBytes) {
      from = inbuf_.size();
      if (ReadSome() == 0) return !inbuf_.empty();
    }
    return true;
  }

  // The first buffered line, and how many bytes it occupies. As in client.c a
  // line ends at CR or LF, and one LF right after the terminator is skipped;
  // a NUL ends the line and, for client.c, all the input it has buffered.
  std::pair<std::string, size_t> PeekLine() const {
    const size_t end = inbuf_.find_first_of(std::string_view("\r\n\0", 3));
    if (end == std::string::npos) return {inbuf_, inbuf_.size()};
    if (inbuf_[end] == '\0') return {inbuf_.substr(0, end), inbuf_.size()};
    size_t used = end + 1;
    if (used < inbuf_.size() && inbuf_[used] == '\n') ++used;
    return {inbuf_.substr(0, end), used};
  }

  void Expect(const ClientStep& step) {
    try {
      ExpectLine(step);
    } catch (const ReadInterrupted&) {
      // client.c: read() failed with EINTR (the flag alarm); what it had read
      // of the line is forgotten.
      inbuf_.clear();
      if (step.kind == ClientStepKind::kExpectOptional) return;  // on to the next script line
      Out("Read error: Interrupted system call\n");
      Stop(kClientReadError);
    }
  }

  void ExpectLine(const ClientStep& step) {
    const bool expect_eof = step.kind == ClientStepKind::kExpectEof;
    const bool optional = step.kind == ClientStepKind::kExpectOptional;
    Out(step.line + "\n");
    for (;;) {
      // One client timeout for the whole line this iteration reads.
      struct LineDeadline {
        std::optional<Clock::time_point>& slot;
        ~LineDeadline() { slot.reset(); }
      } line_limit{line_deadline_};
      if (options_.timeout_seconds > 0)
        line_deadline_ = Clock::now() + std::chrono::seconds(options_.timeout_seconds);
      if (inbuf_.empty()) {
        // A fresh read: this is where client.c checks for end of file.
        if (ReadSome() == 0) {
          if (expect_eof) {
            Out("Expected EOF read\n");
            return;
          }
          if (optional) return;  // client.c: nothing more to consume, silently
          Out("Unexpected EOF read\n");
          Stop(kClientUnexpectedEof);
        }
        if (expect_eof) {
          Out("Expected EOF not read\n");
          Stop(kClientExpectedEofNotRead);
        }
      }
      FillLine();
      auto [line, used] = PeekLine();
      const bool match = line.compare(0, step.text.size(), step.text) == 0 &&
                         line.size() >= step.text.size();
      if (!match) {
        if (optional) return;  // leave the line for the next step
        Out("<<< " + line + "\n");
        Out("\n******** Input mismatch ********\n");
        Stop(kClientInputMismatch);
      }
      inbuf_.erase(0, used);
      if (!inbuf_.empty() && inbuf_[0] == '\0') inbuf_.clear();  // client.c: nothing left
      if (!optional) {
        Out("<<< " + line + "\n");
        StartTlsIfAsked(line);
        return;
      }
      // An optional line matched: it is consumed silently. client.c looks at
      // the next one only if it has already read it; otherwise this step is
      // over (and the line may start TLS).
      if (inbuf_.empty()) {
        StartTlsIfAsked(line);
        return;
      }
    }
  }

  // client.c after a matched server line: if the line before it sent
  // "starttls", a 2xx reply starts TLS.
  void StartTlsIfAsked(const std::string& line) {
    if (options_.tls_client == nullptr) return;
    if (sent_starttls_) {
      if (!line.empty() && line[0] == '2') {
        Out("Attempting to start TLS\n");
        tls_active_ = options_.tls_client->Start(false, *this);
      } else {
        Out("Abandoning TLS start attempt\n");
      }
    }
    sent_starttls_ = false;
  }

  void Send(const ClientStep& step) {
    if (!inbuf_.empty()) {
      // client.c prints it with "%s": up to a NUL.
      Out("Unconsumed input: " + inbuf_.substr(0, inbuf_.find('\0')) + "   About to send: " + step.echo + "\n");
      Stop(kClientUnconsumedInput);
    }
    std::string_view echo = step.echo;
    const std::string* bytes = &step.text;
    std::string wait_bytes;
    if (options_.tls_client != nullptr) {
      if (echo == "stoptls" || echo == "STOPTLS") {
        if (!tls_active_) {
          Out("STOPTLS read when TLS not active\n");
          Stop(kClientStopTlsNotActive);
        }
        Out("Shutting down TLS encryption\n");
        options_.tls_client->Stop(*this);
        tls_active_ = false;
        return;
      }
      sent_starttls_ = echo == "starttls" || echo == "STARTTLS";
      // "starttls_wait" sends "starttls" without starting TLS afterwards
      // (for testing the server's timeout).
      if (echo == "starttls_wait") {
        echo = echo.substr(0, 8);
        wait_bytes = UnescapeClientText(step.crlf ? "starttls\r\n" : "starttls");
        bytes = &wait_bytes;
      }
    }
    Out(">>> " + std::string(echo) + "\n");
    if (tls_active_) {
      const int code = options_.tls_client->Write(*bytes, *this);
      if (code != 0) Stop(code);
      return;
    }
    bool done = false;
    error_code result;
    asio::async_write(socket_, asio::buffer(*bytes), [&](const error_code& e, size_t) {
      result = e;
      done = true;
    });
    Wait(done, true, [this] { AbortSocket(); });
    if (result) {
      Out("Write error: " + result.message() + "\n");
      Stop(kClientWriteError);
    }
  }

  void Sleep(const ClientStep& step) {
    Out(step.line + "\n");
    if (step.seconds <= 0) return;
    bool done = false;
    timer_.expires_after(std::chrono::seconds(step.seconds));
    timer_.async_wait([&](const error_code&) { done = true; });
    Wait(done, false, [this] { timer_.cancel(); });
  }

  void Include(const ClientStep& step, int depth) {
    std::string path = step.text;
    if (!options_.include_dir.empty() && !path.empty() && path[0] != '/') {
      path = options_.include_dir + "/" + path;
    }
    if (depth >= kMaxIncludeDepth) {
      Out("Unable to open '" + step.text + "': too many nested includes");
      Stop(kClientExpectedEofNotRead);
    }
    // Opened as a regular file of bounded size (file_io.h): a FIFO, a device
    // such as /dev/zero or a directory is refused, never read forever.
    std::optional<std::string> contents;
    int err = 0;
    std::string why;
    try {
      contents = ReadWholeFile(path, &err, kMaxIncludeBytes);
    } catch (const HarnessError& e) {
      why = e.message();
    }
    if (!contents) {
      Out("Unable to open '" + step.text + "': " + (why.empty() ? ErrnoMessage(err != 0 ? err : ENOENT) : why));
      Stop(kClientExpectedEofNotRead);
    }
    // The included lines cannot contain '\n', so parsing cannot throw.
    const std::vector<ClientStep> steps = ParseClientScriptText(*contents, SourceLoc{path, 1});
    const ClientStep* outer = current_;
    RunSteps(steps, depth + 1);
    current_ = outer;
  }

  void RunSteps(const std::vector<ClientStep>& steps, int depth) {
    for (const ClientStep& step : steps) {
      current_ = &step;
      switch (step.kind) {
        case ClientStepKind::kExpect:
        case ClientStepKind::kExpectOptional:
        case ClientStepKind::kExpectEof:
          Expect(step);
          break;
        case ClientStepKind::kSleep:
          Sleep(step);
          break;
        case ClientStepKind::kInclude:
          Include(step, depth);
          break;
        case ClientStepKind::kSend:
          Send(step);
          break;
      }
    }
    current_ = nullptr;
  }

  // client.c: shutdown(SHUT_WR), read without blocking whatever is already
  // there, close.
  void Finish() {
    Out("End of script\n");
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.non_blocking(true, ec);
    if (!ec && !eof_seen_) {
      char chunk[10240];
      while (socket_.read_some(asio::buffer(chunk), ec) > 0 && !ec) {
      }
    }
    socket_.close(ec);
  }

  const ClientOptions& options_;
  ClientResult* result_;
  asio::io_context io_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  asio::steady_timer tls_timer_;         // a TLS wait's own bound (TlsWaiter::Wait)
  bool tls_active_ = false;              // reads and writes go through options_.tls_client
  bool sent_starttls_ = false;           // the last line sent was "starttls"
  std::string inbuf_;                    // server input not yet consumed
  bool eof_seen_ = false;                // the server has closed its side
  std::optional<Clock::time_point> line_deadline_;  // while a line is read (Expect)
  bool reading_ = false;             // a plain read is being waited for (ReadSome)
  bool timeouts_interrupt_ = false;  // TlsReadResult::timeouts_interrupt was seen
  const ClientStep* current_ = nullptr;  // the step being executed
};

}  // namespace

std::string ClientUsage(ClientTlsKind kind) {
  std::string tls;
  if (kind != ClientTlsKind::kNone) {
    tls = "          [-tls-on-connect]\n"
          "\t  [-tls-quiet]\n"
          "          [-ocsp]\n";
  }
  if (kind == ClientTlsKind::kGnuTls) tls += "          [-p priority-string]\n";
  return "\nUsage: client\n" + tls +
         "          [-tn] n seconds timeout\n"
         "          <IP address>\n"
         "          <port>\n"
         "          [<outgoing interface>]\n"
         "          [<cert file>]\n"
         "          [<key file>]\n"
         "\n\n";
}

bool ParseClientArgs(const std::vector<std::string>& args, ClientOptions* options,
                     ClientResult* early_exit, ClientTlsKind kind) {
  auto fail = [&](int code, const std::string& message) {
    *early_exit = ClientResult{};
    early_exit->exit_code = code;
    early_exit->stderr_text = message + "\n";
    return false;
  };
  size_t i = 0;
  int timeout = 5;
  ClientTlsOptions tls;
  while (i < args.size() && !args[i].empty() && args[i][0] == '-') {
    const std::string& arg = args[i];
    if (arg == "-help" || arg == "--help" || arg == "-h") {
      *early_exit = ClientResult{};
      early_exit->exit_code = kClientOk;
      early_exit->stdout_text = ClientUsage(kind);
      return false;
    }
    if (arg == "-tls-on-connect") {
      tls.on_connect = true;  // ignored by the plain client
      ++i;
    } else if (kind != ClientTlsKind::kNone && arg == "-tls-quiet") {
      tls.quiet = true;
      ++i;
    } else if (kind != ClientTlsKind::kNone && arg == "-ocsp") {
      if (++i >= args.size()) {
        return fail(kClientMissingOptionValue, "Missing required certificate file for ocsp option");
      }
      tls.ocsp = true;
      tls.ocsp_file = args[i++];
    } else if (kind == ClientTlsKind::kGnuTls && arg == "-p") {
      if (++i >= args.size()) return fail(kClientMissingOptionValue, "Missing priority string");
      tls.priority = true;
      tls.priority_string = args[i++];
    } else if (arg.size() > 2 && arg[1] == 't' &&
               std::isdigit(static_cast<unsigned char>(arg[2]))) {
      const char* digits = arg.c_str() + 2;
      char* end = nullptr;
      errno = 0;
      const long value = std::strtol(digits, &end, 10);
      if (end == digits || *end != '\0') {
        return fail(kClientBadTimeout, "Failed to parse seconds from option <" + arg + ">");
      }
      if (value > 10000L) {
        return fail(kClientTimeoutTooLong,
                    "Unreasonably long wait of " + std::to_string(value) + " seconds requested");
      }
      timeout = static_cast<int>(value);
      ++i;
    } else {
      return fail(kClientBadOption, "Unrecognized option " + arg);
    }
  }
  if (i >= args.size()) return fail(kClientNoAddress, "No IP address given");
  const std::string host = args[i++];
  if (i >= args.size()) return fail(kClientNoPort, "No port number given");
  const std::string port = args[i++];
  std::string interface;
  if (i < args.size() && !args[i].empty() &&
      (std::isdigit(static_cast<unsigned char>(args[i][0])) || args[i][0] == ':')) {
    interface = args[i++];
  }
  // Any further words are the cert and key files, unused without TLS.
  if (i < args.size()) {
    tls.cert = true;
    tls.cert_file = args[i++];
  }
  if (i < args.size()) {
    tls.key = true;
    tls.key_file = args[i++];
  }
  options->tls = tls;
  options->host = host;
  options->port = port;
  options->timeout_seconds = timeout;
  options->interface = interface;
  return true;
}

ClientResult RunClient(const ClientOptions& options, const std::vector<ClientStep>& steps) {
  ClientResult result;
  ClientSession session(options, &result);
  session.Run(steps);
  return result;
}

ClientResult RunClient(const ClientOptions& options, const std::vector<std::string>& script_lines,
                       const SourceLoc& first) {
  std::vector<ClientStep> steps;
  try {
    steps = ParseClientScript(script_lines, first);
  } catch (const HarnessError&) {
    // Only a line with an embedded '\n' can get here; a real client would have
    // read it as two lines, so do the same.
    std::vector<std::string> split;
    for (const std::string& line : script_lines) {
      size_t start = 0;
      for (size_t nl; (nl = line.find('\n', start)) != std::string::npos; start = nl + 1) {
        split.push_back(line.substr(start, nl - start));
      }
      split.push_back(line.substr(start));
    }
    steps = ParseClientScript(split, first);
  }
  return RunClient(options, steps);
}

ClientResult RunClientCommand(const std::vector<std::string>& args,
                              const std::vector<std::string>& script_lines,
                              const ClientOptions& base, const SourceLoc& first) {
  ClientOptions options = base;
  ClientResult early;
  if (!ParseClientArgs(args, &options, &early)) return early;
  return RunClient(options, script_lines, first);
}

}  // namespace harness
