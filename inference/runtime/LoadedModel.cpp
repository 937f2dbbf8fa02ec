#include "inference/runtime/LoadedModel.h"

#include "inference/model/ModelErrors.h"

namespace gwb::runtime {

namespace fs = std::filesystem;

void LoadedModel::loadTextAssets(const fs::path& dir) {
  if (fs::exists(dir / "tokenizer.json")) tokenizer_ = text::Tokenizer::fromFile((dir / "tokenizer.json").string());
  if (fs::exists(dir / "chat_template.jinja") || fs::exists(dir / "tokenizer_config.json")) {
    try {
      template_ = text::ChatTemplate::fromModelDir(dir);
    } catch (const std::runtime_error&) {
      // tokenizer_config.json without a template: prompts must then be given as raw ids.
    }
  }
}

void LoadedModel::loadMediaEncoders() {
  if (config_.vision) {
    visionWeights_ = std::make_unique<model::VisionEncoderWeights>(
        model::loadVisionEncoderWeights(device_, config_, *checkpoint_));
    vision_ = std::make_unique<model::VisionEncoder>(device_, *visionWeights_);
  }
  if (config_.audio) {
    audioWeights_ = std::make_unique<model::AudioEncoderWeights>(
        model::loadAudioEncoderWeights(device_, config_, *checkpoint_));
    audio_ = std::make_unique<model::AudioEncoder>(device_, *audioWeights_);
  }
}

std::unique_ptr<LoadedModel> LoadedModel::load(gpu::Device& device, const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    throw model::CheckpointError(dir.string() + " is not a model folder (expected a folder with config.json and "
                                                "model.safetensors)");
  }
  std::unique_ptr<LoadedModel> m(new LoadedModel(device));
  m->dir_ = dir;
  m->config_ = model::ModelConfig::load(dir);
  m->checkpoint_ = std::make_unique<model::Checkpoint>(dir);
  m->text_ = std::make_unique<model::TextDecoderWeights>(model::loadTextDecoderWeights(device, m->config_, *m->checkpoint_));
  m->loadMediaEncoders();
  m->generation_ = model::GenerationConfig::loadOrDefault(dir, m->config_);
  m->loadTextAssets(dir);
  return m;
}

std::unique_ptr<LoadedModel> LoadedModel::random(gpu::Device& device, const fs::path& configPath, gpu::DType dtype,
                                                 uint32_t seed) {
  std::unique_ptr<LoadedModel> m(new LoadedModel(device));
  m->dir_ = fs::is_directory(configPath) ? configPath : configPath.parent_path();
  m->config_ = model::ModelConfig::load(configPath);
  m->text_ = std::make_unique<model::TextDecoderWeights>(
      model::randomTextDecoderWeights(device, m->config_, dtype, seed));
  m->generation_ = model::GenerationConfig::loadOrDefault(m->dir_, m->config_);
  m->loadTextAssets(m->dir_);
  return m;
}

}  // namespace gwb::runtime
