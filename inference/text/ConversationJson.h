#pragma once
// Converts a Conversation to and from the Hugging Face chat message JSON that chat templates
// (and apply_chat_template callers) use:
//   {"role": "user"|"system"|"assistant"|"tool",
//    "content": "text" | [{"type": "text", "text": "..."}, {"type": "image"}, {"type": "audio"}, {"type": "video"}],
//    "reasoning_content": "...",                                   (assistant thinking)
//    "tool_calls": [{"function": {"name": "...", "arguments": {...}}}],
//    "tool_responses": [{"name": "...", "response": ...}]}
// and tools as [{"type": "function", "function": {"name", "description", "parameters", "response"}}].
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "inference/text/Conversation.h"

namespace gwb::text {

// A message whose content is exactly one text part is written as a plain string, as HF users
// write it; messages without content have no "content" key.
nlohmann::json messagesToJson(const Conversation& conversation);
// Null when the conversation declares no tools (HF passes tools=None then).
nlohmann::json toolsToJson(const Conversation& conversation);

// Reads messages (an array) and tools (an array or null). Throws std::invalid_argument naming the
// offending element, e.g. "messages[2].content[0]: unknown content type 'gif'".
Conversation conversationFromJson(const nlohmann::json& messages, const nlohmann::json& tools);

}  // namespace gwb::text
