#pragma once
// LayerNorm over the last dimension with the biased variance, as torch.nn.LayerNorm:
//   y[r, :] = (x[r, :] − mean) / sqrt(var + eps) · w + b,   var = mean((x[r, :] − mean)²)
// w and b are optional (omitted: 1 and 0).
// Gemma 4 audio subsampler (gemma4-media.md §5.1): after each conv, over the channels of every
// (time, freq) cell: with the conv output in HWC that is rows = H·W, dim = 128 then 32 (tiny model:
// 128 then 8), weight only (no bias), eps = 1e-6 (not the 1e-5 of llama.cpp's GGUF metadata).
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct LayerNormParams {
  uint32_t rows = 0;
  uint32_t dim = 0;
  float eps = 1e-6f;
  uint32_t xStride = 0;  // row strides in elements (0: dim)
  uint32_t yStride = 0;
};

// x, y: f32 [rows, dim] with row strides; x == y (in place) is allowed. weight, bias: f32 [dim] or
// empty views.
void layerNorm(OpContext& ctx, BufferView x, BufferView weight, BufferView bias, BufferView y,
               const LayerNormParams& p);

namespace ref {
void layerNorm(const float* x, const float* weight, const float* bias, float* y, const LayerNormParams& p);
}

}  // namespace gwb::ops
