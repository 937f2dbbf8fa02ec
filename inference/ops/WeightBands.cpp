#include "inference/ops/WeightBands.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "inference/gpu/VulkanError.h"

namespace gwb::ops {

namespace {
// Calls f(rowMajorOffset, bandOffset, elements) for each row's piece of each band, in elements.
template <class F>
void forEachPiece(uint64_t rows, uint64_t cols, F f) {
  for (uint64_t k0 = 0; k0 < cols; k0 += kBandColumns) {
    const uint64_t w = std::min<uint64_t>(kBandColumns, cols - k0);
    for (uint64_t n = 0; n < rows; ++n) f(n * cols + k0, k0 * rows + n * w, w);
  }
}
}  // namespace

bool bandsFit(const gpu::DeviceInfo& device, DType type, uint64_t rows, uint64_t cols) {
  if (gpu::isQuantized(type) || rows == 0 || cols == 0 || cols % 8 != 0) return false;
  return rows * cols * gpu::dtypeSize(type) <= device.maxStorageBufferRange;
}

void toColumnBands(const std::byte* src, std::byte* dst, uint64_t rows, uint64_t cols, size_t elementBytes) {
  forEachPiece(rows, cols, [&](uint64_t r, uint64_t b, uint64_t w) {
    std::memcpy(dst + b * elementBytes, src + r * elementBytes, w * elementBytes);
  });
}

void fromColumnBands(const std::byte* src, std::byte* dst, uint64_t rows, uint64_t cols, size_t elementBytes) {
  forEachPiece(rows, cols, [&](uint64_t r, uint64_t b, uint64_t w) {
    std::memcpy(dst + r * elementBytes, src + b * elementBytes, w * elementBytes);
  });
}

void requireRowMajor(const WeightView& w, const char* op) {
  if (w.bands) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        std::string(op) + ": the weight is stored in column bands; this op reads row-major weights");
  }
}

}  // namespace gwb::ops
