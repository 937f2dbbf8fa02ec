#pragma once
// Multi-axis ("axial") rotary position embedding, as Gemma 4's vision encoder applies it
// (HF `apply_multidimensional_rope`, design/gemma4-media.md §3.5). The head dim splits into
// `axes` blocks of 2·pairs channels, pairs = headDim / (2·axes); block a rotates rotate-half
// (NeoX) style with the token's position on axis a:
//   for a < axes, j < pairs, b = a·2·pairs:
//     x'[b + j]         = x[b + j] cos(θ) − x[b + j + pairs] sin(θ)
//     x'[b + j + pairs] = x[b + j + pairs] cos(θ) + x[b + j] sin(θ),   θ = pos[a] · invFreq[j]
// Channels from axes·2·pairs on pass through (none when 2·axes divides headDim).
// Gemma 4 vision: axes = 2, axis 0 = x (column), axis 1 = y (row); every axis uses the same
// frequencies invFreq[j] = θ_base^(−2j / (headDim/2)) (ropeInverseFrequencies(θ, headDim/2, pairs)).
// x: f32 [tokens, heads, headDim] (row stride tokenStride elements, default heads·headDim), in place.
#include <span>
#include <vector>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct Rope2dParams {
  uint32_t tokens = 0;
  uint32_t heads = 0;
  uint32_t headDim = 0;
  uint32_t axes = 2;
  uint32_t tokenStride = 0;  // elements between tokens (0: heads*headDim)

  uint32_t pairs() const { return axes ? headDim / (2 * axes) : 0; }
};

// cosSin: the table of rope2dTable, f32 [tokens, axes, pairs, 2].
void rope2d(OpContext& ctx, BufferView x, BufferView cosSin, const Rope2dParams& p);

// [tokens, axes, invFreq.size(), 2] table of cos/sin of (float)positions[t·axes + a] · invFreq[j]
// (float32 product, as torch forms it), for positions given token-major [tokens, axes].
std::vector<float> rope2dTable(std::span<const int32_t> positions, uint32_t axes, std::span<const float> invFreq);

namespace ref {
void rope2d(float* x, const float* cosSin, const Rope2dParams& p);
}

}  // namespace gwb::ops
