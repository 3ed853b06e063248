// parse_scripts_main.cc - upstream_parse_check: parses runtest scripts with
// the harness's parser (ParseScriptFile) and says, per script, whether it
// parses. A script rejected only for a TLS client command is "unsupported:
// TLS" (not a failure: TLS client commands come with the TLS issue).
//
//   upstream_parse_check SCRIPT...
// Prints "ok FILE", "unsupported: TLS FILE:LINE: ..." or "FAIL FILE:LINE:
// ..." per script and a summary; exit 0 when none failed, 1 otherwise.
#include <cstdio>
#include <string>

#include "harness/script.h"

int main(int argc, char** argv) {
  int ok = 0, tls = 0, failed = 0;
  std::string tls_list;
  for (int i = 1; i < argc; ++i) {
    try {
      harness::ParseOptions options;
      options.eof_ends_data_block = true;  // as upstream runtest
      harness::ParseScriptFile(argv[i], options);
      ++ok;
      std::printf("ok %s\n", argv[i]);
    } catch (const harness::HarnessError& e) {
      std::string where = e.loc().file + ":" + std::to_string(e.loc().line);
      if (e.message().find(harness::kTlsUnsupported) != std::string::npos) {
        ++tls;
        tls_list += " " + where;
        std::printf("unsupported: TLS %s: %s\n", where.c_str(), e.message().c_str());
      } else {
        ++failed;
        std::printf("FAIL %s: %s\n", where.c_str(), e.message().c_str());
      }
    }
  }
  std::printf("%d script(s): %d parse, %d unsupported: TLS, %d fail\n", argc - 1, ok, tls, failed);
  if (tls) std::printf("unsupported: TLS:%s\n", tls_list.c_str());
  return failed || argc < 2 ? 1 : 0;
}
