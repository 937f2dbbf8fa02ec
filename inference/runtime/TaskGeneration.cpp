#include "inference/runtime/TaskGeneration.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "inference/runtime/BatchDecode.h"
#include "inference/runtime/PrefillChunk.h"

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

GenerateRequest TaskGeneration::buildRequest(std::vector<MediaEmbedding> media, const std::string& instruction,
                                             const TaskPreset& settings, size_t& needed) const {
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
  needed = g.promptIds.size() + size_t(g.maxNewTokens) + 1;
  const auto maxContext = size_t(model_.config().text.maxPositionEmbeddings);
  if (needed > maxContext) {
    throw std::runtime_error("the prompt needs " + std::to_string(needed) + " tokens, more than the model's context of " +
                             std::to_string(maxContext));
  }
  return g;
}

Session& TaskGeneration::session(size_t slot, size_t needed) {
  if (sessions_.size() <= slot) sessions_.resize(slot + 1);
  std::unique_ptr<Session>& s = sessions_[slot];
  if (!s || s->contextLength() < needed) {
    s.reset();
    s = std::make_unique<Session>(model_, uint32_t(needed));
  }
  return *s;
}

void TaskGeneration::count(const GenerateResult& r, bool addDecodeMs) {
  result_.promptTokens += r.promptTokens;
  result_.generatedTokens += int(r.ids.size());
  if (r.reason == StopReason::MaxTokens) ++result_.answersAtTokenLimit;
  result_.prefillMs += r.prefillMs;
  if (addDecodeMs) result_.decodeMs += r.decodeMs;
  if (r.reason == StopReason::Cancelled) result_.cancelled = true;
}

std::string TaskGeneration::generate(std::vector<MediaEmbedding> media, const std::string& instruction,
                                     const TaskPreset& settings, bool stream) {
  size_t needed = 0;
  const GenerateRequest g = buildRequest(std::move(media), instruction, settings, needed);
  StreamCallbacks scb;
  if (stream) scb.onAnswer = cb_.onAnswer;
  const GenerateResult r = session(0, needed).generate(g, scb, cancel_);
  count(r);
  return trim(r.answer);
}

void TaskGeneration::generateBatch(size_t n, const std::function<BatchItem(size_t)>& produce,
                                   const std::string& instruction, bool stream,
                                   const std::function<bool(size_t, const std::string&)>& onDone) {
  // Ordered streaming: pieces of the first generation not yet handed out go straight through,
  // later ones wait in `pending` until it is their turn.
  size_t head = 0;
  bool stopped = false;
  std::vector<std::vector<std::string>> pending(n);
  BatchDecode batch(model_);
  for (size_t k = 0; k < n; ++k) {
    if (cancel_ && cancel_->load()) break;  // the batch run ends the ones added as cancelled
    BatchItem item = produce(k);
    size_t needed = 0;
    const GenerateRequest g = buildRequest(std::move(item.media), instruction, item.settings, needed);
    StreamCallbacks scb;
    if (stream && cb_.onAnswer) {
      scb.onAnswer = [&, k](const std::string& piece) {
        if (stopped) return;
        if (k == head) cb_.onAnswer(piece);
        else pending[k].push_back(piece);
      };
    }
    batch.add(session(k, needed), g, scb);
  }
  std::vector<bool> done(batch.size(), false);
  const auto t0 = std::chrono::steady_clock::now();
  batch.run(cancel_, [&](size_t i) {
    done[i] = true;
    while (!stopped && head < batch.size() && done[head]) {
      const GenerateResult& r = batch.result(head);
      if (r.reason == StopReason::Cancelled || !onDone(head, trim(r.answer))) {
        stopped = true;
        break;
      }
      ++head;
      if (head < batch.size()) {
        // As between generate() calls: a cancel seen here starts (streams) no further answer.
        if (cancel_ && cancel_->load()) {
          result_.cancelled = true;
          stopped = true;
          break;
        }
        for (const std::string& piece : pending[head]) cb_.onAnswer(piece);
        pending[head].clear();
      }
    }
  });
  result_.decodeMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  for (size_t k = 0; k < batch.size(); ++k) {
    count(batch.result(k), /*addDecodeMs=*/false);
    // Answers never handed out (decoded past a cancel) are not the output's, nor its cut-short ones.
    if (k >= head && batch.result(k).reason == StopReason::MaxTokens) --result_.answersAtTokenLimit;
  }
  if (batch.size() < n) result_.cancelled = true;  // cancelled before every generation was prefilled
}

size_t TaskGeneration::batchSize(size_t contextTokens) const {
  const size_t wanted = std::clamp<size_t>(request_.segmentBatch > 0 ? size_t(request_.segmentBatch) : kDefaultBatch,
                                           1, kMaxBatch);
  const gpu::Device& dev = model_.device();
  const uint64_t inUse = model_.device().memory().stats().bytesInUse;
  const uint64_t total = dev.info().deviceLocalBytes;
  const uint64_t perSession = sessionDeviceBytes(
      model_.config().text, uint32_t(contextTokens), preferredPrefillChunk(dev.info(), model_.config().text));
  // Half of what is free, so the encoders and the final generation keep room.
  const uint64_t fits = total > inUse && perSession ? (total - inUse) / 2 / perSession : 0;
  return std::clamp<size_t>(size_t(std::min<uint64_t>(fits, wanted)), 1, wanted);
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
