#pragma once
// A model ready to run: config, mapped checkpoint, decoder weights on the device, tokenizer,
// chat template and generation defaults. Loaded from a HF folder, or made of random weights from
// a bare config.json (--random-weights) for full-size speed and memory runs.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "inference/gpu/Device.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/GenerationConfig.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/text/ChatTemplate.h"
#include "inference/text/Tokenizer.h"

namespace gwb::runtime {

class LoadedModel {
 public:
  // dir: a HF model folder (config.json, safetensors, tokenizer.json, chat template).
  static std::unique_ptr<LoadedModel> load(gpu::Device& device, const std::filesystem::path& dir);
  // configPath: a config.json (or its folder); weights random in `dtype` on the device. A
  // tokenizer/template next to it is used when present.
  static std::unique_ptr<LoadedModel> random(gpu::Device& device, const std::filesystem::path& configPath,
                                             gpu::DType dtype, uint32_t seed);

  gpu::Device& device() const { return device_; }
  const model::ModelConfig& config() const { return config_; }
  const model::TextDecoderWeights& textWeights() const { return *text_; }
  const model::GenerationConfig& generation() const { return generation_; }
  // Null when the folder has no tokenizer.json / chat template.
  const text::Tokenizer* tokenizer() const { return tokenizer_ ? &*tokenizer_ : nullptr; }
  const text::ChatTemplate* chatTemplate() const { return template_ ? &*template_ : nullptr; }
  const std::filesystem::path& dir() const { return dir_; }
  bool randomWeights() const { return !checkpoint_; }

 private:
  explicit LoadedModel(gpu::Device& device) : device_(device) {}
  void loadTextAssets(const std::filesystem::path& dir);

  gpu::Device& device_;
  std::filesystem::path dir_;
  model::ModelConfig config_;
  std::unique_ptr<model::Checkpoint> checkpoint_;
  std::unique_ptr<model::TextDecoderWeights> text_;
  model::GenerationConfig generation_;
  std::optional<text::Tokenizer> tokenizer_;
  std::optional<text::ChatTemplate> template_;
};

}  // namespace gwb::runtime
