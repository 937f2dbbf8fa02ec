#pragma once
// One conversation with a loaded model: the KV cache, chunked prefill, the decode loop with
// sampling, stop tokens, streaming text, thinking kept apart from the answer, and cancel from
// another thread (checked before every decode step).
#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "inference/model/KvCache.h"
#include "inference/model/TextDecoder.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Sampler.h"

namespace gwb::runtime {

struct GenerateRequest {
  std::vector<int32_t> promptIds;
  SamplingOptions sampling;
  int maxNewTokens = 256;
  std::vector<int32_t> stopIds;  // empty: the checkpoint's (generation_config.json eos ids)
  bool ignoreStopIds = false;    // `dump --greedy`: EOS is not special
  // Media prompts (MediaPrompt.h): softRow empty, or one entry per prompt id giving the row of
  // softEmbeddings ([rows, text hidden]) that replaces that id's embedding (−1: a text token).
  std::vector<float> softEmbeddings;
  std::vector<int32_t> softRow;
};

enum class StopReason { StopToken, MaxTokens, Cancelled, ContextFull };

struct GenerateResult {
  std::vector<int32_t> ids;  // generated ids (the stop token included if one ended it)
  std::string answer;
  std::string thinking;
  StopReason reason = StopReason::MaxTokens;
  int promptTokens = 0;
  double prefillMs = 0, decodeMs = 0;
};

struct StreamCallbacks {
  std::function<void(const std::string&)> onAnswer;    // answer text pieces, whole UTF-8 only
  std::function<void(const std::string&)> onThinking;  // thinking text pieces
  std::function<void(int32_t)> onToken;                // every generated id
};

// About the device memory one Session takes: its KV cache (f32) and its decoder's scratch for
// prefill chunks of `chunk` tokens (TextDecoder's activation buffers and logits). Used to size
// batches of sessions (TaskGeneration::batchSize).
uint64_t sessionDeviceBytes(const model::TextConfig& config, uint32_t contextLength, uint32_t chunk);

class Session {
 public:
  // contextLength: KV cache capacity in tokens; chunk: prefill chunk size (0: the device's
  // preferredPrefillChunk).
  Session(const LoadedModel& model, uint32_t contextLength, uint32_t chunk = 0);

  // Runs ids through the decoder after what is already cached; returns logits of the last token
  // ([vocab]) or of every token ([ids, vocab]) with allLogits.
  std::vector<float> prefill(std::span<const int32_t> ids, bool allLogits = false,
                             model::DecoderTrace* trace = nullptr);
  // Multimodal prefill: soft embeddings replace the rows marked in softRow (see DecoderChunk).
  std::vector<float> prefillWithEmbeddings(std::span<const int32_t> ids, std::span<const float> softEmbeddings,
                                           std::span<const int32_t> softRow, bool allLogits = false);

  // Prefill of request.promptIds (the cache is reset first), then decode until a stop token,
  // maxNewTokens, the context's end, or cancel.
  GenerateResult generate(const GenerateRequest& request, const StreamCallbacks& callbacks = {},
                          const std::atomic<bool>* cancel = nullptr);
  // generate()'s first half: checks the prompt, resets the cache and prefills request.promptIds
  // (with its soft embeddings); returns the last token's logits and sets promptTokens /
  // prefillMs. BatchDecode then decodes several such sessions together.
  std::vector<float> prefillRequest(const GenerateRequest& request, GenerateResult& result);

  // Decodes `steps` tokens from the current cache: feeds `first`, then each sampled token (no
  // stop tokens). Used by `bench` after prefill or KvCache::fillRandomForBench; decodeMs is the
  // wall time of the steps.
  GenerateResult decodeTokens(int32_t first, int steps, const SamplingOptions& sampling);

  model::TextDecoder& decoder() { return decoder_; }
  model::KvCache& mutableCache() { return cache_; }

  void reset() { cache_.clear(); }
  uint32_t position() const { return cache_.length(); }
  uint32_t contextLength() const { return cache_.capacity(); }
  const model::KvCache& cache() const { return cache_; }

 private:
  const LoadedModel& model_;
  model::TextDecoder decoder_;
  model::KvCache cache_;
};

}  // namespace gwb::runtime
