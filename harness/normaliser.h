// normaliser.h - turns raw Exim output into the host-independent form that the
// golden files hold ("munge" in Exim's runtest).
#ifndef HARNESS_NORMALISER_H_
#define HARNESS_NORMALISER_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/diagnostic.h"

namespace harness {

/// The kind of raw output a line comes from. Rules are enabled per stream.
enum class Stream {
  kLog,        ///< spool/log/mainlog, servermainlog
  kRejectLog,  ///< spool/log/rejectlog, serverrejectlog
  kPanicLog,   ///< spool/log/paniclog, serverpaniclog
  kStdout,     ///< test-stdout, test-stdout-server (client transcripts)
  kStderr,     ///< test-stderr, test-stderr-server (Exim debug output)
  kDovecot,    ///< wire transcript written by the fake Dovecot responder
  kMail,       ///< a delivered message under test-mail/ (upstream rule set)
  kMsgLog,     ///< spool/msglog/<id> (upstream rule set)
};

/// A set of streams, one bit per Stream value.
using StreamMask = unsigned;

/// The mask holding only \a stream.
constexpr StreamMask MaskOf(Stream stream) {
  return 1u << static_cast<unsigned>(stream);
}

/// Short lower-case name of \a stream ("log", "rejectlog", ...).
const char* StreamName(Stream stream);

/// The stream named \a name (as StreamName gives it); false if none.
bool StreamFromName(std::string_view name, Stream* stream);

/// Per-test facts the rules need. The runner fills it in before the first
/// file of a test is normalised.
struct NormaliseContext {
  std::string hostname;     ///< real host name -> the.local.host.name
  std::string run_dir;      ///< per-test run directory -> TESTSUITE
  std::string caller;       ///< login of the invoking user -> CALLER
  uid_t caller_uid = 0;     ///< -> CALLER_UID (in uid=/euid=)
  gid_t caller_gid = 0;     ///< -> CALLER_GID (in gid=/egid=)
  std::string caller_home;  ///< -> CALLER_HOME
  std::string exim_user;    ///< Exim's run-time user -> EXIMUSER
  uid_t exim_uid = 0;       ///< -> EXIM_UID
  gid_t exim_gid = 0;       ///< -> EXIM_GID
  /// Actual port -> golden port, e.g. {43817, 1225} for PORT_D. Applied only
  /// in port contexts (`port N`, `port=N`, `]:N`, `]:{N,M}`).
  std::vector<std::pair<int, int>> ports;
  /// In an IPv6 test the "(IPv6 and IPv4)" daemon annotations are kept.
  bool ipv6_test = false;

  // Used only by the upstream rule set (upstream_rules.h); empty = unused.
  std::string shell;          ///< $SHELL given to Exim -> ENV_SHELL
  std::string caller_group;   ///< caller's group name -> CALLER
  std::string caller_gecos;   ///< caller's gecos name -> CALLER_GECOS
  std::string ipv4;           ///< the host's IPv4 address -> ip4.ip4.ip4.ip4
  std::string ipv6;           ///< the host's IPv6 address -> ip6:ip6:...
  std::string ipv4_test_net;  ///< first octet of V4NET (upstream: 224)
  std::string ipv6_test_net;  ///< first group of V6NET (upstream: ff00)
  /// Upstream's fixed ports PORT_D..PORT_D4, PORT_S, PORT_N (0 = unused).
  int port_d = 0, port_d2 = 0, port_d3 = 0, port_d4 = 0, port_s = 0, port_n = 0;
  /// PORT_DYNAMIC's port (0 = the test has none): `Connecting to 127.0.0.1
  /// port N` shows it as `<dynamic port>`.
  int port_dynamic = 0;
  bool rmfiltertest = false;  ///< the script's "rmfiltertest" line
};

/// One output line of the normaliser and the raw line behind it.
struct NormalisedLine {
  std::string text;          ///< normalised text, without the line terminator
  std::string raw;           ///< the raw line it came from (no terminator)
  int raw_line = 0;          ///< 1-based line number in the raw input; 0 = none
  bool has_newline = true;   ///< false only for a last raw line without "\n"
};

/// A rule given as data at run time (a test's or suite's extra rules file,
/// see munge_file.h): on lines of \a streams, every match of the RE2
/// \a pattern is replaced by \a replacement (RE2 rewrite: \1..\9), or the
/// line is dropped if \a drop.
struct RuleSpec {
  std::string name;
  StreamMask streams = 0;
  std::string pattern;
  std::string replacement;
  bool drop = false;
  SourceLoc loc;  ///< where it was defined (for messages)
};

/// Which built-in rule table a Normaliser applies.
enum class RuleSet {
  kProject,   ///< normalise_rules.cc: the project's own suite
  kUpstream,  ///< upstream_rules.cc: Exim 4.99.1 runtest's munge(), for upstream trees
};

/// How a Normaliser is set up beyond the context.
struct NormaliserOptions {
  /// The built-in table (default: the project's).
  RuleSet rule_set = RuleSet::kProject;
  /// kUpstream only: a `munge NAME` of the script (UpstreamNamedMunges());
  /// its rows run first, as runtest runs a custom munge. An unknown name
  /// selects nothing, as in runtest.
  std::string upstream_munge;
  /// Applied to every line before the built-in table, in order (as upstream
  /// runtest applies a test's custom munge first).
  std::vector<RuleSpec> extra_rules;
  /// Names of built-in rules not to apply (for tests of the table).
  std::vector<std::string> disabled_rules;
  /// False: only the extra rules apply (to check a rule file's examples).
  bool builtin_rules = true;
};

namespace normalise {
struct Engine;
}  // namespace normalise

/// Applies the ordered rule table (normalise_rules.cc) line by line.
///
/// One Normaliser is used for all the files of one test, because some rules
/// renumber values stably across files: the first message id seen becomes
/// 10HmaX-0005vi-00, the second 10HmaY-0005vi-00, and the same raw id maps to
/// the same placeholder in every file. Normalise the files in runtest's order
/// (paniclog, rejectlog, log, stdout, stderr) to get the same numbering.
class Normaliser {
 public:
  /// Extra rules must be valid (ParseExtraRules checks them); an invalid
  /// pattern among them throws HarnessError at the rule's location.
  explicit Normaliser(NormaliseContext context, NormaliserOptions options = {});
  ~Normaliser();
  Normaliser(Normaliser&&) noexcept;
  Normaliser& operator=(Normaliser&&) noexcept;

  /// Normalises \a raw (the contents of one file of kind \a stream). Lines
  /// dropped by a rule are absent from the result.
  std::vector<NormalisedLine> NormaliseLines(std::string_view raw, Stream stream);

  /// Same as NormaliseLines, joined back into text: every line is followed by
  /// "\n" except a last raw line that had none.
  std::string Normalise(std::string_view raw, Stream stream);

  /// Same as Normalise, the text handed to \a write line by line (each
  /// surviving line with its "\n", if it had one), in order, instead of
  /// being gathered into one string: for output too large to hold twice.
  void Normalise(std::string_view raw, Stream stream, const std::function<void(std::string_view)>& write);

  const NormaliseContext& context() const { return context_; }

  /// The rule names, in the order they are applied (for docs and tests).
  static std::vector<std::string_view> RuleNames();

 private:
  NormaliseContext context_;
  std::unique_ptr<normalise::Engine> engine_;
};

/// Joins \a lines as Normaliser::Normalise does.
std::string JoinLines(const std::vector<NormalisedLine>& lines);

}  // namespace harness

#endif  // HARNESS_NORMALISER_H_
