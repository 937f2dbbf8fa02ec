#pragma once
// The per-layer-embedding token table (embed_tokens_per_layer, [vocab_ple, L*P]) stays in host
// memory: 4.7 GB in bf16 for E2B would not fit many GPUs' single allocations, and a token needs
// only its own row (L*P values), gathered here and uploaded per step (as llama.cpp does).
#include <cstdint>
#include <span>
#include <vector>

#include "inference/gpu/DType.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

class PleTable {
 public:
  // Rows read from the memory-mapped checkpoint tensor (f32 / f16 / bf16).
  static PleTable fromTensor(const TensorView& table);
  // Pseudo-random rows (hash of row and column) for --random-weights runs.
  static PleTable random(int64_t rows, int64_t width, uint32_t seed, float amplitude);

  int64_t rows() const { return rows_; }
  // Storage type of the rows (random tables count as f32).
  gpu::DType storageType() const { return storageType_; }
  int64_t width() const { return width_; }  // L * P

  // out[t, :] = table[ids[t], :] * scale, as f32 [ids.size(), width]. Ids must be < rows().
  void gather(std::span<const int32_t> ids, float scale, std::vector<float>& out) const;
  // The same rows written to out ([ids.size(), width] floats), e.g. straight into mapped memory.
  void gatherInto(std::span<const int32_t> ids, float scale, float* out) const;

 private:
  void gatherRows(std::span<const int32_t> ids, float scale, size_t first, size_t end, float* out) const;

  const TensorView* tensor_ = nullptr;
  int64_t rows_ = 0, width_ = 0;
  uint32_t seed_ = 0;
  float amplitude_ = 0;
  gpu::DType storageType_ = gpu::DType::F32;
};

}  // namespace gwb::model
