#pragma once
// Writes named f32 / i64 / u8 tensors to a .safetensors file (the `dump` CLI writes logits and
// hidden states with it; tests write deliberately broken checkpoints next to good ones).
// Tensors are laid out in the order they were added, the JSON header is padded with spaces to a
// multiple of 8 bytes (as the reference writer does), data is little-endian.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "inference/model/DType.h"

namespace gwb::model {

class SafetensorsWriter {
 public:
  // Each add* copies the data. Throws CheckpointError if numel(shape) != data.size() or the name
  // is empty, "__metadata__" or already added.
  void addF32(const std::string& name, const std::vector<int64_t>& shape, std::span<const float> data);
  void addI64(const std::string& name, const std::vector<int64_t>& shape, std::span<const int64_t> data);
  void addU8(const std::string& name, const std::vector<int64_t>& shape, std::span<const uint8_t> data);
  // Any dtype, given as raw little-endian bytes (copying a tensor from another checkpoint);
  // bytes.size() must equal numel(shape) * dtypeSize(dtype).
  void addRaw(const std::string& name, DType dtype, const std::vector<int64_t>& shape, std::span<const std::byte> bytes);
  void setMetadata(const std::string& key, const std::string& value) { metadata_[key] = value; }

  // The complete file contents.
  std::vector<std::byte> serialize() const;
  // Writes serialize() to `path` (via a temporary file renamed into place); throws CheckpointError.
  void write(const std::filesystem::path& path) const;

 private:
  struct Pending {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    std::vector<std::byte> bytes;
  };
  void add(const std::string& name, DType dtype, const std::vector<int64_t>& shape, const void* data,
           size_t count);
  std::vector<Pending> tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace gwb::model
