#pragma once
// Typed, path-aware access to one JSON object of a config file (config.json, generation_config.json).
// Every accessor checks the type, so a wrong or missing value becomes a ConfigError like
//   "/m/config.json: text_config.num_hidden_layers: expected an integer, got string"
// instead of an nlohmann exception or a silent default. JSON null counts as absent (HF writes
// null for unset optional fields).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gwb::model {

// Parses a JSON config file's text; malformed JSON throws ConfigError("<source>: not valid JSON: ...").
nlohmann::json parseConfigJson(std::string_view text, const std::string& source);

class ConfigObject {
 public:
  // `obj` must outlive this view. `path` is its key path ("" for the root, "text_config", ...);
  // `source` names the file. Throws ConfigError if obj is not an object.
  ConfigObject(const nlohmann::json& obj, std::string path, std::string source);

  bool has(const std::string& key) const;  // present and not null

  int64_t integer(const std::string& key, int64_t fallback) const;
  int64_t requiredInteger(const std::string& key) const;
  std::optional<int64_t> optionalInteger(const std::string& key) const;
  // An integer with a default that must lie in [lo, hi]: sizes are bounded so every later shape
  // product stays far from int64 overflow. ConfigError names the key path otherwise.
  int64_t integerIn(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const;
  double number(const std::string& key, double fallback) const;
  double numberIn(const std::string& key, double fallback, double lo, double hi) const;
  std::optional<double> optionalNumber(const std::string& key) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  std::optional<std::string> optionalString(const std::string& key) const;
  // An integer or a list of integers (HF's eos_token_id is either); empty when absent.
  std::vector<int64_t> integerOrList(const std::string& key) const;
  std::vector<int64_t> integerList(const std::string& key) const;  // empty when absent
  std::vector<std::string> stringList(const std::string& key) const;  // empty when absent
  // A nested object; nullopt when absent or null.
  std::optional<ConfigObject> object(const std::string& key) const;

  const nlohmann::json& json() const { return *obj_; }
  const std::string& source() const { return source_; }
  // "text_config.hidden_size"
  std::string keyPath(const std::string& key) const;
  // Throws ConfigError "<source>: <path.key>: <what>".
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

 private:
  const nlohmann::json* get(const std::string& key) const;  // nullptr when absent or null
  [[noreturn]] void wrongType(const std::string& key, const char* expected, const nlohmann::json& got) const;

  const nlohmann::json* obj_;
  std::string path_;
  std::string source_;
};

}  // namespace gwb::model
