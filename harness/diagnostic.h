// diagnostic.h - source locations and the one error type the harness throws.
#ifndef HARNESS_DIAGNOSTIC_H_
#define HARNESS_DIAGNOSTIC_H_

#include <stdexcept>
#include <string>
#include <utility>

namespace harness {

/// A position in an input file (script, conf, REQUIRES, scenario...).
/// line is 1-based; 0 means "the file as a whole".
struct SourceLoc {
  std::string file;
  int line = 0;

  /// "file:line" (or just "file" when line is 0).
  std::string str() const {
    return line > 0 ? file + ":" + std::to_string(line) : file;
  }
};

/// A message and where it applies: what a result carries (never a location
/// folded into text). loc.file is empty when no input is to blame.
struct Diagnostic {
  SourceLoc loc;
  std::string message;

  bool empty() const { return message.empty(); }
  /// "file:line: message" (or just the message).
  std::string str() const { return loc.file.empty() ? message : loc.str() + ": " + message; }
};

/// Bad input or a harness fault. what() is "file:line: message" so that it can
/// be printed as it is. Callers turn it into exit status 2.
class HarnessError : public std::runtime_error {
 public:
  HarnessError(SourceLoc loc, const std::string& message)
      : std::runtime_error(loc.file.empty() ? message : loc.str() + ": " + message),
        loc_(std::move(loc)),
        message_(message) {}
  explicit HarnessError(const std::string& message)
      : std::runtime_error(message), message_(message) {}

  const SourceLoc& loc() const { return loc_; }
  /// The message without the location prefix.
  const std::string& message() const { return message_; }
  Diagnostic diagnostic() const { return Diagnostic{loc_, message_}; }

 private:
  SourceLoc loc_;
  std::string message_;
};

}  // namespace harness

#endif  // HARNESS_DIAGNOSTIC_H_
