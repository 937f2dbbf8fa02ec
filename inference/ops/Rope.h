#pragma once
// Rotary position embedding, rotate-half (NeoX) pairing as HF's rotate_half:
//   for i < rotatedPairs:  x'[i]      = x[i] cos(a) - x[i + d/2] sin(a)
//                          x'[i + d/2] = x[i + d/2] cos(a) + x[i] sin(a)
// other dims pass through. x: f32 [tokens, heads, headDim] (row stride tokenStride elements,
// default heads*headDim), rotated in place.
// The angles come precomputed from the host (table [tokens, rotatedPairs, 2] = cos, sin) so that
// positions of 100k+ tokens keep full precision (GPU sin/cos of large arguments is not exact).
#include <span>
#include <vector>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct RopeParams {
  uint32_t tokens = 0;
  uint32_t heads = 0;
  uint32_t headDim = 0;
  uint32_t rotatedPairs = 0;  // pairs (i, i + headDim/2) that rotate, from i = 0
  uint32_t tokenStride = 0;   // elements between tokens (0: heads*headDim)
};

void rope(OpContext& ctx, BufferView x, BufferView cosSin, const RopeParams& p);

// inv_freq[i] = theta^(-2i / freqDim) for i < rotatedPairs, in float32 as torch computes it
// (freqDim is the head dim the frequencies are defined over: 512 for Gemma 4 full layers).
std::vector<float> ropeInverseFrequencies(float theta, uint32_t freqDim, uint32_t rotatedPairs);
// [positions.size(), invFreq.size(), 2] table of cos/sin of (float)pos * invFreq[i] (float32 product).
std::vector<float> ropeTable(std::span<const int32_t> positions, std::span<const float> invFreq);
// The same table written to out ([positions, invFreq, 2] floats), e.g. straight into mapped memory.
void ropeTableInto(std::span<const int32_t> positions, std::span<const float> invFreq, float* out);

namespace ref {
void rope(float* x, const float* cosSin, const RopeParams& p);
}

}  // namespace gwb::ops
