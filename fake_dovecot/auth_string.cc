// auth_string.cc - see auth_string.h.
#include "fake_dovecot/auth_string.h"

#include "fake_dovecot/base64.h"
#include "fake_dovecot/escape.h"

namespace fake_dovecot {

namespace {

const char kUsage[] =
    "usage: authstring plain USER PASSWORD [AUTHZID]\n"
    "       authstring login USER PASSWORD\n"
    "       authstring decode BASE64...\n"
    "\n"
    "plain   base64(AUTHZID NUL USER NUL PASSWORD), for `AUTH PLAIN <string>`\n"
    "        in a client script (AUTHZID is usually left out: empty)\n"
    "login   base64(USER) and base64(PASSWORD), one a line: the replies to the\n"
    "        `334 VXNlcm5hbWU6` and `334 UGFzc3dvcmQ6` prompts of AUTH LOGIN\n"
    "decode  each string decoded, one a line, with NUL written \\x00 and other\n"
    "        control bytes \\xHH (as in fake_dovecot transcripts)\n";

}  // namespace

std::string AuthPlainString(const std::string& user, const std::string& password,
                            const std::string& authzid) {
  std::string raw = authzid;
  raw += '\0';
  raw += user;
  raw += '\0';
  raw += password;
  return Base64Encode(raw);
}

std::vector<std::string> AuthLoginStrings(const std::string& user, const std::string& password) {
  return {Base64Encode(user), Base64Encode(password)};
}

int RunAuthString(const std::vector<std::string>& args, std::string* out, std::string* err) {
  auto usage = [&](const std::string& message) {
    *err = (message.empty() ? "" : "authstring: " + message + "\n") + kUsage;
    return 2;
  };
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    *out = kUsage;
    return 0;
  }
  if (args.empty()) return usage("");
  const std::string& mode = args[0];
  if (mode == "plain") {
    if (args.size() < 3 || args.size() > 4) return usage("plain needs USER PASSWORD [AUTHZID]");
    *out = AuthPlainString(args[1], args[2], args.size() == 4 ? args[3] : "") + "\n";
    return 0;
  }
  if (mode == "login") {
    if (args.size() != 3) return usage("login needs USER PASSWORD");
    for (const std::string& s : AuthLoginStrings(args[1], args[2])) *out += s + "\n";
    return 0;
  }
  if (mode == "decode") {
    if (args.size() < 2) return usage("decode needs at least one BASE64 string");
    std::string text;
    for (size_t i = 1; i < args.size(); ++i) {
      std::string decoded;
      if (!DovecotBase64Decode(args[i], &decoded)) {
        *err = "authstring: '" + args[i] + "' is not valid base64\n";
        return 2;
      }
      text += EscapeForTranscript(decoded) + "\n";
    }
    *out = text;
    return 0;
  }
  return usage("unknown mode '" + mode + "' (plain, login, decode)");
}

}  // namespace fake_dovecot
