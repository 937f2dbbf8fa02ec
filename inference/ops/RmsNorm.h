#pragma once
// RMSNorm over the last dimension, as Gemma 4 does it: the weight is used directly (no 1 + w).
//   y[r, :] = x[r, :] * (mean(x[r, :]^2) + eps)^-0.5 * w      (w omitted: no scale)
// x, y: f32 [rows, dim] with row strides (elements; 0 means dim). x == y (in place) is allowed.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct RmsNormParams {
  uint32_t rows = 0;
  uint32_t dim = 0;
  float eps = 1e-6f;
  uint32_t xStride = 0;
  uint32_t yStride = 0;
};

// weight: f32 [dim], or an empty view for the weightless variant (v_norm, embedder norms).
void rmsNorm(OpContext& ctx, BufferView x, BufferView weight, BufferView y, const RmsNormParams& p);

namespace ref {
void rmsNorm(const float* x, const float* weight, float* y, const RmsNormParams& p);
}

}  // namespace gwb::ops
