#pragma once
// Tensor names of llama.cpp's Gemma 4 GGUF layout (arch "gemma4" text file + "clip" mmproj with
// projectors gemma4v / gemma4a) against this product's Hugging Face names
// (Gemma4ForConditionalGeneration layout: model.language_model.*, model.vision_tower.*,
// model.audio_tower.*, model.embed_vision.*, model.embed_audio.*). design/gemma4-text.md §6.2,
// design/gemma4-media.md §9.3, llama.cpp convert_hf_to_gguf.py (Gemma4Model,
// Gemma4VisionAudioModel).
//
// Besides the renaming, llama.cpp's converter changes a few tensors; `transform` says which:
//   PatchEmbed   v.patch_embd.weight: HF [n, P*P*3] in (y, x, channel) order is stored as the conv
//                kernel [n, 3, P, P] (channel, y, x) — a permutation, undone on read;
//   Softplus     a.blk.N.per_dim_scale.weight holds softplus(HF per_dim_scale);
//   DropUnitDim  a.blk.N.conv_dw.weight: HF [C, 1, K] stored as [C, K] (same bytes);
//   Scalar       clip bounds (input_min, ...): HF 0-d scalars stored as 1-element tensors.
#include <optional>
#include <string>
#include <string_view>

namespace gwb::model {

enum class GgufFileRole { Text, Mmproj };
enum class GgufTransform { None, PatchEmbed, Softplus, DropUnitDim, Scalar };

struct GgufNameMapping {
  std::string name;  // the other side's name
  GgufFileRole file = GgufFileRole::Text;
  GgufTransform transform = GgufTransform::None;
};

// HF name -> GGUF name (and which file holds it). nullopt for a tensor llama.cpp's layout has no
// place for.
std::optional<GgufNameMapping> ggufNameForHf(std::string_view hfName);
// GGUF name (of the text file or the mmproj) -> HF name. nullopt for tensors with no HF
// counterpart (rope_freqs.weight, output.weight) or names this product does not know.
std::optional<GgufNameMapping> hfNameForGguf(std::string_view ggufName, GgufFileRole file);

// The name under which the GGUF checkpoint exposes the already-softplus'd audio per-dim scale
// ("<hf per_dim_scale name>.softplus"); the audio loader prefers it over the raw parameter.
std::string softplusPerDimScaleName(std::string_view hfPerDimScaleName);

}  // namespace gwb::model
