#pragma once
// A fused decode matvec (NormedMatvec.h: residual step + norm prologue, GeGLU or gelu-mul
// epilogue) and the projection that consumes its output, in one dispatch:
//   u = epilogue(x · W^T)          Geglu: W [2N, K] (gate rows; up rows); GeluMul: W [N, K], mul [N]
//   y += W2 · u                    W2: [J, N] in column bands (WeightBands.h), y: f32 [J]
// The decoder's GeGLU + down projection and PLE gate + PLE projection each become one dispatch
// of a decode step instead of two. Each workgroup owns a band of features and adds its share of
// every y[j] with a float atomic (VK_EXT_shader_atomic_float), so y must hold what it is added to
// (zero, for a fresh result), and the summation order, hence the last bit, varies between runs.
#include "inference/ops/NormedMatvec.h"

namespace gwb::ops {

struct MatvecProjectParams {
  uint32_t N = 0, K = 0;  // the matvec: N features of K inputs
  uint32_t J = 0;         // the projection's rows (y's length)
  MatvecEpilogue epilogue = MatvecEpilogue::Geglu;  // Geglu or GeluMul
};

// Whether the device has what the kernel needs (float atomics, subgroup arithmetic, shuffles and
// size control), whatever the shapes.
bool matvecProjectRuns(const gpu::DeviceInfo& device);

// f32 / f16 / bf16 weights of one type (W in rows, W2 in column bands), float atomics, subgroup
// arithmetic, shuffles and size control, K and N multiples of 8 and both weights within one
// storage binding.
bool matvecProjectSupported(const gpu::DeviceInfo& device, const WeightView& w, const WeightView& w2,
                            const MatvecProjectParams& p);

// Throws MissingFeature where unsupported. mul: f32 [N] for GeluMul (else ignored).
void matvecProject(OpContext& ctx, const NormPrologue& pro, const WeightView& w, BufferView mul, const WeightView& w2,
                   BufferView y, const MatvecProjectParams& p);

// The o projection of a decode step fused with the attention's merge: the attention leaves its
// splits unmerged (DecodeAttentionInput::partialsOnly), and this kernel merges, per workgroup,
// the output columns its band needs:
//   u = merge(partials)            partials: [heads, splits, headDim + 4] f32 (DecodeAttention.h)
//   y += W2 · u                    W2: [J, heads * headDim] in column bands, y: f32 [J]
// One dependent dispatch fewer where the attention would merge in a pass of its own (full
// attention layers), and no last-workgroup merge in the attention (sliding layers).
struct MatvecProjectAttentionParams {
  uint32_t heads = 0, headDim = 0;
  uint32_t splits = 0;  // records per head (decodeAttentionRecordedSplits)
  uint32_t J = 0;
};
bool matvecProjectAttentionSupported(const gpu::DeviceInfo& device, const WeightView& w2,
                                     const MatvecProjectAttentionParams& p);
void matvecProjectAttention(OpContext& ctx, BufferView partials, const WeightView& w2, BufferView y,
                            const MatvecProjectAttentionParams& p);

// Registered under the "matmul" family.
void addMatvecProjectChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
