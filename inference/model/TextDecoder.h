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
#include "inference/ops/FlashAttention.h"

namespace gwb::model {

struct DecoderChunk {
  std::span<const int32_t> ids;  // [T] token ids; multimodal placeholders are looked up as pad
  uint32_t position = 0;         // absolute position of ids[0] (== cache length before the call)
  // Multimodal soft tokens: row t of the embeddings is replaced by softEmbeddings[softRow[t]]
  // (f32 [rows, H]) where softRow[t] >= 0. Both empty for text-only chunks.
  std::span<const float> softEmbeddings;
  std::span<const int32_t> softRow;
};

// LastArgmax: greedy decoding; forward() returns no logits, greedyId() is the argmax of the last
// row's (soft-capped) logits, computed on the GPU (lower index on ties, as torch.argmax).
enum class LogitsRows { None, Last, All, LastArgmax };

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

  // Profiling (`bench`): while on, every dispatch of forward() is GPU-timed; lastTimings() holds
  // (pipeline name, ms) of each dispatch of the last forward().
  void setProfiling(bool on);
  // The id chosen by the last forward() with LogitsRows::LastArgmax.
  int32_t greedyId() const { return greedyId_; }
  // Whether the last forward() replayed a recorded decode step (tests).
  bool lastStepReplayed() const { return lastReplayed_; }
  const std::vector<gpu::RegionTiming>& lastTimings() const;

 private:
  void recordLayer(ops::OpContext& ctx, KvCache& cache, int layer, uint32_t T, uint32_t position);
  bool canReplay(uint32_t T, bool hasSoft, const DecoderTrace* trace, LogitsRows rows) const;

  gpu::Device& device_;
  const TextConfig& cfg_;
  const TextDecoderWeights& w_;
  uint32_t maxChunk_;
  uint32_t maxHeadDim_ = 0, maxMlp_ = 0;
  // Scratch, sized for maxChunk tokens.
  gpu::Buffer ids_, h_, x_, q_, attn_, a_, gate_, up_, ple_, pleTmp_, pleGate_, pleOut_, logits_;
  gpu::Buffer ropeSliding_, ropeFull_;
  gpu::Buffer qkv_;  // [T, (nH + 2 nKV) hd] fused projection output
  // Host-written (mapped) per-step parameters read by the shaders, so a recorded decode step
  // replays unchanged: uint [kStepPosition] = the chunk's first position.
  static constexpr uint32_t kStepPosition = 0;
  static constexpr uint64_t kStepBytes = 256;
  gpu::Buffer step_;
  // Replayed decode steps (one token, no trace / soft tokens): the step is recorded once per
  // (cache, logits mode, profiling) and replayed; its RoPE rows and PLE rows are mapped buffers.
  gpu::Buffer stepRope_[2], stepPle_, stepId_;  // RoPE rows, PLE rows, token id (own buffers: binding offsets)
  std::unique_ptr<gpu::CommandRecorder> replayRec_;
  struct ReplayKey {
    uint64_t cache = 0;
    LogitsRows rows = LogitsRows::None;
    bool profiling = false;
    bool operator==(const ReplayKey&) const = default;
  } replayKey_;
  bool recordingReplay_ = false;  // recordLayer: read the step's inputs from the mapped buffers
  bool profiling_ = false;
  bool lastReplayed_ = false;
  gpu::CommandRecorder* lastRec_ = nullptr;
  std::vector<float> ropeInvFreq_[2];  // [sliding, full] inverse frequencies, empty if no such layer
  gpu::Buffer traceBuf_;
  gpu::Buffer decodeAttnWs_;                          // split-K decode attention partials
  gpu::Buffer greedyLogits_, argmaxWs_, argmaxOut_;   // LogitsRows::LastArgmax
  int32_t greedyId_ = -1;
  ops::FlashWorkspace flash_;  // f16 q/k/v copies for prefill chunks on tensor cores
  // Reused by every forward(): one command buffer, query pool and descriptor pools.
  std::unique_ptr<gpu::CommandRecorder> rec_;
};

}  // namespace gwb::model
