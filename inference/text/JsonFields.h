#pragma once
// Typed field access on the small nlohmann::json sections of a tokenizer.json (normalizer,
// pre_tokenizer, decoder, post_processor, added_tokens), throwing TokenizerError with the
// section's path and the field name on a missing or mistyped field.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace gwb::text {

const nlohmann::json& requireField(const nlohmann::json& obj, const char* key, const std::string& where);
std::string requireString(const nlohmann::json& obj, const char* key, const std::string& where);
// An optional boolean: absent (or null) gives fallback.
bool optionalBool(const nlohmann::json& obj, const char* key, bool fallback, const std::string& where);
int64_t requireInteger(const nlohmann::json& obj, const char* key, const std::string& where);
// The "type" string of a section object.
std::string typeOf(const nlohmann::json& obj, const std::string& where);
// The literal of a {"String": "..."} pattern; throws for {"Regex": ...} (not supported).
std::string stringPattern(const nlohmann::json& obj, const std::string& where);

}  // namespace gwb::text
