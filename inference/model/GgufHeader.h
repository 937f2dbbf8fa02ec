#pragma once
// Parser and validator for the header of a GGUF file (ggml's format, versions 2 and 3,
// little-endian):
//   "GGUF" u32 version, u64 tensor_count, u64 kv_count
//   kv_count x  { string key, u32 value type, value }        (string = u64 length + bytes)
//   tensor_count x { string name, u32 n_dims, u64 ne[n_dims], u32 ggml type, u64 offset }
//   padding to general.alignment (default 32), then the data section; offsets are relative to it.
// The file is untrusted: every count, length, dimension and offset is checked against the real
// file size before it is used, and every failure is a CheckpointError starting with `label`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "inference/model/GgufValue.h"
#include "inference/model/QuantFormat.h"

namespace gwb::model {

struct GgufKv {
  std::string key;
  GgufValue value;
};

struct GgufTensorInfo {
  std::string name;
  GgmlType type = GgmlType::F32;
  std::vector<int64_t> ne;  // ggml order: ne[0] is the innermost (contiguous) dimension
  uint64_t offset = 0;      // into the data section; a multiple of the alignment
  uint64_t bytes = 0;       // rowBytes(type, ne[0]) * ne[1] * ...

  // Row-major shape, outermost first (ne reversed): what safetensors / torch call the shape.
  std::vector<int64_t> shape() const;
  int64_t numel() const;
};

struct GgufHeader {
  uint32_t version = 3;
  uint64_t alignment = 32;
  uint64_t dataOffset = 0;              // where the data section starts in the file
  std::vector<GgufKv> kvs;              // file order
  std::vector<GgufTensorInfo> tensors;  // file order
};

// Limits that no real model comes near; past them a count is a corrupt field, not a model.
inline constexpr uint32_t kGgufMaxDims = 4;                // GGML_MAX_DIMS
inline constexpr uint64_t kGgufMaxStringBytes = 64u << 20;  // one key, name or string value
inline constexpr uint32_t kGgufDefaultAlignment = 32;

// Parses the header of a file whose complete bytes are [bytes, bytes + size).
GgufHeader parseGgufHeader(const std::byte* bytes, size_t size, const std::string& label);

// True when the first 4 bytes are "GGUF".
bool hasGgufMagic(const std::byte* bytes, size_t size);

}  // namespace gwb::model
