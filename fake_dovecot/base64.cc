// base64.cc - see base64.h.
#include "fake_dovecot/base64.h"

#include <openssl/evp.h>

#include <vector>

namespace fake_dovecot {

std::string Base64Encode(std::string_view bytes) {
  std::vector<unsigned char> buf(4 * ((bytes.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(buf.data(),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<char*>(buf.data()), n);
}

namespace {

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
