#include "inference/model/MemoryEstimate.h"

#include <algorithm>

namespace gwb::model {

uint64_t kvCacheBytes(const TextConfig& cfg, const KvCacheOptions& opt) {
  const uint64_t elem = dtypeSize(opt.elementType);
  const int64_t context = std::max<int64_t>(opt.contextLength, 0);
  uint64_t total = 0;
  for (const TextLayer& layer : cfg.layers) {
    if (layer.kvShared) continue;
    int64_t slots = context;
    if (opt.capSlidingToWindow && !layer.isFull) {
      slots = std::min(context, cfg.slidingWindow - 1 + std::max<int64_t>(opt.chunkTokens, 1));
    }
    total += 2ull * static_cast<uint64_t>(layer.numKvHeads) * static_cast<uint64_t>(layer.headDim) *
             static_cast<uint64_t>(slots) * elem;
  }
  return total;
}

MemoryEstimate estimateMemory(const ModelFootprint& weights, const TextConfig& cfg, const KvCacheOptions& opt) {
  return {weights.usedBytes(), kvCacheBytes(cfg, opt)};
}

}  // namespace gwb::model
