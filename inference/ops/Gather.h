#pragma once
// Embedding lookup: out[t, :] = table[ids[t], :] * scale
//   table: [rows, dim] in f32/f16/bf16; ids: int32 [n]; out: f32 [n, dim].
// Ids outside [0, rows) produce zero rows (callers validate ids; this keeps the GPU safe).
#include "inference/ops/OpContext.h"

namespace gwb::ops {

void embeddingGather(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale);

namespace ref {
void embeddingGather(const float* table, const int32_t* ids, float* out, uint32_t n, uint32_t rows, uint32_t dim,
                     float scale);
}

}  // namespace gwb::ops
