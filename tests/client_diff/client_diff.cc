// client_diff.cc - differential test of our client, client-ssl and
// client-gnutls against Exim's own test/src/client.c, built from the release
// tarball at test time (plain, -DHAVE_OPENSSL, -DHAVE_GNUTLS), all talking
// to one real Exim daemon with TLS. docs/client.md.
//
//   client_diff build --tarball EXIM.tar.gz --out DIR [--cc CC] [--work DIR]
//       extracts test/src/client.c and test/aux-fixed/ (certificates, the
//       GnuTLS D-H parameters) and compiles DIR/client, DIR/client-ssl and
//       DIR/client-gnutls.
//   client_diff start --exim EXIM --upstream DIR --work DIR
//       starts the Exim daemon (plain port, TLS-on-connect port) with the
//       certificates of DIR/aux-fixed; writes WORK/ports and WORK/exim.pid.
//   client_diff stop --work DIR
//       stops it.
//   client_diff run --upstream DIR --ours BINDIR --work DIR CASE...
//       runs every CASE with each of its flavours, upstream's program and
//       ours with the same arguments, script and working directory (DIR, so
//       that the relative aux-fixed/ paths work), and compares stdout, stderr
//       and exit status after normalisation (Normalise below). Exit 0 only
//       if every run is identical.
//
// A CASE file (tests/client_diff/*.case):
//   # comment
//   flavours plain ssl gnutls   which programs (default: all three)
//   args ARGS...                the client's arguments; HOST, PORT_D (plain
//                               port), PORT_S (TLS-on-connect port), PORT_N
//                               (a closed port) are substituted
//   script                      the client's stdin: the lines up to "end"
//   (same substitutions; a case may have no script)
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "harness/client_script.h"
#include "harness/diagnostic.h"
#include "harness/file_io.h"
#include "harness/process.h"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "client_diff: " << message << "\n";
  std::exit(2);
}

std::string ReadFile(const fs::path& path) { return harness::ReadWholeFile(path.string()).value_or(""); }

void WriteFile(const fs::path& path, const std::string& text) {
  harness::WriteWholeFile(path.string(), text, 0644);  // throws HarnessError naming the file
}

struct Case {
  std::string name;
  std::vector<std::string> flavours{"plain", "ssl", "gnutls"};
  std::string args;
  std::string script;
};

// The case file's directives; a "script" line takes the lines up to "end".
Case LoadCase(const fs::path& path) {
  Case c;
  c.name = path.stem().string();
  const std::vector<std::string> lines = harness::SplitClientLines(ReadFile(path));
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const auto fail = [&](const std::string& why) {
      Die(path.string() + ":" + std::to_string(i + 1) + ": " + why);
    };
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string verb;
    words >> verb;
    if (verb == "script") {
      size_t j = i + 1;
      while (j < lines.size() && lines[j] != "end") c.script += lines[j++] + "\n";
      if (j == lines.size()) fail("script without \"end\"");
      i = j;
    } else if (verb == "args") {
      c.args = line.substr(verb.size());
    } else if (verb == "flavours") {
      c.flavours.clear();
      for (std::string w; words >> w; c.flavours.push_back(w)) {
        if (w != "plain" && w != "ssl" && w != "gnutls") fail("flavours: plain, ssl or gnutls, not '" + w + "'");
      }
    } else {
      fail("unknown directive '" + verb + "'");
    }
  }
  return c;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("cannot find a free port");
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

std::map<std::string, std::string> LoadPorts(const fs::path& work) {
  std::map<std::string, std::string> ports;
  std::istringstream in(ReadFile(work / "ports"));
  for (std::string key, value; in >> key >> value;) ports[key] = value;
  if (ports.size() != 3) Die("no " + (work / "ports").string() + ": the client_diff_start test starts the daemon");
  return ports;
}

std::string Substitute(std::string text, const std::map<std::string, std::string>& ports) {
  for (const auto& [key, value] : ports) text = std::regex_replace(text, std::regex("\\b" + key + "\\b"), value);
  return std::regex_replace(text, std::regex("\\bHOST\\b"), "127.0.0.1");
}

// What legitimately differs between two runs against the same daemon
// (docs/client.md lists these masks):
//  - the date in Exim's banner;
//  - the ports the daemon was given (they are the same for both programs of
//    a run, masked so that a report reads the same every run);
//  - the message id in "250 OK id=...";
//  - the thread id OpenSSL puts in front of each ERR_print_errors line.
std::string Normalise(std::string text, const std::map<std::string, std::string>& ports) {
  for (const auto& [key, value] : ports) {
    text = std::regex_replace(text, std::regex("\\b" + value + "\\b"), key);
  }
  static const std::regex date(R"(\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [-+]\d{4})");
  static const std::regex id(R"(id=[-0-9A-Za-z]{16,23})");
  static const std::regex tid(R"((^|\n)[0-9A-F]+:error:)");
  text = std::regex_replace(text, date, "DATE");
  text = std::regex_replace(text, id, "id=MESSAGE-ID");
  text = std::regex_replace(text, tid, "$1TID:error:");
  return text;
}

// Runs one client program; its transcript, with the exit status.
std::string RunOne(const std::string& program, const std::vector<std::string>& args, const std::string& script,
                   const fs::path& cwd, const fs::path& scratch) {
  harness::SpawnOptions spawn;
  spawn.argv.push_back(program);
  spawn.argv.insert(spawn.argv.end(), args.begin(), args.end());
  spawn.stdin_data = script;
  fs::remove(scratch / "stdout");
  fs::remove(scratch / "stderr");
  spawn.stdout_file = (scratch / "stdout").string();
  spawn.stderr_file = (scratch / "stderr").string();
  spawn.cwd = cwd.string();
  auto process = harness::Process::Spawn(spawn);
  std::optional<int> status = process->WaitUntil(harness::Clock::now() + std::chrono::seconds(60));
  std::string result = "--- stdout\n" + ReadFile(scratch / "stdout") + "--- stderr\n" + ReadFile(scratch / "stderr");
  if (!status) {
    process->Terminate(std::chrono::milliseconds(500));
    return result + "--- killed after 60 s\n";
  }
  return result + "--- " + harness::DescribeWaitStatus(*status) + "\n";
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

int Run(const fs::path& upstream, const fs::path& ours, const fs::path& work, const std::vector<std::string>& cases) {
  const auto ports = LoadPorts(work);
  int identical = 0, total = 0;
  for (const std::string& file : cases) {
    const Case c = LoadCase(file);
    for (const std::string& flavour : c.flavours) {
      ++total;
      const std::string program = flavour == "plain" ? "client" : "client-" + flavour;
      const fs::path scratch = work / (c.name + "." + flavour);
      fs::create_directories(scratch);
      const std::vector<std::string> args = Words(Substitute(c.args, ports));
      const std::string script = Substitute(c.script, ports);
      const std::string theirs =
          Normalise(RunOne((upstream / program).string(), args, script, upstream, scratch), ports);
      const std::string mine = Normalise(RunOne((ours / program).string(), args, script, upstream, scratch), ports);
      WriteFile(scratch / "upstream.txt", theirs);
      WriteFile(scratch / "ours.txt", mine);
      if (theirs == mine) {
        ++identical;
        std::cout << "identical: " << c.name << " (" << program << ")\n";
      } else {
        std::cout << "DIFFERENT: " << c.name << " (" << program << ")\n";
        const std::string diff = "diff -u '" + (scratch / "upstream.txt").string() + "' '" +
                                 (scratch / "ours.txt").string() + "'";
        std::cout.flush();
        (void)std::system(diff.c_str());
      }
    }
  }
  std::cout << "client_diff: " << identical << " of " << total << " run(s) identical\n";
  return identical == total ? 0 : 1;
}

int Build(const std::string& tarball, const fs::path& out, const std::string& cc, const fs::path& work) {
  if (!fs::exists(tarball)) {
    std::cerr << "client_diff: upstream tarball " << tarball
              << " not found: set HARNESS_UPSTREAM_TARBALL to Exim 4.99.1's release tarball, or configure "
                 "with -DHARNESS_CLIENT_DIFF=OFF to drop this test\n";
    return 1;
  }
  fs::remove_all(work);
  fs::create_directories(work);
  fs::create_directories(out);
  const std::string extract = "tar -xzf '" + tarball + "' -C '" + work.string() +
                              "' --wildcards '*/test/src/client.c' '*/test/aux-fixed/cert1' '*/test/aux-fixed/cert2' "
                              "'*/test/aux-fixed/gnutls-params' '*/test/aux-fixed/exim-ca/example.com/CA/*'";
  if (std::system(extract.c_str()) != 0) {
    std::cerr << "client_diff: cannot extract test/src/client.c and test/aux-fixed from " << tarball << "\n";
    return 1;
  }
  fs::path source;
  for (const auto& e : fs::recursive_directory_iterator(work)) {
    if (e.path().filename() == "client.c") source = e.path();
  }
  if (source.empty()) Die("no client.c in " + tarball);
  const fs::path aux = source.parent_path().parent_path() / "aux-fixed";
  fs::remove_all(out / "aux-fixed");
  fs::copy(aux, out / "aux-fixed", fs::copy_options::recursive);
  const std::vector<std::pair<std::string, std::string>> builds = {
      {"client", ""}, {"client-ssl", "-DHAVE_OPENSSL"}, {"client-gnutls", "-DHAVE_GNUTLS"}};
  for (const auto& [name, define] : builds) {
    std::string libs = define == "-DHAVE_OPENSSL" ? " -lssl -lcrypto" : define == "-DHAVE_GNUTLS" ? " -lgnutls" : "";
    const std::string compile =
        cc + " -O1 -w " + define + " -o '" + (out / name).string() + "' '" + source.string() + "'" + libs;
    if (std::system(compile.c_str()) != 0) {
      std::cerr << "client_diff: cannot compile upstream client.c with: " << compile << "\n";
      return 1;
    }
  }
  // For the self-test: upstream's plain client posing as client-ssl.
  fs::create_directories(out / "not-ssl");
  fs::remove(out / "not-ssl" / "client-ssl");
  fs::create_symlink("../client", out / "not-ssl" / "client-ssl");
  // The daemon (Exim's user) reads the certificates from here.
  fs::permissions(out, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  (void)std::system(("chmod -R a+rX '" + out.string() + "'").c_str());
  std::cout << "client_diff: built client, client-ssl, client-gnutls in " << out << " from " << source << "\n";
  return 0;
}

std::string DaemonConfig(const fs::path& work, const fs::path& aux, const std::string& exim, int plain, int tls) {
  const std::string w = work.string(), a = aux.string();
  return "exim_path = " + exim + "\n"
         "spool_directory = " + w + "/spool\n"
         "log_file_path = " + w + "/log/%slog\n"
         "pid_file_path = " + w + "/exim.pid\n"
         "primary_hostname = myhost.test.ex\n"
         "daemon_smtp_ports = " + std::to_string(plain) + " : " + std::to_string(tls) + "\n"
         "tls_on_connect_ports = " + std::to_string(tls) + "\n"
         "local_interfaces = 127.0.0.1\n"
         "tls_advertise_hosts = *\n"
         "tls_certificate = " + a + "/cert1\n"
         "tls_privatekey = " + a + "/cert1\n"
         "tls_verify_certificates = " + a + "/cert2\n"
         "tls_try_verify_hosts = *\n"
         "acl_smtp_starttls = check_starttls\n"
         "acl_smtp_mail = check_mail\n"
         "acl_smtp_rcpt = accept\n"
         "begin acl\n"
         "check_starttls:\n"
         "  deny condition = ${if eq{$sender_helo_name}{refuse}}\n"
         "  defer condition = ${if eq{$sender_helo_name}{later}}\n"
         "  accept\n"
         "check_mail:\n"
         "  accept message = tls=${if def:tls_in_cipher{yes}{no}} peerdn=${tls_in_peerdn}\n"
         "begin routers\n"
         "r:\n"
         "  driver = accept\n"
         "  transport = t\n"
         "begin transports\n"
         "t:\n"
         "  driver = appendfile\n"
         "  file = /dev/null\n";
}

int Start(const std::string& exim, const fs::path& upstream, const fs::path& work) {
  if (access(exim.c_str(), X_OK) != 0) Die("no Exim at " + exim + " (set HARNESS_CLIENT_DIFF_EXIM)");
  fs::remove_all(work);
  for (const char* dir : {"spool", "log"}) {
    fs::create_directories(work / dir);
    fs::permissions(work / dir, fs::perms::all);
  }
  fs::permissions(work, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec |
                            fs::perms::group_read | fs::perms::group_exec);
  const int plain = FreePort(), tls = FreePort();
  int closed = FreePort();
  while (closed == plain || closed == tls) closed = FreePort();
  WriteFile(work / "exim.conf", DaemonConfig(work, fs::absolute(upstream / "aux-fixed"), exim, plain, tls));
  harness::SpawnOptions spawn;
  spawn.argv = {exim, "-C", (work / "exim.conf").string(), "-bd", "-oP", (work / "exim.pid").string()};
  spawn.stderr_file = (work / "daemon.stderr").string();
  auto process = harness::Process::Spawn(spawn);
  const auto deadline = harness::Clock::now() + std::chrono::seconds(20);
  const std::optional<int> status = process->WaitUntil(deadline);
  if (!status || *status != 0 || !harness::WaitForFile((work / "exim.pid").string(), deadline)) {
    Die("the Exim daemon did not start: " + ReadFile(work / "daemon.stderr") + ReadFile(work / "log/paniclog") +
        ReadFile(work / "log/mainlog"));
  }
  WriteFile(work / "ports", "PORT_D " + std::to_string(plain) + "\nPORT_S " + std::to_string(tls) + "\nPORT_N " +
                                std::to_string(closed) + "\n");
  std::cout << "client_diff: Exim daemon " << std::atoi(ReadFile(work / "exim.pid").c_str()) << " on ports " << plain << ", " << tls
            << "\n";
  return 0;
}

int Stop(const fs::path& work) {
  const std::string text = ReadFile(work / "exim.pid");
  const pid_t pid = static_cast<pid_t>(std::atoi(text.c_str()));
  if (pid <= 1) {
    std::cout << "client_diff: no daemon to stop\n";
    return 0;
  }
  kill(pid, SIGTERM);
  if (!harness::WaitForPidExit(pid, harness::Clock::now() + std::chrono::seconds(5))) {
    kill(pid, SIGKILL);
    harness::WaitForPidExit(pid, harness::Clock::now() + std::chrono::seconds(5));
  }
  fs::remove(work / "exim.pid");
  std::cout << "client_diff: stopped the Exim daemon " << pid << "\n";
  return 0;
}

int Main(const std::vector<std::string>& args) {
  if (args.empty()) Die("usage: client_diff build|start|stop|run ...");
  const std::string mode = args[0];
  // --NAME VALUE options; other words are case files.
  std::map<std::string, std::string> opt = {{"--cc", "cc"}, {"--exim", "/usr/sbin/exim4"}};
  const std::vector<std::string> known = {"--tarball", "--out", "--cc", "--upstream", "--ours", "--work", "--exim"};
  std::vector<std::string> cases;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) {
      cases.push_back(args[i]);
    } else if (std::find(known.begin(), known.end(), args[i]) == known.end()) {
      Die("unknown option " + args[i]);
    } else if (i + 1 == args.size()) {
      Die(args[i] + " needs a value");
    } else {
      opt[args[i]] = args[i + 1];
      ++i;
    }
  }
  const std::string tarball = opt["--tarball"], out = opt["--out"], cc = opt["--cc"], upstream = opt["--upstream"],
                    ours = opt["--ours"], work = opt["--work"], exim = opt["--exim"];
  if (mode == "build") {
    if (tarball.empty() || out.empty()) Die("build needs --tarball and --out");
    return Build(tarball, out, cc, work.empty() ? fs::path(out) / "src" : fs::path(work));
  }
  if (work.empty()) Die(mode + " needs --work");
  if (mode == "start") {
    if (upstream.empty()) Die("start needs --upstream");
    return Start(exim, upstream, work);
  }
  if (mode == "stop") return Stop(work);
  if (mode == "run") {
    if (upstream.empty() || ours.empty() || cases.empty()) Die("run needs --upstream, --ours and cases");
    if (!fs::exists(fs::path(upstream) / "client-ssl")) Die("no upstream clients in " + upstream);
    return Run(fs::absolute(upstream), fs::absolute(ours), fs::absolute(work), cases);
  }
  Die("unknown mode " + mode);
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  try {
    return Main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const harness::HarnessError& e) {
    Die(e.message());
  }
}
