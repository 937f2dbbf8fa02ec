#pragma once
// The encoders' residual step around their ClippableLinears fused into one dispatch (one
// workgroup per row), replacing output clamp + post norm + residual add + next norm + the next
// linears' input clamps:
//   1. branch (when given):  a = clamp(branch, branchMin, branchMax)
//                            a = rmsNorm(a) · branchNorm   (when branchNorm is given)
//                            h = h + a
//   2. h norm (when given):  h = rmsNorm(h) · hNorm        (audio norm_out)
//   3. next (outs > 0):      x = rmsNorm(h, nextEps) (· nextNorm when given); x = silu(x) when nextSilu
//                            outs[i].y = clamp(x, outs[i].min, outs[i].max)
// h, branch, outs[i].y: f32 [rows, dim] dense, all distinct; weights f32 [dim]. Same f32 arithmetic
// as the unfused elementwise clamp / rmsNorm / add ops. outType F16: the outputs hold f16 (the
// rounding matmul_coopmat.comp applies to f32 x), for matmuls that read x in f16 (matmulReadsHalfX).
#include <array>
#include <limits>

#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct ClampedOutput {
  BufferView y;
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};

struct ClippedResidualNormArgs {
  uint32_t rows = 0;
  uint32_t dim = 0;  // at most kClippedResidualNormMaxDim
  float eps = 1e-6f;      // branch and h norms
  float nextEps = 1e-6f;  // next norm
  BufferView h;       // [rows, dim]; updated when branch or hNorm is given
  BufferView branch;  // [rows, dim] or empty
  float branchMin = -std::numeric_limits<float>::infinity();
  float branchMax = std::numeric_limits<float>::infinity();
  BufferView branchNorm;  // [dim] or empty: the branch is added as it is (after its clamp)
  BufferView hNorm;       // [dim] or empty
  BufferView nextNorm;    // [dim] or empty: weightless next norm
  bool nextSilu = false;
  uint32_t outs = 0;  // 0..3
  std::array<ClampedOutput, 3> out{};
  gpu::DType outType = gpu::DType::F32;  // F32 or F16
};

constexpr uint32_t kClippedResidualNormMaxDim = 16 * 256;

void clippedResidualNorm(OpContext& ctx, const ClippedResidualNormArgs& a);

namespace ref {
// Host arrays in place of the views (null where the view is empty); out[i] receives outs[i].
void clippedResidualNorm(const ClippedResidualNormArgs& a, float* h, const float* branch, const float* branchNorm,
                         const float* hNorm, const float* nextNorm, const std::array<float*, 3>& out);
}

// Registered under the "rmsnorm" family.
void addClippedResidualNormChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
