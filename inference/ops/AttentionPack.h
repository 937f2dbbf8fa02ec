#pragma once
// f16 copies of attention's operands for the tensor-core kernels (shaders/flash_attention_pack.comp):
// src f32 rows [rows, srcStride] -> dst f16 [groups, rowsPadded, width] in `order`, where row r of
// group g is src row r / fold from column (g * fold + r % fold) * width, and rows past `rows` are 0.
// Queries fold the heads of one KV head (groups = kvHeads, fold = heads / kvHeads, width = headDim);
// keys and values take fold = 1.
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

enum class PackOrder : uint32_t {
  Blocks16 = 0,    // 16 x 16 blocks, each contiguous (flash_attention.comp); rowsPadded, width % 16 == 0
  RowMajor = 1,    // [groups, rowsPadded, width] (AttentionGemm: Q and K)
  Transposed = 2,  // [groups, width, rowsPadded] (AttentionGemm: V^T); rowsPadded even
};

struct PackShape {
  uint32_t rows = 0, rowsPadded = 0, width = 0, srcStride = 0, groups = 1, fold = 1;
};

void packAttentionOperand(OpContext& ctx, BufferView src, BufferView dst, const PackShape& s, PackOrder order);

// The pack's checks in every order (portable: exact f16 rounding, fold, layout, zero padding):
// the block order under family "flashattn", the others under "attngemm".
void addAttentionPackChecks(CheckList& list);

}  // namespace gwb::ops
