#include "inference/model/SafetensorsFile.h"

#include "inference/model/ModelErrors.h"
#include "inference/model/SafetensorsHeader.h"

namespace gwb::model {

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : file_(path) {
  SafetensorsHeader header = parseSafetensorsHeader(file_.data(), file_.size(), path.string());
  metadata_ = std::move(header.metadata);
  tensors_.reserve(header.entries.size());
  const std::byte* dataSection = file_.data() + header.dataOffset;
  for (auto& e : header.entries) {
    TensorView v;
    v.name = std::move(e.name);
    v.dtype = e.dtype;
    v.shape = std::move(e.shape);
    v.data = dataSection + e.begin;
    v.bytes = static_cast<size_t>(e.end - e.begin);
    byName_.emplace(v.name, tensors_.size());
    tensors_.push_back(std::move(v));
  }
}

const TensorView* SafetensorsFile::find(std::string_view name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? nullptr : &tensors_[it->second];
}

const TensorView& SafetensorsFile::tensor(std::string_view name) const {
  const TensorView* t = find(name);
  if (t == nullptr) {
    throw CheckpointError("tensor '" + std::string(name) + "' not found in " + path().string());
  }
  return *t;
}

}  // namespace gwb::model
