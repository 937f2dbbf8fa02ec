#pragma once
// Writes a GGUF v3 file (the layout in GgufHeader.h): metadata in the order it was set, tensor
// infos in the order they were added, each tensor's data padded to the alignment. Tensor bytes
// are produced one tensor at a time by a callback while the file is written, so converting a
// multi-GiB model never holds more than one tensor in memory.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "inference/model/GgufHeader.h"

namespace gwb::model {

class GgufWriter {
 public:
  // Fills exactly the tensor's byte count at dst.
  using Fill = std::function<void(std::byte* dst)>;

  // Sets (or replaces) a metadata value; a new key goes last.
  void set(const std::string& key, GgufValue value);
  // ne in ggml order (ne[0] innermost). Throws CheckpointError for a duplicate name, a dimension
  // that is not positive, or rows that are not whole blocks of `type`.
  void addTensor(const std::string& name, GgmlType type, std::vector<int64_t> ne, Fill fill);
  // Convenience: bytes copied from `data` (must be the tensor's exact size).
  void addTensorBytes(const std::string& name, GgmlType type, std::vector<int64_t> ne, std::vector<std::byte> data);

  // Writes the file (general.alignment, when set, gives the alignment; else 32). Throws
  // CheckpointError naming the path when it cannot be written.
  void write(const std::filesystem::path& path) const;

  size_t tensorCount() const { return tensors_.size(); }
  // Bytes the data section will take (tensor bytes + padding).
  uint64_t dataBytes() const;

 private:
  struct Pending {
    GgufTensorInfo info;
    Fill fill;
  };
  uint64_t alignment() const;

  std::vector<GgufKv> kvs_;
  std::vector<Pending> tensors_;
};

}  // namespace gwb::model
