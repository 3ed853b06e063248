// user_db.cc - see user_db.h.
#include "fake_dovecot/user_db.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "harness/file_io.h"

namespace fake_dovecot {

bool UserDb::Parse(std::string_view text, const std::string& filename,
                   std::string* err) {
  std::map<std::string, UserEntry> users;
  int line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto fail = [&](const std::string& message) {
      *err = filename + ":" + std::to_string(line_no) + ": " + message;
      return false;
    };
    size_t colon = line.find(':');
    UserEntry entry;
    entry.name = line.substr(0, colon);
    if (entry.name.empty()) return fail("empty user name");
    if (colon != std::string::npos) {
      size_t pass_end = line.find(':', colon + 1);
      std::string pass = line.substr(
          colon + 1, pass_end == std::string::npos ? std::string::npos
                                                   : pass_end - colon - 1);
      if (!pass.empty()) {
        if (pass[0] != '{') {
          return fail("password of user '" + entry.name +
                      "' has no {SCHEME} prefix (Dovecot would read it as "
                      "CRYPT); write {PLAIN}" + "password");
        }
        size_t close = pass.find('}');
        if (close == std::string::npos)
          return fail("unterminated {SCHEME} in the password of user '" +
                      entry.name + "'");
        entry.scheme = pass.substr(1, close - 1);
        std::transform(entry.scheme.begin(), entry.scheme.end(),
                       entry.scheme.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        if (entry.scheme != "PLAIN" && entry.scheme != "CLEAR" &&
            entry.scheme != "CLEARTEXT") {
          return fail("unsupported password scheme {" + entry.scheme +
                      "} for user '" + entry.name +
                      "' (fake_dovecot supports PLAIN, CLEAR, CLEARTEXT)");
        }
        entry.password = pass.substr(close + 1);
        entry.has_password = true;
      }
    }
    if (users.count(entry.name)) {
      // Dovecot keeps the first entry; say so rather than guess.
      return fail("duplicate user '" + entry.name + "'");
    }
    users.emplace(entry.name, std::move(entry));
  }
  users_ = std::move(users);
  return true;
}

bool UserDb::LoadFile(const std::string& path, std::string* err) {
  // A FIFO, a device or an oversized file is an error, never a hang.
  std::optional<std::string> text = harness::ReadWholeFileOrError(path, "users", err);
  return text && Parse(*text, path, err);
}

const UserEntry* UserDb::Find(const std::string& name) const {
  auto it = users_.find(name);
  return it == users_.end() ? nullptr : &it->second;
}

bool UserDb::Verify(const std::string& name,
                    const std::string& password) const {
  const UserEntry* entry = Find(name);
  return entry != nullptr && entry->has_password &&
         entry->password == password;
}

void UserDb::Add(const std::string& name, const std::string& password) {
  UserEntry entry;
  entry.name = name;
  entry.scheme = "PLAIN";
  entry.password = password;
  entry.has_password = true;
  users_[name] = entry;
}

}  // namespace fake_dovecot
