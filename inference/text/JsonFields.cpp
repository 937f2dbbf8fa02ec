#include "inference/text/JsonFields.h"

#include "inference/text/TokenizerError.h"

namespace gwb::text {

const nlohmann::json& requireField(const nlohmann::json& obj, const char* key, const std::string& where) {
  if (!obj.is_object()) throw TokenizerError(where + " must be an object");
  const auto it = obj.find(key);
  if (it == obj.end()) throw TokenizerError(where + " has no \"" + key + "\"");
  return *it;
}

std::string requireString(const nlohmann::json& obj, const char* key, const std::string& where) {
  const nlohmann::json& v = requireField(obj, key, where);
  if (!v.is_string()) throw TokenizerError(where + "." + key + " must be a string");
  return v.get<std::string>();
}

bool optionalBool(const nlohmann::json& obj, const char* key, bool fallback, const std::string& where) {
  if (!obj.is_object()) throw TokenizerError(where + " must be an object");
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) throw TokenizerError(where + "." + key + " must be true or false");
  return it->get<bool>();
}

int64_t requireInteger(const nlohmann::json& obj, const char* key, const std::string& where) {
  const nlohmann::json& v = requireField(obj, key, where);
  if (!v.is_number_integer()) throw TokenizerError(where + "." + key + " must be an integer");
  return v.get<int64_t>();
}

std::string typeOf(const nlohmann::json& obj, const std::string& where) {
  return requireString(obj, "type", where);
}

std::string stringPattern(const nlohmann::json& obj, const std::string& where) {
  const nlohmann::json& p = requireField(obj, "pattern", where);
  if (p.is_object() && p.contains("Regex")) {
    throw TokenizerError(where + ": Regex patterns are not supported (only {\"String\": ...})");
  }
  return requireString(p, "String", where + ".pattern");
}

}  // namespace gwb::text
