#pragma once
// Shared by the embedding gathers (Gather.cpp: f32/f16/bf16 tables, QuantGather.cpp: block formats).
#include <cstdint>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

// Push constants of gather_*.comp: ids [n] look up rows [rowBase, rowEnd) of a [rows, dim] table.
struct GatherPush {
  uint32_t n, rows, dim, rowBase, rowEnd;
  float scale;
};

// Real embedding tables are bigger than one storage binding may be (262144 x 1536 bf16 = 768 MiB
// against 128 MiB on lavapipe and many drivers), so the table is bound in chunks of whole rows of
// `rowBytes` each, at most `maxBindBytes` per chunk, one dispatch of `pipeline` (bindings: table
// chunk, ids, out; GatherPush; groupsX x min(n, 65535) workgroups) per chunk; each writes the
// output rows whose ids fall in its chunk (the one starting at row 0 also writes the zero rows of
// out-of-range ids). `table` holds rows [firstRow, firstRow + tableRows) of a [rows, dim] table
// (a piece of a table split over several buffers: ops::TablePiece). Chunk starts respect the
// offset alignment. Returns false, recording nothing, when one row alone exceeds maxBindBytes;
// does nothing when n or dim is 0.
bool dispatchGatherChunks(OpContext& ctx, const gpu::PipelineDesc& pipeline, const WeightView& table, BufferView ids,
                          BufferView out, uint32_t n, uint32_t rows, uint32_t firstRow, uint32_t tableRows, uint32_t dim,
                          float scale, uint64_t rowBytes, uint64_t maxBindBytes, uint32_t groupsX);

}  // namespace gwb::ops
