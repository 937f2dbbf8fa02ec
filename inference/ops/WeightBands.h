#pragma once
// Column bands: a second layout for a linear layer's weight W [N, K], read by every matmul kernel
// (WeightView::bands) and required by the decode projection (MatvecProject.h). The band from
// column k0 = 32 b holds columns [k0, k0 + w) of every row, w = min(32, K - k0), as [N][w] from
// element k0 * N:
//   element (n, k) lies at k0 * N + n * w + (k - k0), k0 = k rounded down to a multiple of 32
// (for K % 32 == 0 simply [K / 32][N][32]). A band is then one contiguous run of N * w elements.
// The decode projection multiplies one band per workgroup; stored in rows, that band is N runs of
// 64 bytes at the row stride, which the H100 streams ~6 % slower per decode step
// (docs/benchmarks.md, sessions 18 and 20). The loader stores the down and PLE projections so
// (model/TextDecoderWeights.cpp). K must be a multiple of 8 (16-byte loads never cross a band) and
// the weight must fit one storage binding (bands are never split along N: rows are not contiguous).
#include <cstddef>
#include <cstdint>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

constexpr uint32_t kBandColumns = 32;

// Whether a [rows, cols] weight of this type may be stored in bands on this device.
bool bandsFit(const gpu::DeviceInfo& device, DType type, uint64_t rows, uint64_t cols);

// Rearranges a row-major [rows, cols] matrix of elementBytes-wide elements into column bands, and
// back. src and dst must not overlap.
void toColumnBands(const std::byte* src, std::byte* dst, uint64_t rows, uint64_t cols, size_t elementBytes);
void fromColumnBands(const std::byte* src, std::byte* dst, uint64_t rows, uint64_t cols, size_t elementBytes);

// Throws InvalidArgument where an op that only reads row-major weights gets a banded one.
void requireRowMajor(const WeightView& w, const char* op);

}  // namespace gwb::ops
