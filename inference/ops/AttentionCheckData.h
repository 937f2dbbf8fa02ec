#pragma once
// Shared by the attention check families (Attention.cpp, FlashAttention.cpp): a case's shape, its
// name, and its random inputs with an output prepared so that a missed row or a write into the
// padding between rows shows.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "inference/ops/Attention.h"
#include "inference/ops/OpCheck.h"

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

// The shapes the tensor-core attentions (flash, matmuls) are checked on: text prefill chunks of
// E2B / E4B shapes, encoders (bidirectional, scale and cap), odd strides, rows without keys, GQA
// folds. q uniform in [-qRange, qRange] (sets how peaked the softmax is).
struct AttentionCheckCase {
  const char* name;
  AttentionParams p;
  float qRange;
};
std::vector<AttentionCheckCase> halfPrecisionAttentionCases();

// One check of a tensor-core attention (flash, matmuls): random data as above, `record` runs the
// op on the uploaded q, k, v and out (out in outType: f32, or f16 whose untouched gaps keep their
// f16 values), compared with ref::attention. Operands and softmax weights in f16 with f32 sums move
// the output by a few 1e-3 of max|out|: bound 5e-3 (~10 u; an f16 out adds one more rounding).
using AttentionRecord = std::function<void(OpContext&, BufferView q, BufferView k, BufferView v, BufferView out)>;
CheckResult runHalfPrecisionAttentionCheck(gpu::Device& dev, const AttentionParams& p, float qRange, uint64_t seed,
                                           DType outType, const AttentionRecord& record);

}  // namespace gwb::ops
