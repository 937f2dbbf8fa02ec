#include "inference/model/GenerationConfig.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "inference/model/ConfigObject.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

GenerationConfig GenerationConfig::parse(std::string_view jsonText, const std::string& source) {
  const nlohmann::json j = parseConfigJson(jsonText, source);
  const ConfigObject root(j, "", source);
  GenerationConfig g;
  g.eosTokenIds = root.integerOrList("eos_token_id");
  g.bosTokenId = root.optionalInteger("bos_token_id");
  g.padTokenId = root.optionalInteger("pad_token_id");
  g.doSample = root.boolean("do_sample", g.doSample);
  g.temperature = root.numberIn("temperature", g.temperature, 0.0, 1e6);
  g.topK = root.integerIn("top_k", g.topK, 0, 1ll << 31);
  g.topP = root.numberIn("top_p", g.topP, 0.0, 1.0);
  return g;
}

GenerationConfig GenerationConfig::loadOrDefault(const std::filesystem::path& dir, const ModelConfig& model) {
  const std::filesystem::path file = dir / "generation_config.json";
  std::ifstream f(file, std::ios::binary);
  if (!f) {
    GenerationConfig g;
    g.eosTokenIds = model.eosTokenIds;
    g.bosTokenId = model.text.bosTokenId;
    g.padTokenId = model.text.padTokenId;
    return g;
  }
  std::ostringstream s;
  s << f.rdbuf();
  GenerationConfig g = parse(s.str(), file.string());
  if (g.eosTokenIds.empty()) g.eosTokenIds = model.eosTokenIds;
  return g;
}

}  // namespace gwb::model
