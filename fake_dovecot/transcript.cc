// transcript.cc - see transcript.h.
#include "fake_dovecot/transcript.h"

#include "fake_dovecot/escape.h"

namespace fake_dovecot {

std::unique_ptr<Transcript> Transcript::OpenFile(const std::string& path,
                                                 std::string* err) {
  auto file = std::make_unique<std::ofstream>(
      path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    *err = path + ": cannot open transcript file for writing";
    return nullptr;
  }
  auto t = std::make_unique<Transcript>(file.get());
  t->owned_ = std::move(file);
  return t;
}

void Transcript::WriteLine(unsigned conn, Direction dir,
                           std::string_view bytes, std::string_view marker) {
  *out_ << conn << (dir == Direction::kClientToServer ? " C> " : " S> ")
        << EscapeForTranscript(bytes) << marker << '\n';
}

void Transcript::Data(unsigned conn, Direction dir, std::string_view bytes) {
  std::string& frag = fragments_[{conn, dir}];
  size_t start = 0;
  while (start < bytes.size()) {
    size_t lf = bytes.find('\n', start);
    if (lf == std::string_view::npos) {
      frag.append(bytes.substr(start));
      break;
    }
    frag.append(bytes.substr(start, lf - start));
    WriteLine(conn, dir, frag, "");
    frag.clear();
    start = lf + 1;
  }
}

void Transcript::Fragment(unsigned conn, Direction dir,
                          std::string_view bytes, std::string_view marker) {
  std::string& frag = fragments_[{conn, dir}];
  frag.append(bytes);
  WriteLine(conn, dir, frag, marker);
  frag.clear();
}

void Transcript::FlushFragments(unsigned conn) {
  for (Direction dir :
       {Direction::kClientToServer, Direction::kServerToClient}) {
    auto it = fragments_.find({conn, dir});
    if (it == fragments_.end()) continue;
    if (!it->second.empty()) WriteLine(conn, dir, it->second, " [no newline]");
    fragments_.erase(it);
  }
}

void Transcript::Event(unsigned conn, std::string_view text) {
  FlushFragments(conn);
  *out_ << conn << ' ' << text << '\n';
}

void Transcript::Finish(unsigned conn) { FlushFragments(conn); }

}  // namespace fake_dovecot
