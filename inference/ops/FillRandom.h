#pragma once
// Fills a device tensor with uniform pseudo-random values in [lo, hi): the weights of
// `--random-weights` runs (full-size shapes without a checkpoint). Same values as ref::fillRandom.
#include <cstdint>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

void fillRandom(OpContext& ctx, BufferView out, DType dtype, uint32_t count, uint32_t seed, float lo, float hi);

// Rows [firstRow, firstRow + rows) of a random [*, width] table whose value (r, c) is
// ref::randomRowValue(r, c, seed, amplitude) (model::PleTable::random's rows), into out
// [rows, width] in f32 (exactly those values) or bf16 (truncated). rows * width < 2^32.
void fillRandomRows(OpContext& ctx, BufferView out, DType dtype, uint32_t firstRow, uint32_t rows, uint32_t width,
                    uint32_t seed, float amplitude);

namespace ref {
// The integer mix of shaders/include/random.glsl.
inline uint32_t mixHash(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
// The value the GPU writes at `index` (before rounding to the storage type).
float randomValue(uint32_t index, uint32_t seed, float lo, float hi);
// The same value from mixHash(seed), hoisted out of loops over one seed's indices (the per-layer
// embedding rows of random-weight runs: millions of values per prefill chunk on the host).
inline float randomValueMixed(uint32_t index, uint32_t mixedSeed, float lo, float hi) {
  const float unit = float(mixHash(index ^ mixedSeed) >> 8) * (1.0f / 16777216.0f);
  return lo + (hi - lo) * unit;
}
// A random table's row seed, mixed (fill_random_rows.comp): a different seed per row, so a row's
// values depend only on (row, column).
inline uint32_t rowSeedMixed(uint32_t row, uint32_t seed) { return mixHash(seed ^ (row * 2654435761u)); }
inline float randomRowValue(uint32_t row, uint32_t column, uint32_t seed, float amplitude) {
  return randomValueMixed(column, rowSeedMixed(row, seed), -amplitude, amplitude);
}
}

}  // namespace gwb::ops
