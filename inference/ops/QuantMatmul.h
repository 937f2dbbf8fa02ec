#pragma once
// Linear layers over weights in ggml block formats (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K), read in place:
//   y[M, N] = x[M, K] · W[N, K]^T (+ bias[N]), the contract of ops::matmul (Matmul.h), which
//   routes here when the weight's dtype is quantized.
//   x: f32 [M, K]; W: N rows of K / blockElements blocks (gpu::dtypeRowBytes(dtype, K) bytes per
//   row, byte-exact ggml layout); K must be a multiple of the block size (32 or 256).
// M <= 8: matvec kernel (one pass over the blocks, decode); larger M: tiled kernel that decodes
// each block once per 64-row tile into shared memory (prefill). f32 arithmetic throughout.
#include "inference/ops/Matmul.h"

namespace gwb::ops {

void quantMatmul(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                 const MatmulParams& p);

namespace ref {
// The reference: dequantize W on the host (QuantCodec), then ref::matmul.
void quantMatmul(const float* x, const void* wBlocks, DType wt, const float* bias, float* y, const MatmulParams& p);
}

}  // namespace gwb::ops
