// client_main.cc - the standalone `client` binary: Exim's test client.
//
//   client [-tN] IP PORT [IFACE] < script
//
// Reads the client script on stdin, runs it with RunClientCommand() and exits
// with the client's status. The transcript is written to stdout as it is
// produced, so that it survives if the process is killed.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client_script.h"
#include "harness/smtp_client.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);

  harness::ClientOptions base;
  harness::ClientResult early;
  if (!harness::ParseClientArgs(args, &base, &early)) {
    std::fwrite(early.stdout_text.data(), 1, early.stdout_text.size(), stdout);
    std::fwrite(early.stderr_text.data(), 1, early.stderr_text.size(), stderr);
    return early.exit_code;
  }

  std::string script((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  base.include_dir.clear();  // relative "<<< FILE" names are relative to the cwd
  base.on_stdout = [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  };
  const harness::ClientResult result =
      harness::RunClient(base, harness::SplitClientLines(script), harness::SourceLoc{"<stdin>", 1});
  std::fwrite(result.stderr_text.data(), 1, result.stderr_text.size(), stderr);
  std::fflush(stdout);
  return result.exit_code;
}
