#pragma once
// The weights of a Hugging Face model folder: either one `model.safetensors`, or shards listed by
// `model.safetensors.index.json` ({"weight_map": {tensor name: shard file name}}). Each shard is
// mapped once; tensors are looked up by name across all shards (a shard's tensors that the index
// does not list are still found; every listed one must be in its shard).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/GgufCheckpoint.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

class Checkpoint {
 public:
  // `path`: a model folder, or a single .safetensors file. Throws CheckpointError naming what is
  // missing or broken (no weights file, a missing shard, a tensor the index lists but its shard
  // lacks, a tensor in two shards, a malformed index).
  explicit Checkpoint(const std::filesystem::path& path);
  // A Gemma 4 GGUF text file (path ends in .gguf) with its mmproj, when there is one: tensors are
  // presented under their Hugging Face names (GgufCheckpoint.h).
  Checkpoint(const std::filesystem::path& textGguf, const std::optional<std::filesystem::path>& mmproj);
  // Tensors already in host memory (the random media towers, RandomMediaTowers.h): each view's
  // bytes belong to the caller and must outlive the checkpoint; `label` names it in messages.
  // Throws CheckpointError when two views share a name.
  Checkpoint(std::vector<TensorView> inMemory, const std::string& label);

  // The folder (for a single file: its folder).
  const std::filesystem::path& dir() const { return dir_; }
  bool sharded() const { return sharded_; }
  // The mapped files, in the order they were opened.
  const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return files_; }
  // The GGUF pair behind this checkpoint; null for safetensors.
  const GgufCheckpoint* gguf() const { return gguf_.get(); }
  // A block-quantized tensor (GGUF only); nullptr when absent or not quantized.
  const QuantizedTensorView* findQuantized(std::string_view name) const;
  uint64_t totalFileBytes() const;

  // nullptr when absent.
  const TensorView* find(std::string_view name) const;
  // Throws CheckpointError "tensor 'X' not found in checkpoint DIR".
  const TensorView& tensor(std::string_view name) const;
  // Every tensor, sorted by name.
  std::vector<const TensorView*> tensors() const;
  size_t tensorCount() const { return byName_.size(); }

 private:
  void openSingle(const std::filesystem::path& file);
  void openSharded(const std::filesystem::path& indexFile);
  void addTensorsOf(const SafetensorsFile& file);

  std::filesystem::path dir_;
  bool sharded_ = false;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, const TensorView*, std::less<>> byName_;
  std::unique_ptr<GgufCheckpoint> gguf_;
  std::vector<TensorView> inMemory_;  // the in-memory constructor's views (byName_ points into it)
};

}  // namespace gwb::model
