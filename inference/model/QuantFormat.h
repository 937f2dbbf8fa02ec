#pragma once
// ggml's tensor element types as GGUF files number them (ggml.h `enum ggml_type`), and the block
// geometry of each: a row of n elements is n / blockElements(t) blocks of blockBytes(t) bytes.
// Shared by the GGUF reader/writer (helper `gguf`) and the block formats (helper `quant`,
// QuantBlocks.h). Only the types this product reads or writes are named; any other id is
// rejected by isKnownGgmlType() with the number in the message.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "inference/gpu/DType.h"

namespace gwb::model {

enum class GgmlType : uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  BF16 = 30,
};

// True for the ids listed above.
bool isKnownGgmlType(uint32_t id);
// Elements per block: 1 for plain types, 32 for Q4_0/Q8_0, 256 for the K-quants.
size_t blockElements(GgmlType t);
// Bytes per block (ggml's `type_size`): 4 for F32, 34 for Q8_0, 144 for Q4_K, ...
size_t blockBytes(GgmlType t);
// Bytes of a row of n elements; n must be a multiple of blockElements(t) (callers check
// rowIsWhole first; a file that breaks this is rejected by the reader).
size_t rowBytes(GgmlType t, size_t n);
inline bool rowIsWhole(GgmlType t, size_t n) { return n % blockElements(t) == 0; }
// ggml's spelling: "F32", "Q8_0", "Q4_K", "BF16".
std::string_view ggmlTypeName(GgmlType t);
// Inverse of ggmlTypeName, case-insensitive ("q4_k" works); nullopt for an unknown name.
std::optional<GgmlType> parseGgmlType(std::string_view name);
// F32, F16, BF16 (and the integer types): one element per block.
inline bool isBlockQuantized(GgmlType t) { return blockElements(t) > 1; }

// The device type a tensor of this ggml type is stored as on the GPU, byte for byte (the
// quantized kernels read ggml's blocks directly); nullopt for types the kernels cannot read.
std::optional<gpu::DType> deviceTypeOf(GgmlType t);
// Inverse of deviceTypeOf.
GgmlType ggmlTypeOf(gpu::DType t);

}  // namespace gwb::model
