#pragma once
// Scaled dot-product attention with grouped-query heads, for all of Gemma 4's uses:
//   q:   f32 [queries, heads, headDim]     (row stride qStride elements, default heads*headDim)
//   k,v: f32 [keys, kvHeads, headDim]      (row stride kvStride, default kvHeads*headDim)
//   out: f32 [queries, heads, headDim]     (row stride outStride, default heads*headDim)
// Query i sits at absolute position queryStart + i; key j at position j. Key j is visible to
// query position qp when:
//   (!causal || j <= qp || (blocks && blocks[j] >= 0 && blocks[j] == blocks[qp]))   causal, or
//                                  bidirectional inside a block (vision tokens on 26B/31B)
//   && (window == 0 || j > qp - window)                                              sliding window
// scores = q·k * scale, optionally capped: cap * tanh(score / cap); softmax in f32; out = p·v.
// KV head of query head h: h / (heads / kvHeads). Rows with no visible key produce zeros.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct AttentionParams {
  uint32_t queries = 0, keys = 0;
  uint32_t heads = 0, kvHeads = 0, headDim = 0;
  uint32_t queryStart = 0;
  bool causal = true;
  uint32_t window = 0;   // 0: no sliding window
  float scale = 1.0f;    // Gemma 4 text: 1.0
  float logitCap = 0.0f; // 0: none
  uint32_t qStride = 0, kvStride = 0, outStride = 0;

  // The row strides in elements, defaults filled in.
  uint32_t qRowStride() const { return qStride ? qStride : heads * headDim; }
  uint32_t kvRowStride() const { return kvStride ? kvStride : kvHeads * headDim; }
  uint32_t outRowStride() const { return outStride ? outStride : heads * headDim; }
};

// blocks: int32 [max(keys, queryStart + queries)] block id per absolute position (-1: none), or empty.
void attention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView blocks, BufferView out,
               const AttentionParams& p, Variant variant = Variant::Auto);

namespace ref {
void attention(const float* q, const float* k, const float* v, const int32_t* blocks, float* out,
               const AttentionParams& p);
}

}  // namespace gwb::ops
