#include "inference/runtime/PrefillChunk.h"

#include <algorithm>

#include "inference/ops/MatmulCoopMatTiles.h"

namespace gwb::runtime {

namespace {
constexpr uint32_t kPortableChunk = 256;   // f32 tiled kernels: longer chunks gain nothing
constexpr uint32_t kTensorCoreChunk = 512;
constexpr uint32_t kLargeGpuChunk = 2048;
constexpr uint64_t kLargeGpuBytes = 16ull << 30;
}  // namespace

uint32_t preferredPrefillChunk(const gpu::DeviceInfo& device, const model::TextConfig& config) {
  if (!ops::pickCoopMatTile(device, kLargeGpuChunk, kLargeGpuChunk)) return kPortableChunk;
  uint32_t chunk = device.deviceLocalBytes >= kLargeGpuBytes ? kLargeGpuChunk : kTensorCoreChunk;
  // The widest scratch binding (the MLP's [T, 2 * width] gate/up rows, or the [T, L * P]
  // per-layer inputs) must fit one storage-buffer binding.
  uint64_t widest = 0;
  for (const model::TextLayer& l : config.layers) widest = std::max<uint64_t>(widest, 2 * uint64_t(l.mlpWidth));
  widest = std::max<uint64_t>(widest, uint64_t(config.numLayers) * uint64_t(config.hiddenSizePerLayerInput));
  while (chunk > kPortableChunk && uint64_t(chunk) * widest * 4 > device.maxStorageBufferRange) chunk /= 2;
  return chunk;
}

}  // namespace gwb::runtime
