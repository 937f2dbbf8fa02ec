#include "inference/model/MediaWeightManifest.h"

#include <string>

namespace gwb::model {

namespace {

// Appends tensors under one prefix; layer-aware so each spec knows its encoder layer.
class SpecList {
 public:
  SpecList(std::vector<WeightSpec>& out, WeightRole role) : out_(out), role_(role) {}

  void add(const std::string& name, std::vector<int64_t> shape, int layer = -1) {
    out_.push_back({name, std::move(shape), role_, layer, true});
  }
  // A ClippableLinear: the weight plus, when clipping is on, four 0-d clamp bounds.
  void clippedLinear(const std::string& base, int64_t out, int64_t in, bool clipped, int layer) {
    add(base + ".linear.weight", {out, in}, layer);
    if (!clipped) return;
    for (const char* b : {"input_min", "input_max", "output_min", "output_max"}) add(base + "." + b, {}, layer);
  }

 private:
  std::vector<WeightSpec>& out_;
  WeightRole role_;
};

}  // namespace

std::vector<WeightSpec> visionWeights(const VisionConfig& c, int64_t textHidden) {
  std::vector<WeightSpec> out;
  SpecList s(out, WeightRole::VisionTower);
  const std::string p = "model.vision_tower.";
  const int64_t h = c.hiddenSize;
  const int64_t q = int64_t{c.numAttentionHeads} * c.headDim;
  const int64_t kv = int64_t{c.numKeyValueHeads} * c.headDim;
  s.add(p + "patch_embedder.input_proj.weight", {h, 3 * int64_t{c.patchSize} * c.patchSize});
  s.add(p + "patch_embedder.position_embedding_table", {2, c.positionEmbeddingSize, h});
  for (int i = 0; i < c.numLayers; ++i) {
    const std::string l = p + "encoder.layers." + std::to_string(i) + ".";
    for (const char* n : {"input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm",
                          "post_feedforward_layernorm"}) {
      s.add(l + n + ".weight", {h}, i);
    }
    s.clippedLinear(l + "self_attn.q_proj", q, h, c.useClippedLinears, i);
    s.clippedLinear(l + "self_attn.k_proj", kv, h, c.useClippedLinears, i);
    s.clippedLinear(l + "self_attn.v_proj", kv, h, c.useClippedLinears, i);
    s.clippedLinear(l + "self_attn.o_proj", h, q, c.useClippedLinears, i);
    s.add(l + "self_attn.q_norm.weight", {c.headDim}, i);
    s.add(l + "self_attn.k_norm.weight", {c.headDim}, i);
    s.clippedLinear(l + "mlp.gate_proj", c.intermediateSize, h, c.useClippedLinears, i);
    s.clippedLinear(l + "mlp.up_proj", c.intermediateSize, h, c.useClippedLinears, i);
    s.clippedLinear(l + "mlp.down_proj", h, c.intermediateSize, c.useClippedLinears, i);
  }
  if (c.standardize) {
    s.add(p + "std_bias", {h});
    s.add(p + "std_scale", {h});
  }
  SpecList(out, WeightRole::VisionProjection).add("model.embed_vision.embedding_projection.weight", {textHidden, h});
  return out;
}

std::vector<WeightSpec> audioWeights(const AudioConfig& c, int64_t textHidden) {
  std::vector<WeightSpec> out;
  SpecList s(out, WeightRole::AudioTower);
  const std::string p = "model.audio_tower.";
  const int64_t h = c.hiddenSize;
  const int64_t c0 = c.subsamplingConvChannels.at(0);
  const int64_t c1 = c.subsamplingConvChannels.at(1);
  const bool clip = c.useClippedLinears;
  s.add(p + "subsample_conv_projection.layer0.conv.weight", {c0, 1, 3, 3});
  s.add(p + "subsample_conv_projection.layer0.norm.weight", {c0});
  s.add(p + "subsample_conv_projection.layer1.conv.weight", {c1, c0, 3, 3});
  s.add(p + "subsample_conv_projection.layer1.norm.weight", {c1});
  s.add(p + "subsample_conv_projection.input_proj_linear.weight", {h, c1 * (kAudioMelBins / 4)});
  for (int i = 0; i < c.numLayers; ++i) {
    const std::string l = p + "layers." + std::to_string(i) + ".";
    for (const char* ff : {"feed_forward1", "feed_forward2"}) {
      s.add(l + ff + ".pre_layer_norm.weight", {h}, i);
      s.add(l + ff + ".post_layer_norm.weight", {h}, i);
      s.clippedLinear(l + ff + ".ffw_layer_1", 4 * h, h, clip, i);
      s.clippedLinear(l + ff + ".ffw_layer_2", h, 4 * h, clip, i);
    }
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "post"}) {
      s.clippedLinear(l + "self_attn." + proj, h, h, clip, i);
    }
    s.add(l + "self_attn.relative_k_proj.weight", {h, h}, i);
    s.add(l + "self_attn.per_dim_scale", {c.headDim()}, i);
    s.add(l + "lconv1d.pre_layer_norm.weight", {h}, i);
    s.add(l + "lconv1d.conv_norm.weight", {h}, i);
    s.clippedLinear(l + "lconv1d.linear_start", 2 * h, h, clip, i);
    s.add(l + "lconv1d.depthwise_conv1d.weight", {h, 1, c.convKernelSize}, i);
    s.clippedLinear(l + "lconv1d.linear_end", h, h, clip, i);
    for (const char* n : {"norm_pre_attn", "norm_post_attn", "norm_out"}) s.add(l + n + ".weight", {h}, i);
  }
  s.add(p + "output_proj.weight", {c.outputProjDims, h});
  s.add(p + "output_proj.bias", {c.outputProjDims});
  SpecList(out, WeightRole::AudioProjection)
      .add("model.embed_audio.embedding_projection.weight", {textHidden, c.outputProjDims});
  return out;
}

}  // namespace gwb::model
