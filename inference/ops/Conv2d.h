#pragma once
// 2-D convolution of one image, as torch.nn.Conv2d computes it (cross-correlation), f32
// activations and f32 accumulation:
//   y[co, oy, ox] = bias[co] + Σ_{ci, ky, kx} w[co, ci, ky, kx] · x[ci, oy·sH − padTop + ky, ox·sW − padLeft + kx]
// with x = 0 outside the image. H_out = (H + padTop + padBottom − kH) / sH + 1 (floor), W_out likewise.
//
// Gemma 4 audio subsampler (gemma4-media.md §5.1): log-mel [T, 128] is the image [1, T, 128];
//   layer0: 1 → 128 channels, 3×3, stride 2, pad 1 on every side, no bias → [128, ceil(T/2), 64]
//   layer1: 128 → 32 (tiny model: 8), same geometry → [32, ceil(T/4), 32]
// each followed by LayerNorm over channels and ReLU. Writing both outputs in HWC makes that norm a
// last-dim LayerNorm (rows = H·W, dim = C) and the final flatten h[t, f·C + c] the buffer as it is.
// The vision patch embedding is a plain matmul on pre-patchified pixels (§3.1), so it needs no conv,
// but it equals a 16×16 stride-16 conv; one check runs that geometry.
#include "inference/ops/ImageLayout.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct Conv2dParams {
  uint32_t cIn = 0, h = 0, w = 0;  // input image
  uint32_t cOut = 0, kH = 0, kW = 0;
  uint32_t strideH = 1, strideW = 1;
  uint32_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  ImageLayout inLayout = ImageLayout::CHW;
  ImageLayout outLayout = ImageLayout::CHW;

  uint32_t outH() const { return (h + padTop + padBottom - kH) / strideH + 1; }
  uint32_t outW() const { return (w + padLeft + padRight - kW) / strideW + 1; }
};

// x: f32 [cIn, h, w] in inLayout; weight: [cOut, cIn, kH, kW] (torch order) in f32, f16 or bf16;
// bias: f32 [cOut] or an empty view; y: f32 [cOut, outH, outW] in outLayout (must not alias x).
void conv2d(OpContext& ctx, BufferView x, const WeightView& weight, BufferView bias, BufferView y,
            const Conv2dParams& p);

namespace ref {
// w holds the weight values as the GPU sees them (widened from f16/bf16); bias may be null.
void conv2d(const float* x, const float* w, const float* bias, float* y, const Conv2dParams& p);
}

}  // namespace gwb::ops
