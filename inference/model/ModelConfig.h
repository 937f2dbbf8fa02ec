#pragma once
// A whole Gemma 4 config.json: text decoder, optional vision and audio towers, media token ids.
// Accepts the multimodal layout (Gemma4ForConditionalGeneration: text_config / vision_config /
// audio_config) and a bare text-only one (Gemma4ForCausalLM / model_type "gemma4_text").
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/MediaConfig.h"
#include "inference/model/TextConfig.h"

namespace gwb::model {

enum class ConfigLayout {
  ConditionalGeneration,  // tensors under model.language_model. / model.vision_tower. / ...
  TextOnly,               // tensors under model.
};

struct ModelConfig {
  std::string architecture;  // architectures[0], or a name implied by model_type
  ConfigLayout layout = ConfigLayout::ConditionalGeneration;
  std::string dtype;  // "dtype" / "torch_dtype" as written ("bfloat16", "float32"), may be empty
  TextConfig text;
  std::optional<VisionConfig> vision;
  std::optional<AudioConfig> audio;
  MediaTokenIds tokens;
  std::vector<int64_t> eosTokenIds;  // top-level eos_token_id if present, else text_config's
  bool tieWordEmbeddings = true;

  // Parses config.json text. `source` (the path) prefixes every ConfigError. A config of another
  // architecture gives "this is a <X> checkpoint; Gemma Workbench runs Gemma 4 (...)".
  static ModelConfig parse(std::string_view jsonText, const std::string& source);
  // Reads `path`: a config.json file, or a folder holding one.
  static ModelConfig load(const std::filesystem::path& path);
};

}  // namespace gwb::model
