#include "inference/ops/AttentionCheckData.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

AttentionParams attentionCheckShape(uint32_t queries, uint32_t keys, uint32_t heads, uint32_t kvHeads, uint32_t hd,
                                    uint32_t queryStart, bool causal, uint32_t window) {
  AttentionParams p;
  p.queries = queries, p.keys = keys, p.heads = heads, p.kvHeads = kvHeads, p.headDim = hd;
  p.queryStart = queryStart, p.causal = causal, p.window = window;
  return p;
}

std::string attentionCheckName(const char* name, const AttentionParams& p) {
  return std::string(name) + " q" + std::to_string(p.queries) + " k" + std::to_string(p.keys) + " hd" +
         std::to_string(p.headDim);
}

AttentionCheckData randomAttentionData(const AttentionParams& p, float qRange, uint64_t seed) {
  const uint32_t os = p.outRowStride();
  AttentionCheckData d;
  d.q = randomFloats(size_t(p.queries) * p.qRowStride(), seed, -qRange, qRange);
  d.k = randomFloats(size_t(p.keys) * p.kvRowStride(), seed + 1);
  d.v = randomFloats(size_t(p.keys) * p.kvRowStride(), seed + 2, -2.0f, 2.0f);
  d.out.assign(size_t(p.queries) * os, 0.25f);
  for (uint32_t i = 0; i < p.queries; ++i) {
    std::fill_n(d.out.begin() + ptrdiff_t(size_t(i) * os), size_t(p.heads) * p.headDim, NAN);
  }
  return d;
}

}  // namespace gwb::ops
