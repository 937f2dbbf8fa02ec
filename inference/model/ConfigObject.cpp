#include "inference/model/ConfigObject.h"

#include <cstdio>

#include "inference/model/ModelErrors.h"

namespace gwb::model {

nlohmann::json parseConfigJson(std::string_view text, const std::string& source) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(source + ": not valid JSON: " + e.what());
  }
}

namespace {

std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

ConfigObject::ConfigObject(const nlohmann::json& obj, std::string path, std::string source)
    : obj_(&obj), path_(std::move(path)), source_(std::move(source)) {
  if (!obj.is_object()) {
    throw ConfigError(source_ + ": " + (path_.empty() ? std::string("the file") : path_) +
                      " must be a JSON object, got " + obj.type_name());
  }
}

std::string ConfigObject::keyPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void ConfigObject::fail(const std::string& key, const std::string& what) const {
  throw ConfigError(source_ + ": " + keyPath(key) + ": " + what);
}

void ConfigObject::wrongType(const std::string& key, const char* expected, const nlohmann::json& got) const {
  fail(key, std::string("expected ") + expected + ", got " + got.type_name());
}

const nlohmann::json* ConfigObject::get(const std::string& key) const {
  auto it = obj_->find(key);
  if (it == obj_->end() || it->is_null()) return nullptr;
  return &*it;
}

bool ConfigObject::has(const std::string& key) const { return get(key) != nullptr; }

std::optional<int64_t> ConfigObject::optionalInteger(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_unsigned()) {
    const uint64_t u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) fail(key, "integer " + std::to_string(u) + " is too large");
    return static_cast<int64_t>(u);
  }
  if (!v->is_number_integer()) wrongType(key, "an integer", *v);
  return v->get<int64_t>();
}

int64_t ConfigObject::integer(const std::string& key, int64_t fallback) const {
  return optionalInteger(key).value_or(fallback);
}

int64_t ConfigObject::requiredInteger(const std::string& key) const {
  auto v = optionalInteger(key);
  if (!v) fail(key, "required integer is missing");
  return *v;
}

int64_t ConfigObject::integerIn(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const {
  const int64_t v = integer(key, fallback);
  if (v < lo || v > hi) {
    fail(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + std::to_string(v));
  }
  return v;
}

double ConfigObject::numberIn(const std::string& key, double fallback, double lo, double hi) const {
  const double v = number(key, fallback);
  if (!(v >= lo && v <= hi)) {  // also rejects NaN
    fail(key, "must be between " + formatNumber(lo) + " and " + formatNumber(hi) + ", got " + formatNumber(v));
  }
  return v;
}

std::optional<double> ConfigObject::optionalNumber(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) wrongType(key, "a number", *v);
  return v->get<double>();
}

double ConfigObject::number(const std::string& key, double fallback) const {
  return optionalNumber(key).value_or(fallback);
}

bool ConfigObject::boolean(const std::string& key, bool fallback) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) wrongType(key, "true or false", *v);
  return v->get<bool>();
}

std::optional<std::string> ConfigObject::optionalString(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) wrongType(key, "a string", *v);
  return v->get<std::string>();
}

std::string ConfigObject::string(const std::string& key, const std::string& fallback) const {
  return optionalString(key).value_or(fallback);
}

std::vector<int64_t> ConfigObject::integerOrList(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return {};
  if (v->is_array()) return integerList(key);
  return {requiredInteger(key)};
}

std::vector<int64_t> ConfigObject::integerList(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return {};
  if (!v->is_array()) wrongType(key, "a list of integers", *v);
  std::vector<int64_t> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_number_integer()) {
      fail(key, "element " + std::to_string(i) + ": expected an integer, got " + e.type_name());
    }
    if (e.is_number_unsigned() && e.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      fail(key, "element " + std::to_string(i) + " is too large");
    }
    out.push_back(e.get<int64_t>());
  }
  return out;
}

std::vector<std::string> ConfigObject::stringList(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return {};
  if (!v->is_array()) wrongType(key, "a list of strings", *v);
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_string()) fail(key, "element " + std::to_string(i) + ": expected a string, got " + e.type_name());
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<ConfigObject> ConfigObject::object(const std::string& key) const {
  const nlohmann::json* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) wrongType(key, "an object", *v);
  return ConfigObject(*v, keyPath(key), source_);
}

}  // namespace gwb::model
