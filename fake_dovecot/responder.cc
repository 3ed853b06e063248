// responder.cc - see responder.h.
#include "fake_dovecot/responder.h"
#include "fake_dovecot/std_streams.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "harness/socket_path.h"

namespace fake_dovecot {

namespace asio = boost::asio;
using boost::asio::local::stream_protocol;

namespace {

AuthSession::Millis Now() {
  return std::chrono::duration_cast<AuthSession::Millis>(
      std::chrono::steady_clock::now().time_since_epoch());
}

}  // namespace

/// One accepted connection: moves bytes between the socket and its session.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Responder* owner, stream_protocol::socket socket, unsigned cuid)
      : owner_(owner),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        session_(owner->env_, cuid) {}

  void Start() {
    session_.Start(Now());
    AfterEvent();
    if (!session_.closed()) DoRead();
  }

  /// The responder is stopping.
  void Abort() {
    session_.Abort();
    session_.TakeOutput();
    CloseSocket();
  }

 private:
  void DoRead() {
    if (reading_ || eof_ || session_.closed()) return;
    reading_ = true;
    auto self = shared_from_this();
    socket_.async_read_some(
        asio::buffer(buf_), [this, self](boost::system::error_code ec, size_t n) {
          reading_ = false;
          if (socket_closed_) return;
          if (ec) {
            eof_ = true;
            session_.OnEof(Now());
          } else {
            session_.OnInput(std::string_view(buf_.data(), n), Now());
          }
          AfterEvent();
          if (!eof_) DoRead();
        });
  }

  void AfterEvent() {
    if (socket_closed_) return;
    std::string out = session_.TakeOutput();
    if (!write_failed_) wbuf_ += out;
    if (wbuf_.size() + inflight_.size() > Responder::kMaxPendingOutput) {
      *owner_->log_ << "fake_dovecot: connection " << session_.cuid()
                << ": client does not read its replies; closing\n";
      session_.Abort();
      session_.TakeOutput();
      wbuf_.clear();
    }
    StartWrite();
    ArmTimer();
    if (session_.closed() && !writing_ && wbuf_.empty()) CloseSocket();
    owner_->FlushTranscript();
  }

  void StartWrite() {
    if (writing_ || wbuf_.empty() || socket_closed_) return;
    writing_ = true;
    inflight_.swap(wbuf_);
    wbuf_.clear();
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(inflight_),
                      [this, self](boost::system::error_code ec, size_t) {
                        writing_ = false;
                        inflight_.clear();
                        if (socket_closed_) return;
                        if (ec) {
                          // The client is gone (EPIPE, ECONNRESET).
                          write_failed_ = true;
                          wbuf_.clear();
                          eof_ = true;
                          session_.OnEof(Now());
                        }
                        AfterEvent();
                      });
  }

  void ArmTimer() {
    std::optional<AuthSession::Millis> deadline = session_.NextDeadline();
    if (deadline == armed_) return;
    armed_ = deadline;
    timer_.cancel();
    if (!deadline) return;
    timer_.expires_at(std::chrono::steady_clock::time_point(*deadline));
    auto self = shared_from_this();
    unsigned generation = ++timer_generation_;
    timer_.async_wait([this, self, generation](boost::system::error_code ec) {
      if (ec || generation != timer_generation_ || socket_closed_) return;
      armed_.reset();
      session_.OnTimer(Now());
      AfterEvent();
    });
  }

  void CloseSocket() {
    if (socket_closed_) return;
    socket_closed_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(stream_protocol::socket::shutdown_both, ignored);
    socket_.close(ignored);
    owner_->Remove(session_.cuid());
  }

  Responder* owner_;
  stream_protocol::socket socket_;
  asio::steady_timer timer_;
  AuthSession session_;
  std::array<char, 4096> buf_{};
  std::string wbuf_;
  std::string inflight_;
  std::optional<AuthSession::Millis> armed_;
  unsigned timer_generation_ = 0;
  bool reading_ = false;
  bool writing_ = false;
  bool write_failed_ = false;
  bool eof_ = false;
  bool socket_closed_ = false;
};

Responder::Responder(asio::io_context& io, const SessionEnv& env,
                     std::string socket_path, size_t max_connections,
                     std::ostream* log)
    : io_(io),
      env_(env),
      log_(log ? log : &StandardError()),
      socket_path_(std::move(socket_path)),
      max_connections_(max_connections) {}

Responder::~Responder() { Stop(); }

bool Responder::Listen(std::string* err) {
  if (socket_path_.empty()) {
    *err = "no socket path given";
    return false;
  }
  if (socket_path_.size() > harness::kMaxSocketPath) {
    *err = socket_path_ + ": socket path is " +
           std::to_string(socket_path_.size()) +
           " bytes long; a UNIX socket path may have at most " +
           std::to_string(harness::kMaxSocketPath);
    return false;
  }
  struct stat st;
  if (lstat(socket_path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      *err = socket_path_ + ": exists and is not a socket; not removing it";
      return false;
    }
    if (unlink(socket_path_.c_str()) != 0) {
      *err = socket_path_ + ": cannot remove stale socket: " + std::strerror(errno);
      return false;
    }
  }
  const Scenario& sc = *env_.scenario;
  if (sc.socket == SocketPresence::kAbsent) return true;
  try {
    stream_protocol::endpoint ep(socket_path_);
    if (sc.socket == SocketPresence::kRefused) {
      // Bind without listening, then close: the file stays, connect() is
      // refused.
      stream_protocol::socket s(io_);
      s.open();
      s.bind(ep);
      s.close();
    } else {
      acceptor_ = std::make_unique<stream_protocol::acceptor>(io_);
      acceptor_->open(ep.protocol());
      acceptor_->bind(ep);
      acceptor_->listen(asio::socket_base::max_listen_connections);
    }
    created_socket_ = true;
  } catch (const boost::system::system_error& e) {
    *err = socket_path_ + ": cannot listen: " + e.code().message();
    return false;
  }
  if (chmod(socket_path_.c_str(), sc.socket_mode) != 0) {
    *err = socket_path_ + ": chmod: " + std::strerror(errno);
    return false;
  }
  if (acceptor_) DoAccept();
  return true;
}

void Responder::DoAccept() {
  acceptor_->async_accept([this](boost::system::error_code ec,
                                 stream_protocol::socket socket) {
    if (stopped_) return;
    if (!ec) {
      if (connections_.size() >= max_connections_) {
        *log_ << "fake_dovecot: more than " << max_connections_
                  << " connections; closing the new one\n";
        boost::system::error_code ignored;
        socket.close(ignored);
      } else {
        unsigned cuid = next_cuid_++;
        auto conn = std::make_shared<Connection>(this, std::move(socket), cuid);
        connections_[cuid] = conn;
        conn->Start();
      }
    } else if (ec == asio::error::operation_aborted) {
      return;
    }
    if (acceptor_ && acceptor_->is_open()) DoAccept();
  });
}

void Responder::Remove(unsigned cuid) {
  // Keep the object alive until the current handler returns.
  auto it = connections_.find(cuid);
  if (it == connections_.end()) return;
  std::shared_ptr<Connection> keep = it->second;
  connections_.erase(it);
  asio::post(io_, [keep] {});
}

void Responder::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (acceptor_) {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
  }
  auto conns = connections_;
  for (auto& entry : conns) entry.second->Abort();
  connections_.clear();
  FlushTranscript();
  if (created_socket_) {
    unlink(socket_path_.c_str());
    created_socket_ = false;
  }
}

}  // namespace fake_dovecot
