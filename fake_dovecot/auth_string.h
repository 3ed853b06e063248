// auth_string.h - the `authstring` helper: SMTP AUTH PLAIN / LOGIN strings
// for client scripts, and the decoding of such strings, as pure functions.
#ifndef FAKE_DOVECOT_AUTH_STRING_H_
#define FAKE_DOVECOT_AUTH_STRING_H_

#include <string>
#include <vector>

namespace fake_dovecot {

/// base64(AUTHZID NUL USER NUL PASSWORD): the argument of `AUTH PLAIN` (RFC 4616).
std::string AuthPlainString(const std::string& user, const std::string& password,
                            const std::string& authzid = "");

/// base64(USER) and base64(PASSWORD): the replies to LOGIN's two 334 prompts.
std::vector<std::string> AuthLoginStrings(const std::string& user, const std::string& password);

/// The `authstring` command line without its program name: writes what to
/// print to \a out (or a message to \a err) and returns the exit status
/// (0 done, 2 usage error or undecodable input).
int RunAuthString(const std::vector<std::string>& args, std::string* out, std::string* err);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_AUTH_STRING_H_
