#pragma once
// How much memory a model needs: its weights plus the KV cache at a context length.
#include <cstdint>

#include "inference/model/DType.h"
#include "inference/model/ModelFootprint.h"
#include "inference/model/TextConfig.h"

namespace gwb::model {

struct KvCacheOptions {
  int64_t contextLength = 4096;
  DType elementType = DType::F16;  // F32 or F16 (any dtype's size is honoured)
  // false: every KV-owning layer holds the whole context (the simple layout).
  // true: sliding layers hold only what their window needs: W - 1 past keys + one chunk.
  bool capSlidingToWindow = false;
  int64_t chunkTokens = 1;  // prefill chunk, for the capped sliding layout
};

// K + V bytes of all KV-owning layers (KV-shared layers read their source's cache and own none):
//   sum over owners of 2 * numKvHeads * headDim * slots * elementSize.
// attention_k_eq_v layers still cache K and V separately (they differ after the norms).
uint64_t kvCacheBytes(const TextConfig& cfg, const KvCacheOptions& opt);

struct MemoryEstimate {
  uint64_t weightBytes = 0;  // tensors the engine uploads (ModelFootprint::usedBytes)
  uint64_t kvCacheBytes = 0;
  uint64_t total() const { return weightBytes + kvCacheBytes; }
};

MemoryEstimate estimateMemory(const ModelFootprint& weights, const TextConfig& cfg, const KvCacheOptions& opt);

}  // namespace gwb::model
