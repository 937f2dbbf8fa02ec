#include "inference/model/KvCache.h"

#include "inference/gpu/Device.h"

namespace gwb::model {

KvCache::KvCache(gpu::Device& device, const TextConfig& config, uint32_t capacity)
    : config_(config), capacity_(capacity) {
  k_.resize(config.layers.size());
  v_.resize(config.layers.size());
  for (size_t i = 0; i < config.layers.size(); ++i) {
    const TextLayer& l = config.layers[i];
    if (l.kvShared) continue;
    const uint64_t bytes = uint64_t(capacity) * uint64_t(l.numKvHeads) * uint64_t(l.headDim) * 4;
    k_[i] = gpu::Buffer(device, bytes, gpu::MemoryUsage::DeviceLocal, "KV cache keys of layer " + std::to_string(i));
    v_[i] = gpu::Buffer(device, bytes, gpu::MemoryUsage::DeviceLocal, "KV cache values of layer " + std::to_string(i));
    bytes_ += 2 * bytes;
  }
}

const gpu::Buffer& KvCache::keys(int layer) const { return k_[size_t(config_.layers[size_t(layer)].kvSourceLayer)]; }
const gpu::Buffer& KvCache::values(int layer) const { return v_[size_t(config_.layers[size_t(layer)].kvSourceLayer)]; }

}  // namespace gwb::model
