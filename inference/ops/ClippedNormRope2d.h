#pragma once
// The vision encoder's q/k/v preparation in one dispatch: for up to three tensors ("streams": q,
// k, v), each [tokens, heads_s, headDim] in place, per (token, head) row:
//   x = clamp(x, min_s, max_s)        the projection's output clamp (ClippableLinear)
//   x = rmsNorm(x) (· weight_s)       per-head q/k norm; v without weight
//   x = rope2d(x)                     when rotates_s (q, k): the axial pairing of ops/Rope2d.h
// Replaces 3 output clamps, 3 norms and 2 RoPE dispatches. Same f32 arithmetic as those ops.
// headDim must be a multiple of 2·axes (no pass-through channels) and at most 512 (256 pairs).
// Rows whose rope pairs come in fours (the E2B / E4B vision tower's headDim 64) run several to a
// subgroup with vec4 loads (clipped_norm_rope2d_vec4.comp: 1.02 -> 0.24 ms for the 280-token tower
// on the H100); others one row per workgroup.
#include <array>
#include <limits>

#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct NormRopeStream {
  BufferView x;  // [tokens, heads, headDim], dense
  uint32_t heads = 0;
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
  BufferView weight;  // [headDim] or empty (weightless norm)
  bool rotates = false;
};

struct ClippedNormRope2dParams {
  uint32_t tokens = 0;
  uint32_t headDim = 0;
  uint32_t axes = 2;
  float eps = 1e-6f;
  uint32_t streams = 0;  // 1..3
  std::array<NormRopeStream, 3> s{};
};

// cosSin: rope2dTable's [tokens, axes, pairs, 2] (may be empty when no stream rotates).
void clippedNormRope2d(OpContext& ctx, BufferView cosSin, const ClippedNormRope2dParams& p);

namespace ref {
// x[i]: host copy of stream i (in place); weight[i]: null for none.
void clippedNormRope2d(const ClippedNormRope2dParams& p, const std::array<float*, 3>& x,
                       const std::array<const float*, 3>& weight, const float* cosSin);
}

// Registered under the "rope2d" family.
void addClippedNormRope2dChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
