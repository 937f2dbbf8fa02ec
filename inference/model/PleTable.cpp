#include "inference/model/PleTable.h"

#include <stdexcept>

#include "inference/gpu/DType.h"
#include "inference/model/GgufCheckpoint.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/QuantBlocks.h"
#include "inference/ops/ParallelRows.h"
#include "inference/ops/FillRandom.h"

namespace gwb::model {

PleTable PleTable::fromTensor(const TensorView& table) {
  if (table.shape.size() != 2) throw CheckpointError("per-layer embedding table " + table.name + " is not 2-D");
  if (table.dtype != DType::F32 && table.dtype != DType::BF16 && table.dtype != DType::F16) {
    throw CheckpointError("per-layer embedding table " + table.name + " has an unsupported dtype");
  }
  PleTable t;
  t.data_ = table.data;
  t.rows_ = table.shape[0];
  t.width_ = table.shape[1];
  t.storageType_ = table.dtype == DType::F32 ? gpu::DType::F32 : table.dtype == DType::BF16 ? gpu::DType::BF16
                                                                                          : gpu::DType::F16;
  return t;
}

PleTable PleTable::fromQuantized(const QuantizedTensorView& table) {
  const auto type = deviceTypeOf(table.type);
  if (table.shape.size() != 2 || !type || !hasBlockCodec(table.type)) {
    throw CheckpointError("per-layer embedding table " + table.name + " is " + std::string(ggmlTypeName(table.type)) +
                          ", which cannot be read (a 2-D table of F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K or Q6_K)");
  }
  const int64_t rows = table.shape[0], width = table.shape[1];
  if (rows <= 0 || width <= 0 || !rowIsWhole(table.type, size_t(width)) ||
      uint64_t(rows) * model::rowBytes(table.type, size_t(width)) != table.bytes) {
    throw CheckpointError("per-layer embedding table " + table.name + ": its " + std::to_string(table.bytes) +
                          " bytes are not " + std::to_string(rows) + " rows of " + std::to_string(width) + " " +
                          std::string(ggmlTypeName(table.type)) + " values");
  }
  PleTable t;
  t.data_ = table.data;
  t.rows_ = rows;
  t.width_ = width;
  t.storageType_ = *type;
  return t;
}

uint64_t PleTable::rowBytes() const { return model::rowBytes(ggmlTypeOf(storageType_), size_t(width_)); }

PleTable PleTable::random(int64_t rows, int64_t width, uint32_t seed, float amplitude) {
  PleTable t;
  t.rows_ = rows;
  t.width_ = width;
  t.seed_ = seed;
  t.amplitude_ = amplitude;
  return t;
}

void PleTable::gather(std::span<const int32_t> ids, float scale, std::vector<float>& out) const {
  out.resize(ids.size() * size_t(width_));
  gatherInto(ids, scale, out.data());
}

void PleTable::gatherInto(std::span<const int32_t> ids, float scale, float* out) const {
  for (int32_t id : ids) {
    if (id < 0 || int64_t(id) >= rows_) {
      throw std::out_of_range("token id " + std::to_string(id) + " outside the per-layer embedding table");
    }
  }
  // A 512-token prefill chunk of E2B gathers 4.6 M values: spread the rows over the cores.
  ops::parallelRows(ids.size(), size_t(width_), [&](size_t first, size_t end) { gatherRows(ids, scale, first, end, out); });
}

void PleTable::gatherRows(std::span<const int32_t> ids, float scale, size_t first, size_t end, float* out) const {
  for (size_t t = first; t < end; ++t) {
    const int64_t id = ids[t];
    float* dst = out + t * size_t(width_);
    if (!data_) {
      // ops::ref::randomRowValue, its row seed hoisted out of the loop.
      const uint32_t mixed = ops::ref::rowSeedMixed(uint32_t(id), seed_);
      for (int64_t c = 0; c < width_; ++c) {
        dst[c] = ops::ref::randomValueMixed(uint32_t(c), mixed, -amplitude_, amplitude_) * scale;
      }
      continue;
    }
    // One codec for every stored type (QuantBlocks.h: plain floats are one-element blocks).
    dequantizeRow(ggmlTypeOf(storageType_), data_ + uint64_t(id) * rowBytes(), size_t(width_), dst);
    for (int64_t c = 0; c < width_; ++c) dst[c] *= scale;
  }
}

}  // namespace gwb::model
