// config.json text section -> TextConfig, with HF Gemma4TextConfig's defaults (design/gemma4-text.md §1.1).
#include <cstdlib>

#include "inference/model/ConfigParsers.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

// Bounds: generous over every released model (largest: hidden 5376, MLP 21504, 128 experts), small
// enough that a whole model's parameter count (sum of shape products over 1024 layers) fits int64.
constexpr int64_t kMaxVocab = 1 << 24;
constexpr int64_t kMaxWidth = 1 << 20;
constexpr int64_t kMaxLayers = 1024;
constexpr int64_t kMaxHeads = 1024;
constexpr int64_t kMaxHeadDim = 8192;

RopeParameters parseRope(const ConfigObject& obj, const RopeParameters& fallback) {
  RopeParameters r;
  r.type = obj.string("rope_type", fallback.type);
  r.theta = obj.numberIn("rope_theta", fallback.theta, 1e-6, 1e30);
  const double defaultFactor = r.type == fallback.type ? fallback.partialRotaryFactor : 1.0;
  r.partialRotaryFactor = obj.numberIn("partial_rotary_factor", defaultFactor, 1e-9, 1.0);
  if (r.type != "default" && r.type != "proportional") {
    obj.fail("rope_type", "\"" + r.type + "\" is not supported (Gemma 4 uses \"default\" and \"proportional\")");
  }
  if (r.type == "default" && r.partialRotaryFactor != 1.0) {
    obj.fail("partial_rotary_factor", "a partial \"default\" rope is not supported (Gemma 4 uses 1.0)");
  }
  return r;
}

std::vector<LayerType> parseLayerTypes(const ConfigObject& obj, int numLayers) {
  std::vector<LayerType> types;
  if (!obj.has("layer_types")) {
    // HF default: every 6th layer is full attention (5 sliding : 1 full).
    for (int i = 0; i < numLayers; ++i) types.push_back((i + 1) % 6 == 0 ? LayerType::Full : LayerType::Sliding);
  } else {
    const auto names = obj.stringList("layer_types");
    if (static_cast<int>(names.size()) != numLayers) {
      obj.fail("layer_types", "has " + std::to_string(names.size()) + " entries but num_hidden_layers is " +
                                  std::to_string(numLayers));
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "sliding_attention") {
        types.push_back(LayerType::Sliding);
      } else if (names[i] == "full_attention") {
        types.push_back(LayerType::Full);
      } else {
        obj.fail("layer_types", "entry " + std::to_string(i) + " is \"" + names[i] +
                                    "\" (expected \"sliding_attention\" or \"full_attention\")");
      }
    }
  }
  // HF forces the last layer to full attention whatever the config says.
  if (!types.empty()) types.back() = LayerType::Full;
  return types;
}

void parsePerLayerConfig(const ConfigObject& obj, TextConfig& cfg) {
  auto per = obj.object("per_layer_config");
  if (!per) return;
  cfg.perLayerHeadDim.assign(cfg.numLayers, std::nullopt);
  cfg.perLayerKvHeads.assign(cfg.numLayers, std::nullopt);
  for (const auto& [key, value] : per->json().items()) {
    char* end = nullptr;
    const long idx = std::strtol(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0' || idx < 0 || idx >= cfg.numLayers) {
      per->fail(key, "per_layer_config keys must be layer indices 0.." + std::to_string(cfg.numLayers - 1));
    }
    const ConfigObject layer(value, per->keyPath(key), obj.source());
    if (layer.has("head_dim")) {
      cfg.perLayerHeadDim[idx] = static_cast<int>(layer.integerIn("head_dim", 0, 2, kMaxHeadDim));
    }
    if (layer.has("num_key_value_heads")) {
      cfg.perLayerKvHeads[idx] = static_cast<int>(layer.integerIn("num_key_value_heads", 0, 1, kMaxHeads));
    }
  }
}

}  // namespace

TextConfig parseTextConfig(const ConfigObject& obj) {
  TextConfig c;
  c.modelType = obj.string("model_type", c.modelType);
  c.vocabSize = obj.integerIn("vocab_size", c.vocabSize, 1, kMaxVocab);
  c.hiddenSize = obj.integerIn("hidden_size", c.hiddenSize, 1, kMaxWidth);
  c.intermediateSize = obj.integerIn("intermediate_size", c.intermediateSize, 1, kMaxWidth);
  c.numLayers = static_cast<int>(obj.integerIn("num_hidden_layers", c.numLayers, 1, kMaxLayers));
  c.numAttentionHeads = static_cast<int>(obj.integerIn("num_attention_heads", c.numAttentionHeads, 1, kMaxHeads));
  c.numKeyValueHeads = static_cast<int>(obj.integerIn("num_key_value_heads", c.numKeyValueHeads, 1, kMaxHeads));
  c.headDim = static_cast<int>(obj.integerIn("head_dim", c.headDim, 2, kMaxHeadDim));
  c.globalHeadDim = static_cast<int>(obj.integerIn("global_head_dim", c.globalHeadDim, 2, kMaxHeadDim));
  if (obj.has("num_global_key_value_heads")) {
    c.numGlobalKeyValueHeads = static_cast<int>(obj.integerIn("num_global_key_value_heads", 0, 1, kMaxHeads));
  }
  c.attentionKEqV = obj.boolean("attention_k_eq_v", c.attentionKEqV);
  c.hiddenActivation = obj.string("hidden_activation", c.hiddenActivation);
  c.maxPositionEmbeddings = obj.integerIn("max_position_embeddings", c.maxPositionEmbeddings, 1, 1ll << 40);
  c.rmsNormEps = obj.numberIn("rms_norm_eps", c.rmsNormEps, 1e-30, 1.0);
  c.padTokenId = obj.integer("pad_token_id", c.padTokenId);
  c.bosTokenId = obj.integer("bos_token_id", c.bosTokenId);
  if (obj.has("eos_token_id")) c.eosTokenIds = obj.integerOrList("eos_token_id");
  c.tieWordEmbeddings = obj.boolean("tie_word_embeddings", c.tieWordEmbeddings);
  c.attentionBias = obj.boolean("attention_bias", c.attentionBias);
  c.slidingWindow = obj.integerIn("sliding_window", c.slidingWindow, 1, 1ll << 40);
  c.layerTypes = parseLayerTypes(obj, c.numLayers);
  c.finalLogitSoftcapping = obj.optionalNumber("final_logit_softcapping");
  if (c.finalLogitSoftcapping && !(*c.finalLogitSoftcapping > 0.0)) {
    obj.fail("final_logit_softcapping", "must be positive or null");
  }
  c.useBidirectionalAttention = obj.string("use_bidirectional_attention", "");
  if (c.useBidirectionalAttention == "all") {
    c.slidingWindow = c.slidingWindow / 2 + 1;  // HF __post_init__: exclusive bounds for bidirectional windows
  } else if (!c.useBidirectionalAttention.empty() && c.useBidirectionalAttention != "vision") {
    obj.fail("use_bidirectional_attention",
             "\"" + c.useBidirectionalAttention + "\" is not one of null, \"vision\", \"all\"");
  }
  c.vocabSizePerLayerInput = obj.integerIn("vocab_size_per_layer_input", c.vocabSizePerLayerInput, 1, kMaxVocab);
  c.hiddenSizePerLayerInput = obj.integerIn("hidden_size_per_layer_input", c.hiddenSizePerLayerInput, 0, 1 << 16);
  c.numKvSharedLayers = static_cast<int>(obj.integerIn("num_kv_shared_layers", 0, 0, c.numLayers - 1));
  c.enableMoeBlock = obj.boolean("enable_moe_block", c.enableMoeBlock);
  c.useDoubleWideMlp = obj.boolean("use_double_wide_mlp", c.useDoubleWideMlp);
  if (obj.has("num_experts")) c.numExperts = static_cast<int>(obj.integerIn("num_experts", 0, 1, 512));
  if (obj.has("top_k_experts")) c.topKExperts = static_cast<int>(obj.integerIn("top_k_experts", 0, 1, 512));
  if (obj.has("moe_intermediate_size")) {
    c.moeIntermediateSize = obj.integerIn("moe_intermediate_size", 0, 1, kMaxWidth);
  }
  if (c.enableMoeBlock) {
    if (!c.numExperts || !c.topKExperts || !c.moeIntermediateSize) {
      obj.fail("enable_moe_block", "is true but num_experts / top_k_experts / moe_intermediate_size are not all set");
    }
    if (*c.topKExperts > *c.numExperts) obj.fail("top_k_experts", "is larger than num_experts");
  }

  auto rope = obj.object("rope_parameters");
  if (rope) {
    auto sliding = rope->object("sliding_attention");
    auto full = rope->object("full_attention");
    if (sliding) c.slidingRope = parseRope(*sliding, c.slidingRope);
    if (full) c.fullRope = parseRope(*full, c.fullRope);
    for (LayerType t : c.layerTypes) {
      if ((t == LayerType::Sliding && !sliding) || (t == LayerType::Full && !full)) {
        rope->fail(t == LayerType::Sliding ? "sliding_attention" : "full_attention",
                   "missing, but layer_types uses this layer type");
      }
    }
  }
  parsePerLayerConfig(obj, c);
  deriveTextLayers(c, obj.source());
  return c;
}

}  // namespace gwb::model
