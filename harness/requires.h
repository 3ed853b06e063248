// requires.h - scripts/NNNN-Group/REQUIRES files, `exim -bV` feature lists,
// and the check that decides whether a test group can run here.
#ifndef HARNESS_REQUIRES_H_
#define HARNESS_REQUIRES_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// What a REQUIRES line asks for.
enum class RequirementKind {
  kAuthenticator,  ///< `authenticator X` / `authenticators X` (-bV "Authenticators:")
  kSupport,        ///< `support X` (-bV "Support for:")
  kLookup,         ///< `lookup X` (-bV "Lookups (...):")
  kRouter,         ///< `router X` (-bV "Routers:")
  kTransport,      ///< `transport X` (-bV "Transports:")
  kRunning,        ///< `running IPv4` | `running IPv6` | `running dovecot`
};

/// One REQUIRES line.
struct Requirement {
  RequirementKind kind = RequirementKind::kSupport;
  std::string value;  ///< "dovecot", "IPv4", ...
  std::string text;   ///< the line as written, whitespace-trimmed ("authenticator dovecot")
  SourceLoc loc;
};

/// Parses a REQUIRES file. Blank lines and lines starting with '#' are
/// skipped; surrounding whitespace is stripped (so CRLF files are fine).
/// Every other line must be exactly two words, `KIND VALUE`, with KIND one
/// of authenticator, authenticators, support, lookup, router, transport,
/// running; VALUE a word of at most 64 printable ASCII characters; for
/// `running`, VALUE must be IPv4, IPv6 or dovecot (case as
/// written). Anything else throws HarnessError
/// "FILE:LINE: unrecognized REQUIRES line 'xyz'" (xyz escaped, see
/// EscapeForDisplay).
std::vector<Requirement> ParseRequires(std::string_view text, const std::string& file);

/// Reads and parses \a path; unreadable -> "PATH: cannot read REQUIRES file: <strerror>".
std::vector<Requirement> ParseRequiresFile(const std::string& path);

/// The feature lists of the Exim binary under test, from `exim -bV`.
/// Each list is the union of its built-in and dynamic-module headings:
/// 4.94-4.96 print "Authenticators:", "Routers:", "Transports:" and
/// "Lookups (built-in):"/"Lookups (dynamic):"; 4.97-4.99 print
/// "Authenticators (built-in):", "Authenticators (dynamic):" and so on
/// (a heading with nothing to list is left out).
struct EximFeatures {
  std::string version;  ///< "4.96" from "Exim version 4.96 #2 built ..."
  std::set<std::string> support;         ///< "Support for:" words (IPv6, PAM, ...)
  std::set<std::string> lookups;         ///< every "Lookups (...):" line
  std::set<std::string> authenticators;  ///< "Authenticators[ (built-in|dynamic)]:"
  std::set<std::string> routers;         ///< "Routers[ (built-in|dynamic)]:"
  /// "Transports[ (...)]:"; a word "appendfile/maildir/mailstore/mbx" registers both
  /// itself and "appendfile" (the part before the first '/'), as runtest does.
  std::set<std::string> transports;
  /// The -bV lines each list came from, whitespace-trimmed, in output order
  /// (the facts a SKIP quotes).
  std::vector<std::string> support_lines, lookup_lines, authenticator_lines, router_lines,
      transport_lines;

  /// True if "Support for:" lists IPv6.
  bool HasIPv6() const { return support.count("IPv6") != 0; }
};

/// Parses `exim -bV` output (the formats of Exim 4.94 to 4.99). Lines that
/// are no feature heading are ignored. Output the parser does not understand
/// is an error, never an empty feature list: it throws HarnessError
/// "exim -bV: ..., it printed: '<first 300 bytes, escaped>'" when
///  - there is no "Exim version V" line, or V does not start with a digit;
///  - a "Support for", "Lookups", "Authenticators", "Routers" or "Transports"
///    heading has a qualifier other than "(built-in)" or "(dynamic)"
///    (or, for Lookups, none), or no ':';
///  - "Support for:", a Routers heading or a Transports heading is missing
///    (every Exim of 4.94-4.99 prints them).
EximFeatures ParseEximBV(std::string_view bv_output);

/// Facts about the machine, probed by the caller.
struct HostFacts {
  /// `running IPv4` here means: the harness can make IPv4 TCP connections to
  /// 127.0.0.1. A loopback-only host qualifies, because every test talks to
  /// 127.0.0.1. (2006 runtest demanded a non-127.0.0.1 address instead.)
  bool ipv4 = false;
  /// `running IPv6` needs this (::1 usable for TCP) AND Exim built with IPv6
  /// (EximFeatures::HasIPv6()).
  bool ipv6 = false;
  /// `running dovecot`: the dovecot binary is installed (as modern runtest's
  /// `dovecot --version` probe).
  bool dovecot_installed = false;
};

/// The reason the first unmet requirement is unmet, naming the REQUIRES line
/// and the fact that decided it, e.g.
/// "missing authenticator dovecot (FILE:1; exim -bV: 'Authenticators (built-in): cram_md5 plaintext')",
/// "missing authenticator dovecot (FILE:1; exim -bV has no 'Authenticators' heading)" or
/// "missing running IPv6 (FILE:3; Exim built without IPv6)"; nullopt if all are met.
/// The text is "missing " + Requirement::text + " (" + loc + "; " + fact + ")";
/// FILE:LINE is left out for a hand-built Requirement without a location.
std::optional<std::string> FirstUnmet(const std::vector<Requirement>& requirements,
                                      const EximFeatures& features, const HostFacts& host);

}  // namespace harness

#endif  // HARNESS_REQUIRES_H_
