#pragma once
// Gemma 4's ClippableLinear (HF `Gemma4ClippableLinear`, design/gemma4-media.md §3.4, §5.5): a
// bias-free linear layer whose input and output are clamped to bounds stored in the checkpoint:
//   y = clamp( clamp(x, inMin, inMax) · Wᵀ, outMin, outMax )
// x: f32 [M, K] (row stride K); y: f32 [M, N] (row stride ldy); W as in matmul (f32/f16/bf16).
// Infinite bounds skip their clamp (towers without clipping: use_clipped_linears = false).
#include <limits>

#include "inference/ops/Matmul.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct ClipBounds {
  float inMin = -std::numeric_limits<float>::infinity();
  float inMax = std::numeric_limits<float>::infinity();
  float outMin = -std::numeric_limits<float>::infinity();
  float outMax = std::numeric_limits<float>::infinity();

  bool clampsInput() const;
  bool clampsOutput() const;
  // The same bounds with the input clamp dropped (for an input that was already clamped).
  ClipBounds withoutInputClamp() const;
  bool sameInput(const ClipBounds& o) const { return inMin == o.inMin && inMax == o.inMax; }
};

// scratch: f32 [M, K], receives clamp(x) when the input is clamped (x itself is not modified);
// may be empty when clampsInput() is false. y must not alias x or scratch.
void clippedLinear(OpContext& ctx, BufferView x, BufferView scratch, const WeightView& w, BufferView y,
                   const MatmulParams& p, const ClipBounds& bounds, Variant variant = Variant::Auto);

namespace ref {
void clippedLinear(const float* x, const float* w, float* y, const MatmulParams& p, const ClipBounds& bounds);
}

}  // namespace gwb::ops
