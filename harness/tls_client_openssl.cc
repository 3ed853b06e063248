// tls_client_openssl.cc - the TLS layer of client-ssl: client.c's
// HAVE_OPENSSL code paths on a non-blocking socket. Only client-ssl links it.
#include "harness/tls_client.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace harness {

namespace {

using Clock = std::chrono::steady_clock;

// client.c gives SSL_connect five seconds, whatever the client's timeout.
constexpr int kConnectSeconds = 5;

class OpenSslClient : public TlsClient {
 public:
  ~OpenSslClient() override {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (bio_ != nullptr) BIO_free(bio_);
  }

  int Setup(const ClientTlsOptions& options, int fd, TlsWaiter& io) override {
    options_ = options;
    fd_ = fd;
    io_ = &io;
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
    ctx_ = SSL_CTX_new(TLS_method());
    if (ctx_ == nullptr) {
      io.Out("SSL_CTX_new failed\n");
      return 84;
    }
    if (options.cert) {
      if (!SSL_CTX_use_certificate_file(ctx_, options.cert_file.c_str(), SSL_FILETYPE_PEM)) {
        io.Out("SSL_CTX_use_certificate_file failed\n");
        return 83;
      }
      io.Out("Certificate file = " + options.cert_file + "\n");
    }
    if (options.key) {
      if (!SSL_CTX_use_PrivateKey_file(ctx_, options.key_file.c_str(), SSL_FILETYPE_PEM)) {
        io.Out("SSL_CTX_use_PrivateKey_file failed\n");
        return 82;
      }
      io.Out("Key file = " + options.key_file + "\n");
    }
    SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_BOTH);
    SSL_CTX_set_timeout(ctx_, 200);
    SSL_CTX_set_app_data(ctx_, this);
    SSL_CTX_set_info_callback(ctx_, &InfoCallback);
    // What the OCSP callback writes (client.c: a BIO on stdout).
    bio_ = BIO_new(BIO_s_mem());
    return 0;
  }

  bool Start(bool /*on_connect*/, TlsWaiter& io) override {
    io_ = &io;
    // client.c seeds from its own source file; OpenSSL 3 queues an error if
    // it is missing, and SSL_connect clears the queue. Kept for fidelity.
    RAND_load_file("client.c", -1);
    ssl_ = SSL_new(ctx_);  // a session that failed before is left behind, as in client.c
    static const unsigned char kSidCtx[] = "exim";
    SSL_set_session_id_context(ssl_, kSidCtx, 4);
    SSL_set_fd(ssl_, fd_);
    SSL_set_connect_state(ssl_);
    if (options_.ocsp) {
      SSL_CTX_set_tlsext_status_cb(ctx_, &StaplingCallback);
      SSL_CTX_set_tlsext_status_arg(ctx_, this);
      SSL_set_tlsext_status_type(ssl_, TLSEXT_STATUSTYPE_ocsp);
    }
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(kConnectSeconds);
    bool active = false;
    for (;;) {
      const int rc = SSL_connect(ssl_);
      FlushBio();
      if (rc > 0) {
        active = true;
        break;
      }
      const int error = SSL_get_error(ssl_, rc);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now()).count() + 1;
        if (Clock::now() >= deadline || !io.Wait(error == SSL_ERROR_WANT_WRITE, static_cast<int>(left))) {
          io.Out("SSL_connect timed out\n");
          break;
        }
        continue;
      }
      PrintErrors();
      break;
    }
    if (!options_.quiet) {
      if (!active) {
        io.Out("Failed to start TLS\n");
      } else if (options_.ocsp) {
        io.Out("Succeeded in starting TLS (with OCSP)\n");
      } else {
        io.Out("Succeeded in starting TLS\n");
      }
    }
    return active;
  }

  TlsReadResult Read(char* buffer, size_t size, TlsWaiter& io) override {
    io_ = &io;
    TlsReadResult result;
    for (;;) {
      const int rc = SSL_read(ssl_, buffer, static_cast<int>(size));
      const int saved_errno = errno;
      if (rc > 0) {
        result.status = TlsReadResult::kData;
        result.bytes = static_cast<size_t>(rc);
        return result;
      }
      const int error = SSL_get_error(ssl_, rc);
      int code = rc;
      switch (error) {
        case SSL_ERROR_WANT_READ:
        case SSL_ERROR_WANT_WRITE:
          io.Wait(error == SSL_ERROR_WANT_WRITE);
          continue;
        case SSL_ERROR_ZERO_RETURN:
          result.status = TlsReadResult::kEof;
          return result;
        case SSL_ERROR_SYSCALL:
          io.Out(std::string(ERR_error_string(ERR_get_error(), nullptr)) + "\n");
          code = -1;
          break;
        case SSL_ERROR_SSL:
          io.Out(std::string(ERR_error_string(ERR_get_error(), nullptr)) + "\nTLS terminated\n");
          SSL_shutdown(ssl_);
          SSL_free(ssl_);
          ssl_ = nullptr;
          result.status = TlsReadResult::kTerminated;
          result.timeouts_interrupt = true;  // client.c: sigaction(SIGALRM, sigalrm_handler_flag)
          return result;
        default:
          io.Out("SSL error code " + std::to_string(error) + "\n");
          break;
      }
      if (code == 0) {
        result.status = TlsReadResult::kEof;
        return result;
      }
      io.Out("Read error: " + std::string(std::strerror(saved_errno)) + "\n");
      result.status = TlsReadResult::kFatal;
      result.exit_code = 81;
      return result;
    }
  }

  int Write(std::string_view data, TlsWaiter& io) override {
    io_ = &io;
    for (;;) {
      const int rc = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
      const int saved_errno = errno;
      if (rc >= 0) return 0;  // client.c checks only rc < 0
      const int error = SSL_get_error(ssl_, rc);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        io.Wait(error == SSL_ERROR_WANT_WRITE);
        continue;
      }
      io.Out("Write error: " + std::string(std::strerror(saved_errno)) + "\n");
      return 75;
    }
  }

  void Stop(TlsWaiter& io) override {
    io_ = &io;
    // A blocking SSL_shutdown returns once close_notify is sent; do the same.
    for (;;) {
      const int rc = SSL_shutdown(ssl_);
      if (rc < 0 && SSL_get_error(ssl_, rc) == SSL_ERROR_WANT_WRITE) {
        io.Wait(true);
        continue;
      }
      break;
    }
    SSL_free(ssl_);
    ssl_ = nullptr;
  }

 private:
  static int PrintError(const char* text, size_t len, void* self) {
    static_cast<OpenSslClient*>(self)->io_->Out(std::string_view(text, len));
    return 1;
  }

  void PrintErrors() { ERR_print_errors_cb(&PrintError, this); }

  void FlushBio() {
    if (bio_ == nullptr) return;
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio_, &data);
    if (len > 0) io_->Out(std::string_view(data, static_cast<size_t>(len)));
    (void)BIO_reset(bio_);
  }

  // client.c prints every call ("SSL info: <state>"). A non-blocking
  // handshake also calls back when it stops for want of data; a blocking one
  // never does, so those calls are not printed (a failure, in state "error",
  // is).
  static void InfoCallback(const SSL* s, int where, int ret) {
    auto* self = static_cast<OpenSslClient*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(s)));
    const std::string state = SSL_state_string_long(s);
    if ((where & SSL_CB_EXIT) != 0 && ret <= 0 && (SSL_want_read(s) || SSL_want_write(s)) && state != "error") {
      return;
    }
    self->FlushBio();
    self->io_->Out("SSL info: " + state + "\n");
  }

  static STACK_OF(X509) * ChainFromPemFile(const std::string& file) {
    STACK_OF(X509)* sk = sk_X509_new_null();
    if (sk == nullptr) return nullptr;
    BIO* bp = BIO_new_file(file.c_str(), "r");
    if (bp == nullptr) return nullptr;
    while (X509* x = PEM_read_bio_X509(bp, nullptr, nullptr, nullptr)) sk_X509_push(sk, x);
    BIO_free(bp);
    return sk;
  }

  // client.c's tls_client_stapling_cb.
  static int StaplingCallback(SSL* s, void* arg) {
    auto* self = static_cast<OpenSslClient*>(arg);
    BIO* out = self->bio_;
    const unsigned char* p = nullptr;
    const long len = SSL_get_tlsext_status_ocsp_resp(s, &p);
    if (p == nullptr) {
      BIO_printf(out, "no OCSP response received\n");
      return 1;
    }
    OCSP_RESPONSE* rsp = d2i_OCSP_RESPONSE(nullptr, &p, len);
    if (rsp == nullptr) {
      BIO_printf(out, "OCSP response parse error\n");
      BIO_dump_indent(out, reinterpret_cast<const char*>(p), static_cast<int>(len), 4);
      return 0;
    }
    OCSP_BASICRESP* bs = OCSP_response_get1_basic(rsp);
    if (bs == nullptr) {
      BIO_printf(out, "error parsing OCSP response\n");
      return 0;
    }
    STACK_OF(X509)* sk = ChainFromPemFile(self->options_.ocsp_file);
    if (sk == nullptr) {
      BIO_printf(out, "error in cert setup\n");
      return 0;
    }
    int ret = 1;
    if (OCSP_basic_verify(bs, sk, nullptr, OCSP_NOVERIFY) <= 0) {
      BIO_printf(out, "OCSP status response verify failure\n");
      ERR_print_errors(out);
      ret = 0;
    } else {
      BIO_printf(out, "OCSP status response: good signature\n");
    }
    while (sk_X509_num(sk) > 0) (void)sk_X509_pop(sk);
    sk_X509_free(sk);
    return ret;
  }

  ClientTlsOptions options_;
  int fd_ = -1;
  TlsWaiter* io_ = nullptr;  // the waiter of the call in progress (callbacks print through it)
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  BIO* bio_ = nullptr;
};

}  // namespace

std::unique_ptr<TlsClient> MakeTlsClient() { return std::make_unique<OpenSslClient>(); }

ClientTlsKind LinkedTlsKind() { return ClientTlsKind::kOpenSsl; }

}  // namespace harness
