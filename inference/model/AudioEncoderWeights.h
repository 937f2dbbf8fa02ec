#pragma once
// The audio tower's weights on the device (HF Gemma4AudioModel + embed_audio; design/gemma4-media.md
// §5, §8): the sub-sampling convs, the conformer layers, output_proj and embed_audio. Matrices and
// conv kernels keep the checkpoint's storage type (f32 / f16 / bf16); norm gains and biases become
// f32; clamp bounds stay on the host. Every size is read from the tensors and checked against the
// config (the fixtures' second set has other shapes).
//
// Two things are precomputed at load, because they do not depend on the input:
//   relKeys = relative_k_proj(sinusoid(position r)) for r = 0 .. ctx/2 (HF builds them every call),
//   qScale  = head_dim^-0.5 / ln 2 · softplus(per_dim_scale) (a per-dim factor on q).
// The macaron feed-forwards' post norm gains carry residual_weight (HF multiplies the normed output by
// it; with 0.5 that folding is exact).
#include <cstdint>
#include <vector>

#include "inference/gpu/Device.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/ops/ClippedLinear.h"

namespace gwb::model {

// A Gemma4ClippableLinear: weight [out, in] and its clamp bounds (infinite when clipping is off).
struct ClippedLinearWeight {
  DeviceWeight weight;
  ops::ClipBounds bounds;
  uint32_t out = 0, in = 0;
};

struct AudioFeedForwardWeights {
  DeviceWeight preNorm;   // f32 [H]
  DeviceWeight postNorm;  // f32 [H], times residual_weight
  ClippedLinearWeight up;    // ffw_layer_1 [4H, H]
  ClippedLinearWeight down;  // ffw_layer_2 [H, 4H]
};

struct AudioLayerWeights {
  AudioFeedForwardWeights ff1, ff2;
  DeviceWeight normPreAttn, normPostAttn, normOut;  // f32 [H]
  ClippedLinearWeight q, k, v, post;                // [H, H]
  DeviceWeight relKeys;                             // f32 [numRel, H]
  DeviceWeight qScale;                              // f32 [headDim]
  DeviceWeight lconvPreNorm, lconvConvNorm;         // f32 [H]
  // linear_start [2H, H] split into its GLU halves (rows 0..H-1: value, H..2H-1: gate), so the GLU
  // reads two whole buffers; both halves share the module's clamp bounds.
  ClippedLinearWeight linearStartValue, linearStartGate;
  DeviceWeight depthwise;  // depthwise_conv1d [H, 1, K] read as [H, K]
  ClippedLinearWeight linearEnd;  // [H, H]
};

struct AudioEncoderWeights {
  AudioConfig config;
  int64_t textHidden = 0;
  // Sub-sampling conv projection.
  DeviceWeight conv0, conv1;  // [c0, 1, 3, 3], [c1, c0, 3, 3]
  DeviceWeight norm0, norm1;  // f32 [c0], [c1] (LayerNorm weight, no bias)
  DeviceWeight inputProj;     // input_proj_linear [H, (mel/4)·c1]
  uint32_t c0 = 0, c1 = 0;
  uint32_t inputProjWidth = 0;  // (mel bins / 4)·c1: the flattened sub-sampler output it reads
  uint32_t melBins = 0;         // the mel bins that width implies (128 for every Gemma 4)
  std::vector<AudioLayerWeights> layers;
  DeviceWeight outputProj;      // [O, H]
  DeviceWeight outputProjBias;  // f32 [O]
  DeviceWeight embedProjection; // embed_audio.embedding_projection [textHidden, O]
  // Attention geometry (ChunkAttention.h: audioChunkAttentionParams).
  uint32_t numRel = 0;
  float kScale = 1.0f;  // softplus(1) / softplus(0)
  uint64_t deviceBytes = 0;

  uint32_t hidden() const { return uint32_t(config.hiddenSize); }
  uint32_t heads() const { return uint32_t(config.numAttentionHeads); }
  uint32_t headDim() const { return uint32_t(config.headDim()); }
  uint32_t outputDims() const { return uint32_t(config.outputProjDims); }
};

// Uploads the audio tower of a Gemma4ForConditionalGeneration checkpoint. Throws ConfigError when
// the config has no audio tower, CheckpointError on a missing or mis-shaped tensor.
AudioEncoderWeights loadAudioEncoderWeights(gpu::Device& device, const ModelConfig& config, const Checkpoint& ckpt);

// The sinusoidal relative position embedding HF's Gemma4AudioRelPositionalEncoding gives position
// value r (float32 as torch computes it): [sin(r·inv_0..inv_{n-1}), cos(r·inv_0..)] with
// n = hidden/2 and inv_k = exp(−k·ln(10⁴)/(n − 1)). Row r of the result, for r = 0..rows-1.
std::vector<float> audioRelativePositionEmbedding(uint32_t rows, uint32_t hidden);

}  // namespace gwb::model
