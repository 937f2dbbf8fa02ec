#pragma once
// generation_config.json: stop tokens and the checkpoint's default sampling settings.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/ModelConfig.h"

namespace gwb::model {

struct GenerationConfig {
  std::vector<int64_t> eosTokenIds;  // generation stops on any of these (Gemma 4 IT: 1, 106, 50)
  std::optional<int64_t> bosTokenId;
  std::optional<int64_t> padTokenId;
  // transformers' GenerationConfig defaults where the file is silent.
  bool doSample = false;
  double temperature = 1.0;
  int64_t topK = 50;
  double topP = 1.0;

  static GenerationConfig parse(std::string_view jsonText, const std::string& source);
  // Reads DIR/generation_config.json; when the file is absent, the stop tokens come from
  // `model.eosTokenIds` and the sampling settings are the defaults above.
  static GenerationConfig loadOrDefault(const std::filesystem::path& dir, const ModelConfig& model);
};

}  // namespace gwb::model
