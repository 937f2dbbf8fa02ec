#pragma once
// Linear layers over weights in ggml block formats (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K), read in place:
//   y[M, N] = x[M, K] · W[N, K]^T (+ bias[N]), the contract of ops::matmul (Matmul.h), which
//   routes here when the weight's dtype is quantized.
//   x: f32 [M, K]; W: N rows of K / blockElements blocks (gpu::dtypeRowBytes(dtype, K) bytes per
//   row, byte-exact ggml layout); K must be a multiple of the block size (32 or 256).
// M <= 8: matvec kernel (one pass over the blocks, decode); larger M: tiled kernel that decodes
// each block once per 64-row tile into shared memory (prefill), f32 arithmetic throughout; or,
// where the context carries a dequant scratch on an f16 tensor-core GPU, an f16 copy of W
// (QuantDequantize.h) multiplied by the cooperative-matrix kernel (f16 operands, f32 sums).
#include "inference/ops/Matmul.h"

namespace gwb::ops {

void quantMatmul(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                 const MatmulParams& p);

// How matvec_q.comp runs one weight of N outputs (GeGLU: N gate/up row pairs) and K columns
// for M rows of x: its spec constants 0..4 (workgroup size, ROWS, MB, KSPLIT, MAX_SUBGROUPS) and
// the workgroups along N. Shared by the plain, GeGLU and norm-prologue matvecs.
struct QuantMatvecLaunch {
  uint32_t workgroup = 0, rows = 1, xRows = 1, ksplit = 1, maxSubgroups = 1;
  uint32_t groupsN = 0;       // workgroups covering the N outputs
  uint32_t subgroupSize = 0;  // to pin (0: the driver's choice)
};
// subgroups: per workgroup (0: the default 4); maxGroups: grid cap (0: matvecWideGridCap's, which
// caps only CPU devices), a capped grid walks the row sets with its stride.
QuantMatvecLaunch quantMatvecLaunch(const gpu::DeviceInfo& device, DType wt, uint32_t M, uint32_t N, uint32_t K,
                                    bool geglu, uint32_t subgroups = 0, uint32_t maxGroups = 0);

// Whether quantMatmul takes the tensor-core route for this call: a prefill-sized M, the
// context's dequant scratch large enough for an f16 copy of w, and an f16 cooperative-matrix GPU.
bool quantMatmulOnTensorCores(const OpContext& ctx, const WeightView& w, const MatmulParams& p);

namespace ref {
// The reference: dequantize W on the host (QuantCodec), then ref::matmul.
void quantMatmul(const float* x, const void* wBlocks, DType wt, const float* bias, float* y, const MatmulParams& p);
}

}  // namespace gwb::ops
