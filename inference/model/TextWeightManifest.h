#pragma once
// The text decoder's expected tensors (design/gemma4-text.md §6.1), derived from a TextConfig:
// names with the HF prefix, shapes, roles, per layer. validate() checks a checkpoint against it.
#include <optional>
#include <string>
#include <vector>

#include "inference/model/Checkpoint.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/WeightSpec.h"

namespace gwb::model {

// HF key prefixes of the text decoder.
inline constexpr const char* kConditionalTextPrefix = "model.language_model.";  // Gemma4ForConditionalGeneration
inline constexpr const char* kCausalLmTextPrefix = "model.";                    // Gemma4ForCausalLM save

class TextWeightManifest {
 public:
  // `prefix`: kConditionalTextPrefix or kCausalLmTextPrefix (see textPrefixFor / detectTextPrefix).
  TextWeightManifest(const TextConfig& cfg, std::string prefix);

  // The prefix a checkpoint actually uses: whichever of the two has embed_tokens.weight, else the
  // one the config's layout implies.
  static std::string detectTextPrefix(const Checkpoint& ckpt, ConfigLayout layout);
  static std::string textPrefixFor(ConfigLayout layout);

  const std::string& prefix() const { return prefix_; }
  // Global tensors first, then layer 0, 1, ... Includes the unused k_proj / v_proj / k_norm of
  // KV-shared layers with used == false.
  const std::vector<WeightSpec>& weights() const { return weights_; }
  // The spec of `role` in `layer` (-1 for global ones); nullptr if this config has none (e.g. no
  // v_proj on attention_k_eq_v full layers, no PLE tensors when hidden_size_per_layer_input is 0).
  const WeightSpec* find(WeightRole role, int layer = -1) const;

  // The first problem, as one line naming the tensor with expected vs found; nullopt when every
  // used tensor is present with the right shape and a float dtype (F32, F16, BF16) or as GGUF
  // blocks (Checkpoint::findQuantized). Unused tensors of KV-shared layers may be present or absent.
  std::optional<std::string> firstProblem(const Checkpoint& ckpt) const;
  // Throws CheckpointError(firstProblem) if there is one.
  void validate(const Checkpoint& ckpt) const;

 private:
  void add(WeightRole role, int layer, const std::string& suffix, std::vector<int64_t> shape, bool used = true);
  void addLayer(const TextConfig& cfg, int i);

  std::string prefix_;
  std::vector<WeightSpec> weights_;
};

}  // namespace gwb::model
