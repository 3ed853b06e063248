// substitutions.h - runtest's do_substitute() as a pure, ordered table, and
// the rendering of confs/NNNN into a test configuration.
#ifndef HARNESS_SUBSTITUTIONS_H_
#define HARNESS_SUBSTITUTIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace harness {

/// runtest's fixed port names and their golden numbers (the values the
/// expected outputs show). The one list: substitution defaults, the ports a
/// test is given (TestEnv) and the normaliser's port map derive from it.
struct GoldenPort {
  const char* name;  ///< "PORT_D"
  int golden;        ///< 1225
};
inline constexpr GoldenPort kGoldenPorts[] = {{"PORT_D", 1225}, {"PORT_D2", 1226}, {"PORT_D3", 1227},
                                              {"PORT_D4", 1228}, {"PORT_N", 1223},  {"PORT_S", 1224}};

/// How a table entry matches.
enum class SubstitutionRule {
  /// `\bNAME\b`: NAME must be a whole word ([A-Za-z0-9_] run), so CALLER
  /// does not touch CALLER_NAME or CALLERGROUP, and PORT_D not PORT_D2.
  kWord,
  /// `\bNAME/`: the whole word NAME immediately followed by '/' (runtest's
  /// `DIR/`); the '/' is kept: "DIR/spool" -> "/run/dir/spool", "DIR" alone
  /// and "DIR:" are left alone.
  kBeforeSlash,
};

/// One row of the table.
struct Substitution {
  std::string name;   ///< the token, e.g. "PORT_D"
  std::string value;  ///< its replacement
  SubstitutionRule rule = SubstitutionRule::kWord;
};

/// The values a test run substitutes. Empty strings (and negative ids) leave
/// their token out of the table, so an unset value stays visible as the
/// literal token instead of silently becoming "".
struct SubstitutionValues {
  std::string dir;             ///< DIR/ : the test's working directory (no trailing '/')
  std::string exim_path;       ///< EXIM_PATH : the Exim binary under test
  std::string caller;          ///< CALLER : login name running the tests
  std::string caller_group;    ///< CALLERGROUP
  long caller_uid = -1;        ///< CALLER_UID
  long caller_gid = -1;        ///< CALLER_GID
  std::string exim_user;       ///< EXIMUSER
  std::string exim_group;      ///< EXIMGROUP
  std::string hostname;        ///< HOSTNAME
  std::string host_ipv4;       ///< HOSTIPV4 (optional)
  std::string host_ipv6;       ///< HOSTIPV6 (optional)
  std::string mail_group;      ///< MAILGROUP (upstream: the group "mail")
  int port_d = kGoldenPorts[0].golden;   ///< PORT_D  (defaults: the golden numbers)
  int port_d2 = kGoldenPorts[1].golden;  ///< PORT_D2
  int port_d3 = kGoldenPorts[2].golden;  ///< PORT_D3
  int port_d4 = kGoldenPorts[3].golden;  ///< PORT_D4
  int port_n = kGoldenPorts[4].golden;   ///< PORT_N
  int port_s = kGoldenPorts[5].golden;   ///< PORT_S
  std::string testnum;         ///< TESTNUM, as in the script's name ("3650")
  std::string dovecot_socket;  ///< DOVECOT_SOCKET (our extra): per-test auth socket path
};

/// An ordered substitution table. Substitute() makes ONE left-to-right pass:
/// each maximal word of the input is looked up, and replacement text is
/// never rescanned (so a DIR containing "CALLER" is not altered). Because
/// matching is on whole words, the order only matters for reading; it is
/// kept "longer names first" where names share a prefix.
struct Substitutions {
  std::vector<Substitution> entries;

  /// Appends (or, if \a name exists, replaces) an entry. \a name must be a
  /// non-empty run of [A-Za-z0-9_]; throws HarnessError otherwise.
  void Set(const std::string& name, const std::string& value,
           SubstitutionRule rule = SubstitutionRule::kWord);

  /// The entry for \a name, or nullptr.
  const Substitution* Find(std::string_view name) const;
};

/// Builds the table in runtest order: CALLER_UID, CALLER_GID, CALLERGROUP,
/// CALLER, DIR (kBeforeSlash), DOVECOT_SOCKET, EXIM_PATH, EXIMGROUP,
/// EXIMUSER, HOSTIPV4, HOSTIPV6, HOSTNAME, PORT_D2, PORT_D3, PORT_D4,
/// PORT_D, PORT_N, PORT_S, TESTNUM (entries with empty values omitted).
Substitutions MakeSubstitutions(const SubstitutionValues& values);

/// Applies \a subs to \a text (see Substitutions). Pure, linear time.
std::string Substitute(std::string_view text, const Substitutions& subs);

/// Renders a test configuration: \a prelude (the text of confs/prelude)
/// followed by \a conf_text, the whole substituted with \a subs. The prelude
/// goes at the very top; that is valid Exim because main-section options may
/// precede macro definitions, and all of them precede the first `begin`.
/// Exim rejects a main option set twice ("option set for the second time"),
/// so a prelude setting whose option the conf itself sets before its first
/// `begin` line (also as `no_NAME`/`not_NAME`/`hide NAME`) is replaced by a
/// comment line "# prelude: NAME left to the test configuration".
/// The result always ends with a newline when non-empty.
std::string RenderConf(std::string_view conf_text, const Substitutions& subs,
                       std::string_view prelude);

}  // namespace harness

#endif  // HARNESS_SUBSTITUTIONS_H_
