// runner.cc - see runner.h: REQUIRES, then the plan (plan.h), then the
// executor (executor.h) with the real command runner.
#include "harness/runner.h"

#include <arpa/inet.h>
#include <grp.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "harness/containment.h"
#include "harness/executor.h"
#include "harness/golden_variants.h"
#include "harness/munge_file.h"
#include "harness/interrupt.h"
#include "harness/plan.h"
#include "harness/process.h"
#include "harness/file_io.h"
#include "harness/real_runner.h"
#include "harness/requires.h"
#include "harness/script.h"
#include "harness/upstream_tree.h"

namespace harness {
namespace {

// The regular files of \a dir (upstream's aux-var-src/, dnszones-src/):
// name and text, sorted by name; a missing directory has none.
SourceFiles ReadSourceDir(const std::string& dir) {
  SourceFiles files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    std::string name = e.path().filename().string();
    files.emplace_back(name, ReadFileOrThrow(e.path().string(), "upstream auxiliary file"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The host's first IPv4 address that is not 0.0.0.0, 127/8 or 10.250/16 and
// its first IPv6 address that is not ::, ::1, ff00::/8 or fe80::1 (a
// link-local one only if nothing better comes, with %interface), as
// upstream's runtest picks them from `ip address`.
void HostAddresses(std::string* v4, std::string* v6) {
  ifaddrs* all = nullptr;
  if (getifaddrs(&all) != 0) return;
  for (ifaddrs* a = all; a; a = a->ifa_next) {
    if (!a->ifa_addr) continue;
    char text[INET6_ADDRSTRLEN] = {};
    if (a->ifa_addr->sa_family == AF_INET && v4->empty()) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
      std::string t = text;
      if (t != "0.0.0.0" && t.rfind("127.", 0) != 0 && t.rfind("10.250.", 0) != 0) *v4 = t;
    } else if (a->ifa_addr->sa_family == AF_INET6 && (v6->empty() || v6->find('%') != std::string::npos)) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr, text, sizeof text);
      std::string t = text;
      if (t == "::" || t == "::1" || t.rfind("ff00", 0) == 0 || t.rfind("fe80::1", 0) == 0) continue;
      bool link_local = t.rfind("fe80", 0) == 0;
      if (link_local && !v6->empty()) continue;
      *v6 = link_local ? t + "%" + a->ifa_name : t;
    }
  }
  freeifaddrs(all);
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

/// Free TCP ports, chosen by the kernel (bound to port 0 on 127.0.0.1, then
/// released). All sockets are held until every port is chosen so that the
/// same port is not handed out twice.
std::vector<int> FreePorts(int count) {
  std::vector<int> fds, ports;
  for (int i = 0; i < count; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      for (int f : fds) close(f);
      if (fd >= 0) close(fd);
      throw HarnessError(std::string("cannot find a free TCP port: ") + std::strerror(errno));
    }
    fds.push_back(fd);
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int f : fds) close(f);
  return ports;
}

bool CanBindLoopback(int family) {
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok;
  if (family == AF_INET) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  } else {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  close(fd);
  return ok;
}

/// The host's addresses (HostAddresses), looked up once per process, when
/// first wanted: a netlink dump of every link and address costs a runtest
/// about 1% of its CPU, and most tests never use them.
const std::pair<std::string, std::string>& HostAddressesOnce() {
  static const std::pair<std::string, std::string> addresses = [] {
    std::pair<std::string, std::string> a;
    HostAddresses(&a.first, &a.second);
    return a;
  }();
  return addresses;
}

/// The run's facts that do not change from test to test: who runs the tests,
/// on which host, with which Exim. Looked up once per process (each NSS
/// lookup reads nsswitch.conf and the passwd or group file).
const TestEnv& BaseEnv(const EximBinary& exim) {
  static const TestEnv env = [&exim] {
    TestEnv e;
    if (const passwd* pw = getpwuid(getuid())) {
      e.caller = pw->pw_name;
      e.caller_home = pw->pw_dir;
    }
    if (const group* gr = getgrgid(getgid())) e.caller_group = gr->gr_name;
    e.caller_uid = getuid();
    e.caller_gid = getgid();
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    e.hostname = host;
    e.exim_path = exim.path;
    e.exim_version = exim.version;
    e.exim_user = exim.user;
    e.exim_group = exim.group;
    e.exim_uid = exim.uid;
    e.exim_gid = exim.gid;
    return e;
  }();
  return env;
}

uid_t CallerUid(const TestPlan& plan) {
  return plan.env.caller_credentials ? plan.env.caller_credentials->uid : 0;
}

/// --caller USER: the env's caller becomes USER, whom the commands run as.
void ApplyCaller(const std::string& name, TestEnv* env) {
  const passwd* pw = getpwnam(name.c_str());
  if (pw == nullptr) throw HarnessError("--caller " + name + ": no such user");
  if (pw->pw_uid == 0) throw HarnessError("--caller " + name + ": must not be root");
  Credentials c;
  c.uid = pw->pw_uid;
  c.gid = pw->pw_gid;
  int n = 64;
  std::vector<gid_t> groups(static_cast<size_t>(n));
  if (getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n) < 0) {
    groups.resize(static_cast<size_t>(n));
    getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n);
  }
  groups.resize(static_cast<size_t>(std::max(n, 0)));
  c.groups = groups;
  env->caller = pw->pw_name;
  env->caller_home = pw->pw_dir;
  env->caller_uid = pw->pw_uid;
  env->caller_gid = pw->pw_gid;
  if (const group* gr = getgrgid(pw->pw_gid)) env->caller_group = gr->gr_name;
  env->caller_credentials = c;
}

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "PASS";
    case Outcome::kFail:
      return "FAIL";
    case Outcome::kSkip:
      return "SKIP";
    case Outcome::kError:
      return "ERROR";
    case Outcome::kTimeout:
      return "TIMEOUT";
    case Outcome::kInterrupted:
      return "INTERRUPTED";
    case Outcome::kNotRun:
      return "NOT RUN";
  }
  return "?";
}

TestRunner::TestRunner(RunOptions options, EximBinary exim)
    : options_(std::move(options)), exim_(std::move(exim)), layout_(DetectLayout(options_.source_dir)) {
  // Upstream's tests need a fully qualified host name (test/README; its
  // fake zones for the host are written under the name's domain).
  if (layout_ == TreeLayout::kUpstream) {
    std::string note;
    QualifyHostName(kHostDomain, &note);
    if (!note.empty()) std::fprintf(stderr, "runtest: note: %s\n", note.c_str());
    // Its test configuration is listed in Exim's TRUSTED_CONFIG_LIST
    // (test/README (4)); ours are per run directory, and each is shown
    // there for its test (RealCommandRunner::ShowTrustedConfigList).
    if (getuid() == 0 && !exim_.path.empty()) {
      InterruptGate gate;
      CapturedRun bv = RunCapture({exim_.path, "-d", "-bV"}, Clock::now() + std::chrono::seconds(20));
      std::string list = TrustedConfigListOf(bv.out);
      if (list.empty())
        note = exim_.path + " has no TRUSTED_CONFIG_LIST: its test configurations are not trusted";
      else if (!Exists(list))
        note = "TRUSTED_CONFIG_LIST " + list + " does not exist: test configurations are not trusted";
      else if (!IsNamespaceInit())
        note = "TRUSTED_CONFIG_LIST " + list + " is not shown the run directory's test-config (no private mount "
               "namespace): test configurations are not trusted";
      else
        trusted_config_list_ = list;
      if (!note.empty()) std::fprintf(stderr, "runtest: note: %s\n", note.c_str());
    }
  }
}

TestResult TestRunner::Run(const TestCase& test) {
  TestResult result;
  result.test = test;
  auto start = Clock::now();
  auto finish = [&](Outcome outcome, Diagnostic reason) {
    result.outcome = outcome;
    result.reason = std::move(reason);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };
  auto skip = [&](const std::string& why) { return finish(Outcome::kSkip, Diagnostic{SourceLoc{}, why}); };
  SetActivity("test " + test.name);

  TestPlan plan;
  try {
    std::string text = ReadFileOrThrow(test.script_path, "script");
    result.title = TitleOfScript(text);
    // REQUIRES of the suite directory first: unmet, the test is skipped and
    // its script is not even parsed (as upstream runtest does).
    std::string requires_path = test.suite_dir + "/REQUIRES";
    std::vector<Requirement> reqs;
    if (Exists(requires_path)) reqs = ParseRequires(ReadFileOrThrow(requires_path, "REQUIRES file"), requires_path);
    bool root = getuid() == 0;
    HostFacts host;
    if (root) {
      // Only the host facts a REQUIRES line asks about are probed (a socket
      // each for IPv4/IPv6, a $PATH search for dovecot); the others stay
      // false, unread.
      bool need_ipv4 = false, need_ipv6 = false, need_dovecot = options_.dovecot == DovecotMode::kReal;
      for (const Requirement& r : reqs) {
        if (r.kind != RequirementKind::kRunning) continue;
        need_ipv4 = need_ipv4 || r.value == "IPv4";
        need_ipv6 = need_ipv6 || r.value == "IPv6";
        need_dovecot = need_dovecot || r.value == "dovecot";
      }
      if (need_ipv4 && !ipv4_) ipv4_ = CanBindLoopback(AF_INET);
      if (need_ipv6 && !ipv6_) ipv6_ = CanBindLoopback(AF_INET6);
      if (need_dovecot && !dovecot_installed_) dovecot_installed_ = !FindInPath("dovecot").empty();
      host.ipv4 = ipv4_.value_or(false);
      host.ipv6 = ipv6_.value_or(false);
      host.dovecot_installed = dovecot_installed_.value_or(false);
      if (!features_) features_ = ParseEximBV(exim_.bv_output);
      if (auto unmet = FirstUnmet(reqs, *features_, host)) return skip(*unmet);
    }

    // A script that does not parse has no title to show.
    result.title.clear();
    // Upstream's runtest lets a data block end at the end of the file.
    ParseOptions parse;
    parse.eof_ends_data_block = layout_ == TreeLayout::kUpstream;
    Script script = ParseScript(text, test.script_path, parse);
    result.title = script.title;
    // Without root nothing can run (Exim's spool must belong to its user):
    // say so before asking anything of the binary, which may not even have
    // been probed.
    if (!root) {
      return skip("needs root (Exim's spool must belong to " +
                  (exim_.user.empty() ? std::string("Exim's user") : exim_.user) + "); run runtest as root, e.g. with sudo");
    }
    if (script.need_ipv4 && !ipv4_) ipv4_ = CanBindLoopback(AF_INET);
    if (script.need_ipv6 && !ipv6_) ipv6_ = CanBindLoopback(AF_INET6);
    if (script.need_dovecot && !dovecot_installed_) dovecot_installed_ = !FindInPath("dovecot").empty();
    // Every need_* of the script (plan.h UnmetNeed), as upstream runtest skips.
    NeedFacts needs;
    needs.ipv4 = ipv4_.value_or(false);
    needs.ipv6 = ipv6_.value_or(false);
    if (script.need_ipv6 || script.need_move_frozen_messages) {
      if (!features_) features_ = ParseEximBV(exim_.bv_output);
      needs.exim_ipv6 = features_->HasIPv6();
      needs.move_frozen_messages = features_->support.count("move_frozen_messages") != 0;
    }
    needs.dovecot = dovecot_installed_.value_or(false);
    needs.largefiles = BvHasLargeFiles(exim_.bv_output);
    if (auto unmet = UnmetNeed(script, needs)) return skip(*unmet);
    std::string scenario_path = test.suite_dir + "/" + test.name + ".dovecot";
    if (options_.dovecot == DovecotMode::kReal) {
      if (Exists(scenario_path)) return skip("its responder scenario (" + test.name + ".dovecot) needs fake_dovecot");
      if (!host.dovecot_installed) return skip("--dovecot=real: no dovecot binary in PATH");
    }

    PlanInputs in;
    in.test = test;
    in.conf_path = options_.source_dir + "/confs/" + test.name;
    in.conf_text = ReadFileOrThrow(in.conf_path, "configuration");
    // Upstream's confs include their own prefix (aux-var/std_conf_prefix).
    if (layout_ == TreeLayout::kProject)
      in.prelude_text = ReadFileOrThrow(options_.source_dir + "/confs/prelude", "configuration prelude");
    in.golden_root = GoldenRoot(layout_);
    if (layout_ == TreeLayout::kUpstream) {
      if (!Exists(options_.source_dir + "/bin/fakens"))
        throw HarnessError(options_.source_dir + "/bin/fakens: missing: build the tree's helpers first (cd " +
                           options_.source_dir + " && ./configure && make), as upstream's runtest requires "
                           "(Exim resolves DNS names with it in test-harness mode)");
      if (!upstream_sources_) {  // read once: they do not change during a run
        upstream_sources_.emplace();
        upstream_sources_->first = ReadSourceDir(options_.source_dir + "/aux-var-src");
        upstream_sources_->second = ReadSourceDir(options_.source_dir + "/dnszones-src");
      }
      // The utilities (exim_dumpdb, exinext, ...) beside the binary given, not
      // beside its patched copy in the run directory.
      in.exim_utilities_dir = std::filesystem::path(exim_.path).parent_path().string();
      in.upstream = PlanInputs::Upstream{options_.source_dir, upstream_sources_->first, upstream_sources_->second,
                                         exim_.path};
    }
    if (ConfTalksToDovecot(in.conf_text)) {
      // Unreadable inputs (a directory, say) are errors here, with a clear
      // message, rather than whatever the responder makes of them.
      std::string per_test_users = test.suite_dir + "/" + test.name + ".passwd";
      in.users_path = Exists(per_test_users) ? per_test_users : test.suite_dir + "/passwd";
      if (Exists(in.users_path)) in.users_text = ReadFileOrThrow(in.users_path, "Dovecot users file");
      if (Exists(scenario_path)) {
        in.scenario_path = scenario_path;
        in.scenario_text = ReadFileOrThrow(scenario_path, "fake_dovecot scenario");
      }
    }
    in.fake_dovecot_binary = options_.build_dir + "/bin/fake_dovecot";
    // TLS client commands run client-ssl / client-gnutls beside runtest's
    // helpers; a missing one is an error naming it, before anything runs.
    in.tls_library = TlsLibraryOf(exim_.bv_output);
    for (const auto& [program, loc] : TlsClientPrograms(script, options_.build_dir + "/bin", in.tls_library))
      if (!Exists(program))
        throw HarnessError(loc, "TLS client program " + program + " is missing (build it beside runtest)");
    in.real_dovecot = options_.dovecot == DovecotMode::kReal;
    in.env = BaseEnv(exim_);
    // HOSTIPV4 and HOSTIPV6, where a text that is substituted names them; an
    // upstream tree's normalisation and DNS zones use them always.
    if (layout_ == TreeLayout::kUpstream || Mentions(in.conf_text, script, "HOSTIPV") ||
        in.prelude_text.find("HOSTIPV") != std::string::npos) {
      in.env.host_ipv4 = HostAddressesOnce().first;
      in.env.host_ipv6 = HostAddressesOnce().second;
    }
    if (!options_.caller.empty()) ApplyCaller(options_.caller, &in.env);
    else if (layout_ == TreeLayout::kUpstream)
      throw HarnessError("an upstream test tree runs its commands as a caller login, as upstream's runtest does: "
                         "give one with --caller USER (a login in Exim's group " + exim_.group + ")");
    // upstream's $server_opts: a `server` is told which families it cannot use.
    bool has_server = false;
    for (const Command& c : script.commands) has_server = has_server || c.kind == CommandKind::kServer;
    if (has_server) {
      if (!ipv4_) ipv4_ = CanBindLoopback(AF_INET);
      if (!ipv6_) ipv6_ = CanBindLoopback(AF_INET6);
      if (!*ipv4_) in.server_options.push_back("-noipv4");
      if (!*ipv6_) in.server_options.push_back("-noipv6");
    }
    in.env.testnum = test.name;
    in.script = std::move(script);
    if (!golden_names_) {
      golden_names_.emplace();
      for (const OutputSpec& out : OutputSpecs())
        (*golden_names_)[out.name] = ListGoldenNames(options_.source_dir, out.name, in.golden_root);
      if (layout_ == TreeLayout::kUpstream) {
        for (const char* kind : {"mail", "msglog"})  // below mail/: maildir goldens are directories
          (*golden_names_)[kind] = ListFilesBelow(options_.source_dir + "/" + kind);
      }
    }
    in.golden_names = *golden_names_;
    if (layout_ == TreeLayout::kUpstream) {
      if (!flavour_) {  // upstream runtest's $flavour: once per run
        std::vector<std::string> names;
        for (const char* kind : {"stdout", "stderr", "log"}) {
          const auto& listed = (*golden_names_)[kind];
          names.insert(names.end(), listed.begin(), listed.end());
        }
        std::string openssl;
        try {
          openssl = RunCapture({"openssl", "version"}, Clock::now() + std::chrono::seconds(10)).out;
        } catch (const HarnessError&) {  // no openssl command: no OpenSSL flavour, as upstream
        }
        flavour_ = UpstreamFlavour(openssl, ReadWholeFile("/etc/os-release").value_or(""), names);
      }
      in.flavour = *flavour_;
    }
    for (const std::string& path : ExtraRulePaths(test.script_path))
      if (Exists(path)) in.munge_files.emplace_back(path, ReadFileOrThrow(path, "extra normalisation rules"));
    plan = MakePlan(in, FreePorts);
    if (options_.debug) ApplyDebug(&plan, *options_.debug);
  } catch (const HarnessError& e) {
    if (!e.loc().file.empty()) result.failed_at = e.loc();
    return finish(Outcome::kError, e.diagnostic());
  }

  ExecuteOptions exec;
  exec.source_dir = options_.source_dir;
  exec.keep = options_.keep;
  exec.keep_none = options_.keep_none;
  exec.update = options_.update;
  exec.command_timeout = options_.command_timeout;
  exec.test_timeout = options_.test_timeout;
  // --update runs the test twice and writes only what both runs produced
  // alike: output that changes from run to run is noise, not a golden.
  std::map<std::string, std::string, std::less<>> first_outputs;
  if (options_.update) {
    ExecuteOptions first = exec;
    first.update_writes = false;
    RealCommandRunner first_runner(options_.work_root, exim_.uid, exim_.gid, CallerUid(plan));
    first_runner.set_fake_dovecot_thread(options_.fake_dovecot_thread);
    first_runner.ShowTrustedConfigList(trusted_config_list_);
    TestResult r1 = Execute(plan, first_runner, first);
    if (r1.outcome != Outcome::kPass) {
      r1.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      SetActivity("");
      return r1;
    }
    for (const OutputCheck& c : r1.checks) first_outputs[c.kind] = c.actual;
    exec.update_reference = &first_outputs;
  }
  RealCommandRunner runner(options_.work_root, exim_.uid, exim_.gid, CallerUid(plan));
  runner.set_fake_dovecot_thread(options_.fake_dovecot_thread);
  runner.ShowTrustedConfigList(trusted_config_list_);
  TestResult executed = Execute(std::move(plan), runner, exec);
  executed.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  SetActivity("");
  return executed;
}

}  // namespace harness
