#include "inference/text/ConversationJson.h"

#include <string>

namespace gwb::text {
namespace {

using nlohmann::json;

const char* roleName(Role r) {
  switch (r) {
    case Role::System: return "system";
    case Role::User: return "user";
    case Role::Assistant: return "assistant";
    case Role::Tool: return "tool";
  }
  return "user";
}

const char* partTypeName(ContentPart::Kind k) {
  switch (k) {
    case ContentPart::Kind::Text: return "text";
    case ContentPart::Kind::Image: return "image";
    case ContentPart::Kind::Audio: return "audio";
    case ContentPart::Kind::Video: return "video";
  }
  return "text";
}

[[noreturn]] void bad(const std::string& where, const std::string& what) { throw std::invalid_argument(where + ": " + what); }

const json& require(const json& object, const char* key, json::value_t type, const char* typeName, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) bad(where, std::string("missing \"") + key + "\"");
  if (it->type() != type) bad(where + "." + key, std::string("expected ") + typeName + ", got " + it->type_name());
  return *it;
}

std::string optionalString(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) bad(where + "." + key, std::string("expected a string, got ") + it->type_name());
  return it->get<std::string>();
}

const json* optionalArray(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!it->is_array()) bad(where + "." + key, std::string("expected an array, got ") + it->type_name());
  return &*it;
}

Role parseRole(const json& m, const std::string& where) {
  const std::string role = require(m, "role", json::value_t::string, "a string", where).get<std::string>();
  if (role == "system") return Role::System;
  if (role == "user") return Role::User;
  if (role == "assistant") return Role::Assistant;
  if (role == "tool") return Role::Tool;
  bad(where + ".role", "unknown role '" + role + "' (expected system, user, assistant or tool)");
}

std::vector<ContentPart> parseContent(const json& m, const std::string& where) {
  auto it = m.find("content");
  if (it == m.end() || it->is_null()) return {};
  if (it->is_string()) return {ContentPart::makeText(it->get<std::string>())};
  if (!it->is_array()) bad(where + ".content", std::string("expected a string or an array, got ") + it->type_name());
  std::vector<ContentPart> parts;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string at = where + ".content[" + std::to_string(i) + "]";
    const json& p = (*it)[i];
    if (!p.is_object()) bad(at, std::string("expected an object, got ") + p.type_name());
    const std::string type = require(p, "type", json::value_t::string, "a string", at).get<std::string>();
    if (type == "text") parts.push_back(ContentPart::makeText(require(p, "text", json::value_t::string, "a string", at).get<std::string>()));
    else if (type == "image") parts.push_back(ContentPart::image());
    else if (type == "audio") parts.push_back(ContentPart::audio());
    else if (type == "video") parts.push_back(ContentPart::video());
    else bad(at, "unknown content type '" + type + "' (expected text, image, audio or video)");
  }
  return parts;
}

std::vector<ToolCall> parseToolCalls(const json& m, const std::string& where) {
  std::vector<ToolCall> calls;
  const json* list = optionalArray(m, "tool_calls", where);
  if (!list) return calls;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = where + ".tool_calls[" + std::to_string(i) + "]";
    const json& c = (*list)[i];
    if (!c.is_object()) bad(at, std::string("expected an object, got ") + c.type_name());
    // OpenAI nests the call in "function"; a flat {"name", "arguments"} is accepted too.
    const bool nested = c.contains("function");
    const json& f = nested ? require(c, "function", json::value_t::object, "an object", at) : c;
    const std::string fAt = nested ? at + ".function" : at;
    ToolCall call;
    call.name = require(f, "name", json::value_t::string, "a string", fAt).get<std::string>();
    call.arguments = f.contains("arguments") ? f["arguments"] : json::object();
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<ToolResponse> parseToolResponses(const json& m, const std::string& where) {
  std::vector<ToolResponse> responses;
  const json* list = optionalArray(m, "tool_responses", where);
  if (!list) return responses;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = where + ".tool_responses[" + std::to_string(i) + "]";
    const json& r = (*list)[i];
    if (!r.is_object()) bad(at, std::string("expected an object, got ") + r.type_name());
    ToolResponse response;
    response.name = optionalString(r, "name", at);
    if (!r.contains("response")) bad(at, "missing \"response\"");
    response.response = r["response"];
    responses.push_back(std::move(response));
  }
  return responses;
}

ToolDeclaration parseTool(const json& t, const std::string& at) {
  if (!t.is_object()) bad(at, std::string("expected an object, got ") + t.type_name());
  const bool nested = t.contains("function");
  const json& f = nested ? require(t, "function", json::value_t::object, "an object", at) : t;
  const std::string fAt = nested ? at + ".function" : at;
  ToolDeclaration tool;
  tool.name = require(f, "name", json::value_t::string, "a string", fAt).get<std::string>();
  tool.description = optionalString(f, "description", fAt);
  if (f.contains("parameters") && !f["parameters"].is_null()) {
    if (!f["parameters"].is_object()) bad(fAt + ".parameters", std::string("expected an object, got ") + f["parameters"].type_name());
    tool.parameters = f["parameters"];
  }
  if (f.contains("response")) tool.response = f["response"];
  return tool;
}

}  // namespace

json messagesToJson(const Conversation& conversation) {
  json messages = json::array();
  for (const Message& m : conversation.messages) {
    json j = json::object();
    j["role"] = roleName(m.role);
    if (m.content.size() == 1 && m.content[0].kind == ContentPart::Kind::Text) {
      j["content"] = m.content[0].text;
    } else if (!m.content.empty()) {
      json parts = json::array();
      for (const ContentPart& p : m.content) {
        json part = {{"type", partTypeName(p.kind)}};
        if (p.kind == ContentPart::Kind::Text) part["text"] = p.text;
        parts.push_back(std::move(part));
      }
      j["content"] = std::move(parts);
    }
    if (!m.thinking.empty()) j["reasoning_content"] = m.thinking;
    if (!m.toolCalls.empty()) {
      json calls = json::array();
      for (const ToolCall& c : m.toolCalls)
        calls.push_back({{"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
      j["tool_calls"] = std::move(calls);
    }
    if (!m.toolResponses.empty()) {
      json responses = json::array();
      for (const ToolResponse& r : m.toolResponses) responses.push_back({{"name", r.name}, {"response", r.response}});
      j["tool_responses"] = std::move(responses);
    }
    messages.push_back(std::move(j));
  }
  return messages;
}

json toolsToJson(const Conversation& conversation) {
  if (conversation.tools.empty()) return nullptr;
  json tools = json::array();
  for (const ToolDeclaration& t : conversation.tools) {
    json f = {{"name", t.name}, {"description", t.description}};
    if (!t.parameters.is_null()) f["parameters"] = t.parameters;
    if (!t.response.is_null()) f["response"] = t.response;
    tools.push_back({{"type", "function"}, {"function", std::move(f)}});
  }
  return tools;
}

Conversation conversationFromJson(const json& messages, const json& tools) {
  if (!messages.is_array()) bad("messages", std::string("expected an array, got ") + messages.type_name());
  Conversation c;
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string at = "messages[" + std::to_string(i) + "]";
    const json& m = messages[i];
    if (!m.is_object()) bad(at, std::string("expected an object, got ") + m.type_name());
    Message msg;
    msg.role = parseRole(m, at);
    msg.content = parseContent(m, at);
    msg.thinking = optionalString(m, "reasoning_content", at);
    if (msg.thinking.empty()) msg.thinking = optionalString(m, "thinking", at);
    msg.toolCalls = parseToolCalls(m, at);
    msg.toolResponses = parseToolResponses(m, at);
    c.messages.push_back(std::move(msg));
  }
  if (!tools.is_null()) {
    if (!tools.is_array()) bad("tools", std::string("expected an array or null, got ") + tools.type_name());
    for (size_t i = 0; i < tools.size(); ++i) c.tools.push_back(parseTool(tools[i], "tools[" + std::to_string(i) + "]"));
  }
  return c;
}

}  // namespace gwb::text
