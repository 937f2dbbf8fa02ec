#pragma once
// A chat conversation as plain data: what the runtime builds from a task or the user's input,
// and what ChatTemplate renders into a prompt. It mirrors the message format Hugging Face chat
// templates take (ConversationJson.h converts both ways), so a checkpoint's own template sees
// the fields it expects.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gwb::text {

enum class Role { System, User, Assistant, Tool };

// One piece of a message. Media parts are placeholders only: the template emits one marker per
// item (e.g. <|image|>), which is later expanded to the item's soft-token count.
struct ContentPart {
  enum class Kind { Text, Image, Audio, Video };
  Kind kind = Kind::Text;
  std::string text;  // Text parts only

  static ContentPart makeText(std::string t) { return {Kind::Text, std::move(t)}; }
  static ContentPart image() { return {Kind::Image, {}}; }
  static ContentPart audio() { return {Kind::Audio, {}}; }
  static ContentPart video() { return {Kind::Video, {}}; }
};

// A function the model may call, as in the OpenAI / HF "tools" list.
struct ToolDeclaration {
  std::string name;
  std::string description;
  nlohmann::json parameters;  // JSON schema of the arguments (an object schema), or null
  nlohmann::json response;    // optional JSON schema of the result, or null
};

// A call the assistant made. arguments is usually an object; a string is passed through as is.
struct ToolCall {
  std::string name;
  nlohmann::json arguments;
};

// The result of a tool call, given back to the model in a message with Role::Tool.
struct ToolResponse {
  std::string name;
  nlohmann::json response;
};

struct Message {
  Role role = Role::User;
  std::vector<ContentPart> content;
  // The assistant's reasoning for this turn, kept apart from the answer (HF "reasoning_content").
  // Gemma 4's template drops earlier turns' reasoning; other templates may render it.
  std::string thinking;
  std::vector<ToolCall> toolCalls;          // Assistant messages
  std::vector<ToolResponse> toolResponses;  // Tool messages

  static Message text(Role r, std::string t) {
    Message m;
    m.role = r;
    m.content.push_back(ContentPart::makeText(std::move(t)));
    return m;
  }
};

struct Conversation {
  std::vector<Message> messages;
  std::vector<ToolDeclaration> tools;
};

}  // namespace gwb::text
