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

std::vector<AttentionCheckCase> halfPrecisionAttentionCases() {
  const auto P = attentionCheckShape;
  std::vector<AttentionCheckCase> cases = {
      {"E2B sliding prefill window 512", P(700, 700, 8, 1, 256, 0, true, 512), 0.5f},
      {"E2B full prefill", P(300, 300, 8, 1, 512, 0, true, 0), 0.4f},
      {"chunk 77 at 200, window 64", P(77, 277, 4, 2, 256, 200, true, 64), 0.5f},
      {"chunk 50 at 100 full", P(50, 150, 2, 1, 512, 100, true, 0), 0.4f},
      {"vision bidirectional hd64", P(280, 280, 12, 12, 64, 0, false, 0), 1.0f},
      // Many key tiles (the prefetch's hand-over from tile to tile), ragged: 600 = 9 x 64 + 24.
      {"vision bidirectional 600 patches hd64", P(600, 600, 12, 12, 64, 0, false, 0), 1.0f},
      {"encoder hd128 cap 50, scale", P(65, 65, 4, 4, 128, 0, false, 0), 2.0f},
      {"odd strides, rows without keys", P(40, 30, 2, 1, 64, 26, true, 4), 1.0f},
      {"tiny text hd16 window 8", P(40, 40, 4, 1, 16, 0, true, 8), 1.0f},
      {"tiny text hd32 chunk at 17", P(23, 40, 4, 1, 32, 17, true, 0), 1.0f},
      // Many key tiles, ragged row blocks and key tiles, the window's start inside a tile.
      {"E2B full chunk at 700", P(333, 1033, 8, 1, 512, 700, true, 0), 0.4f},
      {"E2B sliding chunk at 600 window 512", P(450, 1050, 8, 1, 256, 600, true, 512), 0.5f},
      {"E4B GQA 8:2 full chunk at 100", P(90, 190, 8, 2, 512, 100, true, 0), 0.4f},
      // 16 query heads per KV head (a 16-row fragment = one query), and 3 (blocks split queries).
      {"GQA 16:1 of 2 kv heads", P(24, 60, 32, 2, 64, 36, true, 0), 1.0f},
      {"GQA 3:1 window 16", P(50, 80, 6, 2, 128, 30, true, 16), 1.0f},
  };
  cases[6].p.logitCap = 50.0f;
  cases[6].p.scale = 0.5f;
  cases[7].p.qStride = 2 * 64 + 4;
  cases[7].p.kvStride = 64 + 8;
  cases[7].p.outStride = 2 * 64 + 5;
  return cases;
}

CheckResult runHalfPrecisionAttentionCheck(gpu::Device& dev, const AttentionParams& p, float qRange, uint64_t seed,
                                           DType outType, const AttentionRecord& record) {
  AttentionCheckData d = randomAttentionData(p, qRange, seed);
  auto bq = uploadFloats(dev, d.q, "q");
  auto bk = uploadFloats(dev, d.k, "k");
  auto bv = uploadFloats(dev, d.v, "v");
  std::vector<float> start;
  auto bo = outType == DType::F16 ? uploadWeights(dev, d.out, DType::F16, "out", start)
                                  : uploadFloats(dev, d.out, "out");
  if (outType == DType::F16) d.out = start;
  const double ms =
      recordAndTime(dev, [&](OpContext& c) { record(c, bq.view(), bk.view(), bv.view(), bo.view()); });
  ref::attention(d.q.data(), d.k.data(), d.v.data(), nullptr, d.out.data(), p);
  // q, k, v, P rounded to f16 (u = 2^-11 = 4.9e-4), f32 sums: a score moves by about u * sqrt(hd) *
  // rms(q) * rms(k) * 2 (<= 2e-3 here), which shifts the softmax weights by that relative amount,
  // plus u each from P and v.
  CheckResult r = compare(downloadAsFloats(dev, bo.view(), outType), d.out, 5e-3);
  r.milliseconds = ms;
  return r;
}

}  // namespace gwb::ops
