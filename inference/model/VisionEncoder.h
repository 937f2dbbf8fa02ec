#pragma once
// The Gemma 4 vision encoder on the GPU (design/gemma4-media.md §3; HF Gemma4VisionModel and
// Gemma4MultimodalEmbedder): patches → soft tokens → embed_vision rows that replace the image
// (or video) placeholders in the prompt.
//   1. p = 2·(pixel − 0.5); h = p · W_inᵀ + table_x[px] + table_y[py]
//   2. encoder layers: RMSNorm → ClippableLinear q/k/v → per-head q/k RMSNorm (v without weight)
//      → 2-D axial RoPE on q and k (x on the first half of each head, y on the second) →
//      bidirectional attention, scale 1 → o_proj → post-attention RMSNorm → residual; then
//      RMSNorm → GeGLU MLP (clipped gate/up/down) → post-FFN RMSNorm → residual
//   3. k×k average pool over the patch grid (raster order), × sqrt(hidden); (x − std_bias) ·
//      std_scale when the config standardizes (26B/31B)
//   4. embed_vision: RMSNorm without weight, then a linear map to the text hidden size.
// Only real patches run (padding rows, positions (−1, −1), are dropped first); HF masks them as
// keys, zeroes them before pooling and strips them after, so the outputs are the same.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/Device.h"
#include "inference/model/VisionEncoderWeights.h"

namespace gwb::model {

// One picture's encoder input, as Gemma4ImageProcessor / Gemma4VideoProcessor return it
// (media::ImagePatches): rows in any order, padding rows allowed anywhere.
struct VisionImage {
  std::span<const float> pixelValues;    // [rows, 3·patch²], values in [0, 1]
  std::span<const int64_t> positionIds;  // [rows, 2] = (x, y) per row; (−1, −1) marks padding
};

struct VisionOutput {
  uint32_t tokens = 0;            // soft tokens (pooled grid cells, raster order)
  uint32_t gridW = 0, gridH = 0;  // the patch grid (before pooling)
  std::vector<float> softTokens;  // [tokens, vision hidden]: vision tower output (HF vision_soft_tokens)
  std::vector<float> embeddings;  // [tokens, text hidden]: embed_vision output
  double gpuMs = 0;               // GPU time of the tower + embed_vision (0 without timestamps)
};

// Intermediate tensors for debugging a divergence (host copies, f32, real patches in raster order).
struct VisionTrace {
  std::vector<float> patchEmbeddings;  // [N, H] after the position embeddings
  std::vector<float> layerOutputs;     // [L, N, H]
};

class VisionEncoder {
 public:
  VisionEncoder(gpu::Device& device, const VisionEncoderWeights& weights);
  ~VisionEncoder();

  // Encodes one picture. Throws std::invalid_argument when the real patches do not form a full
  // grid whose sides are multiples of the pooling kernel, or a position exceeds the table.
  VisionOutput encode(const VisionImage& image, VisionTrace* trace = nullptr);

  // Video frames are encoded independently and concatenated (HF get_video_features).
  VisionOutput encodeFrames(std::span<const VisionImage> frames);

  const VisionConfig& config() const { return w_.config; }

  // Profiling (`bench-encoders`): while on, every dispatch of encode() is GPU-timed and
  // lastTimings() holds (pipeline name, ms) of each dispatch of the last encode().
  void setProfiling(bool on) { profiling_ = on; }
  const std::vector<gpu::RegionTiming>& lastTimings() const { return lastTimings_; }

 private:
  // Device buffers, position ids and RoPE table of one patch grid, kept while pictures of the same
  // grid follow (video frames, repeated requests) so an encode only uploads its pixels.
  struct Workspace;
  gpu::Device& device_;
  const VisionEncoderWeights& w_;
  std::unique_ptr<Workspace> ws_;
  bool profiling_ = false;
  std::vector<gpu::RegionTiming> lastTimings_;
};

}  // namespace gwb::model
