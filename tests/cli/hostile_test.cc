// hostile_test.cc - the hostile-input corpus driver. Every directory
// tests/hostile/NN-name/ is one case (one CTest test, Hostile/Corpus.Case/NN_name):
//
//   tree/       optional mini source tree (scripts/NNNN-X/NNNN, confs/NNNN, ...)
//               copied to a private directory SRC
//   generate    optional: directives run on SRC after the copy, one a line
//                 write PATH TEXT          create PATH holding TEXT
//                 append PATH TEXT         append TEXT
//                 repeat PATH COUNT TEXT   append TEXT COUNT times
//                 mkdir PATH               create a directory
//                 symlink PATH TARGET      create a symbolic link
//                 copy PATH FROM           copy FROM (relative to the project root)
//                 mkfifo PATH              create a FIFO
//               PATH is relative to SRC; TEXT takes escapes \n \r \t \\ \xHH.
//   args        runtest's arguments, one a line (after the driver's own
//               --source-dir SRC --work-dir WORK --color=never, so a case can
//               override them); "{SRC}" and "{WORK}" are replaced
//   expected    what runtest must print and its exit status, exactly:
//                 status N
//                 --- stdout
//                 ...
//                 --- stderr
//                 ...
//               after normalisation: SRC/ and WORK/ prefixes become "" and
//               "WORK/", a run directory's random suffix ".XXXXXX", and
//               durations "(T.TTs)".
//
// Every case must end within 30 s and never by a signal, with exit status 2
// (or 77: a suite whose REQUIRES are unmet is skipped unread); a case that
// keeps no run directory must have created none. With
// HOSTILE_UPDATE=1 in the environment the driver writes `expected` instead of
// comparing (review the diff before committing!).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/cli/cli_support.h"

namespace fs = std::filesystem;

namespace cli {
namespace {

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(HostileDir(), ec)) {
    if (e.is_directory() && fs::exists(e.path() / "expected")) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    char c = text[++i];
    if (c == 'n') out += '\n';
    else if (c == 'r') out += '\r';
    else if (c == 't') out += '\t';
    else if (c == 'x' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void Generate(const std::string& file, const std::string& src) {
  int lineno = 0;
  for (const std::string& line : ReadLines(file)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string op, path;
    words >> op >> path;
    std::string rest;
    std::getline(words, rest);
    if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
    std::string target = src + "/" + path;
    std::string where = file + ":" + std::to_string(lineno) + ": ";
    if (op != "symlink" && op != "mkdir") fs::create_directories(fs::path(target).parent_path());
    if (op == "write" || op == "append") {
      std::string old = op == "append" && Exists(target) ? ReadFile(target) : "";
      WriteFile(target, old + Unescape(rest));
    } else if (op == "repeat") {
      std::istringstream r(rest);
      size_t count = 0;
      r >> count;
      std::string text;
      std::getline(r, text);
      if (!text.empty() && text[0] == ' ') text.erase(0, 1);
      text = Unescape(text);
      std::string all = Exists(target) ? ReadFile(target) : "";
      all.reserve(all.size() + count * text.size());
      for (size_t i = 0; i < count; ++i) all += text;
      WriteFile(target, all);
    } else if (op == "mkdir") {
      fs::create_directories(target);
    } else if (op == "symlink") {
      fs::create_directories(fs::path(target).parent_path());
      fs::create_symlink(rest, target);
    } else if (op == "mkfifo") {  // issue 14: a FIFO where a file is expected
      ASSERT_EQ(0, mkfifo(target.c_str(), 0644)) << where << target;
    } else if (op == "copy") {
      WriteFile(target, ReadFile(ProjectDir() + "/" + rest));
    } else {
      FAIL() << where << "unknown directive '" << op << "'";
    }
  }
}

std::string Normalise(std::string text, const std::string& src, const std::string& work) {
  text = ReplaceAll(text, src + "/", "");
  text = ReplaceAll(text, src, ".");
  text = ReplaceAll(text, work + "/", "WORK/");
  text = ReplaceAll(text, work, "WORK");
  static const std::regex kRunDir(R"(WORK/(\d{4})\.[A-Za-z0-9]{6})");
  text = std::regex_replace(text, kRunDir, "WORK/$1.XXXXXX");
  static const std::regex kSeconds(R"(\(\d+\.\d\ds\))");
  text = std::regex_replace(text, kSeconds, "(T.TTs)");
  return text;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, Case) {
  if (auto why = WhyCannotRun()) GTEST_SKIP() << *why;
  BecomeSubreaper();
  std::string dir = HostileDir() + "/" + GetParam();
  TempDir src_dir("hostile-src"), work_dir("hostile-work");
  const std::string& src = src_dir.path();
  const std::string& work = work_dir.path();
  if (fs::exists(dir + "/tree")) CopyTree(dir + "/tree", src);
  if (fs::exists(dir + "/generate")) Generate(dir + "/generate", src);
  if (HasFatalFailure()) return;

  std::vector<std::string> args{"--source-dir", src, "--work-dir", work, "--color=never"};
  if (fs::exists(dir + "/args")) {
    for (std::string a : ReadLines(dir + "/args")) {
      a = ReplaceAll(ReplaceAll(a, "{SRC}", src), "{WORK}", work);
      args.push_back(a);
    }
  }
  RunResult r = RunRuntest(args, std::chrono::seconds(30));
  ASSERT_FALSE(r.timed_out) << "runtest hung on " << GetParam() << "\n" << r.out << r.err;
  ASSERT_EQ(r.signal, 0) << "runtest crashed (signal " << r.signal << ") on " << GetParam() << "\n" << r.out
                         << r.err;
  std::string actual = "status " + std::to_string(r.exit_code) + "\n--- stdout\n" + Normalise(r.out, src, work) +
                       "--- stderr\n" + Normalise(r.err, src, work);
  if (std::getenv("HOSTILE_UPDATE")) {
    WriteFile(dir + "/expected", actual);
    return;
  }
  EXPECT_EQ(ReadFile(dir + "/expected"), actual) << "case " << dir;
  // Exit status 2 (an error), or 77 for a suite skipped by its REQUIRES
  // before its hostile script is read (as upstream runtest does).
  EXPECT_TRUE(r.exit_code == 2 || r.exit_code == 77) << "a hostile input must end with exit status 2 (or 77)";
  // An input error is found before anything is created: unless runtest says
  // it kept one, no run directory exists.
  if (r.out.find("run directory kept") == std::string::npos) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(work, ec)) {
      ADD_FAILURE() << "created for a test that never ran: " << e.path();
    }
  }
  auto left = LeftoversAfter(work, std::chrono::milliseconds(500));
  EXPECT_TRUE(left.empty()) << "still running:\n" << [&] {
    std::string s;
    for (const auto& x : left) s += "  " + x + "\n";
    return s;
  }();
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Hostile, Corpus, ::testing::ValuesIn(CaseNames()), CaseTestName);

TEST(HostileCorpus, HasAtLeastThirtyCases) { EXPECT_GE(CaseNames().size(), 30u); }

}  // namespace
}  // namespace cli
