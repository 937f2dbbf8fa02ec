#pragma once
// Row softmax in f32: y[r, :] = softmax(x[r, :]) over n columns (row stride = n). In place allowed.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

void softmax(OpContext& ctx, BufferView x, BufferView y, uint32_t rows, uint32_t n);

namespace ref {
void softmax(const float* x, float* y, uint32_t rows, uint32_t n);
}

}  // namespace gwb::ops
