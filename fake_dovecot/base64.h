// base64.h - base64 (RFC 4648), the one implementation of the project: the
// responder's Dovecot 2.3 decoding rules and the normaliser's strict decoding.
#ifndef FAKE_DOVECOT_BASE64_H_
#define FAKE_DOVECOT_BASE64_H_

#include <string>
#include <string_view>

namespace fake_dovecot {

/// Standard base64 (RFC 4648, with padding) of \a bytes.
std::string Base64Encode(std::string_view bytes);

/// Strict RFC 4648 decoding: the standard alphabet, length a multiple of 4,
/// at most two '=' and only at the end, no whitespace. The empty string is
/// rejected. Returns false for invalid input (\a out is then unspecified).
bool Base64Decode(std::string_view text, std::string* out);

/// Decodes \a text the way Dovecot 2.3.19's base64_decode() does (measured on
/// the wire): the standard alphabet only; spaces, TABs, CRs and LFs are
/// skipped anywhere; padding is required for a partial final quantum; after
/// the padding only whitespace may follow. The empty string decodes to "".
/// Returns false for invalid input (\a out is then unspecified).
bool DovecotBase64Decode(std::string_view text, std::string* out);

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_BASE64_H_
