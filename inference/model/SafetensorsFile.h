#pragma once
// One .safetensors file, mapped read-only, with its header validated (SafetensorsHeader.h) and a
// TensorView per tensor pointing into the mapping. Nothing is copied.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/MappedFile.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

class SafetensorsFile {
 public:
  // Maps and validates `path`; throws CheckpointError naming the file (and tensor) on any problem.
  explicit SafetensorsFile(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return file_.path(); }
  size_t fileSize() const { return file_.size(); }
  // Every tensor, in file order.
  const std::vector<TensorView>& tensors() const { return tensors_; }
  // nullptr when absent.
  const TensorView* find(std::string_view name) const;
  // Throws CheckpointError "tensor 'X' not found in FILE" when absent.
  const TensorView& tensor(std::string_view name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  MappedFile file_;
  std::vector<TensorView> tensors_;
  std::map<std::string, size_t, std::less<>> byName_;  // name -> index into tensors_
  std::map<std::string, std::string> metadata_;
};

}  // namespace gwb::model
