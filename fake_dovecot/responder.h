// responder.h - the fake Dovecot's socket side: a Boost.Asio UNIX-socket
// server that runs one AuthSession per connection.
#ifndef FAKE_DOVECOT_RESPONDER_H_
#define FAKE_DOVECOT_RESPONDER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <map>
#include <ostream>
#include <memory>
#include <string>

#include "fake_dovecot/auth_session.h"
#include "fake_dovecot/transcript.h"

namespace fake_dovecot {

class Connection;

/// Accepts connections on a UNIX socket and serves each with an AuthSession,
/// single-threaded on one io_context. The socket is created as the scenario
/// says (present, absent, refused; its mode).
class Responder {
 public:
  /// Connections served at once; further ones are closed at once.
  static constexpr size_t kDefaultMaxConnections = 256;
  /// Unwritten output per connection before the fake gives up on a client
  /// that does not read.
  static constexpr size_t kMaxPendingOutput = 4 << 20;

  /// \a env (with its scenario, users, transcript) must outlive the responder.
  /// Its messages go to \a log (fake_dovecot's stderr).
  Responder(boost::asio::io_context& io, const SessionEnv& env,
            std::string socket_path,
            size_t max_connections = kDefaultMaxConnections,
            std::ostream* log = nullptr);
  ~Responder();

  /// Creates the socket (removing a stale one first) and starts accepting.
  /// Returns false with a message in \a err on failure.
  bool Listen(std::string* err);
  /// Stops accepting, ends every connection (recorded as `server closed`)
  /// and removes the socket file it created. Idempotent.
  void Stop();

  const std::string& socket_path() const { return socket_path_; }
  size_t active_connections() const { return connections_.size(); }
  /// Connections accepted so far (the last CUID handed out).
  unsigned accepted() const { return next_cuid_ - 1; }

 private:
  friend class Connection;
  void DoAccept();
  void Remove(unsigned cuid);
  void FlushTranscript() {
    if (env_.transcript) env_.transcript->Flush();
  }

  boost::asio::io_context& io_;
  const SessionEnv& env_;
  std::ostream* log_;
  std::string socket_path_;
  size_t max_connections_;
  std::unique_ptr<boost::asio::local::stream_protocol::acceptor> acceptor_;
  std::map<unsigned, std::shared_ptr<Connection>> connections_;
  unsigned next_cuid_ = 1;
  bool created_socket_ = false;
  bool stopped_ = false;
};

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_RESPONDER_H_
