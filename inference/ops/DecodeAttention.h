#pragma once
// Decode attention split over key ranges ("flash decoding"): one query per head (a decode step)
// against a long KV cache, as ops::attention computes it (same AttentionParams, same visibility:
// causal with an optional sliding window; no blocks, no logit cap), but spread over many
// workgroups: pass 1 (attention_decode.comp) gives each (KV head, query-head group, key split)
// its own subgroup and writes a partial softmax, pass 2 (attention_decode_merge.comp) merges the
// splits per head — or, with few splits (kMaxSplitsMergedInPass: a sliding layer's window), the
// last workgroup of each head group to finish pass 1 merges them itself (one dispatch).
//   q: f32 [heads, headDim]; k, v: f32 [keys, kvHeads, headDim] (row stride kvStride or
//   kvHeads*headDim); out: f32 [heads, headDim]; workspace: decodeAttentionWorkspaceBytes().
#include <string>

#include "inference/ops/Attention.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

// At most this many splits (attention_decode_merge.comp MAX_SPLITS): a replayed step records the
// splits of its deepest key count, and every recorded workgroup launches at every depth, the
// ones past the keys exiting at once. 1024 splits cost an E2B full-attention layer ~27 us of
// empty workgroups at depth 512 in a 33k context; 128 gave E2B decode @512 / @4096 / @32768 in
// that context 327 / 307 / 244 tok/s against 309 / 294 / 203 at 1024 (H100, session 13).
constexpr uint32_t kDecodeAttentionMaxSplits = 128;

// Whether the split kernel runs this shape on this device: one query, no blocks / cap, a head
// dim of whole vec4s per lane (headDim % (4 * subgroup size) == 0, at most 8 per lane), rows
// of whole vec4s, and subgroup arithmetic.
bool decodeAttentionSupported(const gpu::DeviceInfo& device, const AttentionParams& p);
// The workspace: the partials at its start, one counter per head group in its last heads x 4
// bytes, which must start at zero (pass 1 leaves them at zero): make it with
// makeDecodeAttentionWorkspace (or zero decodeAttentionCounters), and pass the same whole view to
// every call, whatever its head dim.
uint64_t decodeAttentionWorkspaceBytes(uint32_t heads, uint32_t headDim);
BufferView decodeAttentionCounters(BufferView workspace, uint32_t heads);
gpu::Buffer makeDecodeAttentionWorkspace(gpu::Device& device, uint32_t heads, uint32_t headDim, const std::string& name);
// At most this many splits are merged by pass 1's last workgroup (each of its invocations reads
// every split's record); more go to the merge dispatch.
constexpr uint32_t kMaxSplitsMergedInPass = 16;
// Splits the kernel uses for `visibleKeys` keys (exposed for the checks).
uint32_t decodeAttentionSplits(uint32_t visibleKeys);

// A replayable step: the query position is read on the GPU from `buffer` (uint at `index`; keys
// = position + 1, p.keys / p.queryStart are ignored) and the split count is fixed for up to
// maxKeys keys, so the recorded dispatches stay valid at every position below maxKeys.
struct DecodeAttentionStep {
  BufferView buffer;
  uint32_t index = 0;
  uint32_t maxKeys = 0;
};

void decodeAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out, BufferView workspace,
                     const AttentionParams& p, const DecodeAttentionStep* step = nullptr);

// The attention input fused into pass 1: a decode step's q/k norms, RoPE and K/V cache append
// (ops::qkvNormRope's work) done by the attention's workgroups, one dispatch and barrier fewer
// per layer. `qkv` replaces q; with appendKv the query's own k/v (after q in qkv) are written to
// cache row queryPos of k / v, which the call then reads up to and including that row.
//   qkv: f32 [heads + 2 kvHeads (appendKv) or heads, headDim]; wq, wk: f32 [headDim]
//   cosSin: [rotatedPairs, 2] for the query's position
struct DecodeAttentionInput {
  BufferView qkv, wq, wk, cosSin;
  uint32_t rotatedPairs = 0;
  bool appendKv = false;  // false for KV-shared layers (their cache is written by another layer)
  float eps = 1e-6f;
  // Leave the splits unmerged: pass 1 writes a record for every recorded split (an empty one,
  // max -1e30 and sum 0, where a split holds no keys) and out is not written; the consumer merges
  // them (ops::matvecProjectAttention, the o projection), saving the merge's round trips.
  bool partialsOnly = false;
};
// The partials a partialsOnly call leaves at the start of its workspace: [heads, splits, headDim + 4]
// floats per head, (max, sum, 0, 0) then the unnormalised output; `splits` records per head.
uint32_t decodeAttentionRecordedSplits(const AttentionParams& p, const DecodeAttentionStep* step);
// decodeAttentionSupported, and the pairs of rotate-half in the same lane (an even number of
// vec4 per lane: Gemma's head dims 256 / 512 on 32-wide subgroups, 64..256 on 8-wide ones), and
// whole vec4s of rotated pairs (rotatedPairs % 4 == 0).
bool decodeAttentionInputSupported(const gpu::DeviceInfo& device, const AttentionParams& p, uint32_t rotatedPairs);
void decodeAttention(OpContext& ctx, const DecodeAttentionInput& input, BufferView k, BufferView v, BufferView out,
                     BufferView workspace, const AttentionParams& p, const DecodeAttentionStep* step = nullptr);

// Checks (registered under the "attention" family by addAttentionChecks).
void addDecodeAttentionChecks(CheckList& list, const gpu::DeviceInfo& device);
void addDecodeAttentionInputChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
