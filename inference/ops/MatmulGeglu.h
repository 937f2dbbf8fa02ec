#pragma once
// The GeGLU MLP's first half in one step: with the gate and up projections stacked at load time
// into one [2F, K] weight (gate rows, then up rows),
//   y[m, n] = gelu_tanh(x[m] · gate[n]) * (x[m] · up[n])          y: f32 [M, F]
// Decode (M <= 8) on GPUs with subgroup arithmetic: one matvec_wide dispatch whose subgroups
// each stream gate row n and up row F + n and apply GeGLU in the epilogue. Otherwise (prefill,
// quantized weights, CPU devices): matmul into `scratch` (f32 [M, 2F]) + a strided GeGLU.
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct MatmulGegluParams {
  uint32_t M = 0, F = 0, K = 0;
  // F16 (the separate path only, x where matmulReadsHalfX): x arrives in f16 (MatmulParams::xType)
  // / y is written in f16 (EwShape::halfY) for a down projection that reads it so.
  DType xType = DType::F32, yType = DType::F32;
};

enum class GegluKernel { Auto, Fused, Separate };

void matmulGeglu(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, BufferView scratch,
                 const MatmulGegluParams& p, GegluKernel kernel = GegluKernel::Auto);

// Registered under the "matmul" family.
void addMatmulGegluChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
