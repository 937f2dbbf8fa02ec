#pragma once
// Parser and validator for the header of a .safetensors file. The format:
//   bytes [0, 8)        little-endian u64 N = length of the JSON header
//   bytes [8, 8+N)      JSON object: name -> {"dtype": "F32", "shape": [d0, d1, ...],
//                       "data_offsets": [begin, end]}, plus an optional "__metadata__": {str: str}
//   bytes [8+N, size)   the data section; offsets are relative to its start
// The header comes from an untrusted file: everything is checked against the real file size, and
// every failure is a CheckpointError naming the file (and the tensor, where there is one).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "inference/model/DType.h"

namespace gwb::model {

struct SafetensorsEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets into the data section, end - begin == numel * dtypeSize
  uint64_t end = 0;
};

struct SafetensorsHeader {
  uint64_t dataOffset = 0;                     // 8 + N: where the data section starts in the file
  std::vector<SafetensorsEntry> entries;       // sorted by begin offset (file order)
  std::map<std::string, std::string> metadata;  // "__metadata__", e.g. {"format": "pt"}
};

// Largest JSON header accepted (the reference implementation's limit too): a real 600-tensor header
// is ~80 KiB, so anything near this is a corrupt length field, not a model.
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100ull << 20;

// Parses the header of a file whose complete bytes are [bytes, bytes + size). `label` (usually the
// path) starts every error message.
SafetensorsHeader parseSafetensorsHeader(const std::byte* bytes, size_t size, const std::string& label);

}  // namespace gwb::model
