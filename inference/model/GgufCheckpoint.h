#pragma once
// The tensors of a Gemma 4 GGUF pair (text file + optional mmproj) under this product's Hugging
// Face names and shapes (GgufGemma4Names.h), so the weight loaders read them exactly as they read
// a safetensors checkpoint. F32 / F16 / BF16 tensors become TensorViews into the mapping (no
// copy); the vision patch embedding, which llama.cpp stores permuted, is permuted back into an
// owned buffer. Block-quantized tensors (Q8_0, Q4_K, ...) are listed as QuantizedTensorViews: their
// raw blocks, for the quantized weight path.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/model/GgufFile.h"
#include "inference/model/GgufGemma4Names.h"
#include "inference/model/QuantFormat.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

// A block-quantized tensor under its HF name: shape row-major (outermost first, as TensorView),
// `data` = the ggml blocks, rows of shape.back() elements each rowBytes(type, shape.back()) long.
struct QuantizedTensorView {
  std::string name;
  GgmlType type = GgmlType::Q8_0;
  std::vector<int64_t> shape;
  const std::byte* data = nullptr;
  size_t bytes = 0;
};

class GgufCheckpoint {
 public:
  // Opens `text` and, when given, `mmproj`. Throws CheckpointError naming the file for a file that
  // is not GGUF, a tensor with no Gemma 4 meaning, or one whose type cannot be read.
  GgufCheckpoint(const std::filesystem::path& text, const std::optional<std::filesystem::path>& mmproj);

  const GgufFile& textFile() const { return *text_; }
  const GgufFile* mmprojFile() const { return mmproj_.get(); }

  // Every float/integer tensor (HF names); the Checkpoint indexes these.
  const std::vector<TensorView>& views() const { return views_; }
  const std::vector<QuantizedTensorView>& quantized() const { return quantized_; }
  const QuantizedTensorView* findQuantized(std::string_view name) const;
  uint64_t totalFileBytes() const;

 private:
  void addFile(const GgufFile& file, GgufFileRole role);

  std::unique_ptr<GgufFile> text_;
  std::unique_ptr<GgufFile> mmproj_;
  std::vector<TensorView> views_;
  std::vector<QuantizedTensorView> quantized_;
  std::vector<std::vector<std::byte>> owned_;  // bytes of views that had to be rearranged
};

// The mmproj that belongs beside a text GGUF: "<stem>-mmproj.gguf", "mmproj-<stem>.gguf", or the
// only "mmproj*.gguf" / "*-mmproj.gguf" in the folder. nullopt when there is none; throws
// CheckpointError when several could be meant (then --mmproj must name one).
std::optional<std::filesystem::path> findMmprojBeside(const std::filesystem::path& textGguf);

bool isGgufPath(const std::filesystem::path& p);

}  // namespace gwb::model
