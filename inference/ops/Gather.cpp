#include "inference/ops/Gather.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "inference/ops/OpCheck.h"
#include "inference/ops/QuantGather.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t n, rows, dim, rowBase, rowEnd;
  float scale;
};
constexpr uint32_t kGroup = 128;

const char* shaderFor(DType t) {
  return t == DType::F32 ? "gather_f32" : t == DType::F16 ? "gather_f16" : "gather_bf16";
}

// Real embedding tables are bigger than one storage binding may be (262144 x 1536 bf16 = 768 MiB
// against 128 MiB on lavapipe and many drivers), so the table is bound in chunks of whole rows,
// one dispatch per chunk; each writes the output rows whose ids fall in its chunk (the first one
// also writes the zero rows of out-of-range ids). Chunk starts respect the offset alignment.
void gatherChunked(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                   uint32_t rows, uint32_t dim, float scale, uint64_t maxBindBytes) {
  if (n == 0 || dim == 0) return;
  const gpu::DeviceInfo& info = ctx.device.info();
  const uint64_t rowBytes = uint64_t(dim) * gpu::dtypeSize(table.dtype);
  const uint64_t align = std::max<uint64_t>(info.minStorageBufferOffsetAlignment, 1);
  const uint64_t rowStep = align / std::gcd(rowBytes, align);  // rows per aligned offset
  uint64_t chunkRows = maxBindBytes / rowBytes / rowStep * rowStep;
  if (chunkRows == 0) throw std::invalid_argument("embeddingGather: one table row exceeds a storage binding");
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({shaderFor(table.dtype), 3, sizeof(Push), {kGroup}});
  const uint32_t gx = groupsFor(dim, kGroup), gy = std::min<uint32_t>(n, 65535);
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

void embeddingGather(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale) {
  if (gpu::isQuantized(table.dtype)) return quantEmbeddingGather(ctx, table, ids, out, n, rows, dim, scale);
  gatherChunked(ctx, table, ids, out, n, rows, dim, scale, ctx.device.info().maxStorageBufferRange);
}

namespace ref {
void embeddingGather(const float* table, const int32_t* ids, float* out, uint32_t n, uint32_t rows, uint32_t dim,
                     float scale) {
  for (uint32_t t = 0; t < n; ++t) {
    const bool valid = ids[t] >= 0 && uint32_t(ids[t]) < rows;
    for (uint32_t c = 0; c < dim; ++c) out[size_t(t) * dim + c] = valid ? table[size_t(ids[t]) * dim + c] * scale : 0.0f;
  }
}
}  // namespace ref

void addGatherChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    DType dtype;
    uint32_t n, rows, dim;
    float scale;
    uint64_t maxBindBytes;  // 0: the device limit; small values force the chunked path
  };
  // 39.25 = sqrt(1536) rounded to bf16 (E2B's embedding scale), 16 = sqrt(256) (the PLE table).
  const Case cases[] = {
      {DType::BF16, 40, 1000, 1536, 39.25f, 0},  {DType::F16, 40, 300, 256, 16.0f, 0},
      {DType::F32, 1, 50, 64, 1.0f, 0},          {DType::F32, 40, 513, 33, 39.25f, 0},
      {DType::BF16, 40, 262144, 64, 16.0f, 0},   // vocab-sized table, last row 262143
      {DType::BF16, 40, 1000, 96, 39.25f, 7 * 96 * 2 + 100},  // chunks of 7 rows
      {DType::F32, 40, 97, 16, 2.0f, 10 * 16 * 4},            // chunks of 10 rows, a short last one
  };
  for (const Case& k : cases) {
    const std::string shape = std::to_string(k.n) + " of " + std::to_string(k.rows) + "x" + std::to_string(k.dim) +
                              (k.maxBindBytes ? " chunked" : "");
    list.push_back({"gather", std::string(gpu::dtypeName(k.dtype)), shape, [k](gpu::Device& dev, uint64_t seed) {
                      std::vector<float> widened;
                      auto tableVals = randomFloats(size_t(k.rows) * k.dim, seed, -1.0f, 1.0f);
                      auto bt = uploadWeights(dev, tableVals, k.dtype, "table", widened);
                      // ids: the last row, row 0, out-of-range ones (rows, -1, huge), the rest random
                      std::vector<int32_t> ids(k.n);
                      const auto r = randomFloats(k.n, seed + 1, 0.0f, 1.0f);
                      for (uint32_t t = 0; t < k.n; ++t) ids[t] = std::min(int32_t(r[t] * float(k.rows)), int32_t(k.rows) - 1);
                      ids[0] = int32_t(k.rows) - 1;
                      if (k.n > 4) ids[1] = 0, ids[2] = int32_t(k.rows), ids[3] = -1, ids[4] = 0x7fffffff;
                      auto bi = uploadBytes(dev, ids.data(), ids.size() * 4, "ids");
                      auto bo = outputFloats(dev, size_t(k.n) * k.dim, "out");
                      const WeightView table{bt.view(), k.dtype};
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        if (k.maxBindBytes)
                          gatherChunked(c, table, bi.view(), bo.view(), k.n, k.rows, k.dim, k.scale, k.maxBindBytes);
                        else
                          embeddingGather(c, table, bi.view(), bo.view(), k.n, k.rows, k.dim, k.scale);
                      });
                      std::vector<float> want(size_t(k.n) * k.dim);
                      ref::embeddingGather(widened.data(), ids.data(), want.data(), k.n, k.rows, k.dim, k.scale);
                      // One f32 multiply of the same widened value on both sides: exact.
                      CheckResult res = compare(downloadFloats(dev, bo.view()), want, 0.0);
                      res.milliseconds = ms;
                      return res;
                    }});
  }
}

}  // namespace gwb::ops
