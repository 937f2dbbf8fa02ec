#include "inference/model/ModelConfig.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "inference/model/ConfigParsers.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

constexpr std::array<std::string_view, 4> kGemma4Architectures = {
    "Gemma4ForConditionalGeneration", "Gemma4Model", "Gemma4ForCausalLM", "Gemma4TextModel"};

bool isMultimodalName(std::string_view arch) {
  return arch == "Gemma4ForConditionalGeneration" || arch == "Gemma4Model";
}

[[noreturn]] void notGemma4(const std::string& source, const std::string& what) {
  throw ConfigError(source + ": this is a " + what +
                    " checkpoint; Gemma Workbench runs Gemma 4 (Gemma4ForConditionalGeneration)");
}

// Decides from `architectures` / `model_type` whether this is Gemma 4 at all, and which layout.
void identify(const ConfigObject& root, ModelConfig& cfg) {
  const auto archs = root.stringList("architectures");
  const std::string modelType = root.string("model_type", "");
  for (const auto& a : archs) {
    if (std::find(kGemma4Architectures.begin(), kGemma4Architectures.end(), a) ==
        kGemma4Architectures.end()) {
      notGemma4(root.source(), a);
    }
  }
  if (!modelType.empty() && modelType != "gemma4" && modelType != "gemma4_text") {
    notGemma4(root.source(), "\"" + modelType + "\" (model_type)");
  }
  if (archs.empty() && modelType.empty()) {
    throw ConfigError(root.source() +
                      ": neither \"architectures\" nor \"model_type\" is set, so this is not a recognisable "
                      "Hugging Face config; Gemma Workbench runs Gemma 4 (Gemma4ForConditionalGeneration)");
  }
  cfg.architecture = !archs.empty() ? archs.front()
                                    : (modelType == "gemma4" ? "Gemma4ForConditionalGeneration" : "Gemma4ForCausalLM");
  const bool multimodal = root.has("text_config") || modelType == "gemma4" || isMultimodalName(cfg.architecture);
  cfg.layout = multimodal ? ConfigLayout::ConditionalGeneration : ConfigLayout::TextOnly;
}

MediaTokenIds parseTokenIds(const ConfigObject& root) {
  MediaTokenIds t;
  t.boi = root.integer("boi_token_id", t.boi);
  t.eoi = root.integer("eoi_token_id", t.eoi);
  t.image = root.integer("image_token_id", t.image);
  t.video = root.integer("video_token_id", t.video);
  t.boa = root.integer("boa_token_id", t.boa);
  // HF's Gemma4Config calls it eoa_token_index; some exports write eoa_token_id.
  t.eoa = root.integer("eoa_token_index", root.integer("eoa_token_id", t.eoa));
  t.audio = root.integer("audio_token_id", t.audio);
  return t;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ConfigError("cannot read " + path.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

ModelConfig ModelConfig::parse(std::string_view jsonText, const std::string& source) {
  const nlohmann::json j = parseConfigJson(jsonText, source);
  const ConfigObject root(j, "", source);
  ModelConfig cfg;
  identify(root, cfg);
  cfg.dtype = root.string("dtype", root.string("torch_dtype", ""));

  if (cfg.layout == ConfigLayout::TextOnly) {
    cfg.text = parseTextConfig(root);
  } else {
    // A multimodal config without text_config gets HF's default Gemma4TextConfig.
    static const nlohmann::json kEmpty = nlohmann::json::object();
    auto textObj = root.object("text_config");
    cfg.text = parseTextConfig(textObj ? *textObj : ConfigObject(kEmpty, "text_config", source));
    if (textObj && cfg.text.modelType != "gemma4_text") {
      textObj->fail("model_type", "is \"" + cfg.text.modelType + "\", expected \"gemma4_text\"");
    }
    if (auto v = root.object("vision_config")) cfg.vision = parseVisionConfig(*v);
    if (auto a = root.object("audio_config")) cfg.audio = parseAudioConfig(*a);
    cfg.tokens = parseTokenIds(root);
  }
  cfg.tieWordEmbeddings = root.boolean("tie_word_embeddings", cfg.text.tieWordEmbeddings);
  cfg.eosTokenIds = root.has("eos_token_id") ? root.integerOrList("eos_token_id") : cfg.text.eosTokenIds;
  return cfg;
}

ModelConfig ModelConfig::load(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::is_directory(path, ec) ? path / "config.json" : path;
  if (!std::filesystem::exists(file, ec)) throw ConfigError("no config.json: " + file.string() + " does not exist");
  return parse(readFile(file), file.string());
}

}  // namespace gwb::model
