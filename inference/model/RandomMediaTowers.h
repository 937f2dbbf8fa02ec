#pragma once
// Vision and audio towers with random weights, for full-size speed runs without a checkpoint
// (--random-weights: LoadedModel::random, bench-encoders). The towers are loaded through the same
// loaders as a real checkpoint's, from an in-memory Checkpoint holding only the towers' tensors
// (names and shapes from MediaWeightManifest, bf16 matrices, f32 vectors, finite clamp bounds so
// the clamps run as in real checkpoints), drawn on all cores; nothing is written to disk. The
// weights then live on the device alone (the loaders copy everything they keep; the host copies
// are freed on return).
#include <cstdint>
#include <memory>
#include <span>

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
  double seconds = 0;  // host wall time to draw and upload them
};

// Which towers to build; a tower the config lacks is never built.
struct RandomTowerChoice {
  bool vision = false;
  bool audio = false;
};

// The chosen towers of `config` with random weights drawn from `seed` (same seed, same weights).
RandomMediaTowers randomMediaTowers(gpu::Device& device, const ModelConfig& config, RandomTowerChoice choice,
                                    uint32_t seed);

// Uniform bf16 values in [-a, a] (the towers' matrices): per block of 2^22 values, the xorshift32
// (13, 17, 5) sequence from state (seed ^ block·0x9E3779B9) | 1, value = a·(2·(state >> 8)/2^24 − 1)
// after each step. All fills are drawn together on all cores (a thread may start mid-block: the
// generator is linear, so it jumps ahead), with the same values as one thread walking each block.
struct UniformBf16Fill {
  std::span<uint16_t> values;
  float a = 1.0f;
  uint32_t seed = 0;
};
void fillUniformBf16(std::span<const UniformBf16Fill> fills);

}  // namespace gwb::model
