#include "inference/runtime/Session.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "inference/runtime/PrefillChunk.h"
#include "inference/model/MemoryEstimate.h"
#include "inference/runtime/GenerationState.h"

namespace gwb::runtime {

namespace {
double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

uint64_t sessionDeviceBytes(const model::TextConfig& cfg, uint32_t contextLength, uint32_t chunk) {
  model::KvCacheOptions kv;
  kv.contextLength = contextLength;
  kv.elementType = model::DType::F32;  // KvCache stores f32
  uint64_t maxHd = 0, maxMlp = 0, maxQkv = 0;
  const uint64_t H = uint64_t(cfg.hiddenSize), nH = uint64_t(cfg.numAttentionHeads);
  for (const model::TextLayer& l : cfg.layers) {
    maxHd = std::max<uint64_t>(maxHd, uint64_t(l.headDim));
    maxMlp = std::max<uint64_t>(maxMlp, uint64_t(l.mlpWidth));
    maxQkv = std::max<uint64_t>(maxQkv, (nH + 2 * uint64_t(l.numKvHeads)) * uint64_t(l.headDim));
  }
  const uint64_t LP = uint64_t(cfg.numLayers) * uint64_t(cfg.hiddenSizePerLayerInput);
  // Per chunk token: h, x, a, PLE projection [H]; q, attention out [nH hd]; qkv; gate/up [2F] and
  // GeGLU out [F]; PLE inputs and token rows [L P]; the two RoPE tables.
  const uint64_t perToken = 4 * H + 2 * nH * maxHd + maxQkv + 3 * maxMlp + 2 * LP + 2 * maxHd;
  const uint64_t logits = uint64_t(cfg.vocabSize);
  return model::kvCacheBytes(cfg, kv) + (uint64_t(std::min(chunk, contextLength)) * perToken + logits) * 4;
}

Session::Session(const LoadedModel& model, uint32_t contextLength, uint32_t chunk)
    : model_(model),
      decoder_(model.device(), model.config(), model.textWeights(),
               std::min(chunk ? chunk : preferredPrefillChunk(model.device().info(), model.config().text), contextLength)),
      cache_(model.device(), model.config().text, contextLength) {}

std::vector<float> Session::prefillWithEmbeddings(std::span<const int32_t> ids, std::span<const float> soft,
                                                  std::span<const int32_t> softRow, bool allLogits) {
  if (!softRow.empty() && softRow.size() != ids.size()) throw std::invalid_argument("softRow must match ids");
  const uint32_t V = uint32_t(model_.config().text.vocabSize);
  std::vector<float> logits;
  if (allLogits) logits.reserve(ids.size() * V);
  const uint32_t chunk = decoder_.maxChunk();
  for (size_t start = 0; start < ids.size(); start += chunk) {
    const size_t n = std::min<size_t>(chunk, ids.size() - start);
    model::DecoderChunk c;
    c.ids = ids.subspan(start, n);
    c.position = cache_.length();
    if (!softRow.empty()) {
      c.softRow = softRow.subspan(start, n);
      c.softEmbeddings = soft;
    }
    const bool last = start + n == ids.size();
    auto out = decoder_.forward(cache_, c,
                                allLogits ? model::LogitsRows::All
                                          : (last ? model::LogitsRows::Last : model::LogitsRows::None));
    if (allLogits) {
      logits.insert(logits.end(), out.begin(), out.end());
    } else if (last) {
      logits = std::move(out);
    }
  }
  return logits;
}

std::vector<float> Session::prefill(std::span<const int32_t> ids, bool allLogits, model::DecoderTrace* trace) {
  if (trace) {
    // A trace needs the whole prompt in one chunk so its tensors line up with the reference.
    if (ids.size() > decoder_.maxChunk()) throw std::invalid_argument("trace needs the prompt in one chunk");
    model::DecoderChunk c;
    c.ids = ids;
    c.position = cache_.length();
    return decoder_.forward(cache_, c, allLogits ? model::LogitsRows::All : model::LogitsRows::Last, trace);
  }
  return prefillWithEmbeddings(ids, {}, {}, allLogits);
}

std::vector<float> Session::prefillRequest(const GenerateRequest& req, GenerateResult& result) {
  result.promptTokens = int(req.promptIds.size());
  if (req.promptIds.empty()) throw std::invalid_argument("the prompt is empty");
  if (req.promptIds.size() >= cache_.capacity()) {
    throw std::length_error("the prompt has " + std::to_string(req.promptIds.size()) +
                            " tokens but the context holds " + std::to_string(cache_.capacity()) +
                            "; raise the context size or shorten the input");
  }
  reset();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<float> logits = req.softRow.empty()
                                  ? prefill(req.promptIds)
                                  : prefillWithEmbeddings(req.promptIds, req.softEmbeddings, req.softRow);
  result.prefillMs = msSince(t0);
  return logits;
}

GenerateResult Session::generate(const GenerateRequest& req, const StreamCallbacks& cb,
                                 const std::atomic<bool>* cancel) {
  GenerateResult result;
  std::vector<float> logits = prefillRequest(req, result);
  GenerationState state(model_, req, cb, result);
  const auto t1 = std::chrono::steady_clock::now();
  for (;;) {
    if (cancel && cancel->load()) {
      result.reason = StopReason::Cancelled;
      break;
    }
    if (!state.step(logits, decoder_.greedyId(), cache_.length(), cache_.capacity())) break;
    const int32_t one[1] = {state.lastId()};
    model::DecoderChunk c;
    c.ids = one;
    c.position = cache_.length();
    logits = decoder_.forward(cache_, c, state.plainGreedy() ? model::LogitsRows::LastArgmax : model::LogitsRows::Last);
  }
  state.finish();
  result.decodeMs = msSince(t1);
  return result;
}

GenerateResult Session::decodeTokens(int32_t first, int steps, const SamplingOptions& sampling) {
  GenerateResult result;
  Sampler sampler(sampling);
  std::vector<int32_t> history{first};
  int32_t next = first;
  const auto t0 = std::chrono::steady_clock::now();
  for (int step = 0; step < steps && cache_.length() < cache_.capacity(); ++step) {
    const int32_t one[1] = {next};
    model::DecoderChunk c;
    c.ids = one;
    c.position = cache_.length();
    if (sampler.isPlainGreedy()) {
      decoder_.forward(cache_, c, model::LogitsRows::LastArgmax);
      next = decoder_.greedyId();
    } else {
      next = sampler.sample(decoder_.forward(cache_, c, model::LogitsRows::Last), history);
    }
    history.push_back(next);
    result.ids.push_back(next);
  }
  result.decodeMs = msSince(t0);
  return result;
}

}  // namespace gwb::runtime
