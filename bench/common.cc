// common.cc - see common.h.
#include "bench/common.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

extern char** environ;

namespace bench {

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double CpuSeconds(const rusage& ru) {
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

double CpuDelta(const rusage& after, const rusage& before) { return CpuSeconds(after) - CpuSeconds(before); }

double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * v.size()));
  if (rank < 1) rank = 1;
  if (rank > v.size()) rank = v.size();
  return v[rank - 1];
}

void Die(const std::string& message) {
  std::cerr << "bench: " << message << std::endl;
  std::exit(2);
}

pid_t Spawn(const SpawnSpec& spec) {
  int pfd[2] = {-1, -1};
  if (spec.stdout_pipe && pipe2(pfd, O_CLOEXEC) != 0) Die("pipe: " + std::string(std::strerror(errno)));
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    bool replaced = false;
    for (const auto& kv : spec.env)
      if (s.compare(0, kv.first.size() + 1, kv.first + "=") == 0) replaced = true;
    if (!replaced) envs.push_back(s);
  }
  for (const auto& kv : spec.env) envs.push_back(kv.first + "=" + kv.second);
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : envs) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int out = spec.stdout_pipe ? -1
                             : open(spec.stdout_file.empty() ? "/dev/null" : spec.stdout_file.c_str(),
                                    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int err = open(spec.stderr_file.empty() ? "/dev/null" : spec.stderr_file.c_str(),
                 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) Die("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    if (spec.new_group) setpgid(0, 0);
    dup2(in, 0);
    dup2(spec.stdout_pipe ? pfd[1] : out, 1);
    dup2(err, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  if (in >= 0) close(in);
  if (out >= 0) close(out);
  if (err >= 0) close(err);
  if (spec.stdout_pipe) {
    close(pfd[1]);
    *spec.stdout_fd = pfd[0];
  }
  return pid;
}

int Wait(pid_t pid, rusage* ru) {
  int st = 0;
  rusage dummy;
  while (wait4(pid, &st, 0, ru ? ru : &dummy) < 0) {
    if (errno != EINTR) return -1;
  }
  return st;
}

std::optional<std::string> ReadLine(int fd, double timeout_s) {
  std::string line;
  auto t0 = Clock::now();
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>((timeout_s - SecondsSince(t0)) * 1000);
    if (left <= 0) return std::nullopt;
    if (poll(&p, 1, left) <= 0) continue;
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) return std::nullopt;
    if (c == '\n') return line;
    line += c;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) Die("cannot write " + path);
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string Hostname() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

namespace {
std::string Quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      q += buf;
    } else {
      q += c;
    }
  }
  return q + "\"";
}
std::string Number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

Json& Json::Num(const std::string& key, double v) {
  fields_.emplace_back(key, Number(v));
  return *this;
}
Json& Json::Str(const std::string& key, const std::string& v) {
  fields_.emplace_back(key, Quote(v));
  return *this;
}
Json& Json::Raw(const std::string& key, const std::string& json) {
  fields_.emplace_back(key, json);
  return *this;
}
std::string Json::Text(int indent) const {
  std::string pad(indent + 2, ' ');
  std::string s = "{\n";
  for (size_t i = 0; i < fields_.size(); ++i) {
    s += pad + Quote(fields_[i].first) + ": " + fields_[i].second;
    s += i + 1 < fields_.size() ? ",\n" : "\n";
  }
  return s + std::string(indent, ' ') + "}";
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s + "]";
}

std::string JsonNumbers(const std::vector<double>& v) {
  std::vector<std::string> items;
  for (double x : v) items.push_back(Number(x));
  return JsonArray(items);
}

std::vector<Row>& Rows() {
  static std::vector<Row> rows;
  return rows;
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace bench
