#include "inference/model/ModelVariant.h"

namespace gwb::model {

Variant recognizeVariant(const TextConfig& t) {
  if (t.numLayers == 35 && t.hiddenSize == 1536) return Variant::E2B;
  if (t.numLayers == 42 && t.hiddenSize == 2560) return Variant::E4B;
  if (t.numLayers == 30 && t.hiddenSize == 2816 && t.enableMoeBlock) return Variant::A4B26B;
  if (t.numLayers == 60 && t.hiddenSize == 5376) return Variant::Dense31B;
  return Variant::Custom;
}

std::string variantName(Variant v) {
  switch (v) {
    case Variant::E2B: return "E2B";
    case Variant::E4B: return "E4B";
    case Variant::A4B26B: return "26B-A4B";
    case Variant::Dense31B: return "31B";
    case Variant::Custom: return "custom";
  }
  return "custom";
}

std::optional<std::string> unsupportedReason(const ModelConfig& cfg) {
  const TextConfig& t = cfg.text;
  const std::string name = variantName(recognizeVariant(t));
  const std::string who = name == "custom" ? std::string("this model") : name;
  if (t.enableMoeBlock) {
    return who + " (mixture of experts) is recognised but not supported yet: the MoE block (router + " +
           std::to_string(t.numExperts.value_or(0)) + " experts, top " + std::to_string(t.topKExperts.value_or(0)) +
           ") has no GPU implementation";
  }
  if (t.attentionKEqV) {
    return who + " is recognised but not supported yet: its full-attention layers derive V from K " +
           "(attention_k_eq_v), which the attention path does not implement";
  }
  if (t.useBidirectionalAttention == "all") {
    return who + " is recognised but not supported yet: fully bidirectional attention (use_bidirectional_attention "
           "\"all\") is not implemented";
  }
  if (t.hiddenActivation != "gelu_pytorch_tanh") {
    return who + " is recognised but not supported yet: hidden_activation \"" + t.hiddenActivation +
           "\" (only gelu_pytorch_tanh is implemented)";
  }
  return std::nullopt;
}

}  // namespace gwb::model
