#include "inference/model/QuantizeOnLoad.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "inference/model/QuantBlocks.h"
#include "inference/ops/ParallelRows.h"

namespace gwb::model {

GgmlType parseQuantizeOption(const std::string& text) {
  const auto t = parseGgmlType(text);
  if (t == GgmlType::Q8_0 || t == GgmlType::Q4_K) return *t;
  throw std::invalid_argument("--quantize takes q8_0 or q4_k, got '" + text + "'");
}

std::optional<GgmlType> quantTypeForRows(GgmlType requested, uint64_t k) {
  if (k % blockElements(requested) == 0) return requested;
  if (requested == GgmlType::Q4_K && k % blockElements(GgmlType::Q4_0) == 0) return GgmlType::Q4_0;
  return std::nullopt;
}

gpu::Buffer quantizeToDevice(gpu::Device& device, const std::string& name, uint64_t rows, uint64_t k, GgmlType type,
                             const RowSource& source) {
  const uint64_t rowBytes = model::rowBytes(type, k);
  gpu::Buffer buffer(device, rows * rowBytes, gpu::MemoryUsage::DeviceLocal, name);
  // Slabs of ~16 Mi elements (64 MiB of floats): big enough to keep every core and the upload
  // busy, small enough that the host never holds more than one.
  const uint64_t slabRows = std::max<uint64_t>(1, (uint64_t(1) << 24) / k);
  std::vector<float> dense;
  std::vector<uint8_t> blocks;
  for (uint64_t r0 = 0; r0 < rows; r0 += slabRows) {
    const uint64_t n = std::min(slabRows, rows - r0);
    dense.resize(n * k);
    blocks.resize(n * rowBytes);
    ops::parallelRows(n, k, [&](size_t first, size_t end) {
      for (uint64_t r = first; r < end; ++r) {
        source(r0 + r, dense.data() + r * k);
        quantizeRow(type, dense.data() + r * k, k, blocks.data() + r * rowBytes);
      }
    });
    device.upload(buffer.view().sub(r0 * rowBytes, n * rowBytes), blocks.data(), n * rowBytes);
  }
  return buffer;
}

}  // namespace gwb::model
