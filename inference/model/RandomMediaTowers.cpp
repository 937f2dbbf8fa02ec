#include "inference/model/RandomMediaTowers.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "inference/gpu/DType.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/MediaWeightManifest.h"
#include "inference/model/SafetensorsWriter.h"
#include "inference/ops/ParallelRows.h"

namespace gwb::model {

namespace {

// Uniform bf16 values in [-a, a]: xorshift32 per block of values, the blocks spread over the host's
// threads (E2B's audio tower alone is ~280 M values; one thread takes about a second for that).
void fillUniformBf16(std::vector<uint16_t>& v, float a, uint32_t seed) {
  constexpr size_t kBlock = size_t(1) << 22;
  const size_t blocks = (v.size() + kBlock - 1) / kBlock;
  ops::parallelRows(blocks, kBlock, [&](size_t firstBlock, size_t endBlock) {
    for (size_t b = firstBlock; b < endBlock; ++b) {
      uint32_t state = (seed ^ uint32_t(b * 0x9E3779B9u)) | 1u;  // xorshift needs a nonzero state
      const size_t end = std::min(v.size(), (b + 1) * kBlock);
      for (size_t i = b * kBlock; i < end; ++i) {
        state ^= state << 13, state ^= state >> 17, state ^= state << 5;
        v[i] = gpu::f32ToBf16(a * (float(state >> 8) * (2.0f / 16777216.0f) - 1.0f));
      }
    }
  });
}

// Random values for one tower tensor: vectors (norm gains, biases, scales) U(0.5, 1.5), per_dim_scale
// U(-0.5, 0.5), clamp bounds ±1e4 (finite, so the clamps run, but wide enough to keep the
// activations); matrices and conv kernels U(-a, a) with a = sqrt(3 / fan_in) (unit-variance outputs).
void addRandomTensor(SafetensorsWriter& out, const WeightSpec& spec, std::mt19937& rng) {
  const int64_t count = numelOf(spec.shape);
  if (spec.shape.size() <= 1) {
    float lo = 0.5f, hi = 1.5f;
    if (spec.name.ends_with("input_min") || spec.name.ends_with("output_min")) lo = hi = -1.0e4f;
    if (spec.name.ends_with("input_max") || spec.name.ends_with("output_max")) lo = hi = 1.0e4f;
    if (spec.name.ends_with("per_dim_scale")) lo = -0.5f, hi = 0.5f;
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(static_cast<size_t>(count));
    for (float& x : v) x = lo == hi ? lo : d(rng);
    out.addF32(spec.name, spec.shape, v);
    return;
  }
  const double fanIn = double(count) / double(spec.shape[0]);
  std::vector<uint16_t> v(static_cast<size_t>(count));
  fillUniformBf16(v, float(std::sqrt(3.0 / std::max(fanIn, 1.0))), uint32_t(rng()));
  out.addRaw(spec.name, DType::BF16, spec.shape,
             std::span<const std::byte>(reinterpret_cast<const std::byte*>(v.data()), v.size() * 2));
}

}  // namespace

RandomMediaTowers randomMediaTowers(gpu::Device& dev, const ModelConfig& cfg, RandomTowerChoice choice,
                                    uint32_t seed) {
  const bool vision = choice.vision && cfg.vision, audio = choice.audio && cfg.audio;
  RandomMediaTowers t;
  if (!vision && !audio) return t;
  const auto t0 = std::chrono::steady_clock::now();
  SafetensorsWriter out;
  std::mt19937 rng(seed);
  if (vision) {
    for (const auto& s : visionWeights(*cfg.vision, cfg.text.hiddenSize)) addRandomTensor(out, s, rng);
  }
  if (audio) {
    for (const auto& s : audioWeights(*cfg.audio, cfg.text.hiddenSize)) addRandomTensor(out, s, rng);
  }
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("gwb-random-towers-" + std::to_string(::getpid()) + ".safetensors");
  out.write(path);
  try {
    const Checkpoint ckpt(path);
    if (vision) {
      t.visionWeights = std::make_unique<VisionEncoderWeights>(loadVisionEncoderWeights(dev, cfg, ckpt));
      t.vision = std::make_unique<VisionEncoder>(dev, *t.visionWeights);
    }
    if (audio) {
      t.audioWeights = std::make_unique<AudioEncoderWeights>(loadAudioEncoderWeights(dev, cfg, ckpt));
      t.audio = std::make_unique<AudioEncoder>(dev, *t.audioWeights);
    }
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
  std::filesystem::remove(path);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return t;
}

}  // namespace gwb::model
