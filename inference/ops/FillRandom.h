#pragma once
// Fills a device tensor with uniform pseudo-random values in [lo, hi): the weights of
// `--random-weights` runs (full-size shapes without a checkpoint). Same values as ref::fillRandom.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

void fillRandom(OpContext& ctx, BufferView out, DType dtype, uint32_t count, uint32_t seed, float lo, float hi);

namespace ref {
// The value the GPU writes at `index` (before rounding to the storage type).
float randomValue(uint32_t index, uint32_t seed, float lo, float hi);
}

}  // namespace gwb::ops
