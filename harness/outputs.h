// outputs.h - assembles the text compared against expected/<kind>/NNNN from
// the raw client-side and server-side files (runtest's check_file).
#ifndef HARNESS_OUTPUTS_H_
#define HARNESS_OUTPUTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/normaliser.h"

namespace harness {

/// The compared outputs, in the order runtest checks them.
enum class OutputKind { kPanicLog, kRejectLog, kLog, kStdout, kStderr };

/// Where the raw files of one output kind live, relative to the test's run
/// directory, and which Stream their lines are normalised as.
struct OutputSpec {
  OutputKind kind;
  const char* name;         ///< "paniclog", "rejectlog", "log", "stdout", "stderr"
  const char* main_raw;     ///< client-side raw file, e.g. "spool/log/mainlog"
  const char* server_raw;   ///< server-side raw file, e.g. "spool/log/servermainlog"
  Stream stream;
};

/// The five kinds in runtest's order: paniclog, rejectlog, log, stdout, stderr.
/// Normalise in this order so that message ids are numbered as runtest does.
const std::vector<OutputSpec>& OutputSpecs();

/// The spec of \a kind.
const OutputSpec& SpecOf(OutputKind kind);

/// The separator written before the server-side part (whenever the server raw
/// file exists, even when it is empty).
inline constexpr std::string_view kServerHeader = "\n******** SERVER ********\n";

/// Where an assembled line came from.
enum class LineOrigin {
  kMain,    ///< the client-side raw file
  kHeader,  ///< the "\n******** SERVER ********\n" separator
  kServer,  ///< the server-side raw file
};

/// One line of an assembled output, with the raw line behind it (for -v).
struct OutputLine {
  NormalisedLine line;   ///< raw/raw_line are empty/0 for header lines
  LineOrigin origin = LineOrigin::kMain;
};

/// The compared text: munge(main_raw) if the main file exists; then, if the
/// server file exists (even empty), kServerHeader + munge(server_raw). Neither
/// exists: "". nullopt means "file does not exist".
std::string AssembleOutput(const std::optional<std::string>& main_raw,
                           const std::optional<std::string>& server_raw, Stream stream,
                           Normaliser& normaliser);

/// Same as AssembleOutput, line by line. JoinOutputLines() of the result is
/// exactly AssembleOutput()'s text.
std::vector<OutputLine> AssembleOutputLines(const std::optional<std::string>& main_raw,
                                            const std::optional<std::string>& server_raw,
                                            Stream stream, Normaliser& normaliser);

/// Joins assembled lines back into text.
std::string JoinOutputLines(const std::vector<OutputLine>& lines);

}  // namespace harness

#endif  // HARNESS_OUTPUTS_H_
