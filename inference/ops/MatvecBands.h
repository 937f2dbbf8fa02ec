#pragma once
// The decode matvec over a weight stored in column bands (WeightBands.h), shaders/matvec_bands.comp:
// y[M, N] = x[M, K] · W^T for M up to a few rows (the batch decode), recorded by ops::matmul in
// place of matvec_wide where the weight is banded and the device runs it. A workgroup owns the rows
// whose pieces of a band lie side by side, so one subgroup load reads 512 contiguous bytes where
// matvec_wide would read a banded row as 64-byte runs.
#include <span>

#include "inference/ops/OpContext.h"

namespace gwb::ops {

// Pinned subgroup sizes, shuffles, and whole row pieces per subgroup for this weight type.
bool bandMatvecRuns(const gpu::DeviceInfo& device, DType wt);

struct BandMatvecShape {
  uint32_t M = 0, N = 0, K = 0;
};

// bindings and push as matmul_io.glsl's (x, W, bias, y; M, N, K, ldy, nOffset, flags).
void recordBandMatvec(OpContext& ctx, std::span<const gpu::Binding> bindings, const void* push, uint32_t pushBytes,
                      const BandMatvecShape& shape, DType wt);

}  // namespace gwb::ops
