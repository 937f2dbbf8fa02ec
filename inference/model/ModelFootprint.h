#pragma once
// Parameter counts and weight bytes per model component, measured from a checkpoint or estimated
// from a config alone (for `info --random-weights`: the real variant's shapes at one dtype).
#include <cstdint>
#include <map>

#include "inference/model/Checkpoint.h"
#include "inference/model/DType.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/QuantFormat.h"

namespace gwb::model {

struct ComponentSize {
  int64_t parameters = 0;
  uint64_t bytes = 0;
};

struct ModelFootprint {
  ComponentSize text;        // decoder tensors the engine reads (embeddings, layers, norms), PLE table excluded
  ComponentSize textUnused;  // stored but never read: k_proj / v_proj / k_norm of KV-shared layers
  ComponentSize pleTable;    // embed_tokens_per_layer (E2B: 262144 x 8960)
  ComponentSize vision;      // vision tower + embed_vision
  ComponentSize audio;       // audio tower + embed_audio
  ComponentSize other;       // anything else a checkpoint holds
  std::map<DType, uint64_t> bytesByDType;  // every tensor
  // GGUF block-quantized tensors (Q8_0, Q4_K, ...): bytes per ggml type; also counted in the
  // components above.
  std::map<GgmlType, uint64_t> quantizedBytes;

  int64_t totalParameters() const;
  uint64_t totalBytes() const;
  // Bytes the engine uploads: everything except textUnused and other.
  uint64_t usedBytes() const;
};

// Sorts every tensor of `ckpt` into a component by its name (prefixes of `cfg`'s layout).
ModelFootprint measureCheckpoint(const Checkpoint& ckpt, const ModelConfig& cfg);
// The footprint a checkpoint of `cfg` would have with every tensor stored as `weightType`
// (real E2B/E4B checkpoints keep the unused KV-shared tensors, so they are counted too).
ModelFootprint estimateFootprint(const ModelConfig& cfg, DType weightType);

}  // namespace gwb::model
