// runner.cc - see runner.h.
#include "harness/runner.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <grp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <memory>
#include <thread>

#include "harness/differ.h"
#include "harness/dovecot_backend.h"
#include "harness/file_io.h"
#include "harness/interrupt.h"
#include "harness/normaliser.h"
#include "harness/outputs.h"
#include "harness/process.h"
#include "harness/requires.h"
#include "harness/run_dir.h"
#include "harness/script.h"
#include "harness/smtp_client.h"
#include "harness/substitutions.h"

namespace fs = boost::filesystem;

namespace harness {
namespace {

// ----- small file helpers --------------------------------------------------

std::optional<std::string> ReadIfExists(const std::string& path) { return ReadWholeFile(path); }

void AppendFile(const std::string& path, const std::string& text) { WriteWholeFile(path, text, 0644, true); }

void WriteFile(const std::string& path, const std::string& text, mode_t mode) { WriteWholeFile(path, text, mode); }

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

std::string HostName() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

/// Who runs the tests, and on which host: looked up once per process (each
/// NSS lookup reads nsswitch.conf and the passwd or group file).
struct Caller {
  std::optional<std::string> user, home, group;
  std::string hostname;
};
const Caller& Me() {
  static const Caller me = [] {
    Caller c;
    if (const passwd* pw = getpwuid(getuid())) {
      c.user = pw->pw_name;
      c.home = pw->pw_dir;
    }
    if (const group* gr = getgrgid(getgid())) c.group = gr->gr_name;
    c.hostname = HostName();
    return c;
  }();
  return me;
}

// The golden numbers of runtest's fixed ports (runtest.md §5).
struct PortName {
  const char* name;
  int golden;
};
constexpr PortName kPorts[] = {{"PORT_D", 1225}, {"PORT_D2", 1226}, {"PORT_D3", 1227},
                               {"PORT_D4", 1228}, {"PORT_N", 1223},  {"PORT_S", 1224}};

/// Whether \a name occurs in the configuration text or in any line of the
/// script (command lines and data blocks: all that gets substituted).
bool Mentions(const std::string& conf, const Script& script, const char* name) {
  if (conf.find(name) != std::string::npos) return true;
  for (const Command& cmd : script.commands) {
    if (cmd.line.find(name) != std::string::npos) return true;
    for (const auto& line : cmd.data)
      if (line.find(name) != std::string::npos) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

bool HasWord(const std::vector<std::string>& words, const std::string& w) {
  for (const auto& x : words)
    if (x == w) return true;
  return false;
}

/// A timeout or wrong status of one command: ends the test as FAIL.
struct CommandFailure {
  SourceLoc loc;
  std::string message;
};

/// One test's execution state. Everything it starts is stopped by Finish() or
/// the destructor, whatever the exit path.
class Execution {
 public:
  Execution(const RunOptions& options, const EximBinary& exim, const TestCase& test, const Script& script,
            TestResult* result)
      : options_(options), exim_(exim), test_(test), script_(script), result_(result) {}

  ~Execution() { StopEverything(); }

  void Prepare();
  void RunCommands();
  void StopEverything();
  /// Normalises and compares every output. The normalised texts are written
  /// to RUN/normalised/ when the run directory will be kept: always_write
  /// (--keep, or after a failed command) or any output differs.
  void CompareOutputs(bool allow_update, bool always_write);

 private:
  std::string Run(const std::string& file) const { return run_dir_ + "/" + file; }
  Clock::time_point CommandDeadline() const {
    return std::min(Clock::now() + options_.command_timeout, test_deadline_);
  }
  void Fail(const Command& cmd, const std::string& message) {
    throw CommandFailure{cmd.loc, message};
  }
  void CheckStatus(const Command& cmd, int status);
  void RunExim(const Command& cmd);
  void RunClient(const Command& cmd);
  void KillDaemons(const Command* cmd);
  void Sleep(const Command& cmd, milliseconds how_long);

  const RunOptions& options_;
  const EximBinary& exim_;
  const TestCase& test_;
  const Script& script_;
  TestResult* result_;

  std::string run_dir_;
  Substitutions subs_;
  std::vector<std::pair<int, int>> port_map_;  // actual -> golden
  std::unique_ptr<DovecotBackend> dovecot_;
  std::vector<std::unique_ptr<Process>> processes_;
  std::vector<std::string> pid_files_;  // daemons started with -bd
  Clock::time_point test_deadline_;
  int command_number_ = 0;
};

void Execution::Prepare() {
  test_deadline_ = Clock::now() + options_.test_timeout;
  run_dir_ = CreateRunDir(options_.work_root, test_.name, exim_.uid, exim_.gid);
  result_->run_dir = run_dir_;

  SubstitutionValues v;
  v.dir = run_dir_;
  v.exim_path = exim_.path;
  v.caller = Me().user.value_or(std::to_string(getuid()));
  v.caller_group = Me().group.value_or(std::to_string(getgid()));
  v.caller_uid = getuid();
  v.caller_gid = getgid();
  v.exim_user = exim_.user;
  v.exim_group = exim_.group;
  v.hostname = Me().hostname;
  v.testnum = test_.name;
  v.dovecot_socket = Run("auth-client");

  // The server's configuration: confs/NNNN with the compatibility prelude.
  std::string conf_path = options_.source_dir + "/confs/" + test_.name;
  std::string conf = ReadFileOrThrow(conf_path, "configuration");
  std::string prelude = ReadFileOrThrow(options_.source_dir + "/confs/prelude", "configuration prelude");

  // A free port for each PORT_* name the script or the configuration uses
  // (every substituted text is in one of them), none for the others.
  int* port_values[] = {&v.port_d, &v.port_d2, &v.port_d3, &v.port_d4, &v.port_n, &v.port_s};
  std::vector<size_t> used;
  for (size_t i = 0; i < std::size(kPorts); ++i) {
    if (Mentions(conf, script_, kPorts[i].name)) used.push_back(i);
  }
  std::vector<int> ports = FreePorts(static_cast<int>(used.size()));
  for (size_t k = 0; k < used.size(); ++k) {
    *port_values[used[k]] = ports[k];
    port_map_.emplace_back(ports[k], kPorts[used[k]].golden);
  }
  subs_ = MakeSubstitutions(v);
  WriteFile(Run("test-config"), RenderConf(conf, subs_, prelude), 0644);

  // The Dovecot responder, when the configuration talks to one.
  if (conf.find("DOVECOT_SOCKET") != std::string::npos) {
    DovecotSetup setup;
    setup.run_dir = run_dir_;
    setup.socket_path = v.dovecot_socket;
    std::string per_test_users = test_.suite_dir + "/" + test_.name + ".passwd";
    setup.users_file = fs::exists(per_test_users) ? per_test_users : test_.suite_dir + "/passwd";
    std::string scenario = test_.suite_dir + "/" + test_.name + ".dovecot";
    if (fs::exists(scenario)) setup.scenario_file = scenario;
    // Unreadable inputs (a directory, say) are errors here, with a clear
    // message, rather than whatever the responder makes of them.
    if (fs::exists(setup.users_file)) ReadFileOrThrow(setup.users_file, "Dovecot users file");
    if (!setup.scenario_file.empty()) ReadFileOrThrow(setup.scenario_file, "fake_dovecot scenario");
    setup.transcript_file = Run("dovecot-transcript");
    setup.fake_binary = options_.build_dir + "/bin/fake_dovecot";
    setup.real = options_.dovecot == DovecotMode::kReal;
    SetActivity("test " + test_.name + " starting its Dovecot responder");
    RegisterCleanupPath(setup.socket_path);
    dovecot_ = std::make_unique<DovecotBackend>(setup);
    InterruptGate gate;  // no process start behind a signal handler's back
    dovecot_->Start(std::min(Clock::now() + options_.command_timeout, test_deadline_));
  }
}

void Execution::CheckStatus(const Command& cmd, int status) {
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  bool ok = WIFEXITED(status) && (cmd.expect_not ? code != cmd.expected_rc : code == cmd.expected_rc);
  if (ok) return;
  std::string expected =
      cmd.expect_not ? "any status but " + std::to_string(cmd.expected_rc) : std::to_string(cmd.expected_rc);
  Fail(cmd, "command " + std::to_string(command_number_) + " (" + cmd.name + ") ended with " +
                DescribeWaitStatus(status) + ", expected " + expected);
}

void Execution::RunExim(const Command& cmd) {
  if (!cmd.exim.suffix.empty()) {
    throw HarnessError(cmd.loc, "exim" + cmd.exim.suffix + " is not supported (only the binary under test, 'exim')");
  }
  if (cmd.exim.wait_seconds >= 0) {
    throw HarnessError(cmd.loc, "the wait-before-closing-stdin prefix is not supported");
  }
  std::vector<std::string> args = SplitCommandWords(Substitute(cmd.exim.args, subs_), cmd.loc);
  bool server = HasWord(args, "-DSERVER=server");
  bool daemon = HasWord(args, "-bd") || HasWord(args, "-bdf");
  SpawnOptions spawn;
  spawn.argv = {exim_.path, "-DEXIM_PATH=" + exim_.path, "-C", Run("test-config")};
  if (daemon && !HasWord(args, "-oP")) {
    args.push_back("-oP");
    args.push_back(Run("exim-daemon.pid"));
  }
  spawn.argv.insert(spawn.argv.end(), args.begin(), args.end());
  for (const auto& line : cmd.data) spawn.stdin_data += Substitute(line, subs_) + "\n";
  spawn.stdout_file = Run("test-stdout");
  spawn.stderr_file = Run(server ? "test-stderr-server" : "test-stderr");
  if (!cmd.exim.env_assignment.empty()) {
    auto eq = cmd.exim.env_assignment.find('=');
    spawn.env.emplace_back(cmd.exim.env_assignment.substr(0, eq), cmd.exim.env_assignment.substr(eq + 1));
  }
  // Exim's runtest appends to the raw files: Process::Spawn opens them for
  // appending (creating them), as it does.

  std::unique_ptr<Process> process;
  {
    InterruptGate gate;  // no process start behind a signal handler's back
    process = Process::Spawn(spawn);
  }
  auto deadline = CommandDeadline();
  if (!daemon) {
    auto status = process->WaitUntil(deadline);
    if (!status) Fail(cmd, "timed out at " + cmd.loc.str() + " (exim)");
    CheckStatus(cmd, *status);
    return;
  }

  // A daemon: -bd forks and its first process exits at once; the daemon
  // proper (reparented to us, the subreaper) writes the pid file once its
  // listening sockets are open. Readiness = pid file present.
  std::string pid_file = args[std::find(args.begin(), args.end(), "-oP") - args.begin() + 1];
  pid_files_.push_back(pid_file);
  bool foreground = HasWord(args, "-bdf");
  if (!foreground) {
    auto status = process->WaitUntil(deadline);
    if (!status) Fail(cmd, "timed out at " + cmd.loc.str() + " (exim daemon did not detach)");
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
      Fail(cmd, "the Exim daemon failed to start: " + DescribeWaitStatus(*status) + " (see " +
                    spawn.stderr_file + ")");
    }
  }
  if (!WaitForFile(pid_file, deadline)) {
    Fail(cmd, "timed out at " + cmd.loc.str() + " (exim daemon wrote no pid file " + pid_file + ")");
  }
  processes_.push_back(std::move(process));
}

void Execution::RunClient(const Command& cmd) {
  std::vector<std::string> args = SplitCommandWords(Substitute(Join(cmd.args), subs_), cmd.loc);
  std::vector<std::string> lines;
  for (const auto& line : cmd.data) lines.push_back(Substitute(line, subs_));
  ClientOptions base;
  base.include_dir = test_.suite_dir;
  auto deadline = CommandDeadline();
  base.cancel_at = deadline;
  ClientResult r = RunClientCommand(args, lines, base, SourceLoc{cmd.loc.file, cmd.loc.line + 1});
  // Client-side raw files: an empty one and a missing one assemble alike
  // (only the server side's existence shows, as its header), so nothing is
  // created for nothing.
  if (!r.stdout_text.empty()) AppendFile(Run("test-stdout"), r.stdout_text);
  if (!r.stderr_text.empty()) AppendFile(Run("test-stderr"), r.stderr_text);
  if (r.cancelled) Fail(cmd, "timed out at " + cmd.loc.str() + " (client)");
  if (r.exit_code != 0 && r.failed_at && !cmd.has_rc_line) {
    result_->failed_at = *r.failed_at;
  }
  CheckStatus(cmd, r.exit_code << 8);
}

void Execution::KillDaemons(const Command* cmd) {
  for (const auto& pid_file : pid_files_) {
    auto text = ReadIfExists(pid_file);
    if (!text) continue;
    pid_t pid = static_cast<pid_t>(std::atol(text->c_str()));
    if (pid <= 1) continue;
    auto deadline = cmd ? CommandDeadline() : Clock::now() + std::chrono::seconds(5);
    kill(pid, SIGTERM);
    if (!WaitForPidExit(pid, deadline)) {
      kill(pid, SIGKILL);
      WaitForPidExit(pid, Clock::now() + std::chrono::seconds(5));
      if (cmd) Fail(*cmd, "timed out at " + cmd->loc.str() + " (the daemon ignored SIGTERM)");
    }
    unlink(pid_file.c_str());
  }
  pid_files_.clear();
}

void Execution::Sleep(const Command& cmd, milliseconds how_long) {
  if (Clock::now() + how_long > test_deadline_) {
    std::this_thread::sleep_until(test_deadline_);
    Fail(cmd, "timed out at " + cmd.loc.str() + " (" + cmd.name + ")");
  }
  std::this_thread::sleep_for(how_long);
}

void Execution::RunCommands() {
  for (const Command& cmd : script_.commands) {
    ++command_number_;
    SetActivity("test " + test_.name + " at " + cmd.loc.str() + " (" + cmd.name + ")");
    if (Clock::now() >= test_deadline_) Fail(cmd, "timed out at " + cmd.loc.str() + " (test time limit)");
    switch (cmd.kind) {
      case CommandKind::kExim:
        RunExim(cmd);
        break;
      case CommandKind::kClient:
        RunClient(cmd);
        break;
      case CommandKind::kKillDaemon:
        KillDaemons(&cmd);
        break;
      case CommandKind::kSleep:
        Sleep(cmd, std::chrono::seconds(cmd.duration));
        break;
      case CommandKind::kMilliSleep:
        Sleep(cmd, milliseconds(cmd.duration));
        break;
      case CommandKind::kEcho:
        break;
      case CommandKind::kComment:
        // Modern runtest: "### text" goes into every raw output stream.
        for (const char* f : {"test-stdout", "test-stderr", "test-stderr-server", "test-stdout-server"}) {
          AppendFile(Run(f), "### " + cmd.text + "\n");
        }
        break;
    }
  }
}

void Execution::StopEverything() {
  try {
    KillDaemons(nullptr);
  } catch (...) {
  }
  processes_.clear();  // kills and reaps anything still running
  if (dovecot_) {
    dovecot_->Stop();
    dovecot_.reset();
  }
  KillAllDescendants(Clock::now() + std::chrono::seconds(10));
  if (!run_dir_.empty()) UnregisterCleanupPath(Run("auth-client"));
}

void Execution::CompareOutputs(bool allow_update, bool always_write) {
  NormaliseContext ctx;
  ctx.hostname = Me().hostname;
  ctx.run_dir = run_dir_;
  ctx.caller = Me().user.value_or("");
  ctx.caller_uid = getuid();
  ctx.caller_gid = getgid();
  ctx.caller_home = Me().home.value_or("");
  ctx.exim_user = exim_.user;
  ctx.exim_uid = exim_.uid;
  ctx.exim_gid = exim_.gid;
  ctx.ports = port_map_;
  ctx.ipv6_test = script_.need_ipv6;
  Normaliser normaliser(ctx);

  struct Produced {
    std::string kind;
    std::vector<OutputLine> lines;
    std::string text;
  };
  std::vector<Produced> produced;
  for (const OutputSpec& out : OutputSpecs()) {
    if (script_.no_stdout_check && out.kind == OutputKind::kStdout) continue;
    if (script_.no_stderr_check && out.kind == OutputKind::kStderr) continue;
    auto lines = AssembleOutputLines(ReadIfExists(Run(out.main_raw)), ReadIfExists(Run(out.server_raw)),
                                     out.stream, normaliser);
    produced.push_back({out.name, lines, JoinOutputLines(lines)});
  }
  // The responder's transcript: compared when a golden exists (or created by --update).
  std::string dovecot_golden = options_.source_dir + "/expected/dovecot/" + test_.name;
  if (options_.dovecot == DovecotMode::kFake) {
    if (auto raw = ReadIfExists(Run("dovecot-transcript"));
        raw && (fs::exists(dovecot_golden) || allow_update)) {
      std::vector<OutputLine> lines;
      for (auto& nl : normaliser.NormaliseLines(*raw, Stream::kDovecot)) lines.push_back({nl, LineOrigin::kMain});
      produced.push_back({"dovecot", lines, JoinOutputLines(lines)});
    }
  }

  bool write_normalised = always_write;
  for (const auto& p : produced) {
    OutputCheck check;
    check.kind = p.kind;
    check.expected_path = "expected/" + p.kind + "/" + test_.name;
    std::string golden_path = options_.source_dir + "/" + check.expected_path;
    std::string golden = ReadIfExists(golden_path).value_or("");
    check.matched = golden == p.text;
    if (!check.matched) {
      DiffOptions diff_options;
      diff_options.expected_label = check.expected_path;
      diff_options.actual_label = "actual " + p.kind + " (normalised)";
      DiffResult diff = Diff(golden, p.text, diff_options);
      check.diff = diff.unified;
      check.summary = diff.summary;
      if (options_.verbose) {
        // -v: the raw line behind every differing normalised line.
        for (const auto& hunk : diff.hunks) {
          for (const auto& dl : hunk.lines) {
            int line = dl.actual_line;
            if (dl.op != '+' || line < 1 || line > static_cast<int>(p.lines.size())) continue;
            const auto& ol = p.lines[line - 1];
            if (ol.origin == LineOrigin::kHeader) continue;
            check.raw_detail += "    +" + std::to_string(line) + " <- raw " +
                                (ol.origin == LineOrigin::kServer ? "server " : "") + "line " +
                                std::to_string(ol.line.raw_line) + ": " + EscapeForDisplay(ol.line.raw, 400) + "\n";
          }
        }
      }
    }
    if (allow_update && !check.matched) {
      fs::create_directories(fs::path(golden_path).parent_path());
      if (p.text.empty()) {
        fs::remove(golden_path);
        result_->updates.push_back("removed " + check.expected_path);
      } else {
        WriteFile(golden_path, p.text, 0644);
        result_->updates.push_back((golden.empty() ? "created " : "updated ") + check.expected_path);
      }
    }
    write_normalised = write_normalised || !check.matched;
    result_->checks.push_back(check);
  }
  // What was compared, for whoever reads a kept run directory.
  if (write_normalised) {
    fs::create_directories(Run("normalised"));
    for (const auto& p : produced) WriteFile(Run("normalised/" + p.kind), p.text, 0644);
  }
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
  }
  return "?";
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

TestRunner::TestRunner(RunOptions options, EximBinary exim)
    : options_(std::move(options)), exim_(std::move(exim)) {}

TestResult TestRunner::Run(const TestCase& test) {
  TestResult result;
  result.test = test;
  auto start = Clock::now();
  auto finish = [&](Outcome outcome, const std::string& reason) {
    result.outcome = outcome;
    if (result.reason.empty()) result.reason = reason;
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };
  SetActivity("test " + test.name);

  Script script;
  try {
    script = ParseScriptFile(test.script_path);
    result.title = script.title;
    // REQUIRES of the suite directory, then the script's need_* flags.
    std::string requires_path = test.suite_dir + "/REQUIRES";
    std::vector<Requirement> reqs;
    if (fs::exists(requires_path)) reqs = ParseRequires(ReadFileOrThrow(requires_path, "REQUIRES file"), requires_path);
    // Without root nothing can run (Exim's spool must belong to its user):
    // say so before asking anything of the binary, which may not even have
    // been probed.
    if (getuid() != 0) {
      return finish(Outcome::kSkip, "needs root (Exim's spool must belong to " +
                                        (exim_.user.empty() ? std::string("Exim's user") : exim_.user) +
                                        "); run runtest as root, e.g. with sudo");
    }
    // Only the host facts this test asks about are probed (a socket each for
    // IPv4/IPv6, a $PATH search for dovecot); the others stay false, unread.
    bool need_ipv4 = script.need_ipv4, need_ipv6 = script.need_ipv6;
    bool need_dovecot = options_.dovecot == DovecotMode::kReal;
    for (const Requirement& r : reqs) {
      if (r.kind != RequirementKind::kRunning) continue;
      need_ipv4 = need_ipv4 || r.value == "IPv4";
      need_ipv6 = need_ipv6 || r.value == "IPv6";
      need_dovecot = need_dovecot || r.value == "dovecot";
    }
    if (need_ipv4 && !ipv4_) ipv4_ = CanBindLoopback(AF_INET);
    if (need_ipv6 && !ipv6_) ipv6_ = CanBindLoopback(AF_INET6);
    if (need_dovecot && !dovecot_installed_) dovecot_installed_ = !FindInPath("dovecot").empty();
    HostFacts host;
    host.ipv4 = ipv4_.value_or(false);
    host.ipv6 = ipv6_.value_or(false);
    host.dovecot_installed = dovecot_installed_.value_or(false);
    if (!features_) features_ = ParseEximBV(exim_.bv_output);
    if (auto unmet = FirstUnmet(reqs, *features_, host)) return finish(Outcome::kSkip, *unmet);
    if (script.need_ipv4 && !host.ipv4) return finish(Outcome::kSkip, "need_ipv4: no IPv4 loopback");
    if (script.need_ipv6 && !host.ipv6) return finish(Outcome::kSkip, "need_ipv6: no IPv6 loopback");
    if (options_.dovecot == DovecotMode::kReal) {
      if (fs::exists(test.suite_dir + "/" + test.name + ".dovecot")) {
        return finish(Outcome::kSkip, "its responder scenario (" + test.name + ".dovecot) needs fake_dovecot");
      }
      if (!host.dovecot_installed) return finish(Outcome::kSkip, "--dovecot=real: no dovecot binary in PATH");
    }
  } catch (const HarnessError& e) {
    result.failed_at = e.loc();
    return finish(Outcome::kError, e.what());
  }

  Outcome outcome = Outcome::kPass;
  {
    Execution exec(options_, exim_, test, script, &result);
    try {
      exec.Prepare();
      exec.RunCommands();
      exec.StopEverything();
      exec.CompareOutputs(options_.update, /*always_write=*/options_.keep);
    } catch (const CommandFailure& f) {
      outcome = Outcome::kFail;
      result.failed_at = f.loc;
      // "timed out at FILE:LINE (...)" already names the line.
      result.reason = f.message.find(f.loc.str()) != std::string::npos ? f.message : f.loc.str() + ": " + f.message;
      result.command_failures.push_back(result.reason);
      exec.StopEverything();
      // Outputs still tell what happened: compare them too, but never update.
      try {
        exec.CompareOutputs(/*allow_update=*/false, /*always_write=*/true);
      } catch (...) {
      }
    } catch (const HarnessError& e) {
      outcome = Outcome::kError;
      if (!e.loc().file.empty()) result.failed_at = e.loc();
      result.reason = e.what();
    } catch (const std::exception& e) {
      outcome = Outcome::kError;
      result.reason = std::string("internal error: ") + e.what();
    }
  }
  if (outcome == Outcome::kPass) {
    for (const auto& c : result.checks) {
      if (!c.matched && !options_.update) {
        outcome = Outcome::kFail;
        if (result.reason.empty()) result.reason = c.expected_path + " differs";
      }
    }
  }
  bool keep = options_.keep || outcome == Outcome::kFail || outcome == Outcome::kError;
  if (!keep && !result.run_dir.empty()) RemoveTree(result.run_dir);
  result.run_dir_kept = keep && !result.run_dir.empty();
  SetActivity("");
  return finish(outcome, "");
}

}  // namespace harness
