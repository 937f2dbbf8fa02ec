#pragma once
// Keys and values of every KV-owning decoder layer, on the device:
//   k[layer], v[layer]: f32 [capacity, kvHeads, headDim]   (K after k_norm + RoPE, V after v_norm)
// KV-shared layers (E2B 15–34, E4B 24–41) own nothing: they read their source layer's cache.
#include <cstdint>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/model/TextConfig.h"

namespace gwb::model {

class KvCache {
 public:
  KvCache(gpu::Device& device, const TextConfig& config, uint32_t capacity);

  uint32_t capacity() const { return capacity_; }
  // Tokens whose K/V are stored (positions 0 .. length-1).
  uint32_t length() const { return length_; }
  void setLength(uint32_t n) { length_ = n; }
  void clear() { length_ = 0; }

  // The K / V buffer that layer `layer` attends over (its source layer's for shared layers).
  const gpu::Buffer& keys(int layer) const;
  const gpu::Buffer& values(int layer) const;
  uint64_t deviceBytes() const { return bytes_; }
  // Unique per cache object (never reused), so a decoder can tell whether a recorded step
  // still binds this cache's buffers.
  uint64_t id() const { return id_; }

  // Benchmarks only: stores `length` tokens of pseudo-random K/V (uniform in [-1, 1), the scale of
  // RMS-normed keys and values) in every owned layer and sets the length, so a decode step can be
  // timed at a deep context without prefilling it. The values mean nothing; the work is real.
  void fillRandomForBench(gpu::Device& device, uint32_t length, uint32_t seed);

 private:
  const TextConfig& config_;
  uint32_t capacity_ = 0;
  uint32_t length_ = 0;
  std::vector<gpu::Buffer> k_, v_;  // indexed by layer; empty buffers for shared layers
  uint64_t bytes_ = 0;
  uint64_t id_ = 0;
};

}  // namespace gwb::model
