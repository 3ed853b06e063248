// test_catalog.cc - see test_catalog.h.
#include "harness/test_catalog.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cctype>
#include <map>

#include "harness/diagnostic.h"
#include "harness/script.h"

namespace fs = boost::filesystem;

namespace harness {
namespace {

bool IsFourDigits(const std::string& s, size_t len) {
  if (s.size() < 4 || (len && s.size() != len)) return false;
  return std::all_of(s.begin(), s.begin() + 4, [](unsigned char c) { return std::isdigit(c); });
}

int ParseNumberWord(const std::string& word) {
  if (word.empty() || word.size() > 4 ||
      !std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); })) {
    throw HarnessError("bad test number '" + EscapeForDisplay(word, 40) + "' (expected 1 to 4 digits)");
  }
  return std::stoi(word);
}

}  // namespace

TestRange ParseTestRange(const std::vector<std::string>& words) {
  TestRange range;
  if (words.empty()) return range;
  if (words.size() > 2) throw HarnessError("too many test numbers (expected FIRST [LAST|+])");
  range.first = range.last = ParseNumberWord(words[0]);
  if (words.size() == 2) {
    range.last = words[1] == "+" ? 9999 : ParseNumberWord(words[1]);
    if (range.last < range.first) {
      throw HarnessError("test range " + words[0] + " " + words[1] + " is backwards");
    }
  }
  return range;
}

std::vector<TestCase> FindTests(const std::string& scripts_dir) {
  std::map<int, TestCase> found;
  boost::system::error_code ec;
  fs::directory_iterator suites(scripts_dir, ec);
  if (ec) throw HarnessError(scripts_dir + ": cannot read scripts directory: " + ec.message());
  for (const auto& suite : suites) {
    std::string dir_name = suite.path().filename().string();
    if (!fs::is_directory(suite.path()) || !IsFourDigits(dir_name, 0)) continue;
    for (const auto& entry : fs::directory_iterator(suite.path())) {
      std::string file = entry.path().filename().string();
      if (!IsFourDigits(file, 4) || !fs::is_regular_file(entry.path())) continue;
      TestCase test;
      test.number = std::stoi(file);
      test.name = file;
      test.script_path = entry.path().string();
      test.suite_dir = suite.path().string();
      test.suite = dir_name.size() > 5 ? dir_name.substr(5) : dir_name;
      auto [it, inserted] = found.emplace(test.number, test);
      if (!inserted) {
        throw HarnessError("test " + file + " exists twice: " + it->second.script_path + " and " +
                           test.script_path);
      }
    }
  }
  std::vector<TestCase> tests;
  for (auto& [number, test] : found) tests.push_back(test);
  return tests;
}

std::vector<TestCase> SelectTests(const std::vector<TestCase>& all, const TestRange& range) {
  std::vector<TestCase> selected;
  for (const auto& t : all) {
    if (t.number >= range.first && t.number <= range.last) selected.push_back(t);
  }
  return selected;
}

}  // namespace harness
