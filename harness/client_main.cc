// client_main.cc - the standalone `client` binary: Exim's test client; also,
// compiled with HARNESS_CLIENT_TLS and linked with one tls_client_*.cc,
// `client-ssl` and `client-gnutls` (docs/client.md).
//
//   client [-tN] IP PORT [IFACE] < script
//   client-ssl [-tls-on-connect] [-tls-quiet] [-ocsp FILE] [-tN] IP PORT [IFACE] [CERT [KEY]] < script
//   client-gnutls [same] [-p PRIORITY] ...
//
// Reads the client script on stdin, runs it with RunClient() and exits with
// the client's status. The transcript is written to stdout as it is
// produced, so that it survives if the process is killed.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client_script.h"
#include "harness/smtp_client.h"
#include "harness/tls_client.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);

  harness::ClientTlsKind kind = harness::ClientTlsKind::kNone;
  std::unique_ptr<harness::TlsClient> tls;
#ifdef HARNESS_CLIENT_TLS
  kind = harness::LinkedTlsKind();
  // A write to a closed connection is reported ("Write error: Broken pipe"),
  // not fatal; the TLS libraries write with plain send()/write().
  std::signal(SIGPIPE, SIG_IGN);
#endif

  harness::ClientOptions base;
  harness::ClientResult early;
  if (!harness::ParseClientArgs(args, &base, &early, kind)) {
    std::fwrite(early.stdout_text.data(), 1, early.stdout_text.size(), stdout);
    std::fwrite(early.stderr_text.data(), 1, early.stderr_text.size(), stderr);
    return early.exit_code;
  }
#ifdef HARNESS_CLIENT_TLS
  tls = harness::MakeTlsClient();
  base.tls_client = tls.get();
#endif

  std::string script((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  base.include_dir.clear();  // relative "<<< FILE" names are relative to the cwd
  base.on_stdout = [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  };
  const harness::ClientResult result =
      harness::RunClient(base, harness::SplitClientLines(script), harness::SourceLoc{"<stdin>", 1});
  std::fwrite(result.stderr_text.data(), 1, result.stderr_text.size(), stderr);
  std::fflush(stdout);
  return result.exit_code;
}
