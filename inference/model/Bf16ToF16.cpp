#include "inference/model/Bf16ToF16.h"

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

}  // namespace gwb::model
