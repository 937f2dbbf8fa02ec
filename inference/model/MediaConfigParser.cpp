// config.json vision_config / audio_config -> VisionConfig / AudioConfig, with HF's defaults
// (Gemma4VisionConfig, Gemma4AudioConfig; design/gemma4-media.md §1).
#include "inference/model/ConfigParsers.h"

namespace gwb::model {

namespace {
constexpr int64_t kMaxWidth = 1 << 20;
constexpr int64_t kMaxLayers = 1024;
constexpr int64_t kMaxHeads = 1024;
}  // namespace

VisionConfig parseVisionConfig(const ConfigObject& obj) {
  VisionConfig v;
  v.hiddenSize = obj.integerIn("hidden_size", v.hiddenSize, 1, kMaxWidth);
  v.intermediateSize = obj.integerIn("intermediate_size", v.intermediateSize, 1, kMaxWidth);
  v.numLayers = static_cast<int>(obj.integerIn("num_hidden_layers", v.numLayers, 1, kMaxLayers));
  v.numAttentionHeads = static_cast<int>(obj.integerIn("num_attention_heads", v.numAttentionHeads, 1, kMaxHeads));
  v.numKeyValueHeads = static_cast<int>(obj.integerIn("num_key_value_heads", v.numKeyValueHeads, 1, kMaxHeads));
  v.headDim = static_cast<int>(obj.integerIn("head_dim", v.headDim, 1, 8192));
  v.hiddenActivation = obj.string("hidden_activation", v.hiddenActivation);
  v.rmsNormEps = obj.numberIn("rms_norm_eps", v.rmsNormEps, 1e-30, 1.0);
  v.maxPositionEmbeddings = obj.integerIn("max_position_embeddings", v.maxPositionEmbeddings, 1, 1ll << 40);
  v.attentionBias = obj.boolean("attention_bias", v.attentionBias);
  if (auto rope = obj.object("rope_parameters")) {
    v.ropeType = rope->string("rope_type", v.ropeType);
    v.ropeTheta = rope->numberIn("rope_theta", v.ropeTheta, 1e-6, 1e30);
  }
  v.poolingKernelSize = static_cast<int>(obj.integerIn("pooling_kernel_size", v.poolingKernelSize, 1, 64));
  v.patchSize = static_cast<int>(obj.integerIn("patch_size", v.patchSize, 1, 1024));
  v.positionEmbeddingSize = obj.integerIn("position_embedding_size", v.positionEmbeddingSize, 1, 1 << 20);
  v.useClippedLinears = obj.boolean("use_clipped_linears", v.useClippedLinears);
  v.standardize = obj.boolean("standardize", v.standardize);
  v.defaultOutputLength = static_cast<int>(obj.integerIn("default_output_length", v.defaultOutputLength, 1, 1 << 20));
  if (v.numKeyValueHeads > v.numAttentionHeads || v.numAttentionHeads % v.numKeyValueHeads != 0) {
    obj.fail("num_key_value_heads", "must divide num_attention_heads");
  }
  return v;
}

AudioConfig parseAudioConfig(const ConfigObject& obj) {
  AudioConfig a;
  a.hiddenSize = obj.integerIn("hidden_size", a.hiddenSize, 1, kMaxWidth);
  a.numLayers = static_cast<int>(obj.integerIn("num_hidden_layers", a.numLayers, 1, kMaxLayers));
  a.numAttentionHeads = static_cast<int>(obj.integerIn("num_attention_heads", a.numAttentionHeads, 1, kMaxHeads));
  if (a.hiddenSize % a.numAttentionHeads != 0) obj.fail("num_attention_heads", "must divide hidden_size");
  a.hiddenAct = obj.string("hidden_act", a.hiddenAct);
  if (obj.has("subsampling_conv_channels")) {
    a.subsamplingConvChannels = obj.integerList("subsampling_conv_channels");
    if (a.subsamplingConvChannels.size() != 2) {
      obj.fail("subsampling_conv_channels", "must list exactly 2 channel counts");
    }
    for (int64_t c : a.subsamplingConvChannels) {
      if (c < 1 || c > 1 << 16) obj.fail("subsampling_conv_channels", "channel counts must be between 1 and 65536");
    }
  }
  a.convKernelSize = static_cast<int>(obj.integerIn("conv_kernel_size", a.convKernelSize, 1, 1024));
  a.residualWeight = obj.numberIn("residual_weight", a.residualWeight, -1e6, 1e6);
  a.attentionChunkSize = static_cast<int>(obj.integerIn("attention_chunk_size", a.attentionChunkSize, 1, 1 << 20));
  a.attentionContextLeft = static_cast<int>(obj.integerIn("attention_context_left", a.attentionContextLeft, 0, 1 << 20));
  a.attentionContextRight =
      static_cast<int>(obj.integerIn("attention_context_right", a.attentionContextRight, 0, 1 << 20));
  a.attentionLogitCap = obj.numberIn("attention_logit_cap", a.attentionLogitCap, 0.0, 1e30);
  a.attentionInvalidLogitsValue = obj.numberIn("attention_invalid_logits_value", a.attentionInvalidLogitsValue, -1e38, 1e38);
  a.useClippedLinears = obj.boolean("use_clipped_linears", a.useClippedLinears);
  a.rmsNormEps = obj.numberIn("rms_norm_eps", a.rmsNormEps, 1e-30, 1.0);
  a.gradientClipping = obj.numberIn("gradient_clipping", a.gradientClipping, 0.0, 1e38);
  a.outputProjDims = obj.integerIn("output_proj_dims", a.outputProjDims, 1, kMaxWidth);
  return a;
}

}  // namespace gwb::model
