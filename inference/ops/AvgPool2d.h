#pragma once
// Non-overlapping k×k average pool of an image (kernel k, stride k), times a scale:
//   y[c, oy, ox] = scale · (1/k²) · Σ_{dy, dx < k, inside} x[c, oy·k + dy, ox·k + dx]
// outH = ceil(h / k), outW = ceil(w / k). A window cut by the bottom/right edge still divides by k²
// (as if zero-padded), which is what HF's position pooler does: every patch has weight 1/k².
//
// Gemma 4 vision pooler (gemma4-media.md §3.6): the encoder output [Hp·Wp, hidden] in raster order is
// the HWC grid [Hp, Wp, hidden]; k = 3; scale = sqrt(hidden) (27.7128… for 768, 33.9411… for 1152).
// HF assigns patch (px, py) to slot floor(px/3) + (Wp/3)·floor(py/3) with weight 1/9, which is this
// pool with its output in raster order [Hp/3 · Wp/3, hidden] (HWC). The preprocessor makes Hp and Wp
// multiples of 3 (§2.2), so partial windows never occur there; for a width that is not a multiple of
// k, HF's formula would let edge patches spill into the next row's slot 0, which this op does not copy.
#include "inference/ops/ImageLayout.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct AvgPool2dParams {
  uint32_t c = 0, h = 0, w = 0;
  uint32_t k = 3;
  float scale = 1.0f;
  ImageLayout inLayout = ImageLayout::HWC;
  ImageLayout outLayout = ImageLayout::HWC;

  uint32_t outH() const { return (h + k - 1) / k; }
  uint32_t outW() const { return (w + k - 1) / k; }
};

// x: f32 [c, h, w] in inLayout; y: f32 [c, outH, outW] in outLayout (must not alias x).
void avgPool2d(OpContext& ctx, BufferView x, BufferView y, const AvgPool2dParams& p);

namespace ref {
void avgPool2d(const float* x, float* y, const AvgPool2dParams& p);
}

}  // namespace gwb::ops
