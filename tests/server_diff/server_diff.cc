// server_diff.cc - differential test of our `server` against Exim's own
// test/src/server.c, built from the release tarball at test time.
//
//   server_diff build --tarball EXIM.tar.gz --out BIN [--cc CC] [--work DIR]
//       extracts test/src/server.c from the tarball and compiles it to BIN.
//   server_diff run --upstream BIN --ours BIN --work DIR CASE...
//       plays each CASE file against both servers, one after the other, with
//       the same script and the same client conversation, and compares the
//       transcripts byte for byte after replacing the port, the socket path,
//       the work directory and the time stamps of -d output.
//
// A CASE file (tests/server_diff/*.case):
//   # comment
//   args ARGS...      server arguments (PORT, SOCKET, DIR substituted);
//                     "-oP DIR/pid" is put in front of them, as runtest does
//   rawargs ARGS...   the same without "-oP" (then nothing waits for a pid file)
//   script            the server's stdin: the lines up to "end", then "++++"
//   script-eof        the same, but stdin is closed after them (no "++++")
//   connect tcp4|tcp6|unix    open a client connection (closing the last one)
//   send TEXT         send TEXT (client.c's escapes: \r \n \xHH, \c is c; PORT
//                     substituted)
//   recv N            read N lines (each up to LF), recording them
//   recvall           read until end of file, recording what came
//   shutwr            shutdown(SHUT_WR) on the connection
//   close             close the connection
//   wait MS           pause
//   occupy            the port is in use (IPv4 and IPv6) when the server starts
//   serverwait MS     how long the server may take to exit after the client
//                     steps (default 10000), then it is killed
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/client_script.h"
#include "harness/file_io.h"
#include "harness/server_script.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

struct Action {
  std::string verb;
  std::string arg;
};

struct Case {
  std::string name;
  std::string args;
  bool raw_args = false;
  std::string script;
  bool terminate = true;
  std::vector<Action> actions;
  int server_wait_ms = 10000;
  bool occupy = false;
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "server_diff: " << message << "\n";
  std::exit(2);
}

// The file's bytes; "" if it cannot be read (a pid file never written).
std::string ReadFile(const fs::path& path) { return harness::ReadWholeFile(path.string()).value_or(""); }

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

Case LoadCase(const fs::path& path) {
  Case c;
  c.name = path.stem().string();
  std::istringstream in(ReadFile(path));
  std::string line;
  int number = 0;
  bool in_script = false;
  auto fail = [&](const std::string& why) { Die(path.string() + ":" + std::to_string(number) + ": " + why); };
  while (std::getline(in, line)) {
    ++number;
    if (in_script) {
      if (line == "end") {
        in_script = false;
      } else {
        c.script += line + "\n";
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string verb = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
    if (verb == "args" || verb == "rawargs") {
      c.args = arg;
      c.raw_args = verb == "rawargs";
    } else if (verb == "script" || verb == "script-eof") {
      in_script = true;
      c.terminate = verb == "script";
    } else if (verb == "occupy") {
      c.occupy = true;
    } else if (verb == "serverwait") {
      c.server_wait_ms = std::stoi(arg);
    } else if (verb == "connect" || verb == "send" || verb == "recv" || verb == "recvall" ||
               verb == "shutwr" || verb == "close" || verb == "wait") {
      if (verb == "connect" && arg != "tcp4" && arg != "tcp6" && arg != "unix") fail("connect tcp4|tcp6|unix");
      c.actions.push_back({verb, arg});
    } else {
      fail("unknown directive '" + verb + "'");
    }
  }
  if (in_script) fail("script without \"end\"");
  return c;
}

// What server.c prints for bytes it read (without its newline).
std::string Printable(const std::string& bytes) {
  std::string text = harness::ServerPrintable(bytes);
  text.pop_back();
  return text;
}

int FreePort() {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  int off = 0;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_addr = in6addr_any;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("cannot find a free port");
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin6_port);
}

// One client connection, recording what happens in the transcript.
class Client {
 public:
  explicit Client(std::string* log) : log_(log) {}
  ~Client() { Close(); }
  void Connect(const std::string& how, int port, const std::string& socket_path) {
    Close();
    ++number_;
    int rc;
    if (how == "unix") {
      fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un a{};
      a.sun_family = AF_UNIX;
      std::strncpy(a.sun_path, socket_path.c_str(), sizeof a.sun_path - 1);
      rc = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else if (how == "tcp6") {
      fd_ = socket(AF_INET6, SOCK_STREAM, 0);
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(static_cast<uint16_t>(port));
      a.sin6_addr = in6addr_loopback;
      rc = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else {
      fd_ = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(port));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      rc = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    Log("connect " + how + (rc == 0 ? ": ok" : ": " + std::string(std::strerror(errno))));
    if (rc != 0) Close();
  }
  void Send(const std::string& bytes) {
    if (fd_ < 0) return Log("send: not connected");
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) {
        // EPIPE or ECONNRESET, as the RST has come or not: the same event.
        const bool closed = errno == EPIPE || errno == ECONNRESET;
        return Log("send: " + (closed ? std::string("connection closed by the server") : std::strerror(errno)));
      }
      done += static_cast<size_t>(n);
    }
  }
  // Reads one line (to LF) or to EOF; false when nothing more will come.
  bool RecvLine(Clock::time_point deadline) {
    if (fd_ < 0) {
      Log("recv: not connected");
      return false;
    }
    std::string line;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || poll(&p, 1, static_cast<int>(left)) == 0) {
        Log("recv: " + Printable(line) + " [timeout]");
        return false;
      }
      char c;
      ssize_t n = read(fd_, &c, 1);
      if (n == 0 || n < 0) {
        if (!line.empty()) Log("recv: " + Printable(line) + " [no LF]");
        Log(n == 0 ? "recv: EOF" : "recv: " + std::string(std::strerror(errno)));
        return false;
      }
      line += c;
      if (c == '\n') {
        Log("recv: " + Printable(line));
        return true;
      }
    }
  }
  void ShutWr() {
    if (fd_ >= 0) shutdown(fd_, SHUT_WR);
  }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  void Log(const std::string& text) { *log_ += "[c" + std::to_string(number_) + "] " + text + "\n"; }
  std::string* log_;
  int fd_ = -1;
  int number_ = 0;
};

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Runs one case against one server binary; returns the normalised transcript.
std::string RunOne(const Case& c, const std::string& binary, const fs::path& dir, int port) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string pidfile = (dir / "pid").string();
  const std::string socket_path = (dir.parent_path() / "sock").string();
  auto substitute = [&](std::string s) {
    ReplaceAll(s, "PORT", std::to_string(port));
    ReplaceAll(s, "SOCKET", socket_path);
    ReplaceAll(s, "DIR", dir.string());
    return s;
  };
  std::vector<std::string> argv{binary};
  if (!c.raw_args) {
    argv.push_back("-oP");
    argv.push_back(pidfile);
  }
  for (const std::string& w : Words(c.args)) argv.push_back(substitute(w));

  // "occupy": the port is taken (IPv4 and IPv6) while the server starts.
  int occupier = -1;
  if (c.occupy) {
    occupier = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int off = 0;
    setsockopt(occupier, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<uint16_t>(port));
    a.sin6_addr = in6addr_any;
    if (bind(occupier, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(occupier, 1) != 0) {
      Die("cannot occupy port " + std::to_string(port));
    }
  }
  int in_pipe[2];
  if (pipe(in_pipe) != 0) Die("pipe");
  const std::string out_file = (dir / "stdout").string(), err_file = (dir / "stderr").string();
  pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in_pipe[0], 0);
    int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    close(in_pipe[0]);
    close(in_pipe[1]);
    signal(SIGPIPE, SIG_DFL);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  std::string input = substitute(c.script) + (c.terminate ? "++++\n" : "");
  (void)!write(in_pipe[1], input.data(), input.size());
  if (!c.terminate) {
    close(in_pipe[1]);
    in_pipe[1] = -1;
  }

  int status = 0;
  bool exited = false;
  auto reap = [&](bool block) {
    if (!exited && waitpid(pid, &status, block ? 0 : WNOHANG) == pid) exited = true;
    return exited;
  };
  // Like runtest: wait for the pid file (or for the server to give up).
  if (!c.raw_args) {
    const auto until = Clock::now() + std::chrono::seconds(10);
    struct stat st {};
    while (Clock::now() < until && !reap(false) && stat(pidfile.c_str(), &st) != 0) {
      std::this_thread::sleep_for(milliseconds(10));
    }
  } else {
    std::this_thread::sleep_for(milliseconds(300));
  }

  std::string client_log;
  {
    Client client(&client_log);
    for (const Action& a : c.actions) {
      if (a.verb == "connect") {
        client.Connect(a.arg, port, socket_path);
      } else if (a.verb == "send") {
        client.Send(harness::UnescapeClientText(substitute(a.arg)));
      } else if (a.verb == "recv") {
        const int lines = std::stoi(a.arg);
        for (int i = 0; i < lines; ++i) {
          if (!client.RecvLine(Clock::now() + std::chrono::seconds(8))) break;
        }
      } else if (a.verb == "recvall") {
        while (client.RecvLine(Clock::now() + std::chrono::seconds(8))) {
        }
      } else if (a.verb == "shutwr") {
        client.ShutWr();
      } else if (a.verb == "close") {
        client.Close();
      } else if (a.verb == "wait") {
        std::this_thread::sleep_for(milliseconds(std::stoi(a.arg)));
      }
    }
  }
  std::string verdict;
  const auto until = Clock::now() + milliseconds(c.server_wait_ms);
  while (!reap(false) && Clock::now() < until) std::this_thread::sleep_for(milliseconds(10));
  if (!exited) {
    kill(-pid, SIGKILL);
    reap(true);
    verdict = "still running: killed\n";
  } else if (WIFSIGNALED(status)) {
    verdict = "killed by signal " + std::to_string(WTERMSIG(status)) + "\n";
  } else {
    verdict = "exit " + std::to_string(WEXITSTATUS(status)) + "\n";
  }
  if (in_pipe[1] >= 0) close(in_pipe[1]);
  if (occupier >= 0) close(occupier);
  kill(-pid, SIGKILL);  // anything left in its group

  std::string pid_text = ReadFile(pidfile);
  std::string pid_verdict = c.raw_args ? "not asked for"
                            : pid_text.empty() ? "missing"
                            : pid_text == std::to_string(pid) + "\n" ? "the server's pid"
                                                                    : "wrong: " + Printable(pid_text);
  std::string out = ReadFile(out_file);
  // -d stamps lines with time(NULL).
  std::string stamped;
  for (size_t i = 0; i < out.size();) {
    size_t j = i;
    while (j < out.size() && std::isdigit(static_cast<unsigned char>(out[j]))) ++j;
    if (j - i >= 9 && j + 1 < out.size() && out[j] == ':' && out[j + 1] == ' ' && (i == 0 || out[i - 1] == '\n')) {
      stamped += "TIME";
      i = j;
    }
    size_t nl = out.find('\n', i);
    size_t end = nl == std::string::npos ? out.size() : nl + 1;
    stamped += out.substr(i, end - i);
    i = end;
  }
  std::string transcript = verdict + "--- stdout\n" + stamped + "--- stderr\n" + ReadFile(err_file) +
                           "--- pid file: " + pid_verdict + "\n--- client\n" + client_log;
  ReplaceAll(transcript, binary, "SERVER");
  ReplaceAll(transcript, socket_path, "SOCKET");
  ReplaceAll(transcript, dir.string(), "DIR");
  ReplaceAll(transcript, std::to_string(port), "PORT");
  unlink(socket_path.c_str());
  return transcript;
}

int Build(const std::string& tarball, const std::string& out, const std::string& cc, const fs::path& work) {
  if (!fs::exists(tarball)) {
    std::cerr << "server_diff: upstream tarball " << tarball
              << " not found: set HARNESS_UPSTREAM_TARBALL to Exim 4.99.1's release tarball, or configure "
                 "with -DHARNESS_SERVER_DIFF=OFF to drop this test\n";
    return 1;
  }
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string extract = "tar -xzf '" + tarball + "' -C '" + work.string() +
                              "' --wildcards '*/test/src/server.c'";
  if (std::system(extract.c_str()) != 0) {
    std::cerr << "server_diff: cannot extract test/src/server.c from " << tarball << "\n";
    return 1;
  }
  fs::path source;
  for (const auto& e : fs::recursive_directory_iterator(work)) {
    if (e.path().filename() == "server.c") source = e.path();
  }
  const std::string compile = cc + " -O1 -w -o '" + out + "' '" + source.string() + "'";
  if (source.empty() || std::system(compile.c_str()) != 0) {
    std::cerr << "server_diff: cannot compile upstream server.c with: " << compile << "\n";
    return 1;
  }
  std::cout << "server_diff: built " << out << " from " << source << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) Die("usage: server_diff build|run ...");
  std::string mode = args[0], tarball, out, cc = "cc", upstream, ours, work;
  std::vector<std::string> cases;
  for (size_t i = 1; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) Die(args[i] + " needs a value");
      return args[++i];
    };
    if (args[i] == "--tarball") tarball = value();
    else if (args[i] == "--out") out = value();
    else if (args[i] == "--cc") cc = value();
    else if (args[i] == "--upstream") upstream = value();
    else if (args[i] == "--ours") ours = value();
    else if (args[i] == "--work") work = value();
    else cases.push_back(args[i]);
  }
  if (mode == "build") {
    if (tarball.empty() || out.empty()) Die("build needs --tarball and --out");
    return Build(tarball, out, cc, work.empty() ? fs::path(out).parent_path() / "upstream-src" : fs::path(work));
  }
  if (mode != "run" || upstream.empty() || ours.empty() || work.empty() || cases.empty()) {
    Die("usage: server_diff run --upstream BIN --ours BIN --work DIR CASE...");
  }
  if (!fs::exists(upstream)) Die("no upstream server at " + upstream + " (the server_diff_build test makes it)");
  int identical = 0;
  for (const std::string& file : cases) {
    const Case c = LoadCase(file);
    const fs::path dir = fs::path(work) / c.name;
    const int port = FreePort();
    const std::string theirs = RunOne(c, fs::absolute(upstream).string(), dir / "upstream", port);
    const std::string mine = RunOne(c, fs::absolute(ours).string(), dir / "ours", port);
    if (theirs == mine) {
      ++identical;
      std::cout << "identical: " << c.name << "\n" << mine;
    } else {
      std::cout << "DIFFERENT: " << c.name << "\n===== upstream server.c\n"
                << theirs << "===== ours\n" << mine << "=====\n";
    }
  }
  std::cout << "server_diff: " << identical << " of " << cases.size() << " case(s) identical\n";
  return identical == static_cast<int>(cases.size()) ? 0 : 1;
}
