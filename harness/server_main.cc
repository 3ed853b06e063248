// server_main.cc - the standalone `server` binary: Exim's scripted test server.
//
//   server [-d] [-t N] [-i N] [-noipv4] [-noipv6] [-oP FILE] [-tfo]
//          PORT|/SOCKET [CONNECTIONS] < script
//
// Listens on PORT (IPv6 and IPv4 sockets, both on all interfaces) or on the
// UNIX domain socket /SOCKET, reads its script (server_script.h) from stdin up
// to a line "++++", then accepts CONNECTIONS connections one after the other
// and plays the script over them, printing what it does on stdout exactly as
// Exim's test/src/server.c does. docs/server.md lists the differences.
//
// Plain POSIX, single-threaded, like server.c: blocking calls bounded by
// alarm(). The SIGALRM handler only copies bytes and calls write() and
// _exit(), so both of this program's output streams are buffered here, with
// the flush points of server.c's stdio streams: what the client is sent is
// flushed before every read, at "*sleep" and when the connection ends; stdout
// at "Listening ..." and "Connection request" lines and at exit. Output that
// server.c would lose when SIGPIPE kills it is lost here as well.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "harness/server_script.h"
#include "harness/text.h"

namespace {

using harness::ServerPrintable;
using harness::ServerStep;
using harness::ServerStepKind;

// A write-only stream with a stdio-like buffer, flushable from the signal
// handler (no allocation, only memcpy and write).
class OutStream {
 public:
  void Attach(int fd, bool line_buffered) {
    fd_ = fd;
    len_ = 0;
    line_buffered_ = line_buffered;
  }
  int fd() const { return fd_; }
  void Put(std::string_view bytes) {
    if (fd_ < 0) return;
    bool newline = false;
    while (!bytes.empty()) {
      size_t take = std::min(bytes.size(), sizeof buf_ - len_);
      std::memcpy(buf_ + len_, bytes.data(), take);
      newline = newline || std::memchr(bytes.data(), '\n', take) != nullptr;
      len_ += take;
      bytes.remove_prefix(take);
      if (len_ == sizeof buf_) Flush();
    }
    if (line_buffered_ && newline) Flush();
  }
  void Flush() {
    size_t done = 0;
    while (fd_ >= 0 && done < len_) {
      ssize_t n = write(fd_, buf_ + done, len_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // as stdio: the data is dropped, the stream goes on
      done += static_cast<size_t>(n);
    }
    len_ = 0;
  }
  /// Flushes and closes the descriptor.
  void Close() {
    Flush();
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  bool line_buffered_ = false;
  size_t len_ = 0;
  char buf_[4096];  // glibc's buffer for files, pipes and sockets
};

// A read-only stream: fgets()/fgetc() over read() with a 4096-byte buffer.
class InStream {
 public:
  explicit InStream(int fd) : fd_(fd) {}
  int fd() const { return fd_; }
  int Getc() {
    if (pos_ == len_) {
      ssize_t n = read(fd_, buf_, sizeof buf_);
      if (n <= 0) return EOF;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  /// fgets(dst, size): false at end of file with nothing read.
  bool Gets(char* dst, size_t size) {
    size_t n = 0;
    while (n + 1 < size) {
      int c = Getc();
      if (c == EOF) break;
      dst[n++] = static_cast<char>(c);
      if (c == '\n') break;
    }
    dst[n] = '\0';
    return n > 0;
  }

 private:
  int fd_;
  size_t pos_ = 0, len_ = 0;
  char buf_[4096];
};

OutStream g_stdout;
OutStream g_client;
int g_timeout_status = 99;

void Print(std::string_view text) { g_stdout.Put(text); }
std::string ErrnoText() { return std::strerror(errno); }

[[noreturn]] void Exit(int status) {
  g_client.Flush();
  g_stdout.Flush();
  _exit(status);
}

extern "C" void OnAlarm(int) {
  static const char kMessage[] = "\nServer timed out\n";
  g_stdout.Put(std::string_view(kMessage, sizeof kMessage - 1));
  Exit(g_timeout_status);  // exit() flushes the client's stream, then stdout
}

std::string UpToNul(const std::string& s) { return s.substr(0, s.find('\0')); }

std::string AddressText(const sockaddr_in6& accepted) {
  char text[INET6_ADDRSTRLEN] = "";
  const auto* any = reinterpret_cast<const sockaddr*>(&accepted);
  if (any->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &accepted.sin6_addr, text, sizeof text);
  } else {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&accepted)->sin_addr, text, sizeof text);
  }
  std::string_view address = text;
  if (harness::text::StartsWith(address, "::ffff:")) address.remove_prefix(7);
  return std::string(address);
}

harness::ServerScript ReadScript();

struct ContentLength {
  int left = 0;
  bool in_use = false;
};

enum class StepResult { kNext, kEndConnection, kBailOut };

// The whole server: sockets, then the script over each connection.
class Server {
 public:
  explicit Server(const harness::ServerOptions& options) : opt_(options) {}

  int Run();

 private:
  void Debug(const std::string& text) {
    if (opt_.debug) Print(text);
  }
  void SetUpSockets();
  int AcceptOne();
  StepResult Play(const ServerStep& step, InStream& in, ContentLength& cl);
  StepResult Expect(const ServerStep& step, InStream& in, ContentLength& cl);

  harness::ServerOptions opt_;
  harness::ServerScript script_;
  int listen_[3] = {-1, -1, -1};  // IPv6, IPv4, UNIX
  sockaddr_in6 accepted_{};
  socklen_t accepted_len_ = sizeof accepted_;  // reused, as in server.c
  char buffer_[10240];
};

constexpr int kV6 = 0, kV4 = 1, kUnix = 2;

void Server::SetUpSockets() {
  const int on = 1;
  if (!opt_.socket_path.empty()) {
    Debug(std::to_string(static_cast<long>(time(nullptr))) + ": Creating Unix domain socket\n");
    listen_[kUnix] = socket(PF_UNIX, SOCK_STREAM, 0);
    if (listen_[kUnix] < 0) {
      Print("Unix domain socket creation failed: " + ErrnoText() + "\n");
      Exit(1);
    }
  } else {
    // One TCP socket: "IPv6" or "IPv4" in the messages.
    auto open_tcp = [&](int family, const std::string& name) {
      Debug("Creating " + name + " socket\n");
      const int fd = socket(family, SOCK_STREAM, 0);
      if (fd < 0) {
        Print(name + " socket creation failed: " + ErrnoText() + "\n");
        Exit(1);
      }
      int backlog = 5;
      if (opt_.tcp_fast_open && setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &backlog, sizeof backlog) != 0) {
        Debug("setsockopt TCP_FASTOPEN: " + ErrnoText() + "\n");
      }
      return fd;
    };
    if (opt_.ipv6) {
      listen_[kV6] = open_tcp(AF_INET6, "IPv6");
      if (setsockopt(listen_[kV6], IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) < 0) {
        Print("Setting IPV6_V6ONLY on IPv6 wildcard socket failed (" + ErrnoText() +
              "): carrying on without it\n");
      }
    }
    if (opt_.ipv4) listen_[kV4] = open_tcp(AF_INET, "IPv4");
  }
  for (int i = kV6; i <= kV4; ++i) {
    if (listen_[i] >= 0 && setsockopt(listen_[i], SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
      Print("setting SO_REUSEADDR on socket failed: " + ErrnoText() + "\n");
      Exit(1);
    }
  }

  if (!opt_.socket_path.empty()) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    Debug("Binding Unix domain socket\n");
    std::strncpy(address.sun_path, opt_.socket_path.c_str(), sizeof address.sun_path - 1);
    if (bind(listen_[kUnix], reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
      Print("Unix domain socket bind() failed: " + ErrnoText() + "\n");
      Exit(1);
    }
    struct stat st {};
    (void)stat(opt_.socket_path.c_str(), &st);
    char mode[32];
    std::snprintf(mode, sizeof mode, "%0x", static_cast<unsigned>(st.st_mode | 0777));
    Debug(std::string("Setting Unix domain socket mode: ") + mode + "\n");
    if (chmod(opt_.socket_path.c_str(), st.st_mode | 0777) < 0) {
      Print("Unix domain socket chmod() failed: " + ErrnoText() + "\n");
      Exit(1);
    }
  } else {
    const uint16_t port = htons(static_cast<uint16_t>(opt_.port));
    const std::string port_text = std::to_string(opt_.port);
    if (listen_[kV6] >= 0) {
      sockaddr_in6 address{};
      address.sin6_family = AF_INET6;
      address.sin6_port = port;
      address.sin6_addr = in6addr_any;
      if (bind(listen_[kV6], reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
        Print("IPv6 socket bind(port " + port_text + ") failed: " + ErrnoText() + "\n");
        Exit(1);
      }
    }
    if (listen_[kV4] >= 0) {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_ANY);
      address.sin_port = port;
      if (bind(listen_[kV4], reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
        // The IPv6 socket takes IPv4 connections where IPv4 cannot bind beside it.
        if (listen_[kV6] < 0 || errno != EADDRINUSE) {
          Print("IPv4 socket bind(port " + port_text + ") failed: " + ErrnoText() + "\n");
          Exit(1);
        }
        close(listen_[kV4]);
        listen_[kV4] = -1;
      }
    }
  }

  for (int i = 0; i <= kUnix; ++i) {
    if (listen_[i] < 0) continue;
    if (listen(listen_[i], 5) < 0 && (i != kV4 || listen_[kV6] < 0 || errno != EADDRINUSE)) {
      Print("listen() failed: " + ErrnoText() + "\n");
      Exit(1);
    }
  }
}

// Waits for a connection (bounded by the alarm); -1 with errno on failure.
int Server::AcceptOne() {
  if (!opt_.socket_path.empty()) {
    Print("Listening on " + opt_.socket_path + " ... ");
    g_stdout.Flush();
    sockaddr_un peer{};
    socklen_t peer_len = sizeof peer;
    return accept(listen_[kUnix], reinterpret_cast<sockaddr*>(&peer), &peer_len);
  }
  Print("Listening on port " + std::to_string(opt_.port) + " ... ");
  g_stdout.Flush();
  fd_set ready;
  FD_ZERO(&ready);
  int max_fd = 0;
  for (int i = kV6; i <= kV4; ++i) {
    if (listen_[i] >= 0) FD_SET(listen_[i], &ready);
    if (listen_[i] > max_fd) max_fd = listen_[i];
  }
  if (select(max_fd + 1, &ready, nullptr, nullptr, nullptr) < 0) {
    Print("Select failed\n");
    g_stdout.Flush();
    return -2;
  }
  for (int i = kV6; i <= kV4; ++i) {
    if (listen_[i] > 0 && FD_ISSET(listen_[i], &ready)) {
      return accept(listen_[i], reinterpret_cast<sockaddr*>(&accepted_), &accepted_len_);
    }
  }
  return -1;
}

StepResult Server::Play(const ServerStep& step, InStream& in, ContentLength& cl) {
  switch (step.kind) {
    case ServerStepKind::kSend:
      Print(ServerPrintable(step.line));
      g_client.Put(step.payload);
      g_client.Put(step.ending);
      return StepResult::kNext;
    case ServerStepKind::kCloseConn:
      Print(ServerPrintable(step.line));
      return StepResult::kEndConnection;
    case ServerStepKind::kReply:
      Print(step.payload + "\n");
      g_client.Put(step.payload + "\r\n");
      return StepResult::kNext;
    case ServerStepKind::kSleep:
      Print(UpToNul(step.line) + "\n");
      g_client.Flush();
      sleep(static_cast<unsigned>(step.number));
      return StepResult::kNext;
    case ServerStepKind::kData: {
      alarm(static_cast<unsigned>(opt_.timeout));
      int left = step.number;
      if (!script_.line_mode) {
        while (left > 0) {
          size_t want = std::min(static_cast<size_t>(left), sizeof buffer_);
          ssize_t n = read(in.fd(), buffer_, want);
          if (n == 0) {
            Print("Unexpected EOF read from client\n");
            return StepResult::kEndConnection;
          }
          left -= static_cast<int>(n);
        }
      } else {
        while (left-- > 0) {
          if (in.Getc() == EOF) {
            Print("Unexpected EOF read from client\n");
            return StepResult::kEndConnection;
          }
        }
      }
      return StepResult::kNext;  // the alarm stays set, as in server.c
    }
    default:
      return Expect(step, in, cl);
  }
}

StepResult Server::Expect(const ServerStep& step, InStream& in, ContentLength& cl) {
  const bool data = step.kind == ServerStepKind::kExpectData;
  const char* eof_prefix = step.kind == ServerStepKind::kExpectEof ? "E" : "Une";
  const int offset = step.offset;
  for (int i = 0; i < offset; ++i) buffer_[i] = '<';
  g_client.Flush();

  if (!script_.line_mode) {
    alarm(static_cast<unsigned>(opt_.timeout));
    ssize_t n = read(in.fd(), buffer_ + offset, step.line.size() - static_cast<size_t>(offset));
    if (cl.in_use) cl.left -= static_cast<int>(n);
    if (n == 0) {
      Print(std::string(eof_prefix) + "xpected EOF read from client\n");
      return StepResult::kEndConnection;
    }
    if (n < 0) n = 0;
    char c = 0;
    if (offset != 2) {
      while (read(in.fd(), &c, 1) == 1 && c != '\n') {
      }
    }
    alarm(0);
    n += offset;
    Print(ServerPrintable(std::string_view(buffer_, static_cast<size_t>(n))));
    if (data) {
      bool dot = false;
      do {
        ssize_t r = read(in.fd(), &c, 1);
        if (r != 1) {  // server.c would spin here for ever
          Print("Unexpected EOF read from client\n");
          return StepResult::kEndConnection;
        }
        dot = c == '.';
        if (cl.in_use) cl.left--;
        while (c != '\n' && read(in.fd(), &c, 1) == 1) {
          if (cl.in_use) cl.left--;
        }
      } while (!dot);
    } else if (std::memcmp(step.line.data(), buffer_, static_cast<size_t>(n)) != 0) {
      Print("Comparison failed - bailing out\nExpected: ");
      Print(ServerPrintable(std::string_view(step.line).substr(0, static_cast<size_t>(n))));
      return StepResult::kBailOut;
    }
    buffer_[n] = '\0';  // server.c scans whatever the buffer held before
  } else {
    for (;;) {
      alarm(static_cast<unsigned>(opt_.timeout));
      if (!in.Gets(buffer_ + offset, sizeof buffer_ - static_cast<size_t>(offset))) {
        Print(std::string(eof_prefix) + "xpected EOF read from client\n");
        return StepResult::kEndConnection;
      }
      alarm(0);
      size_t n = std::strlen(buffer_);
      if (cl.in_use) cl.left -= static_cast<int>(n) - offset;
      while (n > 0 && harness::text::IsSpace(buffer_[n - 1])) --n;
      buffer_[n] = '\0';
      Print(std::string(buffer_, n) + "\n");
      if (!data || std::strcmp(buffer_, ".") == 0) break;
    }
    const std::string expected = UpToNul(step.line);
    if (std::strncmp(expected.c_str(), buffer_, expected.size()) != 0) {
      Print("Comparison failed - bailing out\n");
      Print("Expected: " + expected + "\n");
      return StepResult::kBailOut;
    }
  }
  // An HTTP-style body length: when it is used up, stop reading. (sscanf's
  // EOF, for an empty line, also counts as a match, as in server.c.)
  if (std::sscanf(buffer_, "<Content-length: %d", &cl.left) != 0) cl.in_use = true;
  if (cl.in_use && cl.left <= 0) shutdown(in.fd(), SHUT_RD);
  return StepResult::kNext;
}

int Server::Run() {
  // As in server.c: the sockets listen and the pid file exists before the
  // script is read (runtest waits for the pid file after writing the script).
  SetUpSockets();
  if (!opt_.pidfile.empty()) {
    FILE* pid = std::fopen(opt_.pidfile.c_str(), "w");
    if (pid == nullptr) {
      std::fprintf(stderr, "pidfile create failed: %s\n", std::strerror(errno));
      Exit(1);
    }
    std::fprintf(pid, "%ld\n", static_cast<long>(getpid()));
    std::fclose(pid);
  }
  script_ = ReadScript();
  close(0);
  signal(SIGALRM, OnAlarm);

  size_t s = 0;  // the next script line; steps.size() is server.c's NULL
  const std::vector<ServerStep>& steps = script_.steps;
  for (int count = 0; count < opt_.connections; ++count) {
    ContentLength cl;
    alarm(static_cast<unsigned>(opt_.timeout));
    int fd = AcceptOne();
    if (fd == -2) continue;  // select() failed; server.c leaves the alarm set
    alarm(0);
    if (fd < 0) {
      Print("accept() failed: " + ErrnoText() + "\n");
      Exit(1);
    }
    g_client.Attach(fd, false);
    const int in_fd = dup(fd);
    if (!opt_.socket_path.empty()) {
      Print("\nConnection request\n");
    } else {
      Print("\nConnection request from [" + AddressText(accepted_) + "]\n");
    }
    g_stdout.Flush();
    if (in_fd < 0) {
      const std::string why = ErrnoText();
      Print("Couldn't dup socket descriptor\n");
      Print("421 Connection refused: " + why + "\n");
      g_client.Put("421 Connection refused: " + why + "\r\n");
      g_client.Close();
      Exit(2);
    }
    InStream in(in_fd);
    for (; s < steps.size(); ++s) {
      StepResult r = Play(steps[s], in, cl);
      if (r == StepResult::kEndConnection) {
        ++s;
        break;
      }
      if (r == StepResult::kBailOut) break;  // the next connection starts here again
    }
    close(in_fd);
    g_client.Close();
  }
  if (s == steps.size()) Print("End of script\n");
  if (!opt_.socket_path.empty()) unlink(opt_.socket_path.c_str());
  Exit(0);
}

// Reads stdin up to and including a line "++++" (runtest keeps the pipe open
// after it), or to end of file, and parses it.
harness::ServerScript ReadScript() {
  std::string text;
  char chunk[4096];
  for (;;) {
    const size_t complete = text.rfind('\n');
    if (complete != std::string::npos) {
      harness::ServerScript script =
          harness::ParseServerScript(std::string_view(text).substr(0, complete + 1),
                                     harness::SourceLoc{"<stdin>", 1});
      if (script.terminated) return script;
    }
    ssize_t n = read(0, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(chunk, static_cast<size_t>(n));
  }
  return harness::ParseServerScript(text, harness::SourceLoc{"<stdin>", 1});
}

}  // namespace

int main(int argc, char** argv) {
  g_stdout.Attach(1, isatty(1) != 0);
  std::vector<std::string> args(argv + 1, argv + argc);
  harness::ServerOptions options;
  harness::ServerEarlyExit early;
  if (!harness::ParseServerArgs(argc > 0 ? argv[0] : "server", args, &options, &early)) {
    Print(early.stdout_text);
    Exit(early.exit_code);
  }
  g_timeout_status = options.timeout_is_success ? 0 : 99;
  if (!options.socket_path.empty()) unlink(options.socket_path.c_str());

  if (options.initial_pause > 0) {
    const std::string pause = "Inital pause of " + std::to_string(options.initial_pause) + " seconds\n";
    Print(options.debug ? std::to_string(static_cast<long>(time(nullptr))) + ": " + pause : pause);
    unsigned left = static_cast<unsigned>(options.initial_pause);
    while (left > 0) left = sleep(left);
  }

  Server server(options);
  return server.Run();
}
