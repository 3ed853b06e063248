// parse_scripts_main.cc - upstream_parse_check: parses runtest scripts with
// the harness's parser (ParseScriptFile) and says, per script, whether it
// parses.
//
//   upstream_parse_check SCRIPT...
// Prints "ok FILE" or "FAIL FILE:LINE: ..." per script and a summary; exit 0
// when none failed, 1 otherwise.
#include <cstdio>
#include <string>

#include "harness/script.h"

int main(int argc, char** argv) {
  int ok = 0, failed = 0;
  for (int i = 1; i < argc; ++i) {
    try {
      harness::ParseOptions options;
      options.eof_ends_data_block = true;  // as upstream runtest
      harness::ParseScriptFile(argv[i], options);
      ++ok;
      std::printf("ok %s\n", argv[i]);
    } catch (const harness::HarnessError& e) {
      std::string where = e.loc().file + ":" + std::to_string(e.loc().line);
      ++failed;
      std::printf("FAIL %s: %s\n", where.c_str(), e.message().c_str());
    }
  }
  std::printf("%d script(s): %d parse, %d fail\n", argc - 1, ok, failed);
  return failed || argc < 2 ? 1 : 0;
}
