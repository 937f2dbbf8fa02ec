#pragma once
// One tensor a model expects in its checkpoint: HF name, shape, what it is for.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::model {

enum class WeightRole {
  // text decoder, global
  TokenEmbedding,      // embed_tokens [vocab, H]; also the tied LM head
  LmHead,              // lm_head [vocab, H], only when tie_word_embeddings is false
  PleTable,            // embed_tokens_per_layer [vocab_ple, L*P]
  PleModelProjection,  // per_layer_model_projection [L*P, H]
  PleProjectionNorm,   // per_layer_projection_norm [P]
  FinalNorm,           // norm [H]
  // text decoder, per layer
  InputNorm,
  PostAttentionNorm,
  PreFeedforwardNorm,
  PostFeedforwardNorm,
  QProj,
  KProj,
  VProj,
  OProj,
  QNorm,
  KNorm,
  MlpGate,
  MlpUp,
  MlpDown,
  PleInputGate,   // per_layer_input_gate [P, H]
  PleProjection,  // per_layer_projection [H, P]
  PostPleNorm,    // post_per_layer_input_norm [H]
  LayerScalar,    // layer_scalar [1]
  // mixture of experts (26B-A4B), per layer
  RouterProj,
  RouterScale,
  RouterPerExpertScale,
  ExpertsGateUp,
  ExpertsDown,
  PreFeedforwardNorm2,
  PostFeedforwardNorm1,
  PostFeedforwardNorm2,
  // towers (not broken down further here; the media graph builders name their own tensors)
  VisionTower,
  VisionProjection,  // embed_vision.embedding_projection [H, vision hidden]
  AudioTower,
  AudioProjection,   // embed_audio.embedding_projection [H, audio output dims]
};

struct WeightSpec {
  std::string name;            // full HF key, e.g. "model.language_model.layers.3.self_attn.q_proj.weight"
  std::vector<int64_t> shape;  // PyTorch order ([out, in] for linears); empty for a 0-d scalar
  WeightRole role = WeightRole::TokenEmbedding;
  int layer = -1;     // decoder / encoder layer, -1 for global tensors
  bool used = true;   // false: stored by real checkpoints but never read (k/v of KV-shared layers)
};

// "q_proj", "embed_tokens", ... (for messages).
std::string_view roleName(WeightRole role);
// Sum of element counts, optionally counting the unused ones too.
int64_t parameterCount(const std::vector<WeightSpec>& specs, bool includeUnused);

}  // namespace gwb::model
