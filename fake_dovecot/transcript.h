// transcript.h - the record of every byte in and out, per connection.
#ifndef FAKE_DOVECOT_TRANSCRIPT_H_
#define FAKE_DOVECOT_TRANSCRIPT_H_

#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace fake_dovecot {

/// Writes the transcript: one line per wire line, `<conn> C> <escaped>`
/// (client to server) or `<conn> S> <escaped>` (server to client), and event
/// lines `<conn> <event>` (`connect`, `client closed`, `server closed`,
/// `error: ...`). Escaping is EscapeForTranscript(); the LF ending a wire
/// line is not shown; a fragment that never got its LF is shown when the
/// connection ends, with the marker ` [no newline]`. Lines are buffered until
/// Flush(), which the responder calls at the end of every event it handles:
/// the file is complete whenever the responder waits, even if it is then
/// killed, and an exchange costs one write(2), not one per line.
class Transcript {
 public:
  enum class Direction { kClientToServer, kServerToClient };

  /// Writes to \a out, which must outlive the transcript.
  explicit Transcript(std::ostream* out) : out_(out) {}
  /// Opens (truncates) \a path. Returns nullptr and fills \a err on failure.
  static std::unique_ptr<Transcript> OpenFile(const std::string& path,
                                              std::string* err);

  /// Records \a bytes sent in \a dir on connection \a conn.
  void Data(unsigned conn, Direction dir, std::string_view bytes);
  /// Records bytes that form an incomplete line, followed by \a marker
  /// (e.g. " [line too long]"); used for input that is cut off.
  void Fragment(unsigned conn, Direction dir, std::string_view bytes,
                std::string_view marker);
  /// Writes pending fragments of \a conn (with ` [no newline]`), then
  /// `<conn> <text>`.
  void Event(unsigned conn, std::string_view text);
  /// Writes pending fragments of \a conn and forgets it.
  void Finish(unsigned conn);
  /// Writes out everything recorded so far.
  void Flush() { out_->flush(); }

 private:
  void WriteLine(unsigned conn, Direction dir, std::string_view bytes,
                 std::string_view marker);
  void FlushFragments(unsigned conn);

  std::unique_ptr<std::ofstream> owned_;
  std::ostream* out_;
  std::map<std::pair<unsigned, Direction>, std::string> fragments_;
};

}  // namespace fake_dovecot

#endif  // FAKE_DOVECOT_TRANSCRIPT_H_
