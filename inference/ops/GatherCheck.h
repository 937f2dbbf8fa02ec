#pragma once
// The check both embedding gathers run (Gather.cpp: f32/f16/bf16 tables, QuantGather.cpp: block
// formats), each with its own cases and tolerance.
#include <cstdint>
#include <functional>

#include "inference/ops/Gather.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

struct GatherCheckCase {
  DType dtype;  // the table's storage type
  uint32_t n, rows, dim;
  float scale;
  uint64_t maxBindBytes;  // 0: the device limit; small values force the chunked path
  uint32_t pieces = 1;    // > 1: the table in that many buffers of whole rows (TablePiece)
};

// Records the gather under test: out [n, dim] f32 from table [rows, dim] (k.pieces buffers) and ids int32 [n].
using GatherUnderTest = std::function<void(OpContext&, std::span<const TablePiece> table, BufferView ids, BufferView out,
                                           const GatherCheckCase&)>;

// family ("gather", "quantgather"), variant the dtype, shape "<n> of <rows>x<dim>[ chunked][ in N pieces]": a
// random table in [-1, 1] stored as k.dtype; ids the last row, then (n > 4) row 0 and out-of-range
// ones (rows, -1, huge), the rest random rows; `gather`'s output against ref::embeddingGather on
// the table as stored (widened), within `tolerance`.
OpCheck gatherCheck(const char* family, const GatherCheckCase& k, double tolerance, GatherUnderTest gather);

}  // namespace gwb::ops
