#pragma once
// Converts a Hugging Face Gemma 4 folder (config.json, safetensors, tokenizer.json, chat template)
// into llama.cpp's layout: the text model as OUT.gguf (arch gemma4) and the vision + audio towers
// as an mmproj GGUF beside it (arch clip, projectors gemma4v / gemma4a), with llama.cpp's tensor
// names, transforms and metadata (GgufGemma4Names.h, GgufGemma4Config.h, GgufTokenizerMetadata.h).
//
// Tensor types: 1-D tensors and scalars stay F32 (as llama.cpp keeps norms); matrices take the
// requested type (default: their checkpoint dtype); a block type whose block does not divide a
// matrix's rows falls back to Q8_0, then F16 (reported per tensor in `fallbacks`). The mmproj is
// F32 when F32 is requested, F16/BF16 when that is requested, else F16; the audio conv kernels and
// the vision position table are always F32 (llama.cpp forces them too).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "inference/model/QuantFormat.h"

namespace gwb::model {

enum class MmprojNaming {
  Suffix,      // OUT-mmproj.gguf
  LlamaPrefix  // mmproj-OUT.gguf (llama.cpp's convert_hf_to_gguf.py --mmproj naming)
};

struct GgufConvertOptions {
  std::optional<GgmlType> type;  // nullopt: keep each matrix's checkpoint dtype
  MmprojNaming mmprojNaming = MmprojNaming::Suffix;
  bool writeMmproj = true;        // when the model has a vision or audio tower
};

struct GgufConvertResult {
  std::filesystem::path text;
  std::optional<std::filesystem::path> mmproj;
  uint64_t textBytes = 0;
  uint64_t mmprojBytes = 0;
  size_t textTensors = 0;
  size_t mmprojTensors = 0;
  std::vector<std::string> fallbacks;  // "name: Q4_K -> Q8_0 (rows of 64)"
};

// Throws CheckpointError / ConfigError naming what is wrong (a tensor with no GGUF name, an
// unwritable output, a missing tokenizer).
GgufConvertResult convertToGguf(const std::filesystem::path& modelDir, const std::filesystem::path& out,
                                const GgufConvertOptions& options);

// llama.cpp's general.file_type (LlamaFileType) for a requested type.
uint32_t llamaFileType(std::optional<GgmlType> t, bool sourceIsBf16);

}  // namespace gwb::model
