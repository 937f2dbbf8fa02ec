#include "inference/model/WeightSpec.h"

#include "inference/model/TensorView.h"

namespace gwb::model {

std::string_view roleName(WeightRole role) {
  switch (role) {
    case WeightRole::TokenEmbedding: return "embed_tokens";
    case WeightRole::LmHead: return "lm_head";
    case WeightRole::PleTable: return "embed_tokens_per_layer";
    case WeightRole::PleModelProjection: return "per_layer_model_projection";
    case WeightRole::PleProjectionNorm: return "per_layer_projection_norm";
    case WeightRole::FinalNorm: return "final norm";
    case WeightRole::InputNorm: return "input_layernorm";
    case WeightRole::PostAttentionNorm: return "post_attention_layernorm";
    case WeightRole::PreFeedforwardNorm: return "pre_feedforward_layernorm";
    case WeightRole::PostFeedforwardNorm: return "post_feedforward_layernorm";
    case WeightRole::QProj: return "q_proj";
    case WeightRole::KProj: return "k_proj";
    case WeightRole::VProj: return "v_proj";
    case WeightRole::OProj: return "o_proj";
    case WeightRole::QNorm: return "q_norm";
    case WeightRole::KNorm: return "k_norm";
    case WeightRole::MlpGate: return "mlp gate_proj";
    case WeightRole::MlpUp: return "mlp up_proj";
    case WeightRole::MlpDown: return "mlp down_proj";
    case WeightRole::PleInputGate: return "per_layer_input_gate";
    case WeightRole::PleProjection: return "per_layer_projection";
    case WeightRole::PostPleNorm: return "post_per_layer_input_norm";
    case WeightRole::LayerScalar: return "layer_scalar";
    case WeightRole::RouterProj: return "router proj";
    case WeightRole::RouterScale: return "router scale";
    case WeightRole::RouterPerExpertScale: return "router per_expert_scale";
    case WeightRole::ExpertsGateUp: return "experts gate_up_proj";
    case WeightRole::ExpertsDown: return "experts down_proj";
    case WeightRole::PreFeedforwardNorm2: return "pre_feedforward_layernorm_2";
    case WeightRole::PostFeedforwardNorm1: return "post_feedforward_layernorm_1";
    case WeightRole::PostFeedforwardNorm2: return "post_feedforward_layernorm_2";
    case WeightRole::VisionTower: return "vision tower";
    case WeightRole::VisionProjection: return "embed_vision";
    case WeightRole::AudioTower: return "audio tower";
    case WeightRole::AudioProjection: return "embed_audio";
  }
  return "weight";
}

int64_t parameterCount(const std::vector<WeightSpec>& specs, bool includeUnused) {
  int64_t n = 0;
  for (const auto& s : specs) {
    if (s.used || includeUnused) n += numelOf(s.shape);
  }
  return n;
}

}  // namespace gwb::model
