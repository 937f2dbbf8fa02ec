#include "inference/model/GgufFile.h"

#include "inference/model/ModelErrors.h"

namespace gwb::model {

GgufFile::GgufFile(const std::filesystem::path& path) : file_(path) {
  header_ = parseGgufHeader(file_.data(), file_.size(), path.string());
  for (size_t i = 0; i < header_.kvs.size(); ++i) kvIndex_.emplace(header_.kvs[i].key, i);
  tensors_.reserve(header_.tensors.size());
  for (size_t i = 0; i < header_.tensors.size(); ++i) {
    const GgufTensorInfo& ti = header_.tensors[i];
    tensors_.push_back({&ti, file_.data() + header_.dataOffset + ti.offset});
    tensorIndex_.emplace(ti.name, i);
  }
}

std::string GgufFile::label() const { return path().string(); }

const GgufValue* GgufFile::find(std::string_view key) const {
  auto it = kvIndex_.find(key);
  return it == kvIndex_.end() ? nullptr : &header_.kvs[it->second].value;
}

void GgufFile::wrongType(std::string_view key, const GgufValue& v, const char* wanted) const {
  std::string got = ggufTypeName(v.type);
  if (v.isArray()) got += " of " + ggufTypeName(v.elemType);
  throw CheckpointError(label() + ": metadata '" + std::string(key) + "' is a " + got + ", expected " + wanted);
}

std::optional<int64_t> GgufFile::optInt(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto i = v->asInt();
  if (!i) wrongType(key, *v, "an integer");
  return i;
}

std::optional<double> GgufFile::optFloat(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto f = v->asDouble();
  if (!f) wrongType(key, *v, "a number");
  return f;
}

std::optional<bool> GgufFile::optBool(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto b = v->asBool();
  if (!b) wrongType(key, *v, "a bool");
  return b;
}

std::optional<std::string> GgufFile::optString(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto s = v->asString();
  if (!s) wrongType(key, *v, "a string");
  return std::string(*s);
}

namespace {
template <typename T>
T required(const std::optional<T>& v, const std::string& label, std::string_view key) {
  if (!v) throw CheckpointError(label + ": metadata '" + std::string(key) + "' is missing");
  return *v;
}
}  // namespace

int64_t GgufFile::getInt(std::string_view key) const { return required(optInt(key), label(), key); }
double GgufFile::getFloat(std::string_view key) const { return required(optFloat(key), label(), key); }
std::string GgufFile::getString(std::string_view key) const { return required(optString(key), label(), key); }

const std::vector<int64_t>* GgufFile::optIntArray(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return nullptr;
  if (!v->isArray() || !(isGgufIntegerType(v->elemType) || v->elemType == GgufType::Bool)) {
    wrongType(key, *v, "an array of integers");
  }
  return &v->ints;
}

const std::vector<double>* GgufFile::optFloatArray(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return nullptr;
  if (!v->isArray() || !isGgufFloatType(v->elemType)) wrongType(key, *v, "an array of floats");
  return &v->floats;
}

const std::vector<std::string>* GgufFile::optStringArray(std::string_view key) const {
  const GgufValue* v = find(key);
  if (v == nullptr) return nullptr;
  if (!v->isArray() || v->elemType != GgufType::String) wrongType(key, *v, "an array of strings");
  return &v->strings;
}

const GgufTensor* GgufFile::findTensor(std::string_view name) const {
  auto it = tensorIndex_.find(name);
  return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace gwb::model
