// tls_client.h - the TLS layer of Exim's test client (client-ssl,
// client-gnutls), behind one small interface.
//
// smtp_client.cc drives a script and owns the socket; when the client runs
// with a TlsClient it hands the connection's file descriptor to it for
// -tls-on-connect, STARTTLS and "stoptls". The implementations,
// tls_client_openssl.cc and tls_client_gnutls.cc, are each compiled only into
// their own program, so nothing else (runtest, the plain client) links a TLS
// library. Each prints exactly the lines upstream's test/src/client.c prints
// when built with that library (docs/client.md).
//
// The descriptor is non-blocking: when the library needs the network, the
// implementation calls TlsWaiter::Wait, which returns once the socket is
// ready or throws (through the TlsClient call, never through a C library
// frame) when the client's timeout or the caller's cancellation ends the run.
#ifndef HARNESS_TLS_CLIENT_H_
#define HARNESS_TLS_CLIENT_H_

#include <memory>
#include <string>
#include <string_view>

namespace harness {

/// Which TLS library a client program uses (what client.c was built with).
enum class ClientTlsKind { kNone, kOpenSsl, kGnuTls };

/// The TLS options of "client-ssl"/"client-gnutls".
struct ClientTlsOptions {
  bool on_connect = false;  ///< -tls-on-connect
  bool quiet = false;       ///< -tls-quiet
  bool ocsp = false;        ///< -ocsp FILE given
  std::string ocsp_file;    ///< its FILE (OpenSSL: the signer chain; GnuTLS: trusted CAs)
  bool priority = false;    ///< -p STRING given (GnuTLS only)
  std::string priority_string;
  bool cert = false;        ///< a certificate file argument given
  std::string cert_file;
  bool key = false;         ///< a key file argument given
  std::string key_file;
};

/// How a TLS layer talks to the session that owns the socket.
class TlsWaiter {
 public:
  /// Why a wait ended without the socket becoming ready.
  enum class Bound { kClientTimeout, kFixed };
  virtual ~TlsWaiter() = default;
  /// Appends transcript text (client.c's stdout).
  virtual void Out(std::string_view text) = 0;
  /// Appends diagnostic text (client.c's stderr).
  virtual void Err(std::string_view text) = 0;
  /// Waits until the socket is readable (\a write false) or writable.
  /// With \a fixed_seconds > 0 the wait is bounded by that many seconds and
  /// returns false when they pass; otherwise the client's own timeout bounds
  /// it, and its expiry (like a cancellation) ends the run: the call throws.
  virtual bool Wait(bool write, int fixed_seconds = 0) = 0;
};

/// What a read through TLS gave.
struct TlsReadResult {
  enum Status {
    kData,        ///< \a bytes bytes were read
    kEof,         ///< the TLS stream ended (close_notify)
    kTerminated,  ///< TLS failed and is no longer active (text printed): read in clear from now on
    kFatal,       ///< the client must exit with \a exit_code (text printed)
  } status = kEof;
  size_t bytes = 0;
  int exit_code = 0;
  /// With kTerminated: from now on a client timeout while reading does not
  /// end the client but interrupts the read (client.c's OpenSSL path swaps
  /// its SIGALRM handler for one that only sets a flag: an optional `????`
  /// line is then skipped, any other read fails "Interrupted system call").
  bool timeouts_interrupt = false;
};

/// One TLS library's client side of a connection.
class TlsClient {
 public:
  virtual ~TlsClient() = default;
  /// Runs right after "connected": loads the certificate and key, prints the
  /// "Certificate file = ..." lines and prepares a session on \a fd.
  /// Returns 0, or the exit status client.c would exit with.
  virtual int Setup(const ClientTlsOptions& options, int fd, TlsWaiter& io) = 0;
  /// Performs the handshake after "Attempting to start TLS" has been printed
  /// and prints the outcome lines. \a on_connect: for -tls-on-connect (the
  /// libraries' messages differ from those after STARTTLS).
  /// Returns true if TLS is now active.
  virtual bool Start(bool on_connect, TlsWaiter& io) = 0;
  /// Reads up to \a size bytes into \a buffer.
  virtual TlsReadResult Read(char* buffer, size_t size, TlsWaiter& io) = 0;
  /// Writes \a data; returns 0, or the exit status (text printed).
  virtual int Write(std::string_view data, TlsWaiter& io) = 0;
  /// "stoptls": sends close_notify and drops the session.
  virtual void Stop(TlsWaiter& io) = 0;
};

/// The TLS layer of this program: OpenSSL in client-ssl, GnuTLS in
/// client-gnutls. Defined by exactly one of tls_client_openssl.cc and
/// tls_client_gnutls.cc.
std::unique_ptr<TlsClient> MakeTlsClient();

/// Which library MakeTlsClient() uses.
ClientTlsKind LinkedTlsKind();

}  // namespace harness

#endif  // HARNESS_TLS_CLIENT_H_
