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
#include "inference/model/ResidualStream.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/ops/AttentionGemm.h"
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
  // Host wall time of the last forward(), split where it is spent (`bench` reports it for prefill).
  struct ForwardTimes {
    double inputsMs = 0;  // ids, RoPE tables, PLE row gather on the host (long chunks: on a worker, during recordMs)
    double recordMs = 0;  // recording the dispatches (≈ 0 for a replayed decode step) and waiting for that worker
    double submitMs = 0;  // submit until the GPU is done
  };
  const ForwardTimes& lastForwardTimes() const { return lastTimes_; }
  // Fused decode steps (forward() of one token without a trace): each residual step and norm is
  // done by the prologue of the matvec that consumes it (ops/NormedMatvec.h), 3 dispatches fewer
  // per layer. On by default on GPUs with subgroup arithmetic; tests switch it on lavapipe.
  void setDecodeFusion(bool on);
  bool decodeFusion() const { return fuseDecode_; }
  // In fused decode steps, GeGLU + down projection and PLE gate + PLE projection each as one
  // dispatch (ops/MatvecProject.h, float atomics), 2 dependent dispatches fewer per layer. On by
  // default where the device has float atomics: on the H100 E2B decodes 4-6 % faster with it, E4B
  // ~1 % (docs/benchmarks.md, sessions 18 and 19); `bench --decode-projection` switches it for A/B.
  void setDecodeProjection(bool on);
  bool decodeProjection() const { return projectDecode_ && decodeSums_; }
  // Which tensor-core attention prefill chunks run (decode steps and chunks of fewer than 16
  // tokens keep the f32 kernels): Flash (ops/FlashAttention.h), Matmul (ops/AttentionGemm.h: S and
  // P in memory, the products on the matmul tiles), or Auto, the product's choice (Matmul where it
  // runs; docs/benchmarks.md, "Session 17"). `bench` / `dump --prefill-attention` choose one.
  enum class PrefillAttention { Auto, Flash, Matmul };
  void setPrefillAttention(PrefillAttention a) { prefillAttention_ = a; }

  // Batch decode (TextDecoderBatch.cpp): one new token for each of B sequences, each with its own
  // cache at its own position (ids[b] goes to caches[b] at caches[b]->length()). The matmuls run
  // once over B rows, so every weight is streamed once for all B; q/k norms, RoPE, the K/V append
  // and the attention run per sequence on its own row. Returns f32 [B, vocab] logits for All /
  // Last (row b: sequence b), nothing for None / LastArgmax (greedyIds()). Every cache advances by
  // one. Rows agree bit for bit with forward() of each sequence alone while B <= 8 (the matvec
  // kernels handle each row alone); larger B uses the tiled matmuls (tensor cores: f16 operands).
  // The step is recorded once per set of caches and replayed while the set stays the same.
  std::vector<float> forwardBatch(std::span<KvCache* const> caches, std::span<const int32_t> ids, LogitsRows rows);
  // The ids chosen by the last forwardBatch() with LogitsRows::LastArgmax, one per sequence.
  const std::vector<int32_t>& greedyIds() const { return greedyIds_; }

 private:
  // One sequence's rows of a layer's attention: its cache, where its rows sit in the [T, ...]
  // activations, and its own inputs (RoPE rows, position in a mapped step buffer, query and
  // split-attention scratch: separate buffers per batch slot, so slots need no barriers).
  struct AttentionSlot {
    KvCache* cache = nullptr;
    uint32_t row = 0;       // first row in qkv_ / attn_
    uint32_t tokens = 0;
    uint32_t position = 0;  // cache length before these rows (kernels that take it from the host)
    gpu::BufferView step;   // uint position at stepIndex, read on the GPU
    uint32_t stepIndex = 0;
    gpu::BufferView rope[2];  // [tokens, pairs, 2] cos/sin rows: sliding, full
    gpu::BufferView q;        // f32 [tokens, nH, hd] scratch
    gpu::BufferView attnWs;   // split decode attention partials
    bool stepAttention = false;  // decode attention reads the position from `step` (replayable)
  };
  // The token rows [T, L, P] = table[ids] * sqrt(P) gathered on the GPU from the device copy of the
  // PLE table (PleTableDevice.h; where there is none the host gathers them).
  void gatherPleRows(ops::OpContext& ctx, gpu::BufferView ids, gpu::BufferView tokenRows, uint32_t T);
  // The per-layer inputs ple_ [T, L, P] from the embeddings h [T, H] and the token rows [T, L, P]
  // (both paths: forward() and forwardBatch()).
  void recordPerLayerInputs(ops::OpContext& ctx, gpu::BufferView h, gpu::BufferView tokenRows, uint32_t T);
  void recordLayer(ops::OpContext& ctx, std::span<const AttentionSlot> slots, int layer, uint32_t T);
  // The fused decode step's q/k/v projection with the stream's prologue; false (x settled instead)
  // where a weight has no fused kernel.
  bool recordFusedQkv(ops::OpContext& ctx, int layer, gpu::BufferView qkv, uint32_t qkvWidth);
  // Whether a T-row matmul over this weight reads its x in f16 (xHalf_, ops::matmulReadsHalfX);
  // false for a weight the layer does not have.
  bool readsHalfX(uint32_t T, const DeviceWeight& w) const;
  // x [T, H] in f16 for a matmul with MatmulParams::xType F16: xHalf_ as the last residual step
  // wrote it (xIsHalf_), else x rounded into xHalf_ now.
  gpu::BufferView recordHalfX(ops::OpContext& ctx, gpu::BufferView x, uint32_t T);
  // The residual step h = (h + norm(a) * wa) * scalar, x = norm(h) * wx (ops::residualNorm) over
  // T rows, x written in f16 into xHalf_ for a consumer that reads f16 (readsHalfX), else in f32
  // into x_; sets xIsHalf_ to match.
  void recordResidualNorm(ops::OpContext& ctx, gpu::BufferView a, gpu::BufferView wa, gpu::BufferView wx, uint32_t T,
                          float scalar, bool consumerReadsHalf);
  // Throws where x was written in f16 for a consumer about to read it in f32 (an internal error).
  void requireF32X() const;
  // q/k norms + RoPE + K/V append for every slot, then each slot's attention into attn_.
  // outHalf: every slot runs flash attention, which writes o in f16 for an o projection that
  // reads it so (attentionWritesHalf).
  // oSplits != 0: the one slot's attention leaves its splits unmerged for the o projection
  // (DecodeAttentionInput::partialsOnly, ops::matvecProjectAttention) instead of writing attn_.
  void recordAttention(ops::OpContext& ctx, std::span<const AttentionSlot> slots, int layer, uint32_t qkvWidth,
                       bool outHalf, uint32_t oSplits = 0);
  // Whether a fused decode step's attention input runs for this slot (ops::DecodeAttentionInput).
  bool fusesAttentionInput(const AttentionSlot& slot, int layer) const;
  // The splits per head the o projection merges where it takes the attention's merge
  // (ops::matvecProjectAttention: a fused one-slot decode step, o in column bands); else 0.
  uint32_t oProjectionMergeSplits(std::span<const AttentionSlot> slots, int layer, uint32_t T) const;
  bool attentionWritesHalf(std::span<const AttentionSlot> slots, int layer, uint32_t T) const;
  // The attention of `layer` for T queries after `position` cached tokens, and whether a chunk of
  // T tokens runs it as matmuls (ops/AttentionGemm.h) rather than flash attention.
  ops::AttentionParams attentionParams(int layer, uint32_t T, uint32_t position) const;
  bool useMatmulAttention(const ops::AttentionParams& p) const;
  bool canReplay(uint32_t T, bool hasSoft, const DecoderTrace* trace, LogitsRows rows) const;
  // The dequant scratch for a prefill chunk of T tokens over block-quantized weights on an f16
  // tensor-core GPU (ops::DequantScratch; allocated on first use), or empty where not used.
  ops::DequantScratch prefillDequantScratch(uint32_t T);
  // Scratch for the prefill matmuls split over k across workgroups (ops/MatmulSplitK.h) on
  // tensor-core GPUs (allocated on first use, grown as chunks need), or empty where not used.
  gpu::BufferView prefillSplitKScratch(uint32_t T);

  gpu::Device& device_;
  const TextConfig& cfg_;
  const TextDecoderWeights& w_;
  uint32_t maxChunk_;
  uint32_t maxHeadDim_ = 0, maxMlp_ = 0;
  // Scratch, sized for maxChunk tokens.
  gpu::Buffer ids_, h_, x_, q_, attn_, a_, gate_, up_, ple_, pleTmp_, pleGate_, pleOut_, logits_;
  gpu::Buffer ropeSliding_, ropeFull_;
  // x rounded to f16 [maxChunk, H] for the prefill matmuls that read it so (ops::matmulReadsHalfX:
  // tensor-core GPUs), or empty; the GeGLU output is then written in f16 into up_ too.
  gpu::Buffer xHalf_;
  // Whether the normed x of the current layer lives in xHalf_ only (the residual step wrote it in
  // f16 because its consumer reads f16; x_ is then stale). Reset where a norm writes x_ in f32.
  bool xIsHalf_ = false;
  gpu::Buffer inputStage_;  // mapped: a long chunk's ids / RoPE / PLE rows, copied by its own submit
  ForwardTimes lastTimes_;
  gpu::Buffer qkv_;  // [T, (nH + 2 nKV) hd] fused projection output
  // Fused decode steps: the residual stream ping-pongs between h_ and h2_ ([H]); fusingStep_ is
  // set while forward() records such a step (recordLayer then defers its residual steps).
  gpu::Buffer h2_;
  ResidualStream stream_;
  bool fuseDecode_ = false, fusingStep_ = false;
  // The projected matvecs' outputs [layers][3][H] (MLP, PLE, o), zeroed at the start of each fused
  // step; rows decodeSumStride_ bytes apart. Empty without float atomics.
  gpu::Buffer decodeSums_;
  uint64_t decodeSumStride_ = 0;
  bool projectDecode_ = true;
  // which: 0 the MLP (GeGLU + down), 1 the PLE projection, 2 the o projection.
  static constexpr uint64_t kDecodeSumsPerLayer = 3;
  gpu::BufferView decodeSum(int li, int which) const;
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
  // Prefill over block-quantized weights on tensor cores (QuantMatmul.h): an f16 copy of the
  // largest quantized matrix and the mapped out-of-range bit. Once a weight proved to hold values
  // beyond f16's range, every chunk stays on the f32 kernels (dequantRangeExceeded_).
  gpu::Buffer dequantF16_, dequantStatus_;
  gpu::Buffer splitKScratch_;  // prefillSplitKScratch
  bool dequantRangeExceeded_ = false;
  gpu::Buffer greedyLogits_, argmaxWs_, argmaxOut_;   // LogitsRows::LastArgmax
  int32_t greedyId_ = -1;
  ops::FlashWorkspace flash_;  // f16 q/k/v copies for prefill chunks on tensor cores
  ops::AttentionGemmWorkspace attnGemm_;  // the same and S / P for ops::attentionGemm
  PrefillAttention prefillAttention_ = PrefillAttention::Auto;
  // Reused by every forward(): one command buffer, query pool and descriptor pools.
  std::unique_ptr<gpu::CommandRecorder> rec_;
  // forwardBatch(): mapped inputs for up to batchCapacity_ sequences (positions, ids, RoPE rows
  // at aligned strides, PLE rows), per-slot scratch, logits, and the recorded step with its key.
  void reserveBatch(uint32_t B);
  uint32_t batchCapacity_ = 0;
  uint64_t batchRopeStride_ = 0, batchArgmaxStride_ = 0;  // bytes between slots' rows
  gpu::Buffer batchPos_, batchIds_, batchRope_[2], batchPle_, batchLogits_, batchGreedyLogits_, batchArgmaxOut_;
  std::vector<gpu::Buffer> batchQ_, batchAttnWs_, batchArgmaxWs_;
  std::unique_ptr<gpu::CommandRecorder> batchRec_;
  struct BatchKey {
    std::vector<uint64_t> caches;
    LogitsRows rows = LogitsRows::None;
    bool profiling = false;
    bool operator==(const BatchKey&) const = default;
  } batchKey_;
  std::vector<int32_t> greedyIds_;
};

}  // namespace gwb::model
