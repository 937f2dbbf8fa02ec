#pragma once
// The per-layer-embedding token table (embed_tokens_per_layer, [vocab_ple, L*P]) as the checkpoint
// stores it (f32 / f16 / bf16, or a ggml block format in GGUF files: llama.cpp quantizes it like
// token_embd). A token needs only its own row (L*P values): gathered here on the host and uploaded
// per chunk (as llama.cpp does), unless the table is also on the device (PleTableDevice.h: 4.7 GB
// in bf16 for E2B, too much for many GPUs).
#include <cstdint>
#include <span>
#include <vector>

#include "inference/gpu/DType.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

struct QuantizedTensorView;

class PleTable {
 public:
  // Rows read from the memory-mapped checkpoint tensor (f32 / f16 / bf16).
  static PleTable fromTensor(const TensorView& table);
  // Rows of ggml blocks from a GGUF file (any type with a block codec, QuantBlocks.h).
  static PleTable fromQuantized(const QuantizedTensorView& table);
  // Pseudo-random rows (hash of row and column) for --random-weights runs.
  static PleTable random(int64_t rows, int64_t width, uint32_t seed, float amplitude);

  int64_t rows() const { return rows_; }
  // Storage type of the rows (random tables count as f32).
  gpu::DType storageType() const { return storageType_; }
  int64_t width() const { return width_; }  // L * P
  // The rows as stored ([rows, rowBytes], storageType()), for a device copy; null for random tables.
  const std::byte* storedRows() const { return data_; }
  // A random table's seed and amplitude (ops::ref::randomRowValue draws its values).
  uint32_t randomSeed() const { return seed_; }
  float randomAmplitude() const { return amplitude_; }
  uint64_t rowBytes() const;

  // out[t, :] = table[ids[t], :] * scale, as f32 [ids.size(), width]. Ids must be < rows().
  void gather(std::span<const int32_t> ids, float scale, std::vector<float>& out) const;
  // The same rows written to out ([ids.size(), width] floats), e.g. straight into mapped memory.
  void gatherInto(std::span<const int32_t> ids, float scale, float* out) const;

 private:
  void gatherRows(std::span<const int32_t> ids, float scale, size_t first, size_t end, float* out) const;

  const std::byte* data_ = nullptr;  // the checkpoint's mapped rows; null: random
  int64_t rows_ = 0, width_ = 0;
  uint32_t seed_ = 0;
  float amplitude_ = 0;
  gpu::DType storageType_ = gpu::DType::F32;
};

}  // namespace gwb::model
