#pragma once
// Gemma 4's audio encoder on the GPU: log-mel features → soft tokens for the text decoder
// (HF Gemma4AudioModel + Gemma4MultimodalEmbedder; design/gemma4-media.md §5):
//   sub-sample conv projection: 2 × [conv 3×3 stride 2 → LayerNorm over channels → ReLU], flatten
//     (freq, channel), input_proj_linear                                   → audio.subsample_out
//   conformer layers: ½·FFW, chunked local attention with relative positions and a logit cap,
//     causal depthwise light conv with GLU, ½·FFW, norm_out (clipped linears throughout)
//   output_proj (with bias)                                                → audio.tower_out
//   embed_audio: RMSNorm without weight, linear to the text hidden size    → audio.embed_audio
//
// Masking: HF zeroes invalid frames before each conv, halves the mask after each (mask[::2]), masks
// invalid keys in the attention, and strips invalid tokens at the end. The feature mask is a prefix
// (the extractor marks the first F_valid frames), and every op after the convs looks only at the past
// (causal conv) or at visible valid keys, so valid tokens depend only on valid frames: the encoder
// runs the F_valid frames alone (zero padding past them is HF's zeroing) and returns exactly the
// valid tokens, audioTokenCount(F_valid) of them.
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/Device.h"
#include "inference/model/AudioEncoderWeights.h"

namespace gwb::model {

// Valid soft tokens from F_valid valid mel frames: t → (t + 2 − 3) / 2 + 1 twice (floor division;
// 0 frames give 0 tokens). 299 → 75; 30 s (2999 frames) → 750.
uint32_t audioTokenCount(uint32_t validFrames);

struct AudioEncoding {
  uint32_t frames = 0;       // mel frames given (masked padding frames included)
  uint32_t validFrames = 0;  // leading frames the mask marks valid
  uint32_t rows = 0;         // rows HF's tower returns (valid or not): audioTokenCount(frames)
  uint32_t tokens = 0;       // valid soft tokens: audioTokenCount(validFrames)
  std::vector<float> embeddings;  // [tokens, text hidden]: the vectors that replace the placeholders
  std::vector<float> towerOut;    // [tokens, output_proj_dims]
  // With trace only:
  std::vector<float> subsampleOut;  // [tokens, hidden]
  std::vector<float> layerOutputs;  // [layers, tokens, hidden]: each conformer layer's output
  double gpuMs = 0;                 // GPU time of the whole encoder (0 without timestamps)
};

class AudioEncoder {
 public:
  // The weights must outlive the encoder.
  AudioEncoder(gpu::Device& device, const AudioEncoderWeights& weights);
  ~AudioEncoder();

  // features: f32 [frames, melBins] row-major (melBins must be what input_proj_linear expects);
  // mask: [frames], 1 = valid, a prefix of ones (empty: all valid). Throws std::invalid_argument on
  // a shape mismatch or a mask that is not a prefix.
  AudioEncoding encode(std::span<const float> features, uint32_t melBins, std::span<const uint8_t> mask,
                       bool trace = false) const;

  const AudioEncoderWeights& weights() const { return w_; }

  // Profiling (`bench-encoders`): while on, every dispatch of encode() is GPU-timed and
  // lastTimings() holds (pipeline name, ms) of each dispatch of the last encode(). A measuring
  // switch, not encoder state, so it works on a const encoder like encode() does.
  void setProfiling(bool on) const { profiling_ = on; }
  const std::vector<gpu::RegionTiming>& lastTimings() const { return lastTimings_; }

 private:
  // Device buffers of one input length, kept while clips of the same length follow (30 s segments
  // of a long recording) so an encode only uploads its features. encode() holds mutex_ while it
  // uses them.
  struct Workspace;
  gpu::Device& dev_;
  const AudioEncoderWeights& w_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<Workspace> ws_;
  mutable bool profiling_ = false;
  mutable std::vector<gpu::RegionTiming> lastTimings_;
};

}  // namespace gwb::model
