#pragma once
// What `info` and the model picker say about a GGUF pair: the quantization (llama.cpp's
// general.file_type name and the tensor types actually present) and each file's size.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "inference/model/GgufCheckpoint.h"

namespace gwb::model {

struct GgufFileDescription {
  std::string path;
  std::string role;  // "text" or "mmproj"
  uint64_t bytes = 0;
  size_t tensorCount = 0;
  std::string typeSummary;  // "Q4_K 210, Q6_K 35, F32 420"
};

struct GgufDescription {
  std::string quantization;  // "Q4_K_M (file type 15)", "F32", "BF16"
  std::vector<GgufFileDescription> files;
};

// llama.cpp's LlamaFileType names ("MOSTLY_Q4_K_M" -> "Q4_K_M"); "file type N" for others.
std::string llamaFileTypeName(int64_t fileType);
GgufDescription describeGguf(const GgufCheckpoint& g);
nlohmann::json ggufDescriptionJson(const GgufDescription& d);

}  // namespace gwb::model
