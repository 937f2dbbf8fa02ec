#pragma once
// The text decoder's weights on the device, one struct per layer. Matrices keep the checkpoint's
// storage type (f32 / f16 / bf16, widened in the shaders); norm vectors are converted to f32;
// scalars stay on the host. Loaded from a Checkpoint (validated against TextWeightManifest) or
// filled with random values on the device (--random-weights).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inference/gpu/Device.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/PleTable.h"
#include "inference/model/PlePlacement.h"
#include "inference/model/QuantFormat.h"
#include "inference/ops/OpContext.h"

namespace gwb::model {

// A device tensor: its buffer and how the ops should read it.
struct DeviceWeight {
  gpu::Buffer buffer;
  gpu::DType dtype = gpu::DType::F32;
  bool bands = false;  // stored in column bands (ops/WeightBands.h): the down and PLE projections
  ops::WeightView view() const { return {buffer.view(), dtype, bands}; }
  gpu::BufferView raw() const { return buffer.view(); }
  explicit operator bool() const { return bool(buffer); }
};

struct DecoderLayerWeights {
  DeviceWeight inputNorm, postAttentionNorm, preFeedforwardNorm, postFeedforwardNorm;  // f32 [H]
  DeviceWeight qProj, kProj, vProj, oProj;  // [nH*hd, H], [nKV*hd, H] (absent on KV-shared layers), [H, nH*hd]
  // Stacked at load time for the fused decode kernels (stackProjections): qkv = [q; k; v] rows
  // [(nH + 2 nKV)*hd, H] (q alone on KV-shared layers), gateUp = [gate; up] rows [2F, H]. Where
  // set, the separate matrices are empty; block-quantized layers keep them separate.
  DeviceWeight qkv, gateUp;
  DeviceWeight qNorm, kNorm;                // f32 [hd]
  DeviceWeight gate, up, down;              // [F, H], [F, H], [H, F]
  DeviceWeight pleGate, pleProjection, postPleNorm;  // [P, H], [H, P], f32 [H]
  float layerScalar = 1.0f;
};

struct TextDecoderWeights {
  DeviceWeight embedTokens;       // [vocab, H], also the tied LM head
  DeviceWeight lmHead;            // only when embeddings are not tied
  DeviceWeight finalNorm;         // f32 [H]
  DeviceWeight pleModelProjection;  // [L*P, H]
  DeviceWeight pleProjectionNorm;   // f32 [P]
  std::optional<PleTable> pleTable;
  // The table's device copy where placePleTable put one (PleTableDevice.h), and why or why not.
  DevicePleTable pleTableDevice;
  PlePlacement plePlacement;
  std::vector<DecoderLayerWeights> layers;
  float embedScale = 1.0f;  // sqrt(H), rounded to the embedding's storage type as HF does
  float pleScale = 1.0f;    // sqrt(P), rounded to the PLE table's storage type likewise
  uint64_t deviceBytes = 0;
  std::string storageSummary;  // matrices per storage type, e.g. "q4_k x 250, q4_0 x 2, bf16 x 1"

  const DeviceWeight& lmHeadWeight() const { return lmHead ? lmHead : embedTokens; }
};

// Uploads every used text-decoder tensor. The checkpoint must outlive the result (the PLE table
// is read from its mapping). Throws CheckpointError on a missing or mis-shaped tensor.
// Block-quantized tensors of a GGUF checkpoint are uploaded as their blocks. `quantize`: every
// matrix (projections, MLP, PLE projections, embedding / LM head) is quantized on load to that
// format (QuantizeOnLoad.h; rows that are not whole blocks fall back as quantTypeForRows says).
TextDecoderWeights loadTextDecoderWeights(gpu::Device& device, const ModelConfig& config, const Checkpoint& ckpt,
                                          std::optional<GgmlType> quantize = std::nullopt);

// Random weights with the config's shapes, in `dtype` (bf16 like the released checkpoints), or
// with the matrices in the block format `quantize` (random values quantized on the host).
TextDecoderWeights randomTextDecoderWeights(gpu::Device& device, const ModelConfig& config, gpu::DType dtype,
                                            uint32_t seed, std::optional<GgmlType> quantize = std::nullopt);

}  // namespace gwb::model
