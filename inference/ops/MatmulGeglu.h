#pragma once
// The GeGLU MLP's first half in one step: with the gate and up projections stacked at load time
// into one [2F, K] weight (gate rows, then up rows),
//   y[m, n] = gelu_tanh(x[m] · gate[n]) * (x[m] · up[n])          y: f32 [M, F]
// Decode (M <= 8) on GPUs with subgroup arithmetic: one matvec_wide dispatch whose subgroups
// each stream gate row n and up row F + n and apply GeGLU in the epilogue. Prefill on
// tensor-core GPUs with x and y in f16, where the matmul of the stacked shape takes a tile that
// has a GEGLU build: that tile, its epilogue pairing gate and up columns (matmul_coopmat.comp).
// Otherwise (quantized weights, f32 x or y, CPU devices): matmul into `scratch` (f32 [M, 2F]) +
// a strided GeGLU.
#include "inference/ops/MatmulCoopMatTiles.h"
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct MatmulGegluParams {
  uint32_t M = 0, F = 0, K = 0;
  // F16 (the tile and separate paths, x where matmulReadsHalfX): x arrives in f16 (MatmulParams::
  // xType) / y is written in f16 (the tile's epilogue, or EwShape::halfY) for a down projection
  // that reads it so. The tile path needs both in f16.
  DType xType = DType::F32, yType = DType::F32;
};

enum class GegluKernel { Auto, Fused, Tile, Separate };

// tile / form: the GEGLU tile and its NV or KHR build for GegluKernel::Tile (nullptr: the pick);
// a forced kernel or tile that cannot run the call throws gpu::GpuError.
void matmulGeglu(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, BufferView scratch,
                 const MatmulGegluParams& p, GegluKernel kernel = GegluKernel::Auto, const CoopMatTile* tile = nullptr,
                 CoopMatForm form = CoopMatForm::Auto);

// Registered under the "matmul" family.
void addMatmulGegluChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
