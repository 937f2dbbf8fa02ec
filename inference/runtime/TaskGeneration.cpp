#include "inference/runtime/TaskGeneration.h"

#include <stdexcept>
#include <utility>

namespace gwb::runtime {

namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

}  // namespace

TaskGeneration::TaskGeneration(const LoadedModel& model, const TaskRequest& req, const TaskCallbacks& cb,
                               const std::atomic<bool>* cancel, TaskResult& result)
    : model_(model), request_(req), cb_(cb), cancel_(cancel), result_(result) {
  preset_ = *req.preset;
  if (req.maxNewTokens > 0) preset_.maxNewTokens = req.maxNewTokens;
  if (req.sampling) preset_.sampling = req.sampling;
  if (req.budget > 0) preset_.budget = req.budget;
  instruction_ = taskPrompt(preset_, req.params);
}

std::string TaskGeneration::generate(std::vector<MediaEmbedding> media) {
  return generate(std::move(media), instruction_, preset_, true);
}

std::string TaskGeneration::generate(std::vector<MediaEmbedding> media, const std::string& instruction,
                                     const TaskPreset& settings, bool stream) {
  std::vector<text::ContentPart::Kind> kinds;
  for (const MediaEmbedding& m : media) kinds.push_back(m.kind);
  text::Conversation conv;
  conv.messages.push_back(userMessage(kinds, instruction));
  text::RenderOptions ro;
  ro.enableThinking = settings.thinking;
  MediaPrompt p = buildMediaPrompt(model_, conv, media, ro);

  GenerateRequest g;
  g.promptIds = std::move(p.ids);
  g.softEmbeddings = std::move(p.softEmbeddings);
  g.softRow = std::move(p.softRow);
  g.maxNewTokens = request_.maxNewTokens > 0 ? request_.maxNewTokens : settings.maxNewTokens;
  const std::optional<SamplingOptions> sampling = request_.sampling ? request_.sampling : settings.sampling;
  g.sampling = sampling ? *sampling : defaultSampling();
  const size_t needed = g.promptIds.size() + size_t(g.maxNewTokens) + 1;
  const auto maxContext = size_t(model_.config().text.maxPositionEmbeddings);
  if (needed > maxContext) {
    throw std::runtime_error("the prompt needs " + std::to_string(needed) + " tokens, more than the model's context of " +
                             std::to_string(maxContext));
  }
  if (!session_ || session_->contextLength() < needed) {
    session_.reset();
    session_ = std::make_unique<Session>(model_, uint32_t(needed));
  }
  StreamCallbacks scb;
  if (stream) scb.onAnswer = cb_.onAnswer;
  const GenerateResult r = session_->generate(g, scb, cancel_);
  result_.promptTokens += r.promptTokens;
  result_.generatedTokens += int(r.ids.size());
  if (r.reason == StopReason::Cancelled) result_.cancelled = true;
  return trim(r.answer);
}

SamplingOptions TaskGeneration::defaultSampling() const {
  const model::GenerationConfig& gen = model_.generation();
  SamplingOptions s;
  if (gen.doSample) {
    s.temperature = float(gen.temperature);
    s.topK = int(gen.topK);
    s.topP = float(gen.topP);
  }
  return s;
}

}  // namespace gwb::runtime
