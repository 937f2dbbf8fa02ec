#include "inference/runtime/PrefillChunk.h"

#include <algorithm>

#include "inference/ops/MatmulCoopMatTiles.h"

namespace gwb::runtime {

namespace {
constexpr uint32_t kPortableChunk = 256;   // f32 tiled kernels: longer chunks gain nothing
constexpr uint32_t kTensorCoreChunk = 512;
constexpr uint32_t kLargeGpuChunk = 2048;
constexpr uint64_t kLargeGpuBytes = 16ull << 30;
// H100, session 7: a 4096-token prefill in one chunk of 4096 against two of 2048: E2B 183 vs
// 189-192 ms, E4B 315 vs 342 ms (M = 4096 grids fill the GPU with the 128 x 256 tile); the
// scratch doubles (~1.4 GB for E4B), so only on GPUs with room to spare.
constexpr uint32_t kHugeGpuChunk = 4096;
constexpr uint64_t kHugeGpuBytes = 40ull << 30;
}  // namespace

uint32_t preferredPrefillChunk(const gpu::DeviceInfo& device, const model::TextConfig& config) {
  if (!ops::pickCoopMatTile(device, kLargeGpuChunk, kLargeGpuChunk)) return kPortableChunk;
  uint32_t chunk = device.deviceLocalBytes >= kHugeGpuBytes    ? kHugeGpuChunk
                   : device.deviceLocalBytes >= kLargeGpuBytes ? kLargeGpuChunk
                                                               : kTensorCoreChunk;
  // The widest scratch binding (the MLP's [T, 2 * width] gate/up rows, or the [T, L * P]
  // per-layer inputs) must fit one storage-buffer binding.
  uint64_t widest = 0;
  for (const model::TextLayer& l : config.layers) widest = std::max<uint64_t>(widest, 2 * uint64_t(l.mlpWidth));
  widest = std::max<uint64_t>(widest, uint64_t(config.numLayers) * uint64_t(config.hiddenSizePerLayerInput));
  while (chunk > kPortableChunk && uint64_t(chunk) * widest * 4 > device.maxStorageBufferRange) chunk /= 2;
  return chunk;
}

}  // namespace gwb::runtime
