#pragma once
// The vision tower's weights on the device (design/gemma4-media.md §3, §8): patch embedding,
// learned 2-D position table, encoder layers with their ClippableLinear bounds, optional
// standardize buffers, and the embed_vision projection into the text model. Matrices and the
// position table keep the checkpoint's storage type (f32 / f16 / bf16); norm vectors become f32;
// clip bounds stay on the host (bf16 bounds widen exactly, so the clamps use the stored values).
// Shapes come from config.json (vision_config, text hidden size), validated against
// MediaWeightManifest.
#include <cstdint>
#include <vector>

#include "inference/gpu/Device.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/ops/ClippedLinear.h"

namespace gwb::model {

struct VisionLayerWeights {
  DeviceWeight inputNorm, postAttentionNorm, preFeedforwardNorm, postFeedforwardNorm;  // f32 [H]
  DeviceWeight qProj, kProj, vProj, oProj;  // [nH*hd, H], [nKV*hd, H], [nKV*hd, H], [H, nH*hd]
  DeviceWeight qNorm, kNorm;                // f32 [hd]
  DeviceWeight gate, up, down;              // [F, H], [F, H], [H, F]
  // ±inf when the tower has no clipped linears (use_clipped_linears = false).
  ops::ClipBounds qClip, kClip, vClip, oClip, gateClip, upClip, downClip;
};

struct VisionEncoderWeights {
  VisionConfig config;
  int64_t textHidden = 0;
  DeviceWeight patchProjection;  // [H, 3*patch*patch]
  DeviceWeight positionTableX;   // [position_embedding_size, H]: position_embedding_table[0] (column)
  DeviceWeight positionTableY;   // [position_embedding_size, H]: position_embedding_table[1] (row)
  std::vector<VisionLayerWeights> layers;
  DeviceWeight stdNegBias, stdScale;  // f32 [H], -std_bias and std_scale (standardize only)
  DeviceWeight embedProjection;       // [textHidden, H]: embed_vision.embedding_projection
  uint64_t deviceBytes = 0;
};

// Uploads the vision tower and embed_vision. Throws ConfigError when config.json has no
// vision_config, CheckpointError on a missing or mis-shaped tensor.
VisionEncoderWeights loadVisionEncoderWeights(gpu::Device& device, const ModelConfig& config, const Checkpoint& ckpt);

}  // namespace gwb::model
