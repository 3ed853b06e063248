// plan.cc - see plan.h.
#include "harness/plan.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>

#include "fake_dovecot/scenario.h"
#include "fake_dovecot/user_db.h"
#include "harness/fixed_paths.h"
#include "harness/golden_variants.h"
#include "harness/munge_file.h"
#include "harness/substitutions.h"

namespace harness {
namespace {

bool HasWord(const std::vector<std::string>& words, const std::string& w) {
  for (const auto& x : words)
    if (x == w) return true;
  return false;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

ExpectedStatus ExpectOf(const Command& cmd) {
  return ExpectedStatus{cmd.expected_rc, cmd.expect_not, cmd.has_rc_line};
}

void PlanExim(const Command& cmd, const Substitutions& subs, const TestEnv& env, Step* step) {
  if (!cmd.exim.suffix.empty()) {
    throw HarnessError(cmd.loc, "exim" + cmd.exim.suffix + " is not supported (only the binary under test, 'exim')");
  }
  if (cmd.exim.wait_seconds >= 0) {
    throw HarnessError(cmd.loc, "the wait-before-closing-stdin prefix is not supported");
  }
  std::vector<std::string> args = SplitCommandWords(Substitute(cmd.exim.args, subs), cmd.loc);
  bool server = HasWord(args, "-DSERVER=server");
  bool daemon = HasWord(args, "-bd") || HasWord(args, "-bdf");
  EximLaunch& x = step->exim;
  x.argv = {env.exim_path, "-DEXIM_PATH=" + env.exim_path, "-C", env.Path("test-config")};
  if (daemon && !HasWord(args, "-oP")) {
    args.push_back("-oP");
    args.push_back(env.Path("exim-daemon.pid"));
  }
  if (daemon) {
    auto it = std::find(args.begin(), args.end(), "-oP");
    if (it + 1 == args.end()) throw HarnessError(cmd.loc, "-oP needs a file name");
    x.pid_file = *(it + 1);
    x.foreground = HasWord(args, "-bdf");
  }
  x.argv.insert(x.argv.end(), args.begin(), args.end());
  for (const auto& line : cmd.data) x.stdin_data += Substitute(line, subs) + "\n";
  x.stdout_file = "test-stdout";
  x.stderr_file = server ? "test-stderr-server" : "test-stderr";
  if (!cmd.exim.env_assignment.empty()) {
    auto eq = cmd.exim.env_assignment.find('=');
    x.env.emplace_back(cmd.exim.env_assignment.substr(0, eq), cmd.exim.env_assignment.substr(eq + 1));
  }
  step->kind = daemon ? StepKind::kEximDaemon : StepKind::kExim;
}

void PlanClient(const Command& cmd, const Substitutions& subs, const PlanInputs& in, Step* step) {
  std::vector<std::string> args = SplitCommandWords(Substitute(Join(cmd.args), subs), cmd.loc);
  std::vector<std::string> lines;
  lines.reserve(cmd.data.size());
  for (const auto& line : cmd.data) lines.push_back(Substitute(line, subs));
  step->kind = StepKind::kClient;
  ClientPlan& c = step->client;
  c.options.include_dir = in.test.suite_dir;
  c.first = SourceLoc{cmd.loc.file, cmd.loc.line + 1};
  ClientResult early;
  if (!ParseClientArgs(args, &c.options, &early)) {
    c.early_exit = early;
    return;
  }
  c.steps = ParseClientScript(lines, c.first);
}

void Replace(std::string* s, const std::string& value) {
  static const std::string kToken = kRunDirPlaceholder;
  size_t pos = s->find(kToken);
  while (pos != std::string::npos) {
    s->replace(pos, kToken.size(), value);
    pos = s->find(kToken, pos + value.size());
  }
}

}  // namespace

bool ExpectedStatus::Matches(int wait_status) const {
  if (!WIFEXITED(wait_status)) return false;
  int got = WEXITSTATUS(wait_status);
  return negate ? got != code : got == code;
}

std::string ExpectedStatus::Describe() const {
  return negate ? "any status but " + std::to_string(code) : std::to_string(code);
}

std::vector<std::string> SplitCommandWords(const std::string& line, const SourceLoc& loc) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      size_t close = line.find(c, i + 1);
      if (close == std::string::npos) throw HarnessError(loc, std::string("unterminated ") + c + " quote");
      word += line.substr(i + 1, close - i - 1);
      in_word = true;
      i = close;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::vector<std::string> PortsMentioned(const std::string& conf, const Script& script) {
  std::vector<std::string> names;
  for (const GoldenPort& p : kGoldenPorts) {
    bool found = conf.find(p.name) != std::string::npos;
    for (size_t i = 0; !found && i < script.commands.size(); ++i) {
      const Command& cmd = script.commands[i];
      found = cmd.line.find(p.name) != std::string::npos;
      for (size_t k = 0; !found && k < cmd.data.size(); ++k) found = cmd.data[k].find(p.name) != std::string::npos;
    }
    if (found) names.push_back(p.name);
  }
  return names;
}

Diagnostic ParserErrorToDiagnostic(const std::string& error, const std::string& file) {
  std::string prefix = file + ":";
  if (error.compare(0, prefix.size(), prefix) == 0) {
    size_t i = prefix.size(), digits = i;
    while (digits < error.size() && error[digits] >= '0' && error[digits] <= '9') ++digits;
    if (digits > i && error.compare(digits, 2, ": ") == 0) {
      return Diagnostic{SourceLoc{file, std::atoi(error.c_str() + i)}, error.substr(digits + 2)};
    }
    if (error.compare(prefix.size() - 1, 2, ": ") == 0) return Diagnostic{SourceLoc{file, 0}, error.substr(prefix.size() + 1)};
  }
  return Diagnostic{SourceLoc{file, 0}, error};
}

bool ConfTalksToDovecot(std::string_view conf_text) {
  return conf_text.find("DOVECOT_SOCKET") != std::string_view::npos || FindFixedSocket(conf_text).has_value();
}

TestPlan MakePlan(const PlanInputs& in, const PortChooser& free_ports) {
  TestPlan plan;
  plan.test = in.test;
  plan.title = in.script.title;
  plan.env = in.env;
  plan.env.run_dir = kRunDirPlaceholder;
  plan.env.ipv6_test = in.script.need_ipv6;

  // The responder's inputs first: parsed here, so that their errors name
  // file:line before anything exists (fake_dovecot parses them again).
  std::optional<FixedSocket> fixed = FindFixedSocket(in.conf_text);
  if (fixed) {
    std::string why = FixedSocketError(fixed->path);
    if (!why.empty())
      throw HarnessError(SourceLoc{in.conf_path, fixed->line}, "server_socket " + fixed->path + ": " + why);
  }
  bool talks_to_dovecot = ConfTalksToDovecot(in.conf_text);
  if (talks_to_dovecot && !in.real_dovecot) {
    std::string err;
    if (in.users_text) {
      fake_dovecot::UserDb users;
      if (!users.Parse(*in.users_text, in.users_path, &err)) {
        Diagnostic d = ParserErrorToDiagnostic(err, in.users_path);
        throw HarnessError(d.loc, d.message);
      }
    }
    if (in.scenario_text) {
      fake_dovecot::Scenario scenario;
      if (!fake_dovecot::ParseScenario(*in.scenario_text, in.scenario_path, &scenario, &err)) {
        Diagnostic d = ParserErrorToDiagnostic(err, in.scenario_path);
        throw HarnessError(d.loc, d.message);
      }
    }
  }

  // A free port for each PORT_* name the script or the configuration uses
  // (every substituted text is in one of them), none for the others.
  std::vector<std::string> used = PortsMentioned(in.conf_text, in.script);
  std::vector<int> ports = used.empty() ? std::vector<int>() : free_ports(static_cast<int>(used.size()));
  for (size_t k = 0; k < used.size() && k < ports.size(); ++k)
    plan.env.ports.push_back(TestPort{used[k], ports[k], GoldenPortOf(used[k])});

  Substitutions subs = MakeSubstitutions(SubstitutionValuesOf(plan.env));
  plan.config_text = RenderConf(in.conf_text, subs, in.prelude_text);

  if (talks_to_dovecot) {
    DovecotSetup setup;
    setup.run_dir = kRunDirPlaceholder;
    setup.socket_path = plan.env.DovecotSocket();
    if (fixed) {  // the responder listens in the run directory's copy of its directory
      setup.socket_path = FixedMirror(kRunDirPlaceholder, fixed->path);
      setup.fixed_dir = fixed->path.substr(0, fixed->path.rfind('/'));
      setup.fixed_mirror = FixedMirror(kRunDirPlaceholder, setup.fixed_dir);
    }
    setup.users_file = in.users_text ? in.users_path : "";
    if (in.scenario_text) setup.scenario_file = in.scenario_path;
    setup.transcript_file = plan.env.Path("dovecot-transcript");
    setup.fake_binary = in.fake_dovecot_binary;
    setup.real = in.real_dovecot;
    plan.dovecot = setup;
  }

  int number = 0;
  for (const Command& cmd : in.script.commands) {
    Step step;
    step.name = cmd.name;
    step.loc = cmd.loc;
    step.number = ++number;
    step.expect = ExpectOf(cmd);
    switch (cmd.kind) {
      case CommandKind::kExim:
        PlanExim(cmd, subs, plan.env, &step);
        break;
      case CommandKind::kClient:
        PlanClient(cmd, subs, in, &step);
        break;
      case CommandKind::kKillDaemon:
        step.kind = StepKind::kKillDaemon;
        break;
      case CommandKind::kSleep:
        step.kind = StepKind::kSleep;
        step.duration = std::chrono::seconds(cmd.duration);
        break;
      case CommandKind::kMilliSleep:
        step.kind = StepKind::kSleep;
        step.duration = std::chrono::milliseconds(cmd.duration);
        break;
      case CommandKind::kEcho:
        step.kind = StepKind::kEcho;
        break;
      case CommandKind::kComment:
        step.kind = StepKind::kComment;
        step.text = "### " + cmd.text + "\n";
        break;
    }
    plan.steps.push_back(std::move(step));
  }

  for (const auto& [path, text] : in.munge_files) {
    std::vector<RuleSpec> rules = ParseExtraRules(text, path);
    plan.extra_rules.insert(plan.extra_rules.end(), rules.begin(), rules.end());
  }
  for (const OutputSpec& out : OutputSpecs()) {
    if (in.script.no_stdout_check && out.stream == OutputKind::kStdout) continue;
    if (in.script.no_stderr_check && out.stream == OutputKind::kStderr) continue;
    if (out.fake_dovecot_only && in.real_dovecot) continue;
    plan.outputs.push_back(out);
    auto names = in.golden_names.find(out.name);
    plan.expected_paths.push_back(
        names == in.golden_names.end()
            ? in.golden_root + out.name + "/" + plan.test.name
            : SelectGolden(names->second, out.name, plan.test.name, plan.env.exim_version, in.golden_root));
  }
  return plan;
}

void ApplyDebug(TestPlan* plan, const std::string& flags) {
  for (Step& s : plan->steps) {
    if (s.kind != StepKind::kExim && s.kind != StepKind::kEximDaemon) continue;
    std::vector<std::string>& argv = s.exim.argv;
    auto conf = std::find(argv.begin(), argv.end(), "-C");
    argv.insert(conf == argv.end() ? argv.begin() + 1 : conf + 2, "-d" + flags);
    s.exim.stderr_file = "debug-" + std::to_string(s.number) + ".txt";
    if (s.kind == StepKind::kEximDaemon && !s.exim.foreground) {
      std::replace(argv.begin(), argv.end(), std::string("-bd"), std::string("-bdf"));
      s.exim.foreground = true;
    }
  }
  for (size_t i = 0; i < plan->outputs.size(); ++i) {
    if (plan->outputs[i].stream != Stream::kStderr) continue;
    plan->outputs.erase(plan->outputs.begin() + i);
    plan->expected_paths.erase(plan->expected_paths.begin() + i);
    break;
  }
}

void BindRunDir(TestPlan* plan, const std::string& run_dir) {
  Replace(&plan->env.run_dir, run_dir);
  Replace(&plan->config_text, run_dir);
  if (plan->dovecot) {
    Replace(&plan->dovecot->run_dir, run_dir);
    Replace(&plan->dovecot->socket_path, run_dir);
    Replace(&plan->dovecot->fixed_mirror, run_dir);
    Replace(&plan->dovecot->transcript_file, run_dir);
  }
  for (Step& s : plan->steps) {
    for (auto& a : s.exim.argv) Replace(&a, run_dir);
    Replace(&s.exim.stdin_data, run_dir);
    Replace(&s.exim.pid_file, run_dir);
    for (auto& e : s.exim.env) Replace(&e.second, run_dir);
    for (ClientStep& c : s.client.steps) {
      Replace(&c.line, run_dir);
      Replace(&c.text, run_dir);
      Replace(&c.echo, run_dir);
    }
    Replace(&s.client.options.host, run_dir);
    Replace(&s.client.options.port, run_dir);
    Replace(&s.client.options.interface, run_dir);
  }
}

}  // namespace harness
