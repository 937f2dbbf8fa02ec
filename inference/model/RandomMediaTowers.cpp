#include "inference/model/RandomMediaTowers.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "inference/gpu/DType.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/MediaWeightManifest.h"
#include "inference/ops/ParallelRows.h"

namespace gwb::model {

namespace {

// xorshift32 (13, 17, 5) is linear over GF(2): n steps are one 32 x 32 bit matrix, so a thread can
// start in the middle of a block's sequence with the very state the block's own loop would reach.
struct XorshiftJump {
  std::array<uint32_t, 32> column{};  // column j: the map applied to bit j alone

  static uint32_t step(uint32_t s) {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    return s;
  }
  static XorshiftJump oneStep() {
    XorshiftJump m;
    for (int j = 0; j < 32; ++j) m.column[size_t(j)] = step(1u << j);
    return m;
  }
  uint32_t apply(uint32_t s) const {
    uint32_t r = 0;
    for (int j = 0; j < 32; ++j) r ^= (s >> j & 1u) ? column[size_t(j)] : 0u;
    return r;
  }
  XorshiftJump after(const XorshiftJump& first) const {  // this map applied after `first`
    XorshiftJump m;
    for (int j = 0; j < 32; ++j) m.column[size_t(j)] = apply(first.column[size_t(j)]);
    return m;
  }
};

}  // namespace

void fillUniformBf16(std::span<const UniformBf16Fill> fills) {
  // The values are defined per block of kBlock (its own seeded xorshift32 sequence); the work is
  // cut in chunks of kChunk values, each started by a jump of (chunk within block) x kChunk steps,
  // and the chunks of all fills are spread over the cores together (one set of threads for a whole
  // tower, whatever the sizes of its matrices).
  constexpr size_t kBlock = size_t(1) << 22, kChunk = size_t(1) << 16;
  constexpr size_t kChunksPerBlock = kBlock / kChunk;
  static const std::vector<XorshiftJump> jumps = [] {  // jumps[c]: c x kChunk steps
    XorshiftJump chunk = XorshiftJump::oneStep();
    for (size_t n = 1; n < kChunk; n *= 2) chunk = chunk.after(chunk);
    std::vector<XorshiftJump> j(kChunksPerBlock);
    for (int b = 0; b < 32; ++b) j[0].column[size_t(b)] = 1u << b;  // identity
    for (size_t c = 1; c < kChunksPerBlock; ++c) j[c] = chunk.after(j[c - 1]);
    return j;
  }();
  std::vector<size_t> firstChunkOf(fills.size() + 1, 0);  // fill f owns chunks [firstChunkOf[f], firstChunkOf[f + 1])
  for (size_t f = 0; f < fills.size(); ++f) {
    firstChunkOf[f + 1] = firstChunkOf[f] + (fills[f].values.size() + kChunk - 1) / kChunk;
  }
  ops::parallelRows(firstChunkOf.back(), kChunk, [&](size_t firstChunk, size_t endChunk) {
    for (size_t g = firstChunk; g < endChunk; ++g) {
      const size_t f = size_t(std::upper_bound(firstChunkOf.begin(), firstChunkOf.end(), g) - firstChunkOf.begin()) - 1;
      const UniformBf16Fill& fill = fills[f];
      const size_t c = g - firstChunkOf[f], block = c / kChunksPerBlock;
      const uint32_t blockState = (fill.seed ^ uint32_t(block * 0x9E3779B9u)) | 1u;  // xorshift needs a nonzero state
      uint32_t state = jumps[c % kChunksPerBlock].apply(blockState);
      const size_t end = std::min(fill.values.size(), (c + 1) * kChunk);
      for (size_t i = c * kChunk; i < end; ++i) {
        state = XorshiftJump::step(state);
        fill.values[i] = gpu::f32ToBf16(fill.a * (float(state >> 8) * (2.0f / 16777216.0f) - 1.0f));
      }
    }
  });
}

namespace {

// The towers' tensors drawn into host memory, one allocation per tensor (a matrix's is left
// uninitialized: the fill writes every value, so its pages are first touched on all cores), and a
// TensorView over each for the checkpoint loaders.
class RandomTensors {
 public:
  // Random values for one tower tensor: vectors (norm gains, biases, scales) U(0.5, 1.5),
  // per_dim_scale U(-0.5, 0.5), clamp bounds ±1e4 (finite, so the clamps run, but wide enough to
  // keep the activations); matrices and conv kernels U(-a, a) with a = sqrt(3 / fan_in)
  // (unit-variance outputs). `rng` is consumed in the same order as ever, so a seed gives the same
  // weights as the towers' earlier trip through a temporary .safetensors file.
  void add(const WeightSpec& spec, std::mt19937& rng) {
    const size_t count = static_cast<size_t>(numelOf(spec.shape));
    TensorView view;
    view.name = spec.name;
    view.shape = spec.shape;
    if (spec.shape.size() <= 1) {
      float lo = 0.5f, hi = 1.5f;
      if (spec.name.ends_with("input_min") || spec.name.ends_with("output_min")) lo = hi = -1.0e4f;
      if (spec.name.ends_with("input_max") || spec.name.ends_with("output_max")) lo = hi = 1.0e4f;
      if (spec.name.ends_with("per_dim_scale")) lo = -0.5f, hi = 0.5f;
      std::uniform_real_distribution<float> d(lo, hi);
      std::vector<float>& v = vectors_.emplace_back(count);
      for (float& x : v) x = lo == hi ? lo : d(rng);
      view.dtype = DType::F32;
      view.data = reinterpret_cast<const std::byte*>(v.data());
      view.bytes = count * sizeof(float);
    } else {
      const double fanIn = double(count) / double(spec.shape[0]);
      std::unique_ptr<uint16_t[]>& m = matrices_.emplace_back(std::make_unique_for_overwrite<uint16_t[]>(count));
      fills_.push_back({{m.get(), count}, float(std::sqrt(3.0 / std::max(fanIn, 1.0))), uint32_t(rng())});
      view.dtype = DType::BF16;
      view.data = reinterpret_cast<const std::byte*>(m.get());
      view.bytes = count * sizeof(uint16_t);
    }
    views_.push_back(std::move(view));
  }
  // Draws the matrices (all at once, on all cores); the views move into the checkpoint, the values
  // stay here, so this must outlive it.
  Checkpoint checkpoint() {
    fillUniformBf16(fills_);
    return Checkpoint(std::move(views_), "the random media towers");
  }

 private:
  std::vector<std::vector<float>> vectors_;              // f32 vectors and scalars
  std::vector<std::unique_ptr<uint16_t[]>> matrices_;    // bf16 matrices and conv kernels
  std::vector<UniformBf16Fill> fills_;                   // the matrices' values, drawn by checkpoint()
  std::vector<TensorView> views_;
};

}  // namespace

RandomMediaTowers randomMediaTowers(gpu::Device& dev, const ModelConfig& cfg, RandomTowerChoice choice,
                                    uint32_t seed) {
  const bool vision = choice.vision && cfg.vision, audio = choice.audio && cfg.audio;
  RandomMediaTowers t;
  if (!vision && !audio) return t;
  const auto t0 = std::chrono::steady_clock::now();
  RandomTensors tensors;
  std::mt19937 rng(seed);
  if (vision) {
    for (const auto& s : visionWeights(*cfg.vision, cfg.text.hiddenSize)) tensors.add(s, rng);
  }
  if (audio) {
    for (const auto& s : audioWeights(*cfg.audio, cfg.text.hiddenSize)) tensors.add(s, rng);
  }
  const Checkpoint ckpt = tensors.checkpoint();
  if (vision) {
    t.visionWeights = std::make_unique<VisionEncoderWeights>(loadVisionEncoderWeights(dev, cfg, ckpt));
    t.vision = std::make_unique<VisionEncoder>(dev, *t.visionWeights);
  }
  if (audio) {
    t.audioWeights = std::make_unique<AudioEncoderWeights>(loadAudioEncoderWeights(dev, cfg, ckpt));
    t.audio = std::make_unique<AudioEncoder>(dev, *t.audioWeights);
  }
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return t;
}

}  // namespace gwb::model
