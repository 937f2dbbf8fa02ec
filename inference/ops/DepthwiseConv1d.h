#pragma once
// Causal depthwise 1-D convolution over time, channel-last:
//   y[t, c] = bias[c] + Σ_{k < K} w[c, k] · x[t − (K − 1) + k, c]      (x[t < 0, c] = 0: left pad K − 1)
// Gemma 4 conformer light conv (gemma4-media.md §5.4): x is the GLU output [T, 1024] (tiny model
// [T, 32]), weight lconv1d.depthwise_conv1d.weight [1024, 1, 5] read as [C, K] = [1024, 5] (the
// GGUF a.blk.N.conv_dw.weight is already [1024, 5]), K = 5, no bias. The whole utterance is one call,
// as in HF; nothing is carried between calls.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct DwConv1dParams {
  uint32_t t = 0;        // time steps (rows)
  uint32_t c = 0;        // channels
  uint32_t k = 0;        // kernel size
  uint32_t xStride = 0;  // row strides in elements (0: c)
  uint32_t yStride = 0;
};

// x: f32 [t, c]; weight: [c, k] in f32, f16 or bf16; bias: f32 [c] or an empty view;
// y: f32 [t, c] (must not alias x: row t reads rows t−K+1..t).
void dwConv1d(OpContext& ctx, BufferView x, const WeightView& weight, BufferView bias, BufferView y,
              const DwConv1dParams& p);

namespace ref {
void dwConv1d(const float* x, const float* w, const float* bias, float* y, const DwConv1dParams& p);
}

}  // namespace gwb::ops
