#include "inference/runtime/LoadedModel.h"

#include <utility>

#include "inference/model/GgufGemma4Config.h"
#include "inference/model/GgufTokenizerMetadata.h"
#include "inference/model/ModelErrors.h"
#include "inference/text/GgufTokenizer.h"

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

void LoadedModel::loadGguf(const fs::path& file, const std::optional<fs::path>& mmproj) {
  if (mmproj && !fs::is_regular_file(*mmproj)) {
    throw model::CheckpointError("mmproj file " + mmproj->string() + " does not exist");
  }
  dir_ = file;
  checkpoint_ = std::make_unique<model::Checkpoint>(file, mmproj ? mmproj : model::findMmprojBeside(file));
  const model::GgufCheckpoint& g = *checkpoint_->gguf();
  config_ = model::modelConfigFromGguf(g.textFile(), g.mmprojFile());
  text_ = std::make_unique<model::TextDecoderWeights>(
      model::loadTextDecoderWeights(device_, config_, *checkpoint_, quantize_));
  loadMediaEncoders();
  generation_ = model::generationConfigFromGguf(g.textFile(), config_);
  tokenizer_ = text::tokenizerFromGguf(model::ggufVocabOf(g.textFile()), file.string());
  if (auto tmpl = model::ggufChatTemplate(g.textFile())) {
    template_ = text::ChatTemplate::fromString(*tmpl, file.string() + " (tokenizer.chat_template)");
  }
}

std::unique_ptr<LoadedModel> LoadedModel::load(gpu::Device& device, const fs::path& dir,
                                               const std::optional<fs::path>& mmproj,
                                               std::optional<model::GgmlType> quantize) {
  if (fs::is_regular_file(dir) && model::isGgufPath(dir)) {
    std::unique_ptr<LoadedModel> m(new LoadedModel(device));
    m->quantize_ = quantize;
    m->loadGguf(dir, mmproj);
    return m;
  }
  if (mmproj) throw model::CheckpointError("--mmproj goes with a .gguf model file, not with " + dir.string());
  if (!fs::is_directory(dir)) {
    throw model::CheckpointError(dir.string() + " is not a model folder or .gguf file (expected a folder with config.json and "
                                                "model.safetensors)");
  }
  std::unique_ptr<LoadedModel> m(new LoadedModel(device));
  m->dir_ = dir;
  m->config_ = model::ModelConfig::load(dir);
  m->checkpoint_ = std::make_unique<model::Checkpoint>(dir);
  m->text_ = std::make_unique<model::TextDecoderWeights>(
      model::loadTextDecoderWeights(device, m->config_, *m->checkpoint_, quantize));
  m->loadMediaEncoders();
  m->generation_ = model::GenerationConfig::loadOrDefault(dir, m->config_);
  m->loadTextAssets(dir);
  return m;
}

std::unique_ptr<LoadedModel> LoadedModel::random(gpu::Device& device, const fs::path& configPath, gpu::DType dtype,
                                                 uint32_t seed, std::optional<model::GgmlType> quantize,
                                                 model::RandomTowerChoice towers) {
  std::unique_ptr<LoadedModel> m(new LoadedModel(device));
  m->dir_ = fs::is_directory(configPath) ? configPath : configPath.parent_path();
  m->config_ = model::ModelConfig::load(configPath);
  m->text_ = std::make_unique<model::TextDecoderWeights>(
      model::randomTextDecoderWeights(device, m->config_, dtype, seed, quantize));
  model::RandomMediaTowers t = model::randomMediaTowers(device, m->config_, towers, seed);
  m->visionWeights_ = std::move(t.visionWeights);
  m->vision_ = std::move(t.vision);
  m->audioWeights_ = std::move(t.audioWeights);
  m->audio_ = std::move(t.audio);
  m->randomTowerSeconds_ = t.seconds;
  m->generation_ = model::GenerationConfig::loadOrDefault(m->dir_, m->config_);
  m->loadTextAssets(m->dir_);
  return m;
}

}  // namespace gwb::runtime
