#include "inference/model/GgufTokenizerMetadata.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "inference/model/ModelErrors.h"
#include "inference/text/BpeModel.h"

namespace gwb::model {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

nlohmann::json parseJson(const fs::path& p) {
  const auto text = readFile(p);
  if (!text) throw CheckpointError("cannot read " + p.string());
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw CheckpointError(p.string() + ": not valid JSON: " + e.what());
  }
}

}  // namespace

void writeGemma4TokenizerMetadata(GgufWriter& w, const fs::path& modelDir) {
  const fs::path file = modelDir / "tokenizer.json";
  const nlohmann::json j = parseJson(file);
  const std::string label = file.string() + ": ";
  try {
    const nlohmann::json& model = j.at("model");
    if (model.value("type", "") != "BPE") throw CheckpointError(label + "model.type must be BPE (a Gemma 4 tokenizer)");
    std::vector<std::string> tokens;
    std::vector<bool> have;
    const auto put = [&](int64_t id, const std::string& text) {
      if (id < 0 || id > text::Vocab::kMaxId) throw CheckpointError(label + "token id " + std::to_string(id) + " out of range");
      if (static_cast<size_t>(id) >= tokens.size()) {
        tokens.resize(static_cast<size_t>(id) + 1);
        have.resize(static_cast<size_t>(id) + 1, false);
      }
      tokens[static_cast<size_t>(id)] = text;
      have[static_cast<size_t>(id)] = true;
    };
    for (const auto& [text, id] : model.at("vocab").items()) put(id.get<int64_t>(), text);
    std::vector<int64_t> types(tokens.size(), static_cast<int64_t>(text::GgufTokenType::Normal));
    for (size_t id = 0; id < tokens.size(); ++id) {
      if (text::byteOfToken(tokens[id])) types[id] = static_cast<int64_t>(text::GgufTokenType::Byte);
    }
    for (const nlohmann::json& a : j.at("added_tokens")) {
      const int64_t id = a.at("id").get<int64_t>();
      const std::string content = a.at("content").get<std::string>();
      put(id, content);
      types.resize(tokens.size(), static_cast<int64_t>(text::GgufTokenType::Normal));
      const bool special = a.value("special", false);
      types[static_cast<size_t>(id)] = static_cast<int64_t>(special && !text::isGemma4VisibleSpecial(content)
                                                                ? text::GgufTokenType::Control
                                                                : text::GgufTokenType::UserDefined);
    }
    for (size_t id = 0; id < have.size(); ++id) {
      if (!have[id]) throw CheckpointError(label + "no token has id " + std::to_string(id) + " (GGUF needs ids 0..n-1)");
    }
    std::vector<std::string> merges;
    for (const nlohmann::json& m : model.at("merges")) {
      if (m.is_string()) {
        merges.push_back(m.get<std::string>());
      } else {
        merges.push_back(m.at(0).get<std::string>() + " " + m.at(1).get<std::string>());
      }
    }
    const auto idOf = [&](const std::string& t) -> std::optional<int64_t> {
      for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i] == t) return static_cast<int64_t>(i);
      }
      return std::nullopt;
    };
    w.set("tokenizer.ggml.model", GgufValue::string("gemma4"));
    w.set("tokenizer.ggml.tokens", GgufValue::stringArray(tokens));
    w.set("tokenizer.ggml.scores", GgufValue::floatArray(GgufType::F32, std::vector<double>(tokens.size(), -1000.0)));
    w.set("tokenizer.ggml.token_type", GgufValue::intArray(GgufType::I32, types));
    w.set("tokenizer.ggml.merges", GgufValue::stringArray(std::move(merges)));
    const std::pair<const char*, const char*> ids[] = {{"tokenizer.ggml.bos_token_id", "<bos>"},
                                                       {"tokenizer.ggml.eos_token_id", "<eos>"},
                                                       {"tokenizer.ggml.unknown_token_id", "<unk>"},
                                                       {"tokenizer.ggml.padding_token_id", "<pad>"}};
    for (const auto& [k, t] : ids) {
      if (auto id = idOf(t)) w.set(k, GgufValue::u32(static_cast<uint32_t>(*id)));
    }
    w.set("tokenizer.ggml.add_bos_token", GgufValue::boolean(true));
    w.set("tokenizer.ggml.add_space_prefix", GgufValue::boolean(false));
  } catch (const nlohmann::json::exception& e) {
    throw CheckpointError(label + "unexpected layout: " + e.what());
  }
  std::optional<std::string> tmpl = readFile(modelDir / "chat_template.jinja");
  if (!tmpl) {
    if (auto cfg = readFile(modelDir / "tokenizer_config.json")) {
      const nlohmann::json tc = nlohmann::json::parse(*cfg, nullptr, false);
      if (tc.is_object() && tc.contains("chat_template") && tc["chat_template"].is_string()) {
        tmpl = tc["chat_template"].get<std::string>();
      }
    }
  }
  if (tmpl) w.set("tokenizer.chat_template", GgufValue::string(*tmpl));
}

text::GgufVocab ggufVocabOf(const GgufFile& f) {
  text::GgufVocab v;
  v.model = f.optString("tokenizer.ggml.model").value_or("");
  const std::vector<std::string>* tokens = f.optStringArray("tokenizer.ggml.tokens");
  if (tokens == nullptr) throw CheckpointError(f.label() + ": has no tokenizer (metadata 'tokenizer.ggml.tokens' is missing)");
  v.tokens = *tokens;
  if (const std::vector<int64_t>* types = f.optIntArray("tokenizer.ggml.token_type")) v.types = *types;
  if (const std::vector<std::string>* merges = f.optStringArray("tokenizer.ggml.merges")) v.merges = *merges;
  v.bosId = f.optInt("tokenizer.ggml.bos_token_id");
  v.eosId = f.optInt("tokenizer.ggml.eos_token_id");
  v.unkId = f.optInt("tokenizer.ggml.unknown_token_id");
  v.padId = f.optInt("tokenizer.ggml.padding_token_id");
  v.addBos = f.optBool("tokenizer.ggml.add_bos_token").value_or(true);
  return v;
}

std::optional<std::string> ggufChatTemplate(const GgufFile& f) { return f.optString("tokenizer.chat_template"); }

}  // namespace gwb::model
