#pragma once
// Attention for prefill chunks as two matmuls on tensor cores with a softmax between them. Per KV
// head and per slab of query rows (the G = heads / kvHeads query heads of the KV head folded, row =
// query * G + head % G):
//   S = Q K^T    matmul_coopmat.comp ATTN = 1: Q, K in f16, S f32 [rows, keys]; blocks of S outside
//                the causal / window band are skipped
//   P = softmax  attention_softmax.comp: over each row's visible keys, with scale and logit cap; f16
//   O = P V      ATTN = 2: only the band's k steps; O straight into out's [queries, heads, hd] rows
// Same semantics and parameters as ops::attention (Attention.h) without bidirectional blocks.
// Flash attention (FlashAttention.h) keeps S and P on chip but walks the keys with one workgroup per
// block of rows, which leaves it latency-bound at head dims 256 / 512; here the products run at
// the matmul tiles' rate, for S and P in memory (at most scoreBudget bytes of S per slab) and two
// passes over them.
// Precision: as flash attention: q, k, v and the (normalised) softmax weights rounded to f16, all
// sums f32.
#include "inference/ops/Attention.h"
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

// Bytes of S per slab by default (a 4096-token chunk of E2B's full layers: 2 slabs).
constexpr uint64_t kAttentionScoreBudget = 256ull << 20;

// f16 copies of q, k, v^T and the slab's S and P. Grow it with reserve() for every shape before
// recording (a buffer replaced while recorded dispatches still use it would be freed too early);
// attentionGemm() checks the sizes.
class AttentionGemmWorkspace {
 public:
  explicit AttentionGemmWorkspace(uint64_t scoreBudget = kAttentionScoreBudget) : budget_(scoreBudget) {}
  void reserve(gpu::Device& device, const AttentionParams& p);
  uint64_t scoreBudget() const { return budget_; }
  // The copies as reserved: q [kvHeads, queries * G, hd], k [kvHeads, keys, hd], v^T [kvHeads, hd,
  // keys rounded up to 8], S f32 and P f16 [slab rows, keys rounded up to 8].
  const gpu::Buffer& queries() const { return q_; }
  const gpu::Buffer& keys() const { return k_; }
  const gpu::Buffer& valuesTransposed() const { return vt_; }
  const gpu::Buffer& scores() const { return s_; }
  const gpu::Buffer& weights() const { return p_; }

 private:
  uint64_t budget_;
  gpu::Buffer q_, k_, vt_, s_, p_;
};

// Whether attentionGemm runs this shape on this device (f16 cooperative-matrix tiles, head dim a
// multiple of 8).
bool attentionGemmSupported(const gpu::DeviceInfo& device, const AttentionParams& p);

// out: f32, or f16 (outType; rounded once from the f32 sums) for a consumer that reads f16.
void attentionGemm(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out, const AttentionParams& p,
                   AttentionGemmWorkspace& ws, DType outType = DType::F32);

void addAttentionGemmChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
