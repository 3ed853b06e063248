// tls_client_gnutls.cc - the TLS layer of client-gnutls: client.c's
// HAVE_GNUTLS code paths on a non-blocking socket. Only client-gnutls links it.
#include "harness/tls_client.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

namespace harness {

namespace {

constexpr unsigned kDhBits = 768;
constexpr unsigned kSessionTimeout = 200;

// client.c's gnutls_error(): the message on stderr, exit 98.
struct InitError {
  int exit_code;
};

class GnuTlsClient : public TlsClient {
 public:
  ~GnuTlsClient() override {
    if (session_ != nullptr) gnutls_deinit(session_);
    if (cred_ != nullptr) gnutls_certificate_free_credentials(cred_);
    if (dh_params_ != nullptr) gnutls_dh_params_deinit(dh_params_);
  }

  int Setup(const ClientTlsOptions& options, int fd, TlsWaiter& io) override {
    options_ = options;
    fd_ = fd;
    if (options.cert) io.Out("Certificate file = " + options.cert_file + "\n");
    if (options.key) io.Out("Key file = " + options.key_file + "\n");
    try {
      Init(io);
    } catch (const InitError& e) {
      return e.exit_code;
    }
    NewSession();
    return 0;
  }

  bool Start(bool on_connect, TlsWaiter& io) override {
    // client.c would use the session "stoptls" freed; a new one is made.
    if (session_ == nullptr) {
      gnutls_global_init();
      NewSession();
    }
    int rc = Handshake(io);
    bool active = rc >= 0;
    if (on_connect) {
      if (!active) io.Out(std::string(gnutls_strerror(rc)) + "\n");
      if (!options_.quiet) {
        if (!active) {
          io.Out("Failed to start TLS\n");
        } else if (options_.ocsp && gnutls_ocsp_status_request_is_checked(session_, 0) == 0) {
          io.Out("Failed to verify certificate status\n");
        } else {
          io.Out(std::string("Succeeded in starting TLS") + (options_.ocsp ? " (with OCSP)" : "") + "\n");
        }
      }
      return active;
    }
    if (!active && !options_.quiet) io.Out("gnutls_handshake: " + std::string(gnutls_strerror(rc)) + "\n");
    // client.c looks for an error on the connection for 2 ms.
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 2) > 0) {
      std::vector<char> scratch(16384);
      for (;;) {
        rc = gnutls_record_recv(session_, scratch.data(), scratch.size());
        if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_AGAIN) {
          io.Wait(gnutls_record_get_direction(session_) == 1);
          continue;
        }
        break;
      }
      if (rc < 0) {
        if (!options_.quiet) io.Out("gnutls_record_recv: " + std::string(gnutls_strerror(rc)) + "\n");
        active = false;
      }
      // Data read here is lost, as in client.c.
    }
    if (!options_.quiet) {
      if (!active) {
        io.Out("Failed to start TLS\n");
      } else if (options_.ocsp) {
        unsigned verify = 0;
        if ((rc = gnutls_certificate_verify_peers2(session_, &verify)) < 0) {
          io.Out("Failed to verify certificate: " + std::string(gnutls_strerror(rc)) + "\n");
        } else if ((verify & (GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED)) != 0) {
          io.Out("Bad certificate\n");
        } else if (gnutls_ocsp_status_request_is_checked(session_, 0) == 0) {
          io.Out("Failed to verify certificate status\n");
          PrintStapling(io);
        } else {
          io.Out("OCSP status response: good signature\n");
          io.Out("Succeeded in starting TLS (with OCSP)\n");
        }
      } else {
        io.Out("Succeeded in starting TLS\n");
      }
    }
    return active;
  }

  TlsReadResult Read(char* buffer, size_t size, TlsWaiter& io) override {
    TlsReadResult result;
    for (;;) {
      const ssize_t rc = gnutls_record_recv(session_, buffer, size);
      if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_AGAIN) {
        io.Wait(gnutls_record_get_direction(session_) == 1);
        continue;
      }
      if (rc < 0) {
        io.Out(std::string(gnutls_strerror(static_cast<int>(rc))) + "\n");
        result.status = TlsReadResult::kTerminated;
        return result;
      }
      if (rc == 0) {
        result.status = TlsReadResult::kEof;
        return result;
      }
      result.status = TlsReadResult::kData;
      result.bytes = static_cast<size_t>(rc);
      return result;
    }
  }

  int Write(std::string_view data, TlsWaiter& io) override {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t rc = gnutls_record_send(session_, data.data() + done, data.size() - done);
      if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_AGAIN) {
        io.Wait(gnutls_record_get_direction(session_) == 1);
        continue;
      }
      if (rc < 0) {
        io.Out("GnuTLS write error: " + std::string(gnutls_strerror(static_cast<int>(rc))) + "\n");
        return 76;
      }
      done += static_cast<size_t>(rc);
    }
    return 0;
  }

  void Stop(TlsWaiter& io) override {
    for (;;) {
      const int rc = gnutls_bye(session_, GNUTLS_SHUT_WR);
      if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_AGAIN) {
        io.Wait(gnutls_record_get_direction(session_) == 1);
        continue;
      }
      break;
    }
    gnutls_deinit(session_);
    session_ = nullptr;
    gnutls_global_deinit();
  }

 private:
  [[noreturn]] static void Fail(TlsWaiter& io, const std::string& prefix, int err) {
    std::string text = "GnuTLS connection error: " + prefix + ":";
    if (err != 0) text += " " + std::string(gnutls_strerror(err));
    io.Err(text + "\n");
    throw InitError{98};
  }

  // client.c's tls_init() and init_dh(): the D-H parameters come from
  // aux-fixed/gnutls-params, relative to the current directory.
  void Init(TlsWaiter& io) {
    int rc = gnutls_global_init();
    if (rc < 0) Fail(io, "gnutls_global_init", rc);
    rc = gnutls_dh_params_init(&dh_params_);
    if (rc < 0) Fail(io, "init dh_params", rc);
    const int fd = open("aux-fixed/gnutls-params", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      io.Err("Failed to open spool/gnutls-params: " + std::string(std::strerror(errno)) + "\n");
      throw InitError{97};
    }
    struct stat st {};
    if (fstat(fd, &st) < 0) {
      close(fd);
      Fail(io, "TLS cache stat failed", 0);
    }
    std::string pem(static_cast<size_t>(st.st_size), '\0');
    const ssize_t got = read(fd, pem.data(), pem.size());
    close(fd);
    if (got != static_cast<ssize_t>(pem.size())) Fail(io, "TLS cache read failed", 0);
    gnutls_datum_t m{reinterpret_cast<unsigned char*>(pem.data()), static_cast<unsigned>(pem.size())};
    rc = gnutls_dh_params_import_pkcs3(dh_params_, &m, GNUTLS_X509_FMT_PEM);
    if (rc < 0) Fail(io, "DH params import", rc);
    rc = gnutls_certificate_allocate_credentials(&cred_);
    if (rc < 0) Fail(io, "certificate_allocate_credentials", rc);
    if (options_.cert) {
      rc = gnutls_certificate_set_x509_key_file(cred_, options_.cert_file.c_str(),
                                                options_.key ? options_.key_file.c_str() : nullptr,
                                                GNUTLS_X509_FMT_PEM);
      if (rc < 0) Fail(io, "gnutls_certificate", rc);
    }
    gnutls_certificate_set_dh_params(cred_, dh_params_);
    if (options_.ocsp) gnutls_certificate_set_x509_trust_file(cred_, options_.ocsp_file.c_str(), GNUTLS_X509_FMT_PEM);
  }

  // client.c's tls_session_init() plus what main() adds to the session.
  void NewSession() {
    gnutls_init(&session_, GNUTLS_CLIENT | GNUTLS_NO_EXTENSIONS);
    if (options_.priority) {
      gnutls_priority_t priority_cache = nullptr;
      const char* errpos = nullptr;
      // As in client.c, a bad string leaves the session without priorities.
      if (gnutls_priority_init(&priority_cache, options_.priority_string.c_str(), &errpos) == 0) {
        gnutls_priority_set(session_, priority_cache);
        priorities_.push_back(priority_cache);
      }
    } else {
      gnutls_set_default_priority(session_);
    }
    gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, cred_);
    gnutls_dh_set_prime_bits(session_, kDhBits);
    gnutls_db_set_cache_expiration(session_, kSessionTimeout);
    if (options_.ocsp) gnutls_ocsp_status_request_enable_client(session_, nullptr, 0, nullptr);
    gnutls_transport_set_int(session_, fd_);
  }

  int Handshake(TlsWaiter& io) {
    int rc;
    do {
      rc = gnutls_handshake(session_);
      if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) io.Wait(gnutls_record_get_direction(session_) == 1);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    return rc;
  }

  // The stapled OCSP response, printed on stderr (client.c).
  void PrintStapling(TlsWaiter& io) {
    gnutls_datum_t stapling{};
    gnutls_ocsp_resp_t resp = nullptr;
    gnutls_datum_t printed{};
    int rc;
    if ((rc = gnutls_ocsp_status_request_get(session_, &stapling)) == 0 &&
        (rc = gnutls_ocsp_resp_init(&resp)) == 0 && (rc = gnutls_ocsp_resp_import(resp, &stapling)) == 0 &&
        (rc = gnutls_ocsp_resp_print(resp, GNUTLS_OCSP_PRINT_FULL, &printed)) == 0) {
      const std::string text(reinterpret_cast<const char*>(printed.data), printed.size);
      io.Err(text.substr(0, std::min<size_t>(4096, text.find('\0'))));
      gnutls_free(printed.data);
    } else {
      io.Err("ocsp decode: " + std::string(gnutls_strerror(rc)));
    }
    if (resp != nullptr) gnutls_ocsp_resp_deinit(resp);
  }

  ClientTlsOptions options_;
  int fd_ = -1;
  gnutls_dh_params_t dh_params_ = nullptr;
  gnutls_certificate_credentials_t cred_ = nullptr;
  gnutls_session_t session_ = nullptr;
  std::vector<gnutls_priority_t> priorities_;  // kept for the sessions' lifetime
};

}  // namespace

std::unique_ptr<TlsClient> MakeTlsClient() { return std::make_unique<GnuTlsClient>(); }

ClientTlsKind LinkedTlsKind() { return ClientTlsKind::kGnuTls; }

}  // namespace harness
