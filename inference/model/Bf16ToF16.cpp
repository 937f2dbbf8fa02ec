#include "inference/model/Bf16ToF16.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "inference/gpu/DType.h"
#include "inference/ops/MatmulCoopMatTiles.h"
#include "inference/ops/ParallelRows.h"

namespace gwb::model {

bool storesBf16MatricesAsF16(const gpu::DeviceInfo& device) {
  return ops::pickCoopMatTile(device, 4096, 4096) != nullptr;
}

std::optional<std::vector<uint16_t>> bf16ToF16Checked(const uint16_t* bf16, size_t count) {
  constexpr size_t kRow = 4096;  // values per work item
  std::vector<uint16_t> out(count);
  std::atomic<bool> outOfRange{false};
  ops::parallelRows((count + kRow - 1) / kRow, kRow, [&](size_t first, size_t end) {
    for (size_t i = first * kRow, stop = std::min(count, end * kRow); i < stop; ++i) {
      const float v = gpu::bf16ToF32(bf16[i]);
      if (!(std::fabs(v) <= 65504.0f)) {
        outOfRange = true;
        return;
      }
      out[i] = gpu::f32ToF16(v);
    }
  });
  if (outOfRange) return std::nullopt;
  return out;
}

gpu::DType uploadMatrix(gpu::Device& dev, gpu::Buffer& buffer, const std::string& name, const void* data,
                        size_t bytes, gpu::DType dtype) {
  buffer = gpu::Buffer(dev, std::max<size_t>(bytes, 4), gpu::MemoryUsage::DeviceLocal, name);
  if (dtype == gpu::DType::BF16 && storesBf16MatricesAsF16(dev.info())) {
    if (const auto f16 = bf16ToF16Checked(static_cast<const uint16_t*>(data), bytes / 2)) {
      dev.upload(buffer.view(), f16->data(), bytes);
      return gpu::DType::F16;
    }
  }
  dev.upload(buffer.view(), data, bytes);
  return dtype;
}

}  // namespace gwb::model
