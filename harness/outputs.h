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

/// A compared output kind is the Stream its lines are normalised as (one
/// enum, not two): OutputKind::kLog is Stream::kLog.
using OutputKind = Stream;

/// When an output is compared.
enum class CompareWhen {
  kAlways,            ///< an absent output compares as "" with an absent golden
  kWhenGoldenExists,  ///< only when expected/KIND/NNNN exists (or --update creates it)
};

/// One row of the table of compared outputs: where its raw files live,
/// relative to the test's run directory, and when it is compared.
struct OutputSpec {
  Stream stream;            ///< the kind, and how its lines are normalised
  const char* name;         ///< "paniclog", ..., "dovecot": expected/NAME/NNNN
  const char* main_raw;     ///< client-side raw file, e.g. "spool/log/mainlog"
  const char* server_raw;   ///< server-side raw file, or nullptr
  CompareWhen when = CompareWhen::kAlways;
  bool fake_dovecot_only = false;  ///< only produced by our fake_dovecot
};

/// The kinds in runtest's order: paniclog, rejectlog, log, stdout, stderr,
/// then the Dovecot transcript (ours). Normalise in this order so that
/// message ids are numbered as runtest does. mail and msglog come next.
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

/// What upstream runtest looks for in an output (`/\*\*\* truncated \*\*\*/`):
/// Exim cut an overlong log line short there.
inline constexpr std::string_view kTruncatedMarker = "*** truncated ***";

/// Whether \a raw (a raw output file) contains kTruncatedMarker: munge()'s
/// yield, which gates AlignTruncatedLines.
bool HasTruncatedMarker(std::string_view raw);

/// Upstream runtest's rule for truncated lines (check_file, when munge()
/// saw kTruncatedMarker and the golden exists; before `sortlog`). Where Exim
/// truncates depends on user-name lengths, so a different number of lines
/// may precede the marker. Exactly runtest's loop, on the assembled and
/// normalised \a lines against the lines of \a golden: for each line i
/// with the marker, j advances to the golden's next marker line (j is not
/// advanced past it: a later marker line of ours is matched with the same
/// one); none: stop. Then k goes back from i-1 to the line equal (text and
/// "\n") to golden line j-1 (j = 0: the golden's last line, Perl's
/// $saved[-1]); k <= 0 (none, or only line 0): stop. Lines k+1..i-1 are
/// removed. Pure.
void AlignTruncatedLines(std::vector<OutputLine>* lines, std::string_view golden);

/// The line upstream runtest's `sortlog` puts first in the main log it sorted.
inline constexpr char kSortedNote[] = "**NOTE: The delivery lines in this file have been sorted.";

/// Upstream runtest's `sortlog` (check_file's $sortfile), for an assembled
/// and normalised main log: every run of consecutive delivery lines
/// ("DATE TIME ID => / -> / *> / ==> ...", the id as normalised, 23
/// characters) sorted as strings, and kSortedNote put first. Parallel
/// deliveries log in varying order; the sorted text does not. Pure.
void SortDeliveryLines(std::vector<OutputLine>* lines);

}  // namespace harness

#endif  // HARNESS_OUTPUTS_H_
