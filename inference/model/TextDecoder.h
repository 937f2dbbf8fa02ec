#pragma once
// The Gemma 4 text decoder on the GPU (design/gemma4-text.md §2–4): records one forward pass of
// a chunk of tokens at a position, appending their K/V to the cache, and returns logits.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/Device.h"
#include "inference/model/KvCache.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoderWeights.h"

namespace gwb::model {

struct DecoderChunk {
  std::span<const int32_t> ids;  // [T] token ids; multimodal placeholders are looked up as pad
  uint32_t position = 0;         // absolute position of ids[0] (== cache length before the call)
  // Multimodal soft tokens: row t of the embeddings is replaced by softEmbeddings[softRow[t]]
  // (f32 [rows, H]) where softRow[t] >= 0. Both empty for text-only chunks.
  std::span<const float> softEmbeddings;
  std::span<const int32_t> softRow;
};

enum class LogitsRows { None, Last, All };

// Intermediate tensors for parity tests and `dump` (host copies, f32).
struct DecoderTrace {
  std::vector<float> inputsEmbeds;   // [T, H]
  std::vector<float> perLayerInputs; // [T, L, P] (empty without PLE)
  std::vector<float> hiddenStates;   // [L + 1, T, H]: embeddings, each layer's output, final normed
};

class TextDecoder {
 public:
  // maxChunk: the most tokens one forward() takes (scratch buffers are sized for it).
  TextDecoder(gpu::Device& device, const ModelConfig& config, const TextDecoderWeights& weights, uint32_t maxChunk);

  uint32_t maxChunk() const { return maxChunk_; }
  const TextConfig& config() const { return cfg_; }

  // Runs the chunk and returns logits (after the soft-cap) of the requested rows, f32
  // [rows, vocab]. The cache's length advances by T.
  std::vector<float> forward(KvCache& cache, const DecoderChunk& chunk, LogitsRows rows,
                             DecoderTrace* trace = nullptr);

 private:
  void recordLayer(ops::OpContext& ctx, KvCache& cache, int layer, uint32_t T, uint32_t position);

  gpu::Device& device_;
  const TextConfig& cfg_;
  const TextDecoderWeights& w_;
  uint32_t maxChunk_;
  uint32_t maxHeadDim_ = 0, maxMlp_ = 0;
  // Scratch, sized for maxChunk tokens.
  gpu::Buffer ids_, h_, x_, q_, attn_, a_, gate_, up_, ple_, pleTmp_, pleGate_, pleOut_, logits_;
  gpu::Buffer ropeSliding_, ropeFull_;
  std::vector<float> ropeInvFreq_[2];  // [sliding, full] inverse frequencies, empty if no such layer
  gpu::Buffer traceBuf_;
  // Reused by every forward(): one command buffer, query pool and descriptor pools.
  std::unique_ptr<gpu::CommandRecorder> rec_;
};

}  // namespace gwb::model
