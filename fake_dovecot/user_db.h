// user_db.h - users from a Dovecot passwd-file.
#ifndef FAKE_DOVECOT_USER_DB_H_
#define FAKE_DOVECOT_USER_DB_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace fake_dovecot {

/// One passwd-file entry. Only the user name and the password matter here.
struct UserEntry {
  std::string name;
  /// The password scheme, uppercased, e.g. "PLAIN". Only the cleartext
  /// schemes (PLAIN, CLEAR, CLEARTEXT) are accepted by the parser.
  std::string scheme;
  /// The cleartext password ("" when the password field is empty: such a
  /// user exists but no password matches).
  std::string password;
  bool has_password = false;
};

/// The users of a Dovecot passwd-file
/// (`user:{PLAIN}secret:uid:gid:gecos:home:shell:extra`), so that one file
/// drives both the fake and a real Dovecot (`passdb { driver = passwd-file }`).
class UserDb {
 public:
  /// Parses passwd-file \a text; \a filename is used in errors, which are
  /// "filename:line: message". Blank lines and `#` comments are skipped.
  /// A password without a `{SCHEME}` prefix is rejected: real Dovecot would
  /// treat it as CRYPT, which the fake does not implement.
  bool Parse(std::string_view text, const std::string& filename,
             std::string* err);
  /// Reads and parses the file at \a path.
  bool LoadFile(const std::string& path, std::string* err);

  /// The entry for \a name (exact match), or nullptr.
  const UserEntry* Find(const std::string& name) const;
  /// True when \a name exists and \a password is its password.
  bool Verify(const std::string& name, const std::string& password) const;
  size_t size() const { return users_.size(); }
  /// Adds (or replaces) a user with a {PLAIN} password. For tests.
  void Add(const std::string& name, const std::string& password);

 private:
  std::map<std::string, UserEntry> users_;
};

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_USER_DB_H_
