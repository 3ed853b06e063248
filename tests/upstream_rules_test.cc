// upstream_rules_test.cc - the upstream rule table (harness/upstream_rules.cc):
// every example of every row and of every named munge is a test of its own,
// and the Normaliser's rule_set switch.
#include "harness/upstream_rules.h"

#include <re2/re2.h>

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "harness/normaliser.h"
#include "harness/test_env.h"

namespace harness {
namespace {

using normalise::UpstreamExampleContext;

// Rows whose example cannot show the row at work in the whole table,
// because an earlier row of runtest's own munge() always rewrites what the
// row looks for first (dead code upstream). Their example is checked with
// the row alone. Each entry: row name and the reason.
const std::set<std::string_view> kShadowed = {
    // openssl-cipher (?<!ke-)((EC)?DHE-)?(RSA|ECDSA)-AES(128|256)-(...|SHA)
    // already turns every ECDHE-RSA-AES256-SHA / DHE-RSA-AES256-SHA256 into
    // ke-RSA-AES256-SHAnnn...
    "standalone-cipher",
    // stdout's copy of the general drop-openssl-not-trusted: the general
    // row has already dropped every such line.
    "stdout-drop-ssl-not-trusted",
    // The line holds "generating selfsigned server cert", which
    // stderr-drop-tls-preload-openssl drops first.
    "stderr-drop-generating-selfsigned",
    // stderr-drop-watch-missing drops every tls_set_watch ... No such file.
    "stderr-drop-missing-ca-bundle",
    // pid-words has made "child 4711" "child p1234": \d+ never follows.
    "stderr-drop-tls-validate-child",
    // The general errno rows have already rewritten these texts.
    "stderr-operation-timed-out",
    "stderr-fastopen-af-not-supported",
    "stderr-fastopen-unreachable",
    "stderr-smtp-timed-out",
    // stderr-drop-dbclose has dropped every line with EXIM_DBCLOSE.
    "stderr-dbclose-pointer",
    // Rows whose every match a later row rewrites to the same text: the
    // host pair (ipv6-address), any bracketed PORT_S (log-port-any-bracket),
    // the 127.0.0.1 OCSP line (stderr-drop-ocsp in the main table).
    "host-ipv6-pair",
    "log-port-refused-port-s",
    "optional-ocsp",
    // bv-date rewrites the mbx date again (07-Mar-2000 12:21:52 either way);
    // log-port-interface-port-d has already mapped " I=[...]:PORT_D".
    "mbx-date",
    "log-port-received-interface-port-d",
};

struct ExampleCase {
  const normalise::Rule* rule;
  int index;
  std::string munge;  ///< the named munge it belongs to, or ""
};

void PrintTo(const ExampleCase& c, std::ostream* os) {
  *os << c.rule->name << " example " << c.index + 1;
}

std::vector<ExampleCase> AllExamples() {
  std::vector<ExampleCase> cases;
  auto add = [&cases](normalise::RuleTable table, std::string munge) {
    for (const normalise::Rule& rule : table)
      for (int i = 0; i < 2; ++i)
        if (i == 0 || !rule.examples[i].input.empty()) cases.push_back({&rule, i, munge});
  };
  add(normalise::UpstreamRules(), "");
  for (const normalise::NamedMunge& m : normalise::UpstreamNamedMunges())
    add(m.rules, std::string(m.name));
  return cases;
}

std::string Terminated(std::string_view text) {
  return text.empty() ? std::string() : std::string(text) + "\n";
}

NormaliserOptions Upstream(const std::string& munge = "") {
  NormaliserOptions options;
  options.rule_set = RuleSet::kUpstream;
  options.upstream_munge = munge;
  return options;
}

class UpstreamExample : public ::testing::TestWithParam<ExampleCase> {};

// The whole upstream table (with the row's named munge, if any) turns the
// example's input into its output, and without the row it does not.
TEST_P(UpstreamExample, GivesItsOutput) {
  const ExampleCase& c = GetParam();
  const normalise::Rule& rule = *c.rule;
  const normalise::Example& example = rule.examples[c.index];
  const Stream stream = normalise::FirstStream(rule.streams);
  if (kShadowed.count(rule.name)) {
    // The row alone: every other row disabled.
    NormaliserOptions alone = Upstream(c.munge);
    for (const normalise::Rule& other : normalise::UpstreamRules())
      if (other.name != rule.name) alone.disabled_rules.push_back(std::string(other.name));
    Normaliser n(UpstreamExampleContext(), alone);
    EXPECT_EQ(Terminated(example.output), n.Normalise(Terminated(example.input), stream));
    return;
  }
  Normaliser whole(UpstreamExampleContext(), Upstream(c.munge));
  EXPECT_EQ(Terminated(example.output), whole.Normalise(Terminated(example.input), stream))
      << "rule " << rule.name << " on " << StreamName(stream);
  if (example.input != example.output) {
    NormaliserOptions without = Upstream(c.munge);
    without.disabled_rules = {std::string(rule.name)};
    if (!c.munge.empty()) without.upstream_munge.clear();  // a munge row: the munge off
    Normaliser others(UpstreamExampleContext(), without);
    EXPECT_NE(Terminated(example.output), others.Normalise(Terminated(example.input), stream))
        << "rule " << rule.name << ": the example passes without the rule";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Upstream, UpstreamExample, ::testing::ValuesIn(AllExamples()),
    [](const ::testing::TestParamInfo<ExampleCase>& info) {
      std::string name = info.param.munge.empty() ? "" : "munge_" + info.param.munge + "_";
      name += std::string(info.param.rule->name);
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name + "_" + std::to_string(info.param.index + 1);
    });

void CheckRows(normalise::RuleTable table, std::set<std::string_view>* names) {
  for (const normalise::Rule& rule : table) {
    SCOPED_TRACE(std::string(rule.name));
    EXPECT_TRUE(names->insert(rule.name).second) << "duplicate name";
    EXPECT_NE(0u, rule.streams);
    EXPECT_EQ(0u, rule.streams & ~normalise::kUpstreamStreams) << "not an upstream stream";
    EXPECT_FALSE(rule.examples[0].input.empty()) << "no example";
    EXPECT_NE(rule.examples[0].input, rule.examples[0].output)
        << "the first example must show the rule changing something";
    if (rule.code) {
      EXPECT_TRUE(rule.pattern.empty());
      continue;
    }
    std::string pattern;
    ASSERT_TRUE(normalise::ExpandPlaceholders(rule.pattern, UpstreamExampleContext(),
                                              [](std::string_view v) { return RE2::QuoteMeta(v); },
                                              &pattern));
    RE2 re(pattern, RE2::Latin1);
    ASSERT_TRUE(re.ok()) << re.error();
    std::string error;
    if (rule.replacement != normalise::kDropLine) {
      EXPECT_TRUE(re.CheckRewriteString(std::string(rule.replacement), &error)) << error;
    }
  }
}

TEST(UpstreamTable, EveryRowIsComplete) {
  std::set<std::string_view> names;
  CheckRows(normalise::UpstreamRules(), &names);
  EXPECT_GT(normalise::UpstreamRules().size(), 300u);
  EXPECT_EQ("read-ahead-gate", normalise::UpstreamRules().begin()->name);
  for (const normalise::NamedMunge& m : normalise::UpstreamNamedMunges()) {
    SCOPED_TRACE(std::string(m.name));
    EXPECT_GT(m.rules.size(), 0u);
    CheckRows(m.rules, &names);
  }
}

TEST(UpstreamTable, NamedMungesAreRuntests) {
  std::vector<std::string> names;
  for (const normalise::NamedMunge& m : normalise::UpstreamNamedMunges())
    names.emplace_back(m.name);
  EXPECT_EQ((std::vector<std::string>{"dnssec", "gnutls_unexpected", "gnutls_handshake",
                                      "gnutls_bad_clientcert", "optional_events", "optional_ocsp",
                                      "optional_cert_hostnames", "loopback", "scanfile_size",
                                      "delay_1500", "tls_anycipher", "optional_dsn_info",
                                      "optional_config", "sys_bindir", "sync_check_data",
                                      "timeout_errno", "peer_terminated_conn", "perl_variants"}),
            names);
  EXPECT_EQ(nullptr, normalise::FindNamedMunge("debuglog_stdout"));
}

// The project's table stays the default; the upstream one is chosen by name.
TEST(UpstreamTable, RuleSetSwitch) {
  const std::string line = "2017-07-30 18:51:05 1dRl4h-0000JB-Mv <= x@y U=CALLER\n";
  Normaliser project(normalise::ExampleContext());
  Normaliser upstream(UpstreamExampleContext(), Upstream());
  EXPECT_EQ("1999-03-02 09:44:33 10HmaX-0005vi-00 <= x@y U=CALLER\n",
            project.Normalise(line, Stream::kLog));
  EXPECT_EQ("1999-03-02 09:44:33 10HmaX-0005vi-00 <= x@y U=CALLER\n",
            upstream.Normalise(line, Stream::kLog));
  // Upstream keeps the 4.97+ id form, the project maps it to the 4.96 form.
  const std::string modern = "2017-07-30 18:51:05 1sX5Za-00000000Bk5-0Ahj Completed\n";
  EXPECT_EQ("1999-03-02 09:44:33 10HmaX-000000005vi-0000 Completed\n",
            Normaliser(UpstreamExampleContext(), Upstream()).Normalise(modern, Stream::kLog));
  EXPECT_EQ("1999-03-02 09:44:33 10HmaX-0005vi-00 Completed\n",
            Normaliser(normalise::ExampleContext()).Normalise(modern, Stream::kLog));
}

// An unknown munge name selects nothing (runtest: $munges->{name} undef).
// runtest's TCP Fast Open block: the "TFO mode" line is replaced by what
// follows; a refused connection after "connected" reads "failed: Connection
// refused" (runtest also drops that "connected", which is already out here).
TEST(UpstreamTable, TfoModeRefusedConnection) {
  Normaliser n(UpstreamExampleContext(), Upstream());
  EXPECT_EQ("connected\nfailed: Connection refused\nkept\n",
            n.Normalise("10:11:12 TFO mode connection attempt to 1.2.3.4, 0 data\nconnected\n  SMTP(close)>>\nkept\n",
                        Stream::kStderr));
  // Without the TFO line nothing happens to the same lines.
  EXPECT_EQ("connected\n  SMTP(close)>>\nkept\n", n.Normalise("connected\n  SMTP(close)>>\nkept\n", Stream::kStderr));
}

TEST(UpstreamTable, UnknownMungeSelectsNothing) {
  Normaliser n(UpstreamExampleContext(), Upstream("debuglog_stdout"));
  EXPECT_EQ("[127.0.0.1]\n", n.Normalise("[127.0.0.1]\n", Stream::kStdout));
  Normaliser loop(UpstreamExampleContext(), Upstream("loopback"));
  EXPECT_EQ("[IP_LOOPBACK_ADDR]\n", loop.Normalise("[127.0.0.1]\n", Stream::kStdout));
}

// new_value(): one cache for every series in a test, numbering across files.
TEST(UpstreamTable, NewValueSharesOneCache) {
  Normaliser n(UpstreamExampleContext(), Upstream());
  EXPECT_EQ("  uid=uuuu gid=gggg pid=p1234\n",
            n.Normalise("  uid=0 gid=0 pid=4711\n", Stream::kStderr));
  // Another file, another series, one counter: the log-line pid's key is
  // " [4711]" (runtest's $4), not "4711", so it gets a value of its own;
  // the same raw value again gets the cached one.
  EXPECT_EQ("1999-03-02 09:44:33 [1235] x\n",
            n.Normalise("2017-07-30 18:51:05 [4711] x\n", Stream::kLog));
  EXPECT_EQ("1999-03-02 09:44:33 [1236] y\n1999-03-02 09:44:33 [1235] z\n",
            n.Normalise("2017-07-30 18:51:05 [4712] y\n2017-07-30 18:51:05 [4711] z\n",
                        Stream::kLog));
  EXPECT_EQ("  pid=p1234\n", n.Normalise("  pid=4711\n", Stream::kStderr));
}

// Runtest's per-file state: a construct begun at the end of one file does
// not eat the start of the next.
TEST(UpstreamTable, ReadAheadEndsWithTheFile) {
  Normaliser n(UpstreamExampleContext(), Upstream());
  EXPECT_EQ("", n.Normalise("EXIM_DBCLOSE(0x1)\n", Stream::kStderr));
  EXPECT_EQ("kept\n", n.Normalise("kept\n", Stream::kStderr));
}

// Perl's s/// without /g replaces the first match only.
TEST(UpstreamTable, FirstMatchOnly) {
  Normaliser n(UpstreamExampleContext(), Upstream());
  EXPECT_EQ("Operation timed out\n" == std::string(), false);
  EXPECT_EQ("a Connection timed out b Operation timed out\n",
            n.Normalise("a Operation timed out b Operation timed out\n", Stream::kLog));
}

// runtest munges PORT_DYNAMIC's port only while it holds that socket: a test
// without one (port 0) keeps the line; the port reaches the context from the
// test's environment.
TEST(UpstreamTable, DynamicPortOnlyWithASocket) {
  const std::string line = "Connecting to 127.0.0.1 port 1024 ... connected\n";
  NormaliseContext none = UpstreamExampleContext();
  none.port_dynamic = 0;
  EXPECT_EQ(line, Normaliser(none, Upstream()).Normalise(line, Stream::kStdout));
  TestEnv env;
  env.port_dynamic = 40123;
  NormaliseContext ctx = NormaliseContextOf(env);
  EXPECT_EQ(40123, ctx.port_dynamic);
  EXPECT_EQ("Connecting to 127.0.0.1 port <dynamic port> ... connected\n",
            Normaliser(ctx, Upstream()).Normalise("Connecting to 127.0.0.1 port 40123 ... connected\n", Stream::kStdout));
  // Only that address, only at the start of the line.
  EXPECT_EQ("Connecting to 127.0.0.2 port 40123 ... connected\n",
            Normaliser(ctx, Upstream()).Normalise("Connecting to 127.0.0.2 port 40123 ... connected\n", Stream::kStdout));
}

}  // namespace
}  // namespace harness
