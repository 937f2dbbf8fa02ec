#pragma once
// Linear layers: y[M, N] = x[M, K] · W[N, K]^T (+ bias[N])
//   x: f32 [M, K] row-major (row stride K); y: f32 [M, N] row-major (row stride ldy, default N)
//   W: [N, K] row-major in f32, f16 or bf16 (PyTorch nn.Linear layout), or in column bands
//   (WeightView::bands, WeightBands.h; not block-quantized); bias: f32 [N] or empty.
// M = 1..few is the decode case (matvec kernels); larger M uses tiled matmul kernels.
// W views larger than the device's storage-binding limit are split along N internally.
#include <string>

#include "inference/ops/MatmulCoopMatTiles.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct MatmulParams {
  uint32_t M = 0, N = 0, K = 0;
  uint32_t ldy = 0;        // row stride of y in elements (0: N)
  bool accumulate = false; // y += x·W^T instead of y = x·W^T
  // F16: x holds f16 [M, K], rounded once by its producer (EwShape::halfY) as the tensor-core
  // kernel rounds f32 x, so the results are the same and staging x moves half the bytes. Only
  // where matmulReadsHalfX says the pick is that kernel; anywhere else it is an error.
  DType xType = DType::F32;
};

void matmul(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y, const MatmulParams& p,
            Variant variant = Variant::Auto);

// Whether an M-row matmul over weightType would run on the cooperative-matrix kernel here, which
// also reads x as f16 (MatmulParams::xType): devices with f16 tensor cores, M past the matvec
// rows, 16-bit weights.
bool matmulReadsHalfX(const gpu::DeviceInfo& device, uint32_t M, DType weightType);

// Whether the variant runs on this device for this weight type (Auto is always supported).
bool matmulSupported(const gpu::DeviceInfo& device, Variant variant, DType weightType);

// How matvec_wide.comp runs one weight of N outputs (GeGLU: N gate/up row pairs) and K columns
// on subgroups of subgroupSize lanes: ROWS, SUBGROUPS per workgroup, UNROLL (k-steps of 128-bit
// loads a lane issues before its arithmetic) and KSPLIT (subgroups sharing one row set, for short
// matrices that would leave the GPU under-filled). Shared by the plain and the GeGLU matvec.
// MB: rows of x per workgroup (1 for a decode step of one sequence: fewer registers). maxGroups:
// the grid cap (0: one workgroup per row-set block); capped grids walk the row sets with a stride.
struct MatvecWideLaunch {
  uint32_t rows = 1, subgroups = 4, unroll = 1, ksplit = 1, mb = 8, maxGroups = 0;
  bool bands = false;  // W in column bands (WeightBands.h)
};
MatvecWideLaunch matvecWideLaunch(const gpu::DeviceInfo& device, DType wt, uint32_t M, uint32_t N, uint32_t K,
                                  bool geglu);
// matvec_wide.comp's specialization constants in constant_id order (prologueVec4s: id 4, the
// norm prologue's x size, 0 without one; bands: id 6) and its (x, y) grid for N outputs (GeGLU: N row pairs).
std::vector<uint32_t> matvecWideSpec(const MatvecWideLaunch& l, uint32_t subgroupSize, uint32_t prologueVec4s);
std::pair<uint32_t, uint32_t> matvecWideGrid(const MatvecWideLaunch& l, uint32_t N, bool geglu);
// The weight type's suffix in shader names: "f32w", "f16w", "bf16w", or the block format ("q8_0").
std::string weightShaderTag(DType t);
// The grid cap for groupsPerSm workgroups per multiprocessor on this device (0: uncapped).
uint32_t matvecWideGridCap(const gpu::DeviceInfo& device, uint32_t groupsPerSm);

// bench-matmul: y = x·W^T through one cooperative-matrix tile configuration by name
// (MatmulCoopMatTiles.h); throws when the device cannot run it.
// kLayers > 1: split k across that many workgroup layers (MatmulSplitK.h; needs ctx.splitK).
// form: the tile's NV or KHR build by force (Auto: the product's choice).
void matmulCoopMatTile(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                       const MatmulParams& p, const std::string& tileName, uint32_t kLayers = 0,
                       CoopMatForm form = CoopMatForm::Auto);

namespace ref {
// w holds the weight values as the GPU sees them (already widened from f16/bf16 to f32).
void matmul(const float* x, const float* w, const float* bias, float* y, const MatmulParams& p);
}

}  // namespace gwb::ops
