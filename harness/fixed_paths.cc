// fixed_paths.cc - see fixed_paths.h.
#include "harness/fixed_paths.h"

#include <cctype>

namespace harness {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<FixedSocket> FindFixedSocket(std::string_view conf_text) {
  int number = 0;
  std::size_t pos = 0;
  while (pos < conf_text.size()) {
    std::size_t nl = conf_text.find('\n', pos);
    std::string_view line = conf_text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? conf_text.size() : nl + 1;
    ++number;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    constexpr std::string_view kOption = "server_socket";
    if (line.substr(0, kOption.size()) != kOption) continue;
    std::string_view rest = Trim(line.substr(kOption.size()));
    if (rest.empty() || rest.front() != '=') continue;
    std::string_view value = Trim(rest.substr(1));
    if (value.empty() || value.front() != '/') continue;  // DOVECOT_SOCKET, an expansion, ...
    return FixedSocket{std::string(value), number};
  }
  return std::nullopt;
}

std::string FixedSocketError(const std::string& path) {
  if (path.empty() || path.front() != '/') return "not an absolute path";
  if (path.back() == '/') return "names a directory, not a socket";
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' || c == '-' || c == '+'))
      return std::string("holds '") + c + "' (only letters, digits and . _ - + / are provided)";
  }
  if (path.find("//") != std::string::npos) return "holds an empty component (//)";
  std::size_t start = 1;
  int components = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view part(path.data() + start, (slash == std::string::npos ? path.size() : slash) - start);
    if (part == "." || part == "..") return "holds a '.' or '..' component";
    ++components;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (components < 2) return "lies directly in / (its directory cannot be replaced)";
  for (std::string_view top : {"/proc/", "/sys/", "/dev/"}) {
    if (path.compare(0, top.size(), top) == 0) return "lies under " + std::string(top) + " (not replaced)";
  }
  return "";
}

std::string FixedMirror(const std::string& run_dir, const std::string& path) { return run_dir + "/fixed" + path; }

}  // namespace harness
