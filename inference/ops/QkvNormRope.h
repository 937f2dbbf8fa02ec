#pragma once
// The decoder's attention input fused into one dispatch: from the fused q/k/v projection
//   q = rope(rmsnorm(q) * wq)                      -> q [tokens, qHeads, headDim]
//   k = rope(rmsnorm(k) * wk), v = rmsnorm(v)      -> KV cache rows position + t
// (design/gemma4-text.md: q_norm / k_norm with weights, v_norm without, rotate-half RoPE over the
// first rotatedPairs pairs from a host cos/sin table as ops::rope). kvHeads == 0 for KV-shared
// layers (only q). The cache row comes from a host-written step buffer (uint at stepIndex), so a
// recorded decode step can be replayed at the next position unchanged.
//   qkv: f32 [tokens, qkvStride] holding q [qHeads*hd], k [kvHeads*hd], v [kvHeads*hd] per token
//   kCache, vCache: f32 [capacity, kvHeads, headDim]; cosSin: [tokens, rotatedPairs, 2]
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct QkvNormRopeParams {
  uint32_t tokens = 0;
  uint32_t qHeads = 0, kvHeads = 0;
  uint32_t headDim = 0;
  uint32_t rotatedPairs = 0;
  uint32_t qkvStride = 0;  // elements per token in qkv (0: (qHeads + 2 kvHeads) * headDim)
  uint32_t stepIndex = 0;  // uint index of the first position in the step buffer
  float eps = 1e-6f;
};

// kCache / vCache / wk may be empty views when kvHeads == 0.
void qkvNormRope(OpContext& ctx, BufferView qkv, BufferView wq, BufferView wk, BufferView cosSin, BufferView q,
                 BufferView kCache, BufferView vCache, BufferView step, const QkvNormRopeParams& p);

namespace ref {
void qkvNormRope(const float* qkv, const float* wq, const float* wk, const float* cosSin, float* q, float* kCache,
                 float* vCache, uint32_t position, const QkvNormRopeParams& p);
}

// Registered under the "rope" family.
void addQkvNormRopeChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
