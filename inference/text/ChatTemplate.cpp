#include "inference/text/ChatTemplate.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "inference/text/ConversationJson.h"
#include "inference/text/JinjaEvaluator.h"
#include "inference/text/JinjaParser.h"

namespace gwb::text {
namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return s.str();
}

// tokenizer_config.json's "chat_template": a string, or a list of named templates.
std::string templateFromTokenizerConfig(const std::filesystem::path& path) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(readFile(path));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path.string() + ": not valid JSON: " + e.what());
  }
  if (!config.is_object() || !config.contains("chat_template"))
    throw std::runtime_error(path.string() + ": no \"chat_template\" (and no chat_template.jinja next to it)");
  const nlohmann::json& t = config["chat_template"];
  if (t.is_string()) return t.get<std::string>();
  if (t.is_array()) {
    for (const auto& entry : t)
      if (entry.is_object() && entry.value("name", "") == "default" && entry.contains("template") && entry["template"].is_string())
        return entry["template"].get<std::string>();
    throw std::runtime_error(path.string() + ": \"chat_template\" is a list without a \"default\" entry");
  }
  throw std::runtime_error(path.string() + ": \"chat_template\" must be a string or a list, got " + std::string(t.type_name()));
}

}  // namespace

ChatTemplate::ChatTemplate(std::string source, std::shared_ptr<const jinja::Program> program)
    : source_(std::move(source)), program_(std::move(program)) {}

ChatTemplate ChatTemplate::fromModelDir(const std::filesystem::path& dir) {
  const std::filesystem::path jinjaFile = dir / "chat_template.jinja";
  if (std::filesystem::exists(jinjaFile)) return fromString(readFile(jinjaFile), jinjaFile.string());
  const std::filesystem::path configFile = dir / "tokenizer_config.json";
  if (std::filesystem::exists(configFile))
    return fromString(templateFromTokenizerConfig(configFile), configFile.string() + " chat_template");
  throw std::runtime_error("no chat template in " + dir.string() + " (looked for chat_template.jinja and tokenizer_config.json)");
}

ChatTemplate ChatTemplate::fromString(const std::string& source, const std::string& origin) {
  return ChatTemplate(source, std::make_shared<const jinja::Program>(jinja::parseTemplate(source, origin)));
}

std::string ChatTemplate::render(const Conversation& conversation, const RenderOptions& options) const {
  return renderJson(messagesToJson(conversation), toolsToJson(conversation), options);
}

std::string ChatTemplate::renderJson(const nlohmann::json& messages, const nlohmann::json& tools,
                                     const RenderOptions& options) const {
  // The variables transformers' apply_chat_template passes to every template.
  jinja::Dict globals;
  globals.set("messages", jinja::Value::fromJson(messages));
  globals.set("tools", jinja::Value::fromJson(tools));
  globals.set("add_generation_prompt", jinja::Value::boolean(options.addGenerationPrompt));
  globals.set("enable_thinking", jinja::Value::boolean(options.enableThinking));
  globals.set("bos_token", jinja::Value::string(options.bosToken));
  return jinja::renderProgram(*program_, globals);
}

}  // namespace gwb::text
