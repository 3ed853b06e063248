// upstream_rules.h - the second rule table of the normaliser: the output
// munging of Exim 4.99.1's test/runtest (its munge() subroutine and the
// per-test %munges), as rows of the same shape as normalise_rules.h's, in
// upstream's order. Selected by NormaliserOptions::rule_set = kUpstream.
// docs/upstream-munges.md lists what was ported and every difference.
#ifndef HARNESS_UPSTREAM_RULES_H_
#define HARNESS_UPSTREAM_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/normalise_rules.h"

namespace harness {
namespace normalise {

/// Upstream munge(), in order. Row 0 is the gate that drops (or holds) the
/// lines runtest reads ahead inside a multi-line construct; a script's named
/// munge runs right after it, before everything else (as runtest's $extra).
RuleTable UpstreamRules();

/// One entry of runtest's %munges: selected by a script line `munge NAME`.
struct NamedMunge {
  std::string_view name;
  RuleTable rules;
};

/// Every named munge of runtest 4.99.1, in upstream's order.
const std::vector<NamedMunge>& UpstreamNamedMunges();

/// The named munge called \a name, or nullptr.
const NamedMunge* FindNamedMunge(std::string_view name);

/// The context the upstream examples are normalised with: runtest's fixed
/// ports (PORT_N 1223, PORT_S 1224, PORT_D 1225..1228), V4NET 224, V6NET ff00.
NormaliseContext UpstreamExampleContext();

/// The placeholders only upstream rows use: ${shell}, ${caller_group},
/// ${caller_gecos}, ${ipv4}, ${ipv6}, ${ipv6_stripped}, ${ipv4r}, ${ipv6r},
/// ${v4net}, ${v6net}, ${port_d}, ${port_d2}, ${port_d3}, ${port_d4},
/// ${port_s}, ${port_n}, ${port_dynamic}. False if \a name is none of them; an unused value
/// gives "" (the rule then never applies).
bool UpstreamPlaceholder(std::string_view name, const NormaliseContext& ctx, std::string* value);

/// All upstream streams: the three logs, stdout, stderr, mail, msglog.
inline constexpr StreamMask kUpstreamStreams =
    MaskOf(Stream::kLog) | MaskOf(Stream::kRejectLog) | MaskOf(Stream::kPanicLog) |
    MaskOf(Stream::kStdout) | MaskOf(Stream::kStderr) | MaskOf(Stream::kMail) |
    MaskOf(Stream::kMsgLog);

}  // namespace normalise
}  // namespace harness

#endif  // HARNESS_UPSTREAM_RULES_H_
