#pragma once
// One .gguf file, mapped read-only, with its header validated (GgufHeader.h): metadata by key and
// every tensor as its ggml type + raw bytes inside the mapping. Nothing is copied.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/GgufHeader.h"
#include "inference/model/MappedFile.h"

namespace gwb::model {

struct GgufTensor {
  const GgufTensorInfo* info = nullptr;
  const std::byte* data = nullptr;  // info->bytes bytes inside the mapping

  const std::string& name() const { return info->name; }
  GgmlType type() const { return info->type; }
};

class GgufFile {
 public:
  // Maps and validates `path`; throws CheckpointError naming the file on any problem.
  explicit GgufFile(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return file_.path(); }
  size_t fileSize() const { return file_.size(); }
  const GgufHeader& header() const { return header_; }

  // Metadata. find: nullptr when absent. The typed getters throw CheckpointError naming the file
  // and key when the key is missing (get*) or has the wrong type (get* and opt*).
  const GgufValue* find(std::string_view key) const;
  std::optional<int64_t> optInt(std::string_view key) const;
  std::optional<double> optFloat(std::string_view key) const;
  std::optional<bool> optBool(std::string_view key) const;
  std::optional<std::string> optString(std::string_view key) const;
  int64_t getInt(std::string_view key) const;
  double getFloat(std::string_view key) const;
  std::string getString(std::string_view key) const;
  // An array of the given kind; nullptr when absent; throws when present with another kind.
  const std::vector<int64_t>* optIntArray(std::string_view key) const;  // integer or bool elements
  const std::vector<double>* optFloatArray(std::string_view key) const;
  const std::vector<std::string>* optStringArray(std::string_view key) const;

  const std::vector<GgufTensor>& tensors() const { return tensors_; }
  const GgufTensor* findTensor(std::string_view name) const;

  // "GGUF file X: " prefix for messages about this file.
  std::string label() const;

 private:
  [[noreturn]] void wrongType(std::string_view key, const GgufValue& v, const char* wanted) const;

  MappedFile file_;
  GgufHeader header_;
  std::map<std::string, size_t, std::less<>> kvIndex_;
  std::vector<GgufTensor> tensors_;
  std::map<std::string, size_t, std::less<>> tensorIndex_;
};

}  // namespace gwb::model
