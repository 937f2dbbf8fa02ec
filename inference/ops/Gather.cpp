#include "inference/ops/Gather.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "inference/ops/GatherCheck.h"
#include "inference/ops/GatherChunks.h"
#include "inference/ops/OpCheck.h"
#include "inference/ops/QuantGather.h"

namespace gwb::ops {

namespace {
constexpr uint32_t kGroup = 128;

const char* shaderFor(DType t) {
  return t == DType::F32 ? "gather_f32" : t == DType::F16 ? "gather_f16" : "gather_bf16";
}

// The piece bound in chunks of at most maxBindBytes (GatherChunks.h), as QuantGather.cpp's twin.
void gatherChunked(OpContext& ctx, const TablePiece& piece, BufferView ids, BufferView out, uint32_t n, uint32_t rows,
                   uint32_t dim, float scale, uint64_t maxBindBytes) {
  const WeightView& table = piece.table;
  const uint64_t rowBytes = uint64_t(dim) * gpu::dtypeSize(table.dtype);
  if (!dispatchGatherChunks(ctx, {shaderFor(table.dtype), 3, sizeof(GatherPush), {kGroup}}, table, ids, out, n, rows,
                            piece.firstRow, piece.rows, dim, scale, rowBytes, maxBindBytes, groupsFor(dim, kGroup))) {
    throw std::invalid_argument("embeddingGather: one table row exceeds a storage binding");
  }
}
}  // namespace

bool dispatchGatherChunks(OpContext& ctx, const gpu::PipelineDesc& pipeline, const WeightView& table, BufferView ids,
                          BufferView out, uint32_t n, uint32_t rows, uint32_t firstRow, uint32_t tableRows, uint32_t dim,
                          float scale, uint64_t rowBytes, uint64_t maxBindBytes, uint32_t groupsX) {
  if (n == 0 || dim == 0) return true;
  const uint64_t align = std::max<uint64_t>(ctx.device.info().minStorageBufferOffsetAlignment, 1);
  const uint64_t rowStep = align / std::gcd(rowBytes, align);  // rows per aligned offset
  const uint64_t chunkRows = maxBindBytes / rowBytes / rowStep * rowStep;
  if (chunkRows == 0) return false;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(pipeline);
  const uint32_t gy = std::min<uint32_t>(n, 65535);
  uint64_t first = 0;
  do {  // an empty table still runs once, to zero every output row
    const uint64_t count = std::min<uint64_t>(chunkRows, tableRows - first);
    const BufferView part = count ? table.view.sub(first * rowBytes, count * rowBytes) : ids;
    const GatherPush push{n, rows, dim, uint32_t(firstRow + first), uint32_t(firstRow + first + count), scale};
    ctx.rec.dispatch(pipe, {gpu::in(part), gpu::in(ids), gpu::out(out)}, push, groupsX, gy);
    first += count;
  } while (first < tableRows);
  return true;
}

OpCheck gatherCheck(const char* family, const GatherCheckCase& k, double tolerance, GatherUnderTest gather) {
  const std::string shape = std::to_string(k.n) + " of " + std::to_string(k.rows) + "x" + std::to_string(k.dim) +
                            (k.maxBindBytes ? " chunked" : "") +
                            (k.pieces > 1 ? " in " + std::to_string(k.pieces) + " pieces" : "");
  return {family, std::string(gpu::dtypeName(k.dtype)), shape,
          [k, tolerance, record = std::move(gather)](gpu::Device& dev, uint64_t seed) {
            const auto tableVals = randomFloats(size_t(k.rows) * k.dim, seed, -1.0f, 1.0f);
            // Pieces of whole rows, the last one the largest remainder (uneven on purpose).
            std::vector<gpu::Buffer> buffers;
            buffers.reserve(k.pieces);  // the pieces' views point at these
            std::vector<TablePiece> pieces;
            std::vector<float> widened;
            for (uint32_t i = 0, first = 0; i < k.pieces; ++i) {
              const uint32_t count = i + 1 == k.pieces ? k.rows - first : k.rows / (k.pieces + 1);
              std::vector<float> pieceWidened;
              buffers.push_back(uploadWeights(dev, std::span<const float>(tableVals).subspan(size_t(first) * k.dim,
                                                                                             size_t(count) * k.dim),
                                              k.dtype, "table piece", pieceWidened));
              widened.insert(widened.end(), pieceWidened.begin(), pieceWidened.end());
              pieces.push_back({{buffers.back().view(), k.dtype}, first, count});
              first += count;
            }
            std::vector<int32_t> ids(k.n);
            const auto r = randomFloats(k.n, seed + 1, 0.0f, 1.0f);
            for (uint32_t t = 0; t < k.n; ++t) ids[t] = std::min(int32_t(r[t] * float(k.rows)), int32_t(k.rows) - 1);
            ids[0] = int32_t(k.rows) - 1;
            if (k.n > 4) ids[1] = 0, ids[2] = int32_t(k.rows), ids[3] = -1, ids[4] = 0x7fffffff;
            auto bi = uploadBytes(dev, ids.data(), ids.size() * 4, "ids");
            auto bo = outputFloats(dev, size_t(k.n) * k.dim, "out");
            const double ms = recordAndTime(dev, [&](OpContext& c) { record(c, pieces, bi.view(), bo.view(), k); });
            std::vector<float> want(size_t(k.n) * k.dim);
            ref::embeddingGather(widened.data(), ids.data(), want.data(), k.n, k.rows, k.dim, k.scale);
            CheckResult res = compare(downloadFloats(dev, bo.view()), want, tolerance);
            res.milliseconds = ms;
            return res;
          }};
}

void embeddingGather(OpContext& ctx, const WeightView& table, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale) {
  const TablePiece whole{table, 0, rows};
  embeddingGather(ctx, std::span<const TablePiece>(&whole, 1), ids, out, n, rows, dim, scale);
}

void embeddingGather(OpContext& ctx, std::span<const TablePiece> pieces, BufferView ids, BufferView out, uint32_t n,
                     uint32_t rows, uint32_t dim, float scale) {
  uint32_t covered = 0;
  for (const TablePiece& p : pieces) {
    if (p.firstRow != covered) throw std::invalid_argument("embeddingGather: the table pieces do not follow each other");
    covered += p.rows;
  }
  if (covered != rows || pieces.empty()) throw std::invalid_argument("embeddingGather: the table pieces do not cover its rows");
  for (const TablePiece& p : pieces) {
    if (gpu::isQuantized(p.table.dtype)) {
      quantEmbeddingGather(ctx, p, ids, out, n, rows, dim, scale);
    } else {
      gatherChunked(ctx, p, ids, out, n, rows, dim, scale, ctx.device.info().maxStorageBufferRange);
    }
  }
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
  // 39.25 = sqrt(1536) rounded to bf16 (E2B's embedding scale), 16 = sqrt(256) (the PLE table).
  const GatherCheckCase cases[] = {
      {DType::BF16, 40, 1000, 1536, 39.25f, 0},  {DType::F16, 40, 300, 256, 16.0f, 0},
      {DType::F32, 1, 50, 64, 1.0f, 0},          {DType::F32, 40, 513, 33, 39.25f, 0},
      {DType::BF16, 40, 262144, 64, 16.0f, 0},   // vocab-sized table, last row 262143
      {DType::BF16, 40, 1000, 96, 39.25f, 7 * 96 * 2 + 100},  // chunks of 7 rows
      {DType::F32, 40, 97, 16, 2.0f, 10 * 16 * 4},            // chunks of 10 rows, a short last one
      {DType::BF16, 40, 1000, 96, 16.0f, 0, 3},               // 3 buffers (the PLE table's 4 GiB allocations)
      {DType::F32, 40, 97, 16, 2.0f, 0, 2},
  };
  for (const GatherCheckCase& k : cases) {
    // One f32 multiply of the same widened value on both sides: exact.
    list.push_back(gatherCheck("gather", k, 0.0,
                               [](OpContext& c, std::span<const TablePiece> table, BufferView ids, BufferView out,
                                  const GatherCheckCase& gc) {
                                 if (gc.maxBindBytes)
                                   gatherChunked(c, table[0], ids, out, gc.n, gc.rows, gc.dim, gc.scale, gc.maxBindBytes);
                                 else
                                   embeddingGather(c, table, ids, out, gc.n, gc.rows, gc.dim, gc.scale);
                               }));
  }
}

}  // namespace gwb::ops
