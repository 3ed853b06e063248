// smtp_client.h - Exim's test `client` program rebuilt on Boost.Asio.
//
// RunClient() connects to IP PORT, executes a client script (see
// client_script.h) and returns the transcript client.c would print, with the
// exit status client.c would exit with. It runs in the calling thread with
// its own io_context, so several can run at once; network problems never
// throw, they become exit codes and transcript text.
//
// With a TlsClient (ClientOptions::tls_client, tls_client.h) it is
// client-ssl or client-gnutls: -tls-on-connect, STARTTLS, "stoptls" and
// "starttls_wait" as in client.c built with that library (docs/client.md).
//
// Deliberate differences from client.c (modern build):
//  - without a TlsClient (the plain client, runtest's in-process one):
//    "-tls-on-connect" and the cert/key arguments are accepted and ignored;
//    "starttls" and "stoptls" are sent as ordinary lines;
//  - an unparsable IPv4 address gives exit 86 "Unable to parse" (client.c's
//    inet_addr would silently use 255.255.255.255);
//  - writing to a closed connection gives exit 75 "Write error: Broken pipe"
//    instead of death by SIGPIPE;
//  - a server line is complete only when its LF has arrived (reads
//    accumulate until then); a partial last line before EOF counts as a line
//    (a NUL ends a line and the input buffered with it, and hides a LF after
//    it in the same read, as in client.c);
//  - a non-matching "????" line stays in the buffer intact for the next step;
//  - "<<< FILE" names FILE in its error message (client.c printed the input
//    buffer by mistake); relative names are looked up in include_dir;
//  - the -t2006 bug (atoi("t3") == 0 meaning no timeout) is not reproduced,
//    but "-t0" still means no timeout, as alarm(0) does.
#ifndef HARNESS_SMTP_CLIENT_H_
#define HARNESS_SMTP_CLIENT_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client_script.h"
#include "harness/diagnostic.h"
#include "harness/tls_client.h"

namespace harness {

/// Exit statuses of the client, as in modern client.c.
enum ClientExit : int {
  kClientOk = 0,
  kClientTimedOut = 99,          ///< "\nClient timed out\n"
  kClientBadTimeout = 95,        ///< "-tN" with trailing junk
  kClientTimeoutTooLong = 94,    ///< "-tN" with N > 10000
  kClientBadOption = 92,         ///< "Unrecognized option X"
  kClientNoAddress = 91,         ///< "No IP address given"
  kClientNoPort = 90,            ///< "No port number given"
  kClientSocketFailed = 89,      ///< "socket creation failed: ..."
  kClientBadInterface = 88,     ///< "Unable to parse \"IFACE\""
  kClientBindFailed = 87,        ///< "Unable to bind outgoing SMTP call to ..."
  kClientBadAddress = 86,        ///< "Unable to parse \"IP\""
  kClientConnectFailed = 85,     ///< "connect failed: <strerror>"
  kClientReadError = 81,         ///< "Read error: <strerror>"
  kClientUnexpectedEof = 80,     ///< "Unexpected EOF read"
  kClientInputMismatch = 79,     ///< "\n******** Input mismatch ********\n"
  kClientUnconsumedInput = 78,   ///< "Unconsumed input: ...   About to send: ..."
  kClientWriteError = 75,        ///< "Write error: <strerror>"
  kClientExpectedEofNotRead = 74,  ///< "Expected EOF not read", or "<<<" open failure
  // TLS builds only:
  kClientMissingOptionValue = 96,  ///< "-ocsp" / "-p" without a value
  kClientSslCtxFailed = 84,        ///< "SSL_CTX_new failed"
  kClientCertFileFailed = 83,      ///< "SSL_CTX_use_certificate_file failed"
  kClientKeyFileFailed = 82,       ///< "SSL_CTX_use_PrivateKey_file failed"
  kClientStopTlsNotActive = 77,    ///< "STOPTLS read when TLS not active"
  kClientGnuTlsWriteError = 76,    ///< "GnuTLS write error: ..."
  kClientGnuTlsInitError = 98,     ///< "GnuTLS connection error: ..." (stderr)
  kClientGnuTlsParamsMissing = 97, ///< "Failed to open spool/gnutls-params: ..." (stderr)
  /// Not a client.c status: the cancellation hook asked the run to stop
  /// ("\nClient cancelled\n"). Same value as timeout(1) uses.
  kClientCancelled = 124,
};

/// How to run the client: what "client [-tN] IP PORT [IFACE]" said, plus the
/// hooks an in-process caller may set.
struct ClientOptions {
  /// IP address literal; IPv6 if it contains ':'. No host name lookup.
  std::string host;
  /// Port as written; converted with atoi() as client.c does.
  std::string port;
  /// Bound on every connect, read and write; 0 means no bound.
  int timeout_seconds = 5;
  /// Optional local address to bind before connecting (client.c's IFACE).
  std::string interface;
  /// Directory for relative "<<< FILE" names; empty means the current one.
  std::string include_dir;
  /// When the caller's own limit ends: waiting on the network or sleeping
  /// past it stops the run with kClientCancelled. Nothing is polled: the
  /// waits are bounded by it. Unset means no such limit.
  std::optional<std::chrono::steady_clock::time_point> cancel_at;
  /// Polled while waiting on the network or sleeping, every \a poll_interval
  /// (for a condition without a known time, e.g. another thread's request);
  /// returning true stops the run with kClientCancelled. May be empty.
  std::function<bool()> cancelled;
  /// How often \a cancelled is polled.
  std::chrono::milliseconds poll_interval{50};
  /// If set, receives each piece of stdout text as it is produced (the same
  /// text also ends up in ClientResult::stdout_text).
  std::function<void(std::string_view)> on_stdout;
  /// The TLS options from the command line (ParseClientArgs with a TLS kind).
  ClientTlsOptions tls;
  /// The TLS layer, not owned; null for the plain client.
  TlsClient* tls_client = nullptr;
};

/// What a client run produced.
struct ClientResult {
  int exit_code = kClientOk;
  /// The transcript ("Connecting to ... connected", "<<< ...", ">>> ...").
  std::string stdout_text;
  /// Usage errors only.
  std::string stderr_text;
  /// True if the run was stopped by ClientOptions::cancel_at or ::cancelled.
  bool cancelled = false;
  /// The script step that failed (mismatch, EOF, timeout ...), if any.
  std::optional<SourceLoc> failed_at;
};

/// Parses the client's argument words (those after the word "client"), as
/// client.c's main() does: options "-h"/"-help"/"--help", "-tN",
/// "-tls-on-connect", then IP, PORT, an optional interface (if it starts with
/// a digit or ':') and cert/key file names (ignored by the plain client).
/// With \a kind other than kNone it is client.c built with TLS: it also
/// takes "-tls-quiet", "-ocsp FILE" and, for GnuTLS, "-p PRIORITY", and
/// fills options->tls.
/// Returns true with \a options filled in (host, port, timeout, interface;
/// other fields untouched) if the client should go on to connect. Returns
/// false with \a early_exit filled in when it must exit at once: usage
/// errors (text on stderr, exit 92/91/90/95/94) or help (usage on stdout,
/// exit 0).
bool ParseClientArgs(const std::vector<std::string>& args, ClientOptions* options,
                     ClientResult* early_exit, ClientTlsKind kind = ClientTlsKind::kNone);

/// The usage text printed for "-h" (client.c's HELP_MESSAGE plus puts' '\n')
/// of the client built with \a kind.
std::string ClientUsage(ClientTlsKind kind = ClientTlsKind::kNone);

/// Connects and runs \a steps. Thread-safe; never throws for network or
/// script-execution problems (those become exit codes and transcript text).
ClientResult RunClient(const ClientOptions& options, const std::vector<ClientStep>& steps);

/// Parses \a script_lines (each without its '\n') and runs them.
/// \a first locates the first line for ClientResult::failed_at.
ClientResult RunClient(const ClientOptions& options, const std::vector<std::string>& script_lines,
                       const SourceLoc& first = SourceLoc{});

/// The whole "client ARGS" command: ParseClientArgs on \a args, then
/// RunClient. Fields of \a base other than those set from \a args (hooks,
/// include_dir) are kept.
ClientResult RunClientCommand(const std::vector<std::string>& args,
                              const std::vector<std::string>& script_lines,
                              const ClientOptions& base = ClientOptions{},
                              const SourceLoc& first = SourceLoc{});

}  // namespace harness

#endif  // HARNESS_SMTP_CLIENT_H_
