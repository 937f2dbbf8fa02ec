#pragma once
// Embedding lookup: out[t, :] = table[ids[t], :] * scale
//   table: [rows, dim] in f32/f16/bf16; ids: int32 [n]; out: f32 [n, dim].
// Ids outside [0, rows) produce zero rows (callers validate ids; this keeps the GPU safe).
#include <span>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

void embeddingGather(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale);

// A table stored in pieces of whole rows (one allocation holds at most ~4 GiB on many drivers,
// NVIDIA's included; E2B's per-layer embedding table is 4.7 GB): piece i holds rows
// [firstRow, firstRow + rows) of the [rows, dim] table; together they cover it in order.
struct TablePiece {
  WeightView table;
  uint32_t firstRow = 0, rows = 0;
};
void embeddingGather(OpContext& ctx, std::span<const TablePiece> pieces, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale);

namespace ref {
void embeddingGather(const float* table, const int32_t* ids, float* out, uint32_t n, uint32_t rows, uint32_t dim,
                     float scale);
}

}  // namespace gwb::ops
