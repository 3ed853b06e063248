// test_catalog.cc - see test_catalog.h.
#include "harness/test_catalog.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include <re2/re2.h>

#include "harness/diagnostic.h"
#include "harness/script.h"

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

namespace {

/// "N" or "N-M" (one element of a list word).
SelectionItem ParseItem(const std::string& text) {
  SelectionItem item;
  item.text = text;
  size_t dash = text.find('-');
  if (dash == std::string::npos) {
    item.first = item.last = ParseNumberWord(text);
    item.single = true;
    return item;
  }
  item.first = ParseNumberWord(text.substr(0, dash));
  item.last = ParseNumberWord(text.substr(dash + 1));
  if (item.last < item.first) throw HarnessError("test range " + EscapeForDisplay(text, 40) + " is backwards");
  return item;
}

bool IsPlainNumber(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

TestSelection ParseTestSelection(const std::vector<std::string>& words) {
  TestSelection selection;
  // Upstream's forms: FIRST LAST and FIRST + (a range).
  if (words.size() == 2 && IsPlainNumber(words[0]) && (words[1] == "+" || IsPlainNumber(words[1]))) {
    TestRange range = ParseTestRange(words);
    selection.items.push_back(SelectionItem{range.first, range.last, false, words[0] + " " + words[1]});
    return selection;
  }
  for (const std::string& word : words) {
    if (word == "+") throw HarnessError("'+' must follow a single test number (FIRST +)");
    size_t start = 0;
    while (true) {
      size_t comma = word.find(',', start);
      std::string part = word.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (part.empty()) throw HarnessError("bad test list '" + EscapeForDisplay(word, 40) + "' (empty element)");
      selection.items.push_back(ParseItem(part));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return selection;
}

std::vector<TestCase> SelectTests(const std::vector<TestCase>& all, const TestSelection& selection,
                                  std::vector<std::string>* missing) {
  if (selection.items.empty()) return all;
  std::vector<TestCase> selected;
  std::vector<bool> used(selection.items.size(), false);
  for (const auto& t : all) {
    bool take = false;
    for (size_t i = 0; i < selection.items.size(); ++i) {
      const SelectionItem& item = selection.items[i];
      if (t.number >= item.first && t.number <= item.last) take = used[i] = true;
    }
    if (take) selected.push_back(t);
  }
  for (size_t i = 0; i < selection.items.size(); ++i)
    if (!used[i] && missing) missing->push_back(selection.items[i].text);
  return selected;
}

std::string TitleOfScript(const std::string& text) {
  if (text.empty() || text[0] != '#') return "";
  std::string first = text.substr(0, text.find('\n'));
  std::string title = first.size() > 2 ? first.substr(2) : "";
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t' || title.back() == '\r')) title.pop_back();
  return title;
}

std::string ReadTestTitle(const TestCase& test) {
  std::ifstream in(test.script_path);
  std::string first;
  if (!in || !std::getline(in, first)) return "";
  return TitleOfScript(first);
}

std::vector<TestCase> FilterTests(const std::vector<TestCase>& tests, const std::string& regex) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(regex, options);
  if (!re.ok()) throw HarnessError("--filter: bad regular expression '" + EscapeForDisplay(regex, 80) + "': " + re.error());
  std::vector<TestCase> kept;
  for (const TestCase& t : tests) {
    if (RE2::PartialMatch(t.name + " " + ReadTestTitle(t), re)) kept.push_back(t);
  }
  return kept;
}

namespace {

/// The entries of a directory with their types, from readdir(): d_type where
/// the file system gives it, stat() (following symlinks) where it does not
/// or for a symlink. Boost.Filesystem 1.74 stats every entry; a test run
/// lists ~50 of them each time it starts (bench/run figure 2).
struct DirEntry {
  std::string name;
  bool is_dir = false;
  bool is_regular = false;
  bool is_special = false;  ///< a FIFO, device or socket (issue 14)
};

std::vector<DirEntry> ListDirectory(const std::string& dir, std::string* error) {
  std::vector<DirEntry> entries;
  DIR* d = opendir(dir.c_str());
  if (!d) {
    *error = std::strerror(errno);
    return entries;
  }
  while (dirent* e = readdir(d)) {
    DirEntry entry;
    entry.name = e->d_name;
    if (entry.name == "." || entry.name == "..") continue;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN || type == DT_LNK) {
      struct stat st;
      type = stat((dir + "/" + entry.name).c_str(), &st) != 0 ? DT_UNKNOWN
             : S_ISDIR(st.st_mode)                             ? DT_DIR
             : S_ISREG(st.st_mode)                             ? DT_REG
             : S_ISFIFO(st.st_mode)                            ? DT_FIFO
             : S_ISCHR(st.st_mode)                             ? DT_CHR
             : S_ISBLK(st.st_mode)                             ? DT_BLK
             : S_ISSOCK(st.st_mode)                            ? DT_SOCK
                                                               : DT_UNKNOWN;
    }
    entry.is_dir = type == DT_DIR;
    entry.is_regular = type == DT_REG;
    entry.is_special = type == DT_FIFO || type == DT_CHR || type == DT_BLK || type == DT_SOCK;
    entries.push_back(std::move(entry));
  }
  closedir(d);
  return entries;
}

}  // namespace

std::vector<TestCase> FindTests(const std::string& scripts_dir) {
  std::map<int, TestCase> found;
  std::string error;
  std::vector<DirEntry> suites = ListDirectory(scripts_dir, &error);
  if (!error.empty()) throw HarnessError(scripts_dir + ": cannot read scripts directory: " + error);
  for (const DirEntry& suite : suites) {
    if (!suite.is_dir || !IsFourDigits(suite.name, 0)) continue;
    std::string suite_dir = scripts_dir + "/" + suite.name;
    std::vector<DirEntry> files = ListDirectory(suite_dir, &error);
    if (!error.empty()) throw HarnessError(suite_dir + ": cannot read test directory: " + error);
    for (const DirEntry& entry : files) {
      if (IsFourDigits(entry.name, 4) && entry.is_special)  // issue 14: not "no test matches"
        throw HarnessError(suite_dir + "/" + entry.name + ": is not a regular file (a FIFO, device or socket)");
      if (!IsFourDigits(entry.name, 4) || !entry.is_regular) continue;
      TestCase test;
      test.number = std::stoi(entry.name);
      test.name = entry.name;
      test.script_path = suite_dir + "/" + entry.name;
      test.suite_dir = suite_dir;
      test.suite = suite.name.size() > 5 ? suite.name.substr(5) : suite.name;
      auto [it, inserted] = found.emplace(test.number, test);
      if (!inserted) {
        throw HarnessError("test " + entry.name + " exists twice: " + it->second.script_path + " and " +
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
