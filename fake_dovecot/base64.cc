// base64.cc - see base64.h.
#include "fake_dovecot/base64.h"

namespace fake_dovecot {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int DecodeChar(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool Base64Decode(std::string_view text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  for (unsigned char c : text)
    if (IsSpace(c)) return false;
  // Without whitespace, Dovecot's rules are RFC 4648's.
  return DovecotBase64Decode(text, out);
}

bool DovecotBase64Decode(std::string_view text, std::string* out) {
  out->clear();
  unsigned quantum[4];
  int pos = 0;        // characters of the current quantum seen
  int padding = 0;    // '=' seen in the current quantum
  bool ended = false; // a padded quantum was completed
  for (unsigned char c : text) {
    if (IsSpace(c)) continue;
    if (ended) return false;
    if (c == '=') {
      // Padding may only complete a quantum that has 2 or 3 data characters.
      if (pos + padding < 2) return false;
      ++padding;
      if (pos + padding == 4) {
        if (pos == 2) {
          out->push_back(static_cast<char>((quantum[0] << 2) | (quantum[1] >> 4)));
        } else {
          out->push_back(static_cast<char>((quantum[0] << 2) | (quantum[1] >> 4)));
          out->push_back(static_cast<char>(((quantum[1] & 0xf) << 4) | (quantum[2] >> 2)));
        }
        ended = true;
      }
      continue;
    }
    if (padding > 0) return false;
    int v = DecodeChar(c);
    if (v < 0) return false;
    quantum[pos++] = static_cast<unsigned>(v);
    if (pos == 4) {
      out->push_back(static_cast<char>((quantum[0] << 2) | (quantum[1] >> 4)));
      out->push_back(static_cast<char>(((quantum[1] & 0xf) << 4) | (quantum[2] >> 2)));
      out->push_back(static_cast<char>(((quantum[2] & 0x3) << 6) | quantum[3]));
      pos = 0;
    }
  }
  if (ended) return true;
  return pos == 0 && padding == 0;
}

}  // namespace fake_dovecot
