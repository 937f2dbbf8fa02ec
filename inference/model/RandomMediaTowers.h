#pragma once
// Vision and audio towers with random weights, for full-size speed runs without a checkpoint
// (--random-weights: LoadedModel::random, bench-encoders). The towers are loaded through the same
// loaders as a real checkpoint's: a temporary .safetensors file holding only the towers' tensors
// (names and shapes from MediaWeightManifest, bf16 matrices, f32 vectors, finite clamp bounds so
// the clamps run as in real checkpoints) is written, loaded and deleted. The weights then live on
// the device alone (the loaders copy everything they keep).
#include <cstdint>
#include <memory>

#include "inference/gpu/Device.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/AudioEncoderWeights.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/VisionEncoder.h"
#include "inference/model/VisionEncoderWeights.h"

namespace gwb::model {

// Weights before encoders: an encoder keeps a reference to its weights.
struct RandomMediaTowers {
  std::unique_ptr<VisionEncoderWeights> visionWeights;
  std::unique_ptr<VisionEncoder> vision;
  std::unique_ptr<AudioEncoderWeights> audioWeights;
  std::unique_ptr<AudioEncoder> audio;
  double seconds = 0;  // host wall time to draw, write and load them
};

// Which towers to build; a tower the config lacks is never built.
struct RandomTowerChoice {
  bool vision = false;
  bool audio = false;
};

// The chosen towers of `config` with random weights drawn from `seed`. Throws CheckpointError when
// the temporary file cannot be written (its folder: std::filesystem::temp_directory_path()).
RandomMediaTowers randomMediaTowers(gpu::Device& device, const ModelConfig& config, RandomTowerChoice choice,
                                    uint32_t seed);

}  // namespace gwb::model
