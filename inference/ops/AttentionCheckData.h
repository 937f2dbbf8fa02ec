#pragma once
// Shared by the attention check families (Attention.cpp, FlashAttention.cpp): a case's shape, its
// name, and its random inputs with an output prepared so that a missed row or a write into the
// padding between rows shows.
#include <cstdint>
#include <string>
#include <vector>

#include "inference/ops/Attention.h"

namespace gwb::ops {

// [queries, heads, hd] queries at positions queryStart.. over [keys, kvHeads, hd] keys and values.
AttentionParams attentionCheckShape(uint32_t queries, uint32_t keys, uint32_t heads, uint32_t kvHeads, uint32_t hd,
                                    uint32_t queryStart, bool causal, uint32_t window);

// "<name> q<queries> k<keys> hd<headDim>"
std::string attentionCheckName(const char* name, const AttentionParams& p);

// In p's row strides: q uniform in [-qRange, qRange] (sets how peaked the softmax is), k in [-1, 1],
// v in [-2, 2]; out [queries, outRowStride] holds 0.25 in the padding between rows (must stay
// untouched) and NaN in the rows the op must write.
struct AttentionCheckData {
  std::vector<float> q, k, v, out;
};
AttentionCheckData randomAttentionData(const AttentionParams& p, float qRange, uint64_t seed);

}  // namespace gwb::ops
