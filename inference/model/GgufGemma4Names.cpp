#include "inference/model/GgufGemma4Names.h"

#include <array>
#include <charconv>
#include <vector>

namespace gwb::model {

namespace {

// One renaming rule. "{N}" stands for a block index on both sides (at most once per pattern).
struct Rule {
  std::string_view hf;
  std::string_view gguf;
  GgufFileRole file;
  GgufTransform transform;
};

constexpr GgufFileRole T = GgufFileRole::Text;
constexpr GgufFileRole M = GgufFileRole::Mmproj;
constexpr GgufTransform None = GgufTransform::None;

// Text decoder (llama.cpp constants.py MODEL_TENSOR names for arch gemma4).
constexpr std::array kTextRules = {
    Rule{"model.language_model.embed_tokens.weight", "token_embd.weight", T, None},
    Rule{"model.language_model.embed_tokens_per_layer.weight", "per_layer_token_embd.weight", T, None},
    Rule{"model.language_model.per_layer_model_projection.weight", "per_layer_model_proj.weight", T, None},
    Rule{"model.language_model.per_layer_projection_norm.weight", "per_layer_proj_norm.weight", T, None},
    Rule{"model.language_model.norm.weight", "output_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.input_layernorm.weight", "blk.{N}.attn_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.q_proj.weight", "blk.{N}.attn_q.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.k_proj.weight", "blk.{N}.attn_k.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.v_proj.weight", "blk.{N}.attn_v.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.o_proj.weight", "blk.{N}.attn_output.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.q_norm.weight", "blk.{N}.attn_q_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.self_attn.k_norm.weight", "blk.{N}.attn_k_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.post_attention_layernorm.weight", "blk.{N}.post_attention_norm.weight", T,
         None},
    Rule{"model.language_model.layers.{N}.pre_feedforward_layernorm.weight", "blk.{N}.ffn_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.mlp.gate_proj.weight", "blk.{N}.ffn_gate.weight", T, None},
    Rule{"model.language_model.layers.{N}.mlp.up_proj.weight", "blk.{N}.ffn_up.weight", T, None},
    Rule{"model.language_model.layers.{N}.mlp.down_proj.weight", "blk.{N}.ffn_down.weight", T, None},
    Rule{"model.language_model.layers.{N}.post_feedforward_layernorm.weight", "blk.{N}.post_ffw_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.per_layer_input_gate.weight", "blk.{N}.inp_gate.weight", T, None},
    Rule{"model.language_model.layers.{N}.per_layer_projection.weight", "blk.{N}.proj.weight", T, None},
    Rule{"model.language_model.layers.{N}.post_per_layer_input_norm.weight", "blk.{N}.post_norm.weight", T, None},
    Rule{"model.language_model.layers.{N}.layer_scalar", "blk.{N}.layer_output_scale.weight", T, None},
    // 26B-A4B mixture of experts.
    Rule{"model.language_model.layers.{N}.router.proj.weight", "blk.{N}.ffn_gate_inp.weight", T, None},
    Rule{"model.language_model.layers.{N}.router.scale", "blk.{N}.ffn_gate_inp.scale", T, None},
    Rule{"model.language_model.layers.{N}.router.per_expert_scale", "blk.{N}.ffn_down_exps.scale", T, None},
    Rule{"model.language_model.layers.{N}.experts.gate_up_proj", "blk.{N}.ffn_gate_up_exps.weight", T, None},
    Rule{"model.language_model.layers.{N}.experts.down_proj", "blk.{N}.ffn_down_exps.weight", T, None},
    Rule{"model.language_model.layers.{N}.pre_feedforward_layernorm_2.weight", "blk.{N}.pre_ffw_norm_2.weight", T,
         None},
    Rule{"model.language_model.layers.{N}.post_feedforward_layernorm_1.weight", "blk.{N}.post_ffw_norm_1.weight", T,
         None},
    Rule{"model.language_model.layers.{N}.post_feedforward_layernorm_2.weight", "blk.{N}.post_ffw_norm_2.weight", T,
         None},
};

// Clippable linears: HF "<base>.linear.weight" + four "<base>.<bound>" scalars; GGUF
// "<gguf base>.weight" + "<gguf base>.<bound>".
struct ClippedLinear {
  std::string_view hfBase;
  std::string_view ggufBase;
};

constexpr std::array kVisionLinears = {
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.self_attn.q_proj", "v.blk.{N}.attn_q"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.self_attn.k_proj", "v.blk.{N}.attn_k"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.self_attn.v_proj", "v.blk.{N}.attn_v"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.self_attn.o_proj", "v.blk.{N}.attn_out"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.mlp.gate_proj", "v.blk.{N}.ffn_gate"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.mlp.up_proj", "v.blk.{N}.ffn_up"},
    ClippedLinear{"model.vision_tower.encoder.layers.{N}.mlp.down_proj", "v.blk.{N}.ffn_down"},
};

constexpr std::array kAudioLinears = {
    ClippedLinear{"model.audio_tower.layers.{N}.feed_forward1.ffw_layer_1", "a.blk.{N}.ffn_up"},
    ClippedLinear{"model.audio_tower.layers.{N}.feed_forward1.ffw_layer_2", "a.blk.{N}.ffn_down"},
    ClippedLinear{"model.audio_tower.layers.{N}.feed_forward2.ffw_layer_1", "a.blk.{N}.ffn_up_1"},
    ClippedLinear{"model.audio_tower.layers.{N}.feed_forward2.ffw_layer_2", "a.blk.{N}.ffn_down_1"},
    ClippedLinear{"model.audio_tower.layers.{N}.self_attn.q_proj", "a.blk.{N}.attn_q"},
    ClippedLinear{"model.audio_tower.layers.{N}.self_attn.k_proj", "a.blk.{N}.attn_k"},
    ClippedLinear{"model.audio_tower.layers.{N}.self_attn.v_proj", "a.blk.{N}.attn_v"},
    ClippedLinear{"model.audio_tower.layers.{N}.self_attn.post", "a.blk.{N}.attn_out"},
    ClippedLinear{"model.audio_tower.layers.{N}.lconv1d.linear_start", "a.blk.{N}.conv_pw1"},
    ClippedLinear{"model.audio_tower.layers.{N}.lconv1d.linear_end", "a.blk.{N}.conv_pw2"},
};

constexpr std::array kMediaRules = {
    Rule{"model.vision_tower.patch_embedder.input_proj.weight", "v.patch_embd.weight", M, GgufTransform::PatchEmbed},
    Rule{"model.vision_tower.patch_embedder.position_embedding_table", "v.position_embd.weight", M, None},
    Rule{"model.vision_tower.encoder.layers.{N}.input_layernorm.weight", "v.blk.{N}.ln1.weight", M, None},
    Rule{"model.vision_tower.encoder.layers.{N}.post_attention_layernorm.weight", "v.blk.{N}.attn_post_norm.weight", M,
         None},
    Rule{"model.vision_tower.encoder.layers.{N}.pre_feedforward_layernorm.weight", "v.blk.{N}.ln2.weight", M, None},
    Rule{"model.vision_tower.encoder.layers.{N}.post_feedforward_layernorm.weight", "v.blk.{N}.ffn_post_norm.weight", M,
         None},
    Rule{"model.vision_tower.encoder.layers.{N}.self_attn.q_norm.weight", "v.blk.{N}.attn_q_norm.weight", M, None},
    Rule{"model.vision_tower.encoder.layers.{N}.self_attn.k_norm.weight", "v.blk.{N}.attn_k_norm.weight", M, None},
    Rule{"model.vision_tower.std_bias", "v.std_bias", M, None},
    Rule{"model.vision_tower.std_scale", "v.std_scale", M, None},
    Rule{"model.embed_vision.embedding_projection.weight", "mm.input_projection.weight", M, None},
    Rule{"model.audio_tower.subsample_conv_projection.layer0.conv.weight", "a.conv1d.0.weight", M, None},
    Rule{"model.audio_tower.subsample_conv_projection.layer1.conv.weight", "a.conv1d.1.weight", M, None},
    Rule{"model.audio_tower.subsample_conv_projection.layer0.norm.weight", "a.conv1d.0.norm.weight", M, None},
    Rule{"model.audio_tower.subsample_conv_projection.layer1.norm.weight", "a.conv1d.1.norm.weight", M, None},
    Rule{"model.audio_tower.subsample_conv_projection.input_proj_linear.weight", "a.input_projection.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.feed_forward1.pre_layer_norm.weight", "a.blk.{N}.ffn_norm.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.feed_forward1.post_layer_norm.weight", "a.blk.{N}.ffn_post_norm.weight", M,
         None},
    Rule{"model.audio_tower.layers.{N}.feed_forward2.pre_layer_norm.weight", "a.blk.{N}.ffn_norm_1.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.feed_forward2.post_layer_norm.weight", "a.blk.{N}.ffn_post_norm_1.weight", M,
         None},
    Rule{"model.audio_tower.layers.{N}.norm_pre_attn.weight", "a.blk.{N}.attn_pre_norm.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.norm_post_attn.weight", "a.blk.{N}.attn_post_norm.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.norm_out.weight", "a.blk.{N}.ln2.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.self_attn.relative_k_proj.weight", "a.blk.{N}.attn_k_rel.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.self_attn.per_dim_scale", "a.blk.{N}.per_dim_scale.weight", M,
         GgufTransform::Softplus},
    // llama.cpp swaps these two names (clip.cpp loads conv_norm as the pre-norm).
    Rule{"model.audio_tower.layers.{N}.lconv1d.pre_layer_norm.weight", "a.blk.{N}.conv_norm.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.lconv1d.conv_norm.weight", "a.blk.{N}.norm_conv.weight", M, None},
    Rule{"model.audio_tower.layers.{N}.lconv1d.depthwise_conv1d.weight", "a.blk.{N}.conv_dw.weight", M,
         GgufTransform::DropUnitDim},
    Rule{"model.audio_tower.output_proj.weight", "a.pre_encode.out.weight", M, None},
    Rule{"model.audio_tower.output_proj.bias", "a.pre_encode.out.bias", M, None},
    Rule{"model.embed_audio.embedding_projection.weight", "mm.a.input_projection.weight", M, None},
};

constexpr std::array<std::string_view, 4> kBounds = {"input_min", "input_max", "output_min", "output_max"};

struct OwnedRule {
  std::string hf, gguf;
  GgufFileRole file;
  GgufTransform transform;
};

const std::vector<OwnedRule>& allRules() {
  static const std::vector<OwnedRule> rules = [] {
    std::vector<OwnedRule> r;
    for (const Rule& x : kTextRules) r.push_back({std::string(x.hf), std::string(x.gguf), x.file, x.transform});
    for (const Rule& x : kMediaRules) r.push_back({std::string(x.hf), std::string(x.gguf), x.file, x.transform});
    for (const auto* list : {&kVisionLinears}) {
      for (const ClippedLinear& l : *list) {
        r.push_back({std::string(l.hfBase) + ".linear.weight", std::string(l.ggufBase) + ".weight", M, None});
        for (std::string_view b : kBounds) {
          r.push_back({std::string(l.hfBase) + "." + std::string(b), std::string(l.ggufBase) + "." + std::string(b), M,
                       GgufTransform::Scalar});
        }
      }
    }
    for (const ClippedLinear& l : kAudioLinears) {
      r.push_back({std::string(l.hfBase) + ".linear.weight", std::string(l.ggufBase) + ".weight", M, None});
      for (std::string_view b : kBounds) {
        r.push_back({std::string(l.hfBase) + "." + std::string(b), std::string(l.ggufBase) + "." + std::string(b), M,
                     GgufTransform::Scalar});
      }
    }
    return r;
  }();
  return rules;
}

// Matches `name` against a pattern with at most one "{N}"; returns the index ("" when the pattern
// has none), or nullopt.
std::optional<std::string> match(std::string_view name, std::string_view pattern) {
  const size_t at = pattern.find("{N}");
  if (at == std::string_view::npos) {
    return name == pattern ? std::optional<std::string>("") : std::nullopt;
  }
  const std::string_view head = pattern.substr(0, at);
  const std::string_view tail = pattern.substr(at + 3);
  if (name.size() <= head.size() + tail.size()) return std::nullopt;
  if (name.substr(0, head.size()) != head || name.substr(name.size() - tail.size()) != tail) return std::nullopt;
  const std::string_view digits = name.substr(head.size(), name.size() - head.size() - tail.size());
  if (digits.empty() || digits.size() > 6 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::string(digits);
}

std::string fill(std::string_view pattern, const std::string& index) {
  const size_t at = pattern.find("{N}");
  if (at == std::string_view::npos) return std::string(pattern);
  return std::string(pattern.substr(0, at)) + index + std::string(pattern.substr(at + 3));
}

}  // namespace

std::optional<GgufNameMapping> ggufNameForHf(std::string_view hfName) {
  for (const OwnedRule& r : allRules()) {
    if (auto n = match(hfName, r.hf)) return GgufNameMapping{fill(r.gguf, *n), r.file, r.transform};
  }
  return std::nullopt;
}

std::optional<GgufNameMapping> hfNameForGguf(std::string_view ggufName, GgufFileRole file) {
  for (const OwnedRule& r : allRules()) {
    if (r.file != file) continue;
    if (auto n = match(ggufName, r.gguf)) return GgufNameMapping{fill(r.hf, *n), r.file, r.transform};
  }
  return std::nullopt;
}

std::string softplusPerDimScaleName(std::string_view hfPerDimScaleName) {
  return std::string(hfPerDimScaleName) + ".softplus";
}

}  // namespace gwb::model
