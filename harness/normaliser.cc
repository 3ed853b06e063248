// normaliser.cc - drives the rule table over the lines of one raw file.
#include "harness/normaliser.h"

#include <string>
#include <utility>

#include "harness/normalise_rules.h"

namespace harness {

const char* StreamName(Stream stream) {
  switch (stream) {
    case Stream::kLog: return "log";
    case Stream::kRejectLog: return "rejectlog";
    case Stream::kPanicLog: return "paniclog";
    case Stream::kStdout: return "stdout";
    case Stream::kStderr: return "stderr";
    case Stream::kDovecot: return "dovecot";
  }
  return "?";
}

Normaliser::Normaliser(NormaliseContext context)
    : context_(std::move(context)), state_(std::make_unique<normalise::State>()) {
  state_->caller_uid = std::to_string(context_.caller_uid);
  state_->caller_gid = std::to_string(context_.caller_gid);
  state_->exim_uid = std::to_string(context_.exim_uid);
  state_->exim_gid = std::to_string(context_.exim_gid);
}

Normaliser::~Normaliser() = default;
Normaliser::Normaliser(Normaliser&&) noexcept = default;
Normaliser& Normaliser::operator=(Normaliser&&) noexcept = default;

namespace {

// Runs the rules of \a stream over every line of \a raw and calls
// emit(text, raw_line, number, has_newline) for each line that survives.
template <typename Emit>
void RunRules(std::string_view raw, Stream stream, const NormaliseContext& context,
              normalise::State& state, Emit&& emit) {
  // Per-file state (runtest's munge() locals).
  state.spid.clear();
  state.skipping_indented = false;

  const StreamMask mask = MaskOf(stream);
  // Select the rules of this stream once, not per line.
  std::vector<const normalise::Rule*> rules;
  for (const normalise::Rule& rule : normalise::Rules())
    if (rule.streams & mask) rules.push_back(&rule);

  normalise::Env env{context, state, stream};
  std::string line;
  std::size_t pos = 0;
  int number = 0;
  while (pos < raw.size()) {
    std::size_t nl = raw.find('\n', pos);
    bool has_newline = nl != std::string_view::npos;
    std::size_t end = has_newline ? nl : raw.size();
    std::string_view raw_line = raw.substr(pos, end - pos);
    pos = has_newline ? nl + 1 : raw.size();
    ++number;

    line.assign(raw_line.data(), raw_line.size());
    bool dropped = false;
    for (const normalise::Rule* rule : rules) {
      if (!rule->guard.Admits(line)) continue;
      if (rule->action(line, env, *rule) == normalise::Verdict::kDrop) {
        dropped = true;
        break;
      }
    }
    if (!dropped) emit(line, raw_line, number, has_newline);
  }
}

}  // namespace

std::vector<NormalisedLine> Normaliser::NormaliseLines(std::string_view raw, Stream stream) {
  std::vector<NormalisedLine> out;
  RunRules(raw, stream, context_, *state_,
           [&out](const std::string& text, std::string_view raw_line, int number,
                  bool has_newline) {
             out.push_back(NormalisedLine{text, std::string(raw_line), number, has_newline});
           });
  return out;
}

std::string Normaliser::Normalise(std::string_view raw, Stream stream) {
  std::string out;
  out.reserve(raw.size());
  RunRules(raw, stream, context_, *state_,
           [&out](const std::string& text, std::string_view, int, bool has_newline) {
             out += text;
             if (has_newline) out += '\n';
           });
  return out;
}

std::vector<std::string_view> Normaliser::RuleNames() {
  std::vector<std::string_view> names;
  for (const normalise::Rule& rule : normalise::Rules()) names.push_back(rule.name);
  return names;
}

std::string JoinLines(const std::vector<NormalisedLine>& lines) {
  std::size_t size = 0;
  for (const NormalisedLine& l : lines) size += l.text.size() + 1;
  std::string out;
  out.reserve(size);
  for (const NormalisedLine& l : lines) {
    out += l.text;
    if (l.has_newline) out += '\n';
  }
  return out;
}

}  // namespace harness
