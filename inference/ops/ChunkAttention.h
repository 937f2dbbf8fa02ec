#pragma once
// Local self-attention with a relative-position bias and a logit soft-cap: the attention of Gemma
// 4's audio conformer (HF Gemma4AudioAttention; design/gemma4-media.md §5.3). HF computes it over
// blocks of `attention_chunk_size` queries with a context of past/future keys, a Transformer-XL
// `_rel_shift` of q·R and a blocked mask; every visible (query, key) pair then gets exactly the
// logit below, so the op computes it densely over the band of visible keys:
//   q, k, v: f32 [tokens, heads, headDim] (row strides qStride / kvStride, default heads·headDim);
//            q already carries q_scale·softplus(per_dim_scale) and k the k_scale (HF does both
//            before the blocking).
//   rel:     f32 [numRel, heads, headDim] (row stride relStride): rel row r = relative_k_proj of
//            the sinusoid of position value r.
//   key s is visible to query t (d = t − s) when  0 ≤ d < leftWindow  or  0 < −d < rightWindow
//            (HF sliding_window_mask_function((context_left − 1, context_right)); keys past the
//            last token do not exist: callers run the valid tokens only).
//   logit  = q_t·k_s + (0 ≤ d + relOffset < numRel ? q_t·rel[d + relOffset] : 0)
//   logit  = cap·tanh(logit / cap)  (cap > 0; HF caps before masking)
//   out_t  = Σ_s softmax(logit)_s · v_s (f32); a query with no visible key gets zeros.
// For Gemma 4 (chunk C, context_left L, context_right R): leftWindow = L − 1, rightWindow = R,
// numRel = ctx/2 + 1 and relOffset = ctx/2 − (L − 1) with ctx = C + (L − 1) + R: HF's rel rows
// are the positions ctx/2 … 0, and its shift gives the key at distance d the row of position
// d + relOffset, or none when that is negative (E2B: C 12, L 13, R 0 → 12 keys, rows 0..12, offset 0).
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct ChunkAttentionParams {
  uint32_t tokens = 0, heads = 0, headDim = 0;
  uint32_t leftWindow = 0;   // keys at distance 0..leftWindow-1 in the past (the query itself included)
  uint32_t rightWindow = 0;  // keys at distance 1..rightWindow-1 in the future
  uint32_t numRel = 0;       // rows of rel
  int32_t relOffset = 0;     // rel row of the key at distance d: d + relOffset
  float logitCap = 0.0f;     // 0: none
  uint32_t qStride = 0, kvStride = 0, relStride = 0, outStride = 0;  // 0: heads·headDim
};

void chunkAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView rel, BufferView out,
                    const ChunkAttentionParams& p);

// The ChunkAttentionParams of HF's chunked audio attention (see above).
ChunkAttentionParams audioChunkAttentionParams(uint32_t tokens, uint32_t heads, uint32_t headDim, uint32_t chunkSize,
                                               uint32_t contextLeft, uint32_t contextRight, float logitCap);

namespace ref {
void chunkAttention(const float* q, const float* k, const float* v, const float* rel, float* out,
                    const ChunkAttentionParams& p);
// HF's blocked computation itself (blocks, context windows, _rel_shift, blocked mask), for the
// checks: proves the dense form above equals it for a given chunk/context geometry. Keys at
// validTokens and later are masked (HF's padding mask; queries there are computed anyway, as HF does).
void blockedAudioAttention(const float* q, const float* k, const float* v, const float* rel, float* out,
                           uint32_t tokens, uint32_t heads, uint32_t headDim, uint32_t chunkSize, uint32_t contextLeft,
                           uint32_t contextRight, float logitCap, uint32_t validTokens);
}  // namespace ref

}  // namespace gwb::ops
