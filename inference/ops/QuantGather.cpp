#include "inference/ops/QuantGather.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Gather.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t n, rows, dim, rowBase, rowEnd;
  float scale;
};
constexpr uint32_t kGroup = 64;  // invocations per workgroup, 4 columns each

// As Gather.cpp: the table is bound in chunks of whole rows at aligned offsets, one dispatch per
// chunk (a vocab-sized table passes the storage-binding limit).
void gatherChunked(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n, uint32_t rows,
                   uint32_t dim, float scale, uint64_t maxBindBytes) {
  if (n == 0 || dim == 0) return;
  const uint32_t be = gpu::dtypeBlockElements(table.dtype);
  if (!gpu::isQuantized(table.dtype) || dim % be != 0) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "quantEmbeddingGather: rows of " + std::to_string(dim) + " are not whole " +
                            std::string(gpu::dtypeName(table.dtype)) + " blocks");
  }
  const uint64_t rowBytes = gpu::dtypeRowBytes(table.dtype, dim);
  if (table.view.size < rowBytes * rows || out.size < uint64_t(n) * dim * 4 || ids.size < uint64_t(n) * 4) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantEmbeddingGather: a buffer is smaller than n, rows, dim need");
  }
  const uint64_t align = std::max<uint64_t>(ctx.device.info().minStorageBufferOffsetAlignment, 1);
  const uint64_t rowStep = align / std::gcd(rowBytes, align);
  const uint64_t chunkRows = maxBindBytes / rowBytes / rowStep * rowStep;
  if (chunkRows == 0) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantEmbeddingGather: one table row exceeds a storage binding");
  }
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {"gather_" + std::string(gpu::dtypeName(table.dtype)), 3, sizeof(Push), {kGroup}});
  const uint32_t gx = groupsFor(dim / 4, kGroup), gy = std::min<uint32_t>(n, 65535);
  uint64_t first = 0;
  do {  // rows == 0 still runs once, to zero every output row
    const uint64_t count = std::min<uint64_t>(chunkRows, rows - first);
    const BufferView part = count ? table.view.sub(first * rowBytes, count * rowBytes) : ids;
    const Push push{n, rows, dim, uint32_t(first), uint32_t(first + count), scale};
    ctx.rec.dispatch(pipe, {gpu::in(part), gpu::in(ids), gpu::out(out)}, push, gx, gy);
    first += count;
  } while (first < rows);
}
}  // namespace

void quantEmbeddingGather(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                          uint32_t rows, uint32_t dim, float scale) {
  gatherChunked(ctx, table, ids, out, n, rows, dim, scale, ctx.device.info().maxStorageBufferRange);
}

void addQuantGatherChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    DType dtype;
    uint32_t n, rows, dim;
    float scale;
    uint64_t maxBindBytes;  // 0: the device limit; small values force the chunked path
  };
  // 39.25 = sqrt(1536) rounded to bf16 (E2B's embedding scale).
  const Case cases[] = {
      {DType::Q8_0, 40, 1000, 1536, 39.25f, 0}, {DType::Q4_0, 40, 300, 256, 16.0f, 0},
      {DType::Q4_K, 40, 1000, 1536, 39.25f, 0}, {DType::Q5_K, 40, 300, 512, 1.0f, 0},
      {DType::Q6_K, 40, 300, 768, 2.0f, 0},     {DType::Q4_K, 40, 1000, 256, 39.25f, 7 * 144 + 100},
      {DType::Q8_0, 40, 97, 64, 2.0f, 10 * 68},  // chunks of 10 rows, a short last one
  };
  for (const Case& k : cases) {
    const std::string shape = std::to_string(k.n) + " of " + std::to_string(k.rows) + "x" + std::to_string(k.dim) +
                              (k.maxBindBytes ? " chunked" : "");
    list.push_back({"quantgather", std::string(gpu::dtypeName(k.dtype)), shape, [k](gpu::Device& dev, uint64_t seed) {
                      std::vector<float> widened;
                      auto tableVals = randomFloats(size_t(k.rows) * k.dim, seed, -1.0f, 1.0f);
                      auto bt = uploadWeights(dev, tableVals, k.dtype, "table", widened);
                      // ids: the last row, row 0, out-of-range ones (rows, -1, huge), the rest random
                      std::vector<int32_t> ids(k.n);
                      const auto r = randomFloats(k.n, seed + 1, 0.0f, 1.0f);
                      for (uint32_t t = 0; t < k.n; ++t) ids[t] = std::min(int32_t(r[t] * float(k.rows)), int32_t(k.rows) - 1);
                      ids[0] = int32_t(k.rows) - 1;
                      ids[1] = 0, ids[2] = int32_t(k.rows), ids[3] = -1, ids[4] = 0x7fffffff;
                      auto bi = uploadBytes(dev, ids.data(), ids.size() * 4, "ids");
                      auto bo = outputFloats(dev, size_t(k.n) * k.dim, "out");
                      const WeightView table{bt.view(), k.dtype};
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        gatherChunked(c, table, bi.view(), bo.view(), k.n, k.rows, k.dim, k.scale,
                                      k.maxBindBytes ? k.maxBindBytes : dev.info().maxStorageBufferRange);
                      });
                      std::vector<float> want(size_t(k.n) * k.dim);
                      ref::embeddingGather(widened.data(), ids.data(), want.data(), k.n, k.rows, k.dim, k.scale);
                      // The decode of one weight may group d * scale * q differently from the host
                      // codec (one f32 rounding), then one multiply by scale: 1e-6 relative.
                      CheckResult res = compare(downloadFloats(dev, bo.view()), want, 1e-6);
                      res.milliseconds = ms;
                      return res;
                    }});
  }
}

}  // namespace gwb::ops
