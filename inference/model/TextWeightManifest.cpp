#include "inference/model/TextWeightManifest.h"

#include "inference/model/ModelErrors.h"
#include "inference/model/QuantFormat.h"

namespace gwb::model {

TextWeightManifest::TextWeightManifest(const TextConfig& cfg, std::string prefix) : prefix_(std::move(prefix)) {
  const int64_t H = cfg.hiddenSize;
  const int64_t L = cfg.numLayers;
  const int64_t P = cfg.hiddenSizePerLayerInput;
  add(WeightRole::TokenEmbedding, -1, "embed_tokens.weight", {cfg.vocabSize, H});
  if (cfg.hasPle()) {
    add(WeightRole::PleTable, -1, "embed_tokens_per_layer.weight", {cfg.vocabSizePerLayerInput, L * P});
    add(WeightRole::PleModelProjection, -1, "per_layer_model_projection.weight", {L * P, H});
    add(WeightRole::PleProjectionNorm, -1, "per_layer_projection_norm.weight", {P});
  }
  add(WeightRole::FinalNorm, -1, "norm.weight", {H});
  if (!cfg.tieWordEmbeddings) {
    // lm_head sits outside the decoder module: no model. prefix.
    weights_.push_back({"lm_head.weight", {cfg.vocabSize, H}, WeightRole::LmHead, -1, true});
  }
  for (int i = 0; i < cfg.numLayers; ++i) addLayer(cfg, i);
}

void TextWeightManifest::addLayer(const TextConfig& cfg, int i) {
  const TextLayer& layer = cfg.layers.at(i);
  const int64_t H = cfg.hiddenSize;
  const int64_t hd = layer.headDim;
  const int64_t q = cfg.numAttentionHeads * hd;
  const int64_t kv = layer.numKvHeads * hd;
  const int64_t ff = layer.mlpWidth;
  // KV-shared layers never run k_proj / v_proj / k_norm (they read another layer's cache); real
  // checkpoints still store them, re-saved ones do not.
  const bool kvUsed = !layer.kvShared;

  add(WeightRole::InputNorm, i, "input_layernorm.weight", {H});
  add(WeightRole::QProj, i, "self_attn.q_proj.weight", {q, H});
  add(WeightRole::KProj, i, "self_attn.k_proj.weight", {kv, H}, kvUsed);
  if (layer.hasVProj) add(WeightRole::VProj, i, "self_attn.v_proj.weight", {kv, H}, kvUsed);
  add(WeightRole::OProj, i, "self_attn.o_proj.weight", {H, q});
  add(WeightRole::QNorm, i, "self_attn.q_norm.weight", {hd});
  add(WeightRole::KNorm, i, "self_attn.k_norm.weight", {hd}, kvUsed);
  add(WeightRole::PostAttentionNorm, i, "post_attention_layernorm.weight", {H});
  add(WeightRole::PreFeedforwardNorm, i, "pre_feedforward_layernorm.weight", {H});
  add(WeightRole::PostFeedforwardNorm, i, "post_feedforward_layernorm.weight", {H});
  add(WeightRole::MlpGate, i, "mlp.gate_proj.weight", {ff, H});
  add(WeightRole::MlpUp, i, "mlp.up_proj.weight", {ff, H});
  add(WeightRole::MlpDown, i, "mlp.down_proj.weight", {H, ff});
  if (cfg.enableMoeBlock) {
    const int64_t E = cfg.numExperts.value_or(0);
    const int64_t moe = cfg.moeIntermediateSize.value_or(0);
    add(WeightRole::RouterProj, i, "router.proj.weight", {E, H});
    add(WeightRole::RouterScale, i, "router.scale", {H});
    add(WeightRole::RouterPerExpertScale, i, "router.per_expert_scale", {E});
    add(WeightRole::ExpertsGateUp, i, "experts.gate_up_proj", {E, 2 * moe, H});  // rows: gate, then up
    add(WeightRole::ExpertsDown, i, "experts.down_proj", {E, H, moe});
    add(WeightRole::PreFeedforwardNorm2, i, "pre_feedforward_layernorm_2.weight", {H});
    add(WeightRole::PostFeedforwardNorm1, i, "post_feedforward_layernorm_1.weight", {H});
    add(WeightRole::PostFeedforwardNorm2, i, "post_feedforward_layernorm_2.weight", {H});
  }
  if (cfg.hasPle()) {
    const int64_t P = cfg.hiddenSizePerLayerInput;
    add(WeightRole::PleInputGate, i, "per_layer_input_gate.weight", {P, H});
    add(WeightRole::PleProjection, i, "per_layer_projection.weight", {H, P});
    add(WeightRole::PostPleNorm, i, "post_per_layer_input_norm.weight", {H});
  }
  add(WeightRole::LayerScalar, i, "layer_scalar", {1});  // no ".weight": an HF buffer
}

void TextWeightManifest::add(WeightRole role, int layer, const std::string& suffix, std::vector<int64_t> shape,
                             bool used) {
  std::string name = prefix_;
  if (layer >= 0) name += "layers." + std::to_string(layer) + ".";
  name += suffix;
  weights_.push_back({std::move(name), std::move(shape), role, layer, used});
}

std::string TextWeightManifest::textPrefixFor(ConfigLayout layout) {
  return layout == ConfigLayout::TextOnly ? kCausalLmTextPrefix : kConditionalTextPrefix;
}

std::string TextWeightManifest::detectTextPrefix(const Checkpoint& ckpt, ConfigLayout layout) {
  for (const char* p : {kConditionalTextPrefix, kCausalLmTextPrefix}) {
    if (ckpt.find(std::string(p) + "embed_tokens.weight") != nullptr) return p;
  }
  return textPrefixFor(layout);
}

const WeightSpec* TextWeightManifest::find(WeightRole role, int layer) const {
  for (const auto& w : weights_) {
    if (w.role == role && w.layer == layer) return &w;
  }
  return nullptr;
}

std::optional<std::string> TextWeightManifest::firstProblem(const Checkpoint& ckpt) const {
  for (const auto& w : weights_) {
    if (!w.used) continue;
    const std::string what =
        std::string(roleName(w.role)) + (w.layer >= 0 ? " of layer " + std::to_string(w.layer) : std::string());
    const TensorView* t = ckpt.find(w.name);
    if (t == nullptr) {
      // GGUF blocks (Q8_0, Q4_K, ...): only the shape is checked here; which roles may be
      // block-quantized is the weight loader's to say (it names the tensor and its type).
      if (const QuantizedTensorView* q = ckpt.findQuantized(w.name)) {
        if (q->shape != w.shape) {
          return "tensor '" + w.name + "' (" + what + ", " + std::string(ggmlTypeName(q->type)) + ") has shape " +
                 shapeToString(q->shape) + ", expected " + shapeToString(w.shape) + " from the model config";
        }
        continue;
      }
      return "checkpoint " + ckpt.dir().string() + " lacks tensor '" + w.name + "' (" + what + ", expected shape " +
             shapeToString(w.shape) + ")";
    }
    if (t->shape != w.shape) {
      return "tensor '" + w.name + "' (" + what + ") has shape " + shapeToString(t->shape) + ", expected " +
             shapeToString(w.shape) + " from config.json";
    }
    if (!isFloatWeightType(t->dtype)) {
      return "tensor '" + w.name + "' (" + what + ") has dtype " + std::string(dtypeName(t->dtype)) +
             ", expected F32, F16 or BF16";
    }
  }
  return std::nullopt;
}

void TextWeightManifest::validate(const Checkpoint& ckpt) const {
  if (auto problem = firstProblem(ckpt)) throw CheckpointError(*problem);
}

}  // namespace gwb::model
