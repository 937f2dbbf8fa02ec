// libFuzzer target: arbitrary bytes as a chat template. Loading and rendering must either succeed
// or throw jinja::TemplateError; any other exception, a crash, a sanitizer report, a hang or
// runaway memory is a bug (the interpreter caps nesting, recursion, string sizes and loop work).
// The template renders a conversation that exercises every field: system prompt, media parts,
// thinking, tool declarations, tool calls and tool responses.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "inference/text/ChatTemplate.h"

namespace {

const nlohmann::json& messages() {
  static const nlohmann::json m = nlohmann::json::parse(R"([
    {"role": "system", "content": "  Be brief.  "},
    {"role": "user", "content": [{"type": "image"}, {"type": "audio"}, {"type": "video"}, {"type": "text", "text": "What is this?"}]},
    {"role": "assistant", "content": "<|channel>thought\nhm<channel|>A cat.", "reasoning_content": "hm"},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": [1, 2.5, true, null]}}}]},
    {"role": "tool", "tool_responses": [{"name": "get_weather", "response": {"temp": 21, "sky": "clear"}}]}
  ])");
  return m;
}

const nlohmann::json& tools() {
  static const nlohmann::json t = nlohmann::json::parse(R"([{"type": "function", "function": {
    "name": "get_weather", "description": "Gets the weather.",
    "parameters": {"type": "object", "required": ["city"], "properties": {
      "city": {"type": "string", "description": "The city", "enum": ["Paris", "Rome"]},
      "days": {"type": "array", "items": {"type": "integer"}, "nullable": true},
      "opts": {"type": "object", "properties": {"metric": {"type": "boolean"}}}}},
    "response": {"type": "object", "description": "Forecast"}}}])");
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string source(reinterpret_cast<const char*>(data), size);
  try {
    const auto tmpl = gwb::text::ChatTemplate::fromString(source, "fuzz");
    gwb::text::RenderOptions options;
    (void)tmpl.renderJson(messages(), tools(), options);
    options.enableThinking = true;
    options.addGenerationPrompt = false;
    (void)tmpl.renderJson(messages(), nullptr, options);
  } catch (const gwb::text::jinja::TemplateError&) {
    // Expected for most inputs: the template is rejected with a message.
  }
  return 0;
}
