// plan.cc - see plan.h.
#include "harness/plan.h"

#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "fake_dovecot/scenario.h"
#include "fake_dovecot/user_db.h"
#include "harness/fixed_paths.h"
#include "harness/golden_variants.h"
#include "harness/munge_file.h"
#include "harness/substitutions.h"
#include "harness/text.h"
#include "re2/re2.h"

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

/// The text after the first word of \a line and the blanks after it.
std::string AfterCommandName(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  i = line.find_first_of(" \t", i == std::string::npos ? line.size() : i);
  if (i == std::string::npos) return "";
  i = line.find_first_not_of(" \t", i);
  return i == std::string::npos ? "" : line.substr(i);
}

ExpectedStatus ExpectOf(const Command& cmd) {
  return ExpectedStatus{cmd.expected_rc, cmd.expect_not, cmd.has_rc_line};
}

std::string DirName(const std::string& path);

// Removes an unquoted `<FILE` word (or `< FILE`) from \a text and returns
// FILE ("" if there is none). Quotes are followed as SplitCommandWords
// follows them; a '<' inside quotes ('<>', 'abc <x>') is an argument.
std::string TakeStdinRedirect(std::string* text, const SourceLoc& loc) {
  char quote = 0;
  for (std::size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if (c != '<' || (i > 0 && (*text)[i - 1] != ' ' && (*text)[i - 1] != '\t')) continue;
    std::size_t start = i + 1;
    while (start < text->size() && ((*text)[start] == ' ' || (*text)[start] == '\t')) ++start;
    std::size_t end = start;
    while (end < text->size() && (*text)[end] != ' ' && (*text)[end] != '\t') ++end;
    if (end == start) throw HarnessError(loc, "'<' with no file name");
    std::string file = text->substr(start, end - start);
    text->erase(i, end - i);
    return file;
  }
  return "";
}

// What follows the first `-DSERVER=wait:` of \a args as the script wrote
// it (unsubstituted), up to the next blank.
std::string WaitValueAsWritten(const std::string& args) {
  size_t at = args.find("-DSERVER=wait:");
  if (at == std::string::npos) return "";
  at += 14;
  return args.substr(at, args.find_first_of(" \t", at) - at);
}

void PlanExim(const Command& cmd, const Substitutions& subs, const TestEnv& env,
              const std::string& utilities_dir, bool upstream, Step* step) {
  // exim_SUFFIX: upstream's eximdir/exim_SUFFIX. exim_exim is the patched
  // binary beside RUN/eximdir/exim; the others (exim_msgdate, ...) are the
  // utilities runtest copies there from the Exim's own directory, run in place.
  std::string binary = env.exim_path;
  if (cmd.exim.suffix == "_exim")
    binary = DirName(env.exim_path) + "/exim" + cmd.exim.suffix;  // beside the (patched) Exim
  else if (!cmd.exim.suffix.empty())
    binary = (utilities_dir.empty() ? DirName(env.exim_path) : utilities_dir) + "/exim" + cmd.exim.suffix;
  std::string arg_text = Substitute(cmd.exim.args, subs);
  // runtest hands the line to the shell: an unquoted `<FILE` word is Exim's
  // stdin (`exim -odi userx <test-data`), the file read when the command runs.
  std::string stdin_file = TakeStdinRedirect(&arg_text, cmd.loc);
  std::vector<std::string> args = SplitCommandWords(arg_text, cmd.loc);
  // runtest's inetd-wait daemon: `exim -DSERVER=wait:PORT_DYNAMIC -bw`, its
  // stdin the PORT_DYNAMIC listening socket, not waited for.
  bool wait = false;
  for (const auto& a : args) {
    if (a.compare(0, 14, "-DSERVER=wait:") != 0) continue;
    if (a.compare(14, std::string::npos, kDynamicPortPlaceholder) != 0)
      throw HarnessError(cmd.loc, "exim -DSERVER=wait:" + EscapeForDisplay(WaitValueAsWritten(cmd.exim.args), 80) +
                                      ": an inetd-wait daemon gets runtest's PORT_DYNAMIC socket as its stdin: "
                                      "write -DSERVER=wait:PORT_DYNAMIC");
    if (wait) throw HarnessError(cmd.loc, "exim: -DSERVER=wait: given twice");
    wait = true;
  }
  if (wait && !stdin_file.empty())
    throw HarnessError(cmd.loc, "exim -DSERVER=wait: with '<" + stdin_file +
                                    "': the daemon's stdin is the PORT_DYNAMIC socket");
  bool server = wait || HasWord(args, "-DSERVER=server");
  // Upstream's runtest runs a server daemon (-DSERVER=server, no
  // -DNOTDAEMON) as `-bdf`: in the foreground, its stderr kept (a -bd daemon
  // closes it: 0196's "rewritten ... by rule 1" goes to test-stderr-server).
  if (upstream && server && !wait && !HasWord(args, "-DNOTDAEMON"))
    std::replace(args.begin(), args.end(), std::string("-bd"), std::string("-bdf"));
  bool daemon = !wait && (HasWord(args, "-bd") || HasWord(args, "-bdf"));
  EximLaunch& x = step->exim;
  x.argv = {binary, "-DEXIM_PATH=" + binary, "-C", env.Path("test-config")};
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
  x.stdout_file = "test-stdout";
  x.stderr_file = server ? "test-stderr-server" : "test-stderr";
  x.sudo = cmd.exim.sudo;
  x.sudo_user = cmd.exim.sudo_user;
  for (const auto& [name, value] : cmd.exim.env) x.env.emplace_back(name, Substitute(value, subs));
  for (const auto& kv : cmd.rc_env) x.env.push_back(kv);
  if (wait) {  // runtest skips the data block: the daemon's stdin is the socket
    step->kind = StepKind::kEximWait;
    return;
  }
  StdinStream stream = RenderStdinStream(cmd.data, subs, SourceLoc{cmd.loc.file, cmd.end_line - static_cast<int>(cmd.data.size())},
                                         env.run_dir);
  x.stdin_data = std::move(stream.text);
  x.stdin_parts = std::move(stream.parts);
  if (!stdin_file.empty()) {  // relative to the run directory (runtest's cwd) unless absolute (DIR/...)
    bool absolute = stdin_file[0] == '/' || stdin_file.compare(0, env.run_dir.size(), env.run_dir) == 0;
    x.stdin_file = absolute ? stdin_file : env.Path(stdin_file);
  }
  x.stdin_close_delay = std::max(0, cmd.exim.wait_seconds);
  bool wants_ids = false;
  for (const auto& a : args) wants_ids = wants_ids || a.find("$msg") != std::string::npos;
  if (wants_ids) {
    // runtest: `exim -bp [-qGname] -DEXIM_PATH=... -C test-config`
    ShellLaunch list;
    list.argv = {env.exim_path, "-bp"};
    for (const auto& a : args)
      if (a.compare(0, 3, "-qG") == 0 && a.size() > 3) {
        list.argv.push_back(a);
        break;
      }
    list.argv.insert(list.argv.end(), {"-DEXIM_PATH=" + env.exim_path, "-C", env.Path("test-config")});
    list.capture_file = env.Path("msgids-" + std::to_string(step->number) + ".tmp");
    x.msg_list = list;
  }
  step->kind = daemon ? StepKind::kEximDaemon : StepKind::kExim;
}

// runtest's $gnutls_dh_bits_normal: the `gnutls` command's file name.
constexpr int kGnutlsDhBitsNormal = 2236;

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

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A path of a command line, relative to the run directory (runtest's cwd)
// unless absolute (DIR/... is: it starts with the run directory).
std::string InRunDir(const std::string& path, const TestEnv& env) {
  bool absolute = (!path.empty() && path[0] == '/') || path.compare(0, env.run_dir.size(), env.run_dir) == 0;
  return absolute ? path : env.Path(path);
}

void PlanOther(const Command& cmd, const Substitutions& subs, const PlanInputs& in, const TestEnv& env, Step* step) {
  std::string util_dir = in.exim_utilities_dir.empty() ? DirName(env.exim_path) : in.exim_utilities_dir;
  // Words are put into the shell line as runtest does: unquoted.
  auto util = [&](const std::string& name) { return util_dir + "/" + name; };
  ShellLaunch& sh = step->shell;
  sh.env = cmd.rc_env;
  sh.sudo = cmd.sudo;
  std::string text = Substitute(cmd.text, subs);
  switch (cmd.kind) {
    case CommandKind::kShell:
      // runtest: system("$_ >>test-stdout 2>>test-stderr"), sudo dropped (we run as root).
      step->kind = StepKind::kShell;
      sh.script = text;
      sh.stdout_file = "test-stdout";
      sh.stderr_file = "test-stderr";
      break;
    case CommandKind::kCat2:
      // runtest: system("cat ... 2>&1 >test-stderr"): stdout replaces test-stderr.
      step->kind = StepKind::kShell;
      sh.script = text + " >test-stderr";
      break;
    case CommandKind::kPerl: {
      // runtest: "perl ARGS >>test-stdout 2>>test-stderr[-server]", the data block on stdin.
      step->kind = StepKind::kShell;
      sh.script = text;
      sh.stdin_data = RenderStdin(cmd.data, subs, SourceLoc{cmd.loc.file, cmd.loc.line + 1});
      sh.stdout_file = "test-stdout";
      bool server = (" " + text + " ").find(" -DSERVER=server ") != std::string::npos;
      sh.stderr_file = server ? "test-stderr-server" : "test-stderr";
      break;
    }
    case CommandKind::kUtility: {
      step->kind = StepKind::kShell;
      sh.stdout_file = "test-stdout";
      std::string args = Substitute(cmd.text, subs);
      std::string name = cmd.name;
      if (name == "dbmbuild") {
        sh.script = "(" + util("exim_dbmbuild") + " " + InRunDir(Substitute(cmd.args[0], subs), env) + " " +
                    InRunDir(Substitute(cmd.args[1], subs), env) + "; echo exim_dbmbuild exit code = $?)";
      } else if (name == "exinext") {
        sh.script = "(" + util("exinext") + " " + "-DEXIM_PATH=" + env.exim_path + " -C " +
                    env.Path("test-config") + " " + args + "; echo exinext exit code = $?)";
      } else if (name == "exigrep" || name == "eximstats") {
        sh.script = "(" + util(name) + " " + args + " " + env.Path("spool/log/mainlog") + "; echo " + name +
                    " exit code = $?)";
      } else if (name == "exiqgrep") {
        sh.script = "(" + util("exiqgrep") + " -E " + env.exim_path + " -C " + env.Path("test-config") +
                    (args.empty() ? "" : " " + args) + "; echo exiqgrep exit code = $?)";
      } else {  // exim_id_update
        sh.script = "(" + util("exim_id_update") + (args.empty() ? "" : " " + args) + " " +
                    env.Path("spool/input") + "; echo exim_id_update exit code = $?)";
        sh.stderr_file = "test-stderr";
      }
      break;
    }
    case CommandKind::kBackground:
      // runtest: fork, stdin < test-stdout, stdout >> test-stdout, stderr >>
      // test-stderr-server, exec "exec LINE"; killed by the next killdaemon.
      step->kind = StepKind::kBackground;
      sh.script = "exec " + text;
      sh.stdin_from_stdout = true;
      sh.stdout_file = "test-stdout";
      sh.stderr_file = "test-stderr-server";
      break;
    case CommandKind::kServer: {
      // runtest: "./bin/server $server_opts -oP PIDFILE ARGS >>test-stdout-server",
      // the script and "++++" on stdin; waited for after the next exim.
      step->kind = StepKind::kServer;
      std::string binary =
          in.server_binary.empty() ? DirName(in.fake_dovecot_binary) + "/server" : in.server_binary;
      sh.pid_file = env.Path("server-daemon.pid");
      sh.argv = {binary};
      sh.argv.insert(sh.argv.end(), in.server_options.begin(), in.server_options.end());
      sh.argv.insert(sh.argv.end(), {"-oP", sh.pid_file});
      std::vector<std::string> args = SplitCommandWords(Substitute(AfterCommandName(cmd.line), subs), cmd.loc);
      sh.argv.insert(sh.argv.end(), args.begin(), args.end());
      for (const auto& line : cmd.data) sh.stdin_data += Substitute(line, subs) + "\n";
      sh.stdin_data += "++++\n";
      sh.stdout_file = "test-stdout-server";
      break;
    }
    case CommandKind::kEximLock:
      // runtest: "./eximdir/exim_lock ARGS >>test-stdout" with an open stdin;
      // closed (and waited for) after the next exim.
      step->kind = StepKind::kEximLock;
      sh.script = util("exim_lock") + " " + text;
      sh.stdin_pipe_open = true;
      sh.stdout_file = "test-stdout";
      break;
    case CommandKind::kWrite: {
      step->kind = StepKind::kWrite;
      step->cat = cmd.cat;
      step->path = InRunDir(Substitute(cmd.args[0], subs), env);
      std::vector<WriteSize> sizes;
      for (size_t k = 1; k < cmd.args.size(); ++k) {
        WriteSize w;
        ParseWriteSize(cmd.args[k], &w);
        sizes.push_back(w);
      }
      step->text = RenderWrite(cmd.data, sizes);
      break;
    }
    case CommandKind::kDump:
      step->kind = StepKind::kDump;
      step->path = cmd.args[0];
      sh.argv = {util_dir + "/exim_dumpdb", env.Path("spool"), cmd.args[0]};
      sh.capture_file = env.Path("dump-" + std::to_string(step->number) + ".tmp");
      break;
    case CommandKind::kTlsClient: {
      // runtest: "./bin/client-ssl|client-gnutls ARGS >>test-stdout 2>>test-stderr",
      // the data block on stdin; client-anytls is the Exim's library's.
      step->kind = StepKind::kShell;
      sh.argv = {DirName(in.fake_dovecot_binary) + "/" + TlsClientProgram(cmd.name, in.tls_library, cmd.loc)};
      std::vector<std::string> args = SplitCommandWords(Substitute(AfterCommandName(cmd.line), subs), cmd.loc);
      sh.argv.insert(sh.argv.end(), args.begin(), args.end());
      sh.stdin_data = RenderStdin(cmd.data, subs, SourceLoc{cmd.loc.file, cmd.loc.line + 1});
      sh.stdout_file = "test-stdout";
      sh.stderr_file = "test-stderr";
      break;
    }
    case CommandKind::kGnutls: {
      // runtest: a copy of aux-fixed/gnutls-params as the spool's DH
      // parameters, owned by Exim, mode 0400; failures ignored (run_system).
      step->kind = StepKind::kShell;
      const std::string file = "spool/gnutls-params-" + std::to_string(kGnutlsDhBitsNormal);
      sh.script = "cp -p aux-fixed/gnutls-params " + file + "; chown " + env.exim_user + ":" + env.exim_group +
                  " " + file + "; chmod 0400 " + file + "; exit 0";
      sh.sudo = true;
      break;
    }
    case CommandKind::kMunge:
      step->kind = StepKind::kNothing;
      break;
    default:
      throw HarnessError(cmd.loc, "internal error: command '" + cmd.name + "' has no plan");
  }
}

// Puts \a value where \a s says \a token.
void Replace(std::string* s, const std::string& token, const std::string& value) {
  size_t pos = s->find(token);
  while (pos != std::string::npos) {
    s->replace(pos, token.size(), value);
    pos = s->find(token, pos + value.size());
  }
}

// Puts \a value where any string of the plan says \a token (a placeholder).
void ReplaceInPlan(TestPlan* plan, const std::string& token, const std::string& value) {
  auto Replace = [&token, &value](std::string* s) { harness::Replace(s, token, value); };
  Replace(&plan->env.run_dir);
  Replace(&plan->env.exim_path);
  Replace(&plan->config_text);
  for (RunDirEntry& e : plan->run_dir_entries) Replace(&e.text);
  if (plan->dovecot) {
    Replace(&plan->dovecot->run_dir);
    Replace(&plan->dovecot->socket_path);
    Replace(&plan->dovecot->fixed_mirror);
    Replace(&plan->dovecot->transcript_file);
  }
  for (Step& s : plan->steps) {
    for (auto& a : s.exim.argv) Replace(&a);
    Replace(&s.exim.stdin_data);
    for (StdinPart& part : s.exim.stdin_parts) Replace(&part.value);
    Replace(&s.exim.stdin_file);
    Replace(&s.exim.pid_file);
    if (s.exim.msg_list) {
      for (auto& a : s.exim.msg_list->argv) Replace(&a);
      Replace(&s.exim.msg_list->capture_file);
    }
    Replace(&s.shell.script);
    for (auto& a : s.shell.argv) Replace(&a);
    Replace(&s.shell.stdin_data);
    Replace(&s.shell.pid_file);
    Replace(&s.shell.capture_file);
    for (auto& e : s.shell.env) Replace(&e.second);
    Replace(&s.path);
    for (auto& e : s.exim.env) Replace(&e.second);
    for (ClientStep& c : s.client.steps) {
      Replace(&c.line);
      Replace(&c.text);
      Replace(&c.echo);
    }
    Replace(&s.client.options.host);
    Replace(&s.client.options.port);
    Replace(&s.client.options.interface);
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

bool Mentions(const std::string& conf, const Script& script, std::string_view word) {
  if (conf.find(word) != std::string::npos) return true;
  for (const Command& cmd : script.commands) {
    if (cmd.line.find(word) != std::string::npos || cmd.text.find(word) != std::string::npos) return true;
    for (const std::string& line : cmd.data)
      if (line.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> PortsMentioned(const std::string& conf, const Script& script) {
  std::vector<std::string> names;
  for (const GoldenPort& p : kGoldenPorts)
    if (Mentions(conf, script, p.name)) names.push_back(p.name);
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
  plan.munge = in.script.munge;
  plan.no_munge = in.script.no_munge;
  plan.sortlog = in.script.sortlog;
  plan.rmfiltertest = in.script.rmfiltertest;
  plan.no_message_check = in.script.no_message_check;
  plan.no_msglog_check = in.script.no_msglog_check;

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

  if (in.upstream) {  // as upstream's runtest: Exim is RUN/eximdir/exim, patched
    plan.env.exim_path = kRunDirPlaceholder + std::string("/eximdir/exim");
    plan.patch_exim_from = in.upstream->exim_binary;
    plan.rule_set = RuleSet::kUpstream;
    plan.compare_mail_and_msglogs = true;
    plan.golden_root = in.golden_root;
    // This test's mailbox and message-log goldens (names are listed sorted).
    for (auto [kind, list] : {std::pair{"mail", &plan.expected_mails}, std::pair{"msglog", &plan.expected_msglogs}}) {
      auto names = in.golden_names.find(kind);
      if (names == in.golden_names.end()) continue;
      for (const std::string& name : names->second)
        if (name.compare(0, plan.test.name.size() + 1, plan.test.name + ".") == 0)
          list->push_back(in.golden_root + kind + "/" + name);
    }
    plan.run_dir_entries = UpstreamRunDirEntries(in.upstream->aux_var_src, in.upstream->dnszones_src,
                                                 SubstitutionValuesOf(plan.env), in.upstream->tree);
  }
  Substitutions subs = MakeSubstitutions(SubstitutionValuesOf(plan.env));
  plan.port_dynamic = in.script.port_dynamic;
  plan.real_dovecot = in.script.need_dovecot || in.real_dovecot;
  if (plan.port_dynamic) subs.Set("PORT_DYNAMIC", kDynamicPortPlaceholder);
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
  std::optional<SourceLoc> wait_daemon;  // the one exim -DSERVER=wait:
  for (const Command& cmd : in.script.commands) {
    Step step;
    step.name = cmd.name;
    step.loc = cmd.loc;
    step.number = ++number;
    step.expect = ExpectOf(cmd);
    switch (cmd.kind) {
      case CommandKind::kExim:
        PlanExim(cmd, subs, plan.env, in.exim_utilities_dir, in.upstream.has_value(), &step);
        if (step.kind == StepKind::kEximWait && wait_daemon)
          throw HarnessError(cmd.loc, "a second exim -DSERVER=wait: (runtest hands its one PORT_DYNAMIC socket to "
                                      "the inetd-wait daemon started at " + wait_daemon->str() + ")");
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
      default:
        PlanOther(cmd, subs, in, plan.env, &step);
        break;
    }
    plan.steps.push_back(std::move(step));
    if (plan.steps.back().kind == StepKind::kEximWait && !wait_daemon) wait_daemon = plan.steps.back().loc;
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
    const std::string flavoured = plan.test.name + "." + in.flavour;
    if (!in.flavour.empty() && names != in.golden_names.end() &&
        std::find(names->second.begin(), names->second.end(), flavoured) != names->second.end()) {
      plan.expected_paths.push_back(in.golden_root + out.name + "/" + flavoured);  // runtest's check_file
      continue;
    }
    plan.expected_paths.push_back(
        names == in.golden_names.end()
            ? in.golden_root + out.name + "/" + plan.test.name
            : SelectGolden(names->second, out.name, plan.test.name, plan.env.exim_version, in.golden_root));
  }
  // As upstream's runtest: every command runs as the caller login but the
  // `sudo` ones (and runtest's own work: run directory, responder, client).
  if (plan.env.caller_credentials) {
    for (Step& s : plan.steps) {
      if (!s.exim.sudo) s.exim.as = plan.env.caller_credentials;
      if (s.exim.msg_list) s.exim.msg_list->as = plan.env.caller_credentials;
      if (!s.shell.sudo) s.shell.as = plan.env.caller_credentials;
    }
  }
  // Upstream trees: runtest's environment (USER, SHELL, PATH, TERM,
  // EXIM_TEST_*), USER the caller, SHELL aux-var/sh.
  if (in.upstream) {
    const std::vector<std::pair<std::string, std::string>> vars = {{"USER", plan.env.caller},
                                                                   {"SHELL", plan.env.Path("aux-var/sh")}};
    for (Step& s : plan.steps) {
      s.exim.runtest_environment = s.shell.runtest_environment = true;
      s.exim.env.insert(s.exim.env.begin(), vars.begin(), vars.end());
      s.shell.env.insert(s.shell.env.begin(), vars.begin(), vars.end());
      if (s.exim.msg_list) s.exim.msg_list->runtest_environment = true;
    }
  }
  return plan;
}

void ApplyDebug(TestPlan* plan, const std::string& flags) {
  for (Step& s : plan->steps) {
    if (s.kind != StepKind::kExim && s.kind != StepKind::kEximDaemon && s.kind != StepKind::kEximWait) continue;
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

void BindRunDir(TestPlan* plan, const std::string& run_dir) { ReplaceInPlan(plan, kRunDirPlaceholder, run_dir); }

void BindDynamicPort(TestPlan* plan, int port) {
  ReplaceInPlan(plan, kDynamicPortPlaceholder, std::to_string(port));
  plan->env.port_dynamic = port;
}

}  // namespace harness

namespace harness {

std::optional<std::string> UnmetNeed(const Script& script, const NeedFacts& facts) {
  if (script.need_ipv4 && !facts.ipv4) return std::string("need_ipv4: no IPv4 loopback");
  if (script.need_ipv6 && !facts.ipv6) return std::string("need_ipv6: no IPv6 loopback");
  if (script.need_ipv6 && !facts.exim_ipv6) return std::string("need_ipv6: Exim was built without IPv6 support");
  if (script.need_largefiles && !facts.largefiles)
    return std::string("need_largefiles: Exim has no large file support (-bV: Size of off_t not above 4)");
  if (script.need_move_frozen_messages && !facts.move_frozen_messages)
    return std::string("need_move_frozen_messages: Exim was built without move_frozen_messages (-bV: Support for)");
  if (script.need_dovecot && !facts.dovecot) return std::string("need_dovecot: no dovecot binary in PATH");
  return std::nullopt;
}

std::string UpstreamFlavour(const std::string& openssl_version, const std::string& os_release,
                            const std::vector<std::string>& golden_names) {
  std::string flavour;
  static const RE2 openssl(R"(1\.1\.1|3\.\d+\.\d+)");
  const std::string first_line = openssl_version.substr(0, openssl_version.find('\n'));  // Perl: <$f>
  if (RE2::PartialMatch(first_line, openssl)) {
    flavour = "openssl_1_1_1";
  } else if (!os_release.empty()) {
    std::string id, version;
    for (std::string_view line : text::SplitLines(os_release)) {
      auto value = [&](std::string_view key, std::string* out) {
        if (line.compare(0, key.size(), key) != 0) return;
        std::string v(line.substr(key.size()));
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
        if (!v.empty() && v.front() == '"') v.erase(0, 1);
        if (!v.empty() && v.back() == '"') v.pop_back();
        *out = v;
      };
      value("ID=", &id);
      value("VERSION_ID=", &version);
    }
    flavour = id + version;
  }
  if (flavour.empty()) return "";
  for (const std::string& name : golden_names) {
    size_t dot = name.find('.');
    if (dot != std::string::npos && name.compare(dot + 1, std::string::npos, flavour) == 0) return flavour;
  }
  return "";
}

std::string TlsLibraryOf(const std::string& bv_output) {
  for (std::string_view line : text::SplitLines(bv_output)) {
    if (line.compare(0, 12, "Support for:") != 0) continue;
    std::string words = " " + std::string(line.substr(12)) + " ";
    if (words.find(" OpenSSL ") != std::string::npos) return "openssl";
    if (words.find(" GnuTLS ") != std::string::npos) return "gnutls";
  }
  return "";
}

std::string TlsClientProgram(const std::string& name, const std::string& tls_library, const SourceLoc& loc) {
  if (name != "client-anytls") return name;
  if (tls_library == "openssl") return "client-ssl";
  if (tls_library == "gnutls") return "client-gnutls";
  throw HarnessError(loc, "client-anytls: the Exim under test has no TLS library (exim -bV \"Support for:\" "
                          "lists neither OpenSSL nor GnuTLS)");
}

std::vector<std::pair<std::string, SourceLoc>> TlsClientPrograms(const Script& script, const std::string& dir,
                                                                 const std::string& tls_library) {
  std::vector<std::pair<std::string, SourceLoc>> out;
  for (const Command& c : script.commands)
    if (c.kind == CommandKind::kTlsClient)
      out.emplace_back(dir + "/" + TlsClientProgram(c.name, tls_library, c.loc), c.loc);
  return out;
}

bool BvHasLargeFiles(const std::string& bv_output) {
  static const std::string kKey = "\nSize of off_t: ";
  std::string text = "\n" + bv_output;
  size_t at = text.find(kKey);
  if (at == std::string::npos) return false;
  return std::atoi(text.c_str() + at + kKey.size()) > 4;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string* out, unsigned long cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x100) {  // Perl: a byte string for code points below 256
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | ((cp >> 18) & 0x07)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// The escapes of a Perl double-quoted string. Variables are not supported.
std::string PerlUnescape(const std::string& s, const SourceLoc& loc) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == '$' || c == '@') && i + 1 < s.size() &&
        (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '_' || s[i + 1] == '{'))
      throw HarnessError(loc, "':eval:' with a Perl variable is not supported");
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'f': out.push_back('\f'); break;
      case 'b': out.push_back('\b'); break;
      case 'a': out.push_back('\a'); break;
      case 'e': out.push_back('\x1b'); break;
      case 'x': {
        unsigned long v = 0;
        if (i + 1 < s.size() && s[i + 1] == '{') {
          size_t close = s.find('}', i + 2);
          if (close == std::string::npos) throw HarnessError(loc, "':eval:' \\x{ without }");
          for (size_t k = i + 2; k < close; ++k)
            if (HexValue(s[k]) >= 0) v = v * 16 + HexValue(s[k]);
          i = close;
        } else {
          for (int n = 0; n < 2 && i + 1 < s.size() && HexValue(s[i + 1]) >= 0; ++n) v = v * 16 + HexValue(s[++i]);
        }
        AppendUtf8(&out, v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          unsigned v = e - '0';
          for (int n = 0; n < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++n) v = v * 8 + (s[++i] - '0');
          out.push_back(static_cast<char>(v & 0xff));
        } else {
          out.push_back(e);  // \\ \" \$ \@ and any other: the character
        }
    }
  }
  return out;
}

}  // namespace

namespace {

StdinStream RenderData(const std::vector<std::string>& lines, const Substitutions& subs, const SourceLoc& first,
                       const std::string* run_dir) {
  StdinStream stream;
  size_t written = 0;  // bytes of text already in a part
  auto flush_text = [&] {
    if (stream.text.size() > written) stream.parts.push_back({StdinPart::kText, stream.text.substr(written)});
    written = stream.text.size();
  };
  for (size_t k = 0; k < lines.size(); ++k) {
    SourceLoc loc{first.file, first.line + static_cast<int>(k)};
    std::string line = Substitute(lines[k], subs);
    // runtest: /^(:\S+?:)(.*)/
    std::string prefix;
    if (line.size() > 2 && line[0] == ':') {
      for (size_t i = 1; i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])); ++i) {
        if (line[i] == ':' && i > 1) {
          prefix = line.substr(0, i + 1);
          break;
        }
      }
    }
    if (prefix.empty()) {
      stream.text += line + "\n";
      continue;
    }
    std::string rest = line.substr(prefix.size());
    if (prefix == ":noeol:") {
      while (!rest.empty() && (rest.back() == '\r' || rest.back() == '\n')) rest.pop_back();
      stream.text += rest;
    } else if (prefix == ":eval:") {
      // runtest's /^(:\S+?:)(.*)/ leaves the line's newline out of $line:
      // what a prefixed line writes ends where its text ends.
      stream.text += PerlUnescape(rest, loc);
    } else if (prefix == ":sleep:" || prefix == ":file:") {
      if (run_dir == nullptr)
        throw HarnessError(loc, "data-line prefix '" + prefix + "' is supported in an exim command's data only");
      // Perl's two-argument open and sleep: surrounding blanks do not count.
      const size_t b = rest.find_first_not_of(" \t");
      const size_t e = rest.find_last_not_of(" \t\r\n");
      const std::string arg = b == std::string::npos ? "" : rest.substr(b, e - b + 1);
      flush_text();
      if (prefix == ":sleep:") {
        if (arg.empty() || arg.size() > 6 || arg.find_first_not_of("0123456789") != std::string::npos)
          throw HarnessError(loc, "':sleep:' needs a whole number of seconds, not '" + EscapeForDisplay(arg, 60) + "'");
        stream.parts.push_back({StdinPart::kSleep, arg});
      } else {
        if (arg.empty()) throw HarnessError(loc, "':file:' needs a file name");
        stream.parts.push_back({StdinPart::kFile, arg[0] == '/' ? arg : *run_dir + "/" + arg});
      }
    } else {
      stream.text += rest;  // runtest drops an unknown :word: prefix (and the newline, as above)
    }
  }
  if (!stream.parts.empty()) flush_text();
  return stream;
}

}  // namespace

std::string RenderStdin(const std::vector<std::string>& lines, const Substitutions& subs, const SourceLoc& first) {
  return RenderData(lines, subs, first, nullptr).text;
}

StdinStream RenderStdinStream(const std::vector<std::string>& lines, const Substitutions& subs,
                              const SourceLoc& first, const std::string& run_dir) {
  return RenderData(lines, subs, first, &run_dir);
}

std::string RenderWrite(const std::vector<std::string>& data, const std::vector<WriteSize>& sizes) {
  std::string out;
  size_t k = 0;
  if (!sizes.empty()) {
    bool separator = false;
    for (; k < data.size(); ++k) {
      const std::string& l = data[k];
      if (l.compare(0, 4, "++++") == 0 && l.find_first_not_of(" \t\r\n\f\v", 4) == std::string::npos) {
        separator = true;
        ++k;
        break;
      }
      out += l + "\n";
    }
    for (const WriteSize& w : sizes) {
      long len = static_cast<long>(w.length) - static_cast<long>(w.leadin.size()) - 1;
      std::string line = w.leadin + std::string(len > 0 ? static_cast<size_t>(len) : 0, 'a') + "\n";
      for (int n = 0; n < w.count; ++n) out += line;
    }
    if (!separator) return out;
  }
  for (; k < data.size(); ++k) out += data[k] + "\n";
  return out;
}

std::vector<std::string> MessageIdsOf(const std::string& bp_output) {
  // runtest: /^\s*\d+[smhdw]\s+\S+\s+(\S+)/, sorted by "time.fraction".
  std::vector<std::pair<std::string, std::string>> keyed;
  size_t pos = 0;
  while (pos < bp_output.size()) {
    size_t eol = bp_output.find('\n', pos);
    std::string line = bp_output.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? bp_output.size() : eol + 1;
    std::vector<std::string> words;
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t b = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i > b) words.push_back(line.substr(b, i - b));
    }
    if (words.size() < 3) continue;
    const std::string& age = words[0];
    size_t d = 0;
    while (d < age.size() && std::isdigit(static_cast<unsigned char>(age[d]))) ++d;
    if (d == 0 || d + 1 != age.size() || std::string("smhdw").find(age[d]) == std::string::npos) continue;
    const std::string& id = words[2];
    std::vector<std::string> parts;
    for (size_t b = 0;;) {
      size_t dash = id.find('-', b);
      parts.push_back(id.substr(b, dash == std::string::npos ? std::string::npos : dash - b));
      if (dash == std::string::npos) break;
      b = dash + 1;
    }
    std::string key = parts[0] + "." + (parts.size() > 2 ? parts[2] : "");
    keyed.emplace_back(key, id);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> ids;
  for (auto& k : keyed) ids.push_back(k.second);
  return ids;
}

bool SubstituteMessageIds(std::string* word, const std::vector<std::string>& ids) {
  for (size_t i = ids.size(); i > 0; --i) {
    std::string name = "$msg" + std::to_string(i);
    for (size_t at = word->find(name); at != std::string::npos; at = word->find(name, at + ids[i - 1].size()))
      word->replace(at, name.size(), ids[i - 1]);
  }
  for (size_t at = word->find("$msg"); at != std::string::npos; at = word->find("$msg", at + 1))
    if (at + 4 < word->size() && std::isdigit(static_cast<unsigned char>((*word)[at + 4]))) return false;
  return true;
}

namespace {

/// \a text cut after each \a sep (Perl's reading with $/ = sep): the pieces
/// keep their separator; the last may lack it.
std::vector<std::string> SplitAfter(const std::string& text, const std::string& sep) {
  std::vector<std::string> pieces;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t at = text.find(sep, pos);
    size_t end = at == std::string::npos ? text.size() : at + sep.size();
    pieces.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return pieces;
}

/// runtest's dump sort keys: \a ip (the host's IPv4 address) in \a text
/// as "ip4.ip4.ip4.ip4", every occurrence or the first.
void ReplaceIpv4(std::string* text, const std::string& ip, bool all) {
  if (ip.empty()) return;
  static const std::string kMunged = "ip4.ip4.ip4.ip4";
  for (size_t at = text->find(ip); at != std::string::npos; at = text->find(ip, at + kMunged.size())) {
    text->replace(at, ip.size(), kMunged);
    if (!all) return;
  }
}

}  // namespace

std::string FormatDump(const std::string& which, const std::string& output, int port_n,
                       const std::string& host_ipv4) {
  std::string out = "+++++++++++++++++++++++++++\n";
  if (which == "retry") {
    // Records separated by "\n  " (runtest reads with $/ = "\n  "), sorted
    // by their first word with the host's IPv4 address and PORT_N as the
    // munges will show them (so 127.0.0.1 sorts first); each printed as
    // "  LINE1\nLINE2\n".
    std::vector<std::string> records = SplitAfter(output, "\n  ");
    std::string port = port_n > 0 ? std::to_string(port_n) : "";
    std::vector<std::pair<std::string, std::string>> keyed;
    for (const std::string& r : records) {
      size_t b = r.find_first_not_of(" \t\r\n");
      if (b == std::string::npos) continue;
      size_t e = r.find_first_of(" \t\r\n", b);
      std::string key = r.substr(b, e == std::string::npos ? std::string::npos : e - b);
      ReplaceIpv4(&key, host_ipv4, true);
      if (!port.empty()) {
        size_t at = key.find(port);
        if (at != std::string::npos) key.replace(at, port.size(), "PORT_N");
      }
      size_t last = r.find_last_not_of(" \t\r\n");
      keyed.emplace_back(key, r.substr(b, last + 1 - b));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& k : keyed) out += "  " + k.second + "\n";
    return out;
  }
  std::vector<std::string> lines = SplitAfter(output, "\n");
  if (which == "callout") {
    std::stable_sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
      return (a.size() > 21 ? a.substr(21) : "") < (b.size() > 21 ? b.substr(21) : "");
    });
  } else if (which == "seen") {
    // Whole lines, the first occurrence of the host's IPv4 address as munged.
    auto key = [&host_ipv4](std::string line) {
      ReplaceIpv4(&line, host_ipv4, false);
      return line;
    };
    std::stable_sort(lines.begin(), lines.end(),
                     [&key](const std::string& a, const std::string& b) { return key(a) < key(b); });
  }
  for (const auto& l : lines) out += l;
  return out;
}

}  // namespace harness
