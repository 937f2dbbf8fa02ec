#pragma once
// The buffer-size check and the N-splitting shared by the matmul families (plain and quantized
// weights): y[M, ldy] = x[M, K] · W[N, K]ᵀ (+ bias[N]). A weight larger than one storage binding
// (maxStorageBufferRange, 128 MiB on lavapipe) is bound as runs of whole rows at offsets aligned to
// minStorageBufferOffsetAlignment, so each run stays contiguous.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Matmul.h"

namespace gwb::ops {

// Calls dispatch(n0, rows, wRun) for each run of whole weight rows [n0, n0 + rows). rowBytes is
// the size of one weight row (K elements, or K / block elements blocks). Throws InvalidArgument
// naming `op` when a buffer is smaller than M, N, K, ldy need or one row exceeds the binding limit.
template <class Dispatch>
void forEachWeightRun(OpContext& ctx, const char* op, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                      const MatmulParams& p, uint64_t rowBytes, uint64_t maxBinding, Dispatch&& dispatch) {
  const uint32_t ldy = p.ldy ? p.ldy : p.N;
  if (ldy < p.N || x.size < uint64_t(p.M) * p.K * gpu::dtypeSize(p.xType) || w.view.size < rowBytes * p.N ||
      y.size < (uint64_t(p.M - 1) * ldy + p.N) * 4 || (bias && bias.size < uint64_t(p.N) * 4)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, std::string(op) + ": a buffer is smaller than M, N, K, ldy need");
  }
  uint64_t chunkRows = p.N;
  if (rowBytes * p.N > maxBinding) {
    const uint64_t align = std::max<uint64_t>(ctx.device.info().minStorageBufferOffsetAlignment, 1);
    const uint64_t step = align / std::gcd(rowBytes, align);  // rows per aligned offset step
    chunkRows = maxBinding / rowBytes / step * step;
    if (chunkRows == 0) {
      throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, std::string(op) + ": one weight row exceeds the binding limit");
    }
  }
  for (uint64_t n0 = 0; n0 < p.N; n0 += chunkRows) {
    const uint32_t rows = uint32_t(std::min<uint64_t>(chunkRows, p.N - n0));
    dispatch(uint32_t(n0), rows, w.view.sub(n0 * rowBytes, rows * rowBytes));
  }
}

}  // namespace gwb::ops
