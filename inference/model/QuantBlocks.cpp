#include "inference/model/QuantBlocks.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/ops/ParallelRows.h"
#include "inference/ops/QuantCodec.h"

namespace gwb::model {

namespace {

void checkRow(GgmlType t, size_t n, const char* what) {
  if (!hasBlockCodec(t)) {
    throw std::invalid_argument(std::string(what) + ": no block codec for ggml type " + std::string(ggmlTypeName(t)));
  }
  if (!rowIsWhole(t, n)) {
    throw std::invalid_argument(std::string(what) + ": a row of " + std::to_string(n) + " elements is not a whole number of " +
                                std::string(ggmlTypeName(t)) + " blocks (" + std::to_string(blockElements(t)) + ")");
  }
}

}  // namespace

void packScaleMin(const uint8_t scale[8], const uint8_t min[8], uint8_t packed[12]) {
  ops::quant::packScaleMin(scale, min, packed);
}
void unpackScaleMin(const uint8_t packed[12], int j, uint8_t& scale, uint8_t& min) {
  ops::quant::unpackScaleMin(packed, j, scale, min);
}

bool hasBlockCodec(GgmlType t) { return deviceTypeOf(t).has_value(); }

void quantizeRow(GgmlType t, const float* src, size_t n, void* dst) {
  checkRow(t, n, "quantizeRow");
  auto* out = static_cast<uint8_t*>(dst);
  switch (t) {
    case GgmlType::F32: std::memcpy(out, src, n * 4); return;
    case GgmlType::F16:
      for (size_t i = 0; i < n; ++i) {
        const uint16_t h = gpu::f32ToF16(src[i]);
        std::memcpy(out + 2 * i, &h, 2);
      }
      return;
    case GgmlType::BF16:
      for (size_t i = 0; i < n; ++i) {
        const uint16_t h = gpu::f32ToBf16(src[i]);
        std::memcpy(out + 2 * i, &h, 2);
      }
      return;
    default: ops::quant::quantizeBlocks(*deviceTypeOf(t), src, n, dst); return;
  }
}

void dequantizeRow(GgmlType t, const void* src, size_t n, float* dst) {
  checkRow(t, n, "dequantizeRow");
  const auto* in = static_cast<const uint8_t*>(src);
  switch (t) {
    case GgmlType::F32: std::memcpy(dst, in, n * 4); return;
    case GgmlType::F16:
    case GgmlType::BF16:
      for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, in + 2 * i, 2);
        dst[i] = t == GgmlType::F16 ? gpu::f16ToF32(h) : gpu::bf16ToF32(h);
      }
      return;
    default: ops::quant::dequantizeBlocks(*deviceTypeOf(t), src, n, dst); return;
  }
}
void quantizeRows(GgmlType t, const float* src, size_t rows, size_t n, void* dst) {
  checkRow(t, n, "quantizeRows");
  const size_t rb = rowBytes(t, n);
  auto* out = static_cast<uint8_t*>(dst);
  ops::parallelRows(rows, n, [&](size_t r0, size_t r1) {
    for (size_t r = r0; r < r1; ++r) quantizeRow(t, src + r * n, n, out + r * rb);
  });
}

}  // namespace gwb::model
