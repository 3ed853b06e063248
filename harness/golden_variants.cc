// golden_variants.cc - Exim version comparison and variant golden selection.

#include "harness/golden_variants.h"

#include <dirent.h>

#include "harness/diagnostic.h"
#include "harness/script.h"

namespace harness {

std::optional<std::vector<int>> ParseEximVersion(std::string_view text) {
  std::vector<int> parts;
  size_t i = 0;
  while (true) {
    size_t b = i;
    long n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - b < 7) n = n * 10 + (text[i++] - '0');
    if (i == b || i - b > 6) return std::nullopt;
    parts.push_back(static_cast<int>(n));
    if (parts.size() > 8) return std::nullopt;
    if (i >= text.size() || text[i] != '.') break;
    ++i;  // a '.' must be followed by a component
  }
  return parts;
}

int CompareEximVersions(const std::vector<int>& a, const std::vector<int>& b) {
  for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
    int x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string SelectGolden(const std::vector<std::string>& present, std::string_view kind,
                         std::string_view test, std::string_view exim_version, std::string_view golden_root) {
  const std::string dir = std::string(golden_root) + std::string(kind) + "/";
  const std::string prefix = std::string(test) + "@";
  std::optional<std::vector<int>> running;
  bool running_parsed = false;
  std::string best;
  std::vector<int> best_version;
  std::vector<std::pair<std::vector<int>, std::string>> seen;
  for (const std::string& name : present) {
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string_view since = std::string_view(name).substr(prefix.size());
    auto v = ParseEximVersion(since);
    // The whole text after '@' must be the version: "3662@4.99~" is a typo.
    std::string canonical;
    if (v) {
      for (size_t i = 0; i < v->size(); ++i) canonical += (i ? "." : "") + std::to_string((*v)[i]);
    }
    if (!v || canonical != since) {
      throw HarnessError(dir + EscapeForDisplay(name, 120) + ": '" + EscapeForDisplay(since, 80) +
                         "' after '@' is not an Exim version");
    }
    for (const auto& [other_v, other_name] : seen) {
      if (CompareEximVersions(other_v, *v) == 0) {
        throw HarnessError(dir + other_name + " and " + name + " name the same Exim version");
      }
    }
    seen.emplace_back(*v, name);
    if (!running_parsed) {
      running = ParseEximVersion(exim_version);
      running_parsed = true;
      if (!running) {
        throw HarnessError("cannot compare Exim version '" + EscapeForDisplay(exim_version, 80) +
                           "' with the variant goldens of " + std::string(test));
      }
    }
    if (CompareEximVersions(*v, *running) <= 0 &&
        (best.empty() || CompareEximVersions(*v, best_version) > 0)) {
      best = name;
      best_version = *v;
    }
  }
  return dir + (best.empty() ? std::string(test) : best);
}

std::vector<std::string> ListGoldenNames(const std::string& source_dir, std::string_view kind,
                                         std::string_view golden_root) {
  std::vector<std::string> names;
  std::string path = source_dir + "/" + std::string(golden_root) + std::string(kind);
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

}  // namespace harness
