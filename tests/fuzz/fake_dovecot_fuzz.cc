// libFuzzer target for fake_dovecot's pure parts: the auth-client state
// machine (line splitting, VERSION/CPID/AUTH/CONT/CANCEL parsing, base64,
// mechanisms, scenario steps, timers) and the scenario / passwd-file parsers.
//
//   clang++ -std=c++17 -fsanitize=fuzzer,address,undefined -I/work/main \
//     tests/fuzz/fake_dovecot_fuzz.cc fake_dovecot/{escape,base64,user_db,\
//     scenario,transcript,auth_session,session_driver}.cc -lcrypto -o /tmp/fdf
//   /tmp/fdf -max_total_time=60
//
// Input layout: byte 0 picks the mode and scenario; the rest is client data,
// cut into chunks at 0xff bytes, with the clock advanced between chunks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fake_dovecot/scenario.h"
#include "fake_dovecot/session_driver.h"
#include "fake_dovecot/user_db.h"

namespace {

using namespace fake_dovecot;

const char* const kScenarios[] = {
    "",
    "failure-delay 500\n",
    "on auth\n  stall 100\n  send FAIL\\t{id}\\tuser={user}\\n\n",
    "on connect\n  send VERSION\\t1\\t2\\n\n  stall 50\n  handshake\n"
    "on cont\n  send C{id}{user}\\n\n  default\n",
    "line-ending crlf\nclose-after 300\ntemp-fail userx temp\n",
    "on auth\n  default\n  close\n",
    "mechanisms\nomit COOKIE DONE\nversion 2 0\non auth\n  send-repeat 3 {mech}\n",
};
const size_t kScenarioCount = sizeof(kScenarios) / sizeof(kScenarios[0]);

void Check(bool ok) {
  if (!ok) std::abort();
}

void FuzzSession(uint8_t selector, std::string_view data) {
  Scenario sc;
  std::string err;
  Check(ParseScenario(kScenarios[selector % kScenarioCount], "fuzz", &sc, &err));
  UserDb users;
  users.Add("userx", "secret");
  SessionDriver d(sc, users, (selector & 0x80) ? 500 : 0);
  d.Start();
  size_t start = 0;
  while (start <= data.size()) {
    size_t end = data.find('\xff', start);
    if (end == std::string_view::npos) end = data.size();
    d.Input(data.substr(start, end - start));
    Check(d.session().pending_requests() <= AuthSession::kMaxPendingRequests);
    // The byte after the separator moves the clock (0..254 ms * 4).
    if (end + 1 < data.size()) {
      d.Advance(static_cast<unsigned char>(data[end + 1]) * 4u);
      start = end + 2;
    } else {
      break;
    }
  }
  if (selector & 0x40) {
    d.Eof();
    d.Advance(100000);
    Check(d.closed());
  } else {
    d.Advance(1000000);
  }
  if (d.closed()) Check(d.Input("AUTH\t1\tPLAIN\tservice=x\n").empty());
  Check(!d.transcript().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  std::string_view data(reinterpret_cast<const char*>(bytes + 1), size - 1);
  uint8_t selector = bytes[0];
  switch (selector % 8) {
    case 6: {
      Scenario sc;
      std::string err;
      if (!ParseScenario(data, "fuzz.dovecot", &sc, &err)) Check(err.rfind("fuzz.dovecot:", 0) == 0);
      break;
    }
    case 7: {
      UserDb db;
      std::string err;
      if (!db.Parse(data, "passwd", &err)) Check(err.rfind("passwd:", 0) == 0);
      break;
    }
    default:
      FuzzSession(selector, data);
  }
  return 0;
}
