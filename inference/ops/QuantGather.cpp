#include "inference/ops/QuantGather.h"

#include <algorithm>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/GatherCheck.h"
#include "inference/ops/GatherChunks.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
constexpr uint32_t kGroup = 64;  // invocations per workgroup, 4 columns each

// The piece bound in chunks of at most maxBindBytes (GatherChunks.h).
void gatherChunked(OpContext& ctx, const TablePiece& piece, BufferView ids, BufferView out, uint32_t n, uint32_t rows,
                   uint32_t dim, float scale, uint64_t maxBindBytes) {
  if (n == 0 || dim == 0) return;
  const WeightView& table = piece.table;
  const uint32_t be = gpu::dtypeBlockElements(table.dtype);
  if (!gpu::isQuantized(table.dtype) || dim % be != 0) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "quantEmbeddingGather: rows of " + std::to_string(dim) + " are not whole " +
                            std::string(gpu::dtypeName(table.dtype)) + " blocks");
  }
  const uint64_t rowBytes = gpu::dtypeRowBytes(table.dtype, dim);
  if (table.view.size < rowBytes * piece.rows || out.size < uint64_t(n) * dim * 4 || ids.size < uint64_t(n) * 4) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantEmbeddingGather: a buffer is smaller than n, rows, dim need");
  }
  if (!dispatchGatherChunks(ctx, {"gather_" + std::string(gpu::dtypeName(table.dtype)), 3, sizeof(GatherPush), {kGroup}},
                            table, ids, out, n, rows, piece.firstRow, piece.rows, dim, scale, rowBytes, maxBindBytes,
                            groupsFor(dim / 4, kGroup))) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantEmbeddingGather: one table row exceeds a storage binding");
  }
}
}  // namespace

void quantEmbeddingGather(OpContext& ctx, const TablePiece& table, BufferView ids, BufferView out, uint32_t n,
                          uint32_t rows, uint32_t dim, float scale) {
  gatherChunked(ctx, table, ids, out, n, rows, dim, scale, ctx.device.info().maxStorageBufferRange);
}

void addQuantGatherChecks(CheckList& list, const gpu::DeviceInfo&) {
  // 39.25 = sqrt(1536) rounded to bf16 (E2B's embedding scale).
  const GatherCheckCase cases[] = {
      {DType::Q8_0, 40, 1000, 1536, 39.25f, 0}, {DType::Q4_0, 40, 300, 256, 16.0f, 0},
      {DType::Q4_K, 40, 1000, 1536, 39.25f, 0}, {DType::Q5_K, 40, 300, 512, 1.0f, 0},
      {DType::Q6_K, 40, 300, 768, 2.0f, 0},     {DType::Q4_K, 40, 1000, 256, 39.25f, 7 * 144 + 100},
      {DType::Q8_0, 40, 97, 64, 2.0f, 10 * 68},  // chunks of 10 rows, a short last one
      {DType::Q6_K, 40, 300, 512, 16.0f, 0, 3},  // 3 buffers (the PLE table's 4 GiB allocations)
  };
  for (const GatherCheckCase& k : cases) {
    // The decode of one weight may group d * scale * q differently from the host codec (one f32
    // rounding), then one multiply by scale: 1e-6 relative.
    list.push_back(gatherCheck("quantgather", k, 1e-6,
                               [](OpContext& c, std::span<const TablePiece> table, BufferView ids, BufferView out,
                                  const GatherCheckCase& gc) {
                                 if (gc.pieces > 1) return embeddingGather(c, table, ids, out, gc.n, gc.rows, gc.dim, gc.scale);
                                 gatherChunked(c, table[0], ids, out, gc.n, gc.rows, gc.dim, gc.scale,
                                               gc.maxBindBytes ? gc.maxBindBytes : c.device.info().maxStorageBufferRange);
                               }));
  }
}

}  // namespace gwb::ops
