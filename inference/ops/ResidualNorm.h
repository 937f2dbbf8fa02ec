#pragma once
// The decoder's residual step fused into one dispatch (one workgroup per row):
//   h = (h + rmsnorm(a) * wa) * scalar       post-attention / post-FFN / post-PLE norm, residual
//                                            add and the layer scalar
//   x = rmsnorm(h) * wx                      the next block's input norm (skipped if wx is empty)
// a, h, x: f32 [rows, dim] (dense rows); wa, wx: f32 [dim]. Gemma 4 uses norm weights directly
// (no 1 + w). Same f32 arithmetic as rmsNorm + add + scale + rmsNorm, in one pass.
// xType F16: x is written as f16 [rows, dim] (rounded as ops::toHalf rounds), for a prefill matmul
// that reads x in f16 (MatmulParams::xType) and nothing else.
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct ResidualNormParams {
  uint32_t rows = 0;
  uint32_t dim = 0;
  float eps = 1e-6f;
  float scalar = 1.0f;
  gpu::DType xType = gpu::DType::F32;
};

void residualNorm(OpContext& ctx, BufferView a, BufferView wa, BufferView h, BufferView wx, BufferView x,
                  const ResidualNormParams& p);

namespace ref {
// wx == nullptr: no next norm (x untouched).
void residualNorm(const float* a, const float* wa, float* h, const float* wx, float* x, const ResidualNormParams& p);
}

// Registered under the "rmsnorm" family.
void addResidualNormChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
