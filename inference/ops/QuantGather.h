#pragma once
// Embedding lookup from a table in a ggml block format (the tied embedding / LM head of a
// quantized model): out[t, :] = dequant(table[ids[t], :]) * scale, the contract of
// ops::embeddingGather (Gather.h), which routes here when the table's dtype is quantized.
//   table: [rows, dim] as rows of dim / blockElements blocks; ids: int32 [n]; out: f32 [n, dim].
// dim must be a multiple of the block size. Ids outside [0, rows) give zero rows.
#include "inference/ops/Gather.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

// `table`: one piece of whole rows of the [rows, dim] table (Gather.h; a whole table is one piece).
void quantEmbeddingGather(OpContext& ctx, const TablePiece& table, BufferView ids, BufferView out, uint32_t n,
                          uint32_t rows, uint32_t dim, float scale);

}  // namespace gwb::ops
