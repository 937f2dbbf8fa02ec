#pragma once
// Renders a Conversation into the prompt text a model expects, by running the checkpoint's own
// Jinja chat template (chat_template.jinja, or tokenizer_config.json's "chat_template") through
// a Jinja-subset interpreter (Jinja*.h). See docs/chat-template.md for why and what is covered.
//
//   auto tmpl = gwb::text::ChatTemplate::fromModelDir(dir);
//   std::string prompt = tmpl.render(conversation, {.addGenerationPrompt = true, .enableThinking = false});
//
// The rendered text holds one placeholder per media item (Gemma 4: <|image|>, <|audio|>,
// <|video|>); expanding them to soft-token runs happens later, outside this class.
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "inference/text/Conversation.h"
#include "inference/text/JinjaError.h"

namespace gwb::text {

namespace jinja {
struct Program;
}

struct RenderOptions {
  bool addGenerationPrompt = true;  // end with the opening of the model's turn
  bool enableThinking = false;      // Gemma 4: <|think|> in the system turn
  std::string bosToken = "<bos>";   // the template prints it; the tokenizer must not add another
};

class ChatTemplate {
 public:
  // Loads <dir>/chat_template.jinja, else the "chat_template" of <dir>/tokenizer_config.json
  // (a string, or HF's list of {"name", "template"} from which "default" is taken).
  // Throws std::runtime_error if neither exists or a file cannot be read or parsed, and
  // jinja::TemplateError (with file, line and column) if the template has a syntax error.
  static ChatTemplate fromModelDir(const std::filesystem::path& dir);
  // origin names the template in error messages.
  static ChatTemplate fromString(const std::string& source, const std::string& origin = "chat template");

  // Throws jinja::TemplateError if the template fails while rendering (e.g. raise_exception),
  // and std::invalid_argument for message/tool JSON nested deeper than jinja::kMaxJsonDepth.
  std::string render(const Conversation& conversation, const RenderOptions& options) const;
  // The same from HF-style message and tool JSON (ConversationJson.h), passed to the template as is.
  std::string renderJson(const nlohmann::json& messages, const nlohmann::json& tools, const RenderOptions& options) const;

  const std::string& source() const { return source_; }

 private:
  ChatTemplate(std::string source, std::shared_ptr<const jinja::Program> program);

  std::string source_;
  std::shared_ptr<const jinja::Program> program_;
};

}  // namespace gwb::text
