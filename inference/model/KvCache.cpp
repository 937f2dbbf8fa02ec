#include "inference/model/KvCache.h"

#include <atomic>

#include <stdexcept>

#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/Device.h"
#include "inference/ops/FillRandom.h"

namespace gwb::model {

KvCache::KvCache(gpu::Device& device, const TextConfig& config, uint32_t capacity)
    : config_(config), capacity_(capacity) {
  static std::atomic<uint64_t> nextId{1};
  id_ = nextId++;
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

void KvCache::fillRandomForBench(gpu::Device& device, uint32_t length, uint32_t seed) {
  if (length > capacity_) throw std::length_error("KV fill longer than the cache");
  gpu::CommandRecorder rec(device);
  ops::OpContext ctx{device, rec};
  for (size_t i = 0; i < k_.size(); ++i) {
    if (!k_[i]) continue;
    const TextLayer& l = config_.layers[i];
    const uint64_t n = uint64_t(length) * uint64_t(l.numKvHeads) * uint64_t(l.headDim);
    if (n == 0) continue;
    ops::fillRandom(ctx, k_[i].view(0, n * 4), gpu::DType::F32, uint32_t(n), seed + uint32_t(2 * i), -1.0f, 1.0f);
    ops::fillRandom(ctx, v_[i].view(0, n * 4), gpu::DType::F32, uint32_t(n), seed + uint32_t(2 * i + 1), -1.0f, 1.0f);
  }
  rec.submit();
  length_ = length;
}

}  // namespace gwb::model
