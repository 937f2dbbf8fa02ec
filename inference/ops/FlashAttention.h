#pragma once
// Flash-style attention for many query rows (prefill chunks, encoders) on tensor cores
// (GL_NV_cooperative_matrix). Same semantics and parameters as ops::attention (Attention.h)
// except bidirectional blocks, which stay on the portable kernel:
//   q:   f32 [queries, heads, headDim]  (row stride qStride)
//   k,v: f32 [keys, kvHeads, headDim]   (row stride kvStride)
//   out: f32 [queries, heads, headDim]  (row stride outStride), or f16 (outType; rounded once
//        from the f32 sums, for a consumer that reads f16 such as a matmul with x in f16)
// q, k and v are first packed into f16 copies in a workspace (flash_attention_pack.comp; the
// queries of the heads that share a KV head are folded into one [queries x heads/kvHeads, headDim]
// matrix, stored in 16 x 16 blocks), then flash_attention.comp runs one pass with an online
// softmax, a workgroup per KV head and 32 or 64 of those rows, so each K / V tile is read once for
// all the query heads of its KV head.
// Precision: operands and the softmax weights are rounded to f16 (unit roundoff 2^-11), all sums
// are f32: results agree with the f32 kernel to a few 1e-3 of max|out| (the checks state the bound).
#include "inference/ops/Attention.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

// f16 copies of q, k, v. Grow it with reserve() before recording (a buffer that is replaced while
// recorded dispatches still use it would be freed too early); flashAttention() checks the size.
class FlashWorkspace {
 public:
  void reserve(gpu::Device& device, uint32_t queries, uint32_t heads, uint32_t keys, uint32_t kvHeads,
               uint32_t headDim);
  // The copies as reserved (flashAttention checks that they are large enough).
  const gpu::Buffer& queries() const { return q_; }
  const gpu::Buffer& keys() const { return k_; }
  const gpu::Buffer& values() const { return v_; }

 private:
  gpu::Buffer q_, k_, v_;
};

// Whether flashAttention runs on this device for this head dim (16, 32, 64, 128, 256, 512).
bool flashAttentionSupported(const gpu::DeviceInfo& device, uint32_t headDim);

void flashAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                    const AttentionParams& p, FlashWorkspace& ws, DType outType = DType::F32);

}  // namespace gwb::ops
