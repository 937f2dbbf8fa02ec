#pragma once
// A model ready to run: config, mapped checkpoint, decoder weights on the device, tokenizer,
// chat template, generation defaults, and the vision / audio encoders when the config has them. Loaded from a HF folder, or made of random weights from
// a bare config.json (--random-weights) for full-size speed and memory runs (the towers too, when asked).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "inference/gpu/Device.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/GenerationConfig.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/RandomMediaTowers.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/model/VisionEncoder.h"
#include "inference/text/ChatTemplate.h"
#include "inference/text/Tokenizer.h"

namespace gwb::runtime {

class LoadedModel {
 public:
  // dir: a HF model folder (config.json, safetensors, tokenizer.json, chat template), or a Gemma 4
  // GGUF text file (config, tokenizer and chat template from its metadata) with its mmproj: `mmproj`
  // when given, else the one found beside it (GgufCheckpoint.h findMmprojBeside), else none.
  // `quantize`: the text decoder's matrices are quantized on load to that block format
  // (TextDecoderWeights.h); the encoders keep their dtype.
  static std::unique_ptr<LoadedModel> load(gpu::Device& device, const std::filesystem::path& dir,
                                           const std::optional<std::filesystem::path>& mmproj = std::nullopt,
                                           std::optional<model::GgmlType> quantize = std::nullopt);
  // configPath: a config.json (or its folder); weights random in `dtype` on the device. A
  // tokenizer/template next to it is used when present. `towers`: the media towers to build with
  // random weights as well (model/RandomMediaTowers.h; a few seconds and their device memory each,
  // so only those a command needs).
  static std::unique_ptr<LoadedModel> random(gpu::Device& device, const std::filesystem::path& configPath,
                                             gpu::DType dtype, uint32_t seed,
                                             std::optional<model::GgmlType> quantize = std::nullopt,
                                             model::RandomTowerChoice towers = {});

  gpu::Device& device() const { return device_; }
  const model::ModelConfig& config() const { return config_; }
  const model::TextDecoderWeights& textWeights() const { return *text_; }
  const model::GenerationConfig& generation() const { return generation_; }
  // Null when the folder has no tokenizer.json / chat template.
  const text::Tokenizer* tokenizer() const { return tokenizer_ ? &*tokenizer_ : nullptr; }
  const text::ChatTemplate* chatTemplate() const { return template_ ? &*template_ : nullptr; }
  const std::filesystem::path& dir() const { return dir_; }
  bool randomWeights() const { return !checkpoint_; }
  // The mapped checkpoint (null with random weights).
  const model::Checkpoint* checkpoint() const { return checkpoint_.get(); }
  // The media encoders, loaded with the checkpoint when config.json has a vision / audio tower.
  // Null when absent; with random weights, null unless random() was asked to build it.
  model::VisionEncoder* visionEncoder() const { return vision_.get(); }
  const model::AudioEncoder* audioEncoder() const { return audio_.get(); }
  // Host seconds random() spent drawing and loading random towers (0 when it built none).
  double randomTowerSeconds() const { return randomTowerSeconds_; }

 private:
  explicit LoadedModel(gpu::Device& device) : device_(device) {}
  void loadTextAssets(const std::filesystem::path& dir);
  void loadMediaEncoders();
  void loadGguf(const std::filesystem::path& file, const std::optional<std::filesystem::path>& mmproj);

  gpu::Device& device_;
  std::optional<model::GgmlType> quantize_;  // quantize-on-load format of the text matrices
  std::filesystem::path dir_;
  model::ModelConfig config_;
  std::unique_ptr<model::Checkpoint> checkpoint_;
  std::unique_ptr<model::TextDecoderWeights> text_;
  model::GenerationConfig generation_;
  std::optional<text::Tokenizer> tokenizer_;
  std::optional<text::ChatTemplate> template_;
  // Weights before encoders: an encoder keeps a reference to its weights.
  std::unique_ptr<model::VisionEncoderWeights> visionWeights_;
  std::unique_ptr<model::VisionEncoder> vision_;
  std::unique_ptr<model::AudioEncoderWeights> audioWeights_;
  std::unique_ptr<model::AudioEncoder> audio_;
  double randomTowerSeconds_ = 0;
};

}  // namespace gwb::runtime
