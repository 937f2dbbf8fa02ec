#include "inference/ops/Attention.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "inference/ops/AttentionCheckData.h"
#include "inference/ops/DecodeAttention.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t queries, keys, heads, kvHeads, headDim, queryStart;
  uint32_t causal, window, hasBlocks;
  float scale, logitCap;
  uint32_t qStride, kvStride, outStride;
};
// Keys per tile = workgroup size. 64 keeps the redundant per-invocation tile max/exp cheap and
// gives hd 512 eight accumulators per invocation.
constexpr uint32_t kTile = 64;
constexpr uint32_t kMaxHeadDim = 512;  // shared q[] in attention.comp

bool visibleKey(const AttentionParams& p, const int32_t* blocks, uint32_t j, uint32_t qp) {
  if (p.window != 0 && uint64_t(j) + p.window <= qp) return false;
  if (!p.causal || j <= qp) return true;
  return blocks && blocks[j] >= 0 && blocks[j] == blocks[qp];
}
}  // namespace

void attention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView blocks, BufferView out,
               const AttentionParams& p, Variant variant) {
  if (variant != Variant::Auto && variant != Variant::Portable)
    throw std::invalid_argument(std::string("attention: no ") + variantName(variant) + " variant");
  if (p.headDim == 0 || p.headDim > kMaxHeadDim || p.kvHeads == 0 || p.heads % p.kvHeads != 0)
    throw std::invalid_argument("attention: unsupported head shape");
  if (p.queries == 0 || p.heads == 0) return;
  const uint32_t dimsPerInv = groupsFor(p.headDim, kTile);
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"attention", 5, sizeof(Push), {kTile, dimsPerInv}});
  const uint32_t hd = p.headDim;
  const Push push{p.queries,
                  p.keys,
                  p.heads,
                  p.kvHeads,
                  hd,
                  p.queryStart,
                  p.causal ? 1u : 0u,
                  p.window,
                  blocks ? 1u : 0u,
                  p.scale,
                  p.logitCap,
                  p.qRowStride(),
                  p.kvRowStride(),
                  p.outRowStride()};
  ctx.rec.dispatch(pipe, {gpu::in(q), gpu::in(k), gpu::in(v), gpu::in(blocks ? blocks : q), gpu::out(out)}, push,
                   p.heads, std::min<uint32_t>(p.queries, 65535));
}

namespace ref {
void attention(const float* q, const float* k, const float* v, const int32_t* blocks, float* out,
               const AttentionParams& p) {
  const uint32_t hd = p.headDim;
  const uint32_t qs = p.qRowStride(), kvs = p.kvRowStride(), os = p.outRowStride();
  const uint32_t group = p.heads / p.kvHeads;
  std::vector<double> scores(p.keys);
  std::vector<double> acc(hd);
  for (uint32_t i = 0; i < p.queries; ++i) {
    const uint32_t qp = p.queryStart + i;
    for (uint32_t h = 0; h < p.heads; ++h) {
      const float* qv = q + size_t(i) * qs + size_t(h) * hd;
      const size_t kvOff = size_t(h / group) * hd;
      double maxScore = -INFINITY;
      for (uint32_t j = 0; j < p.keys; ++j) {
        if (!visibleKey(p, blocks, j, qp)) {
          scores[j] = -INFINITY;
          continue;
        }
        double s = 0;
        for (uint32_t d = 0; d < hd; ++d) s += double(qv[d]) * k[size_t(j) * kvs + kvOff + d];
        s *= p.scale;
        if (p.logitCap > 0) s = p.logitCap * std::tanh(s / p.logitCap);
        scores[j] = s;
        maxScore = std::max(maxScore, s);
      }
      std::fill(acc.begin(), acc.end(), 0.0);
      double sum = 0;
      if (maxScore > -INFINITY) {
        for (uint32_t j = 0; j < p.keys; ++j) {
          if (scores[j] == -INFINITY) continue;
          const double e = std::exp(scores[j] - maxScore);
          sum += e;
          for (uint32_t d = 0; d < hd; ++d) acc[d] += e * v[size_t(j) * kvs + kvOff + d];
        }
      }
      float* o = out + size_t(i) * os + size_t(h) * hd;
      for (uint32_t d = 0; d < hd; ++d) o[d] = sum > 0 ? float(acc[d] / sum) : 0.0f;
    }
  }
}
}  // namespace ref

void addAttentionChecks(CheckList& list, const gpu::DeviceInfo& device) {
  addDecodeAttentionChecks(list, device);
  addDecodeAttentionInputChecks(list, device);
  struct Case {
    const char* name;
    AttentionParams p;
    float qRange;     // q uniform in [-qRange, qRange]: sets how peaked the softmax is (scale is 1.0 in Gemma 4)
    bool withBlocks;  // a bidirectional block of 10 tokens at positions 20..29
  };
  // qRange keeps the logits in the range real (RMS-normed) Gemma 4 heads produce: std of q·k is
  // about qRange * sqrt(hd) / 3, i.e. 2..6 here.
  const auto P = attentionCheckShape;
  std::vector<Case> cases = {
      {"decode window 8", P(1, 40, 4, 1, 16, 39, true, 8), 1.0f, false},
      {"decode hd256 8/1 heads", P(1, 1000, 8, 1, 256, 999, true, 0), 0.5f, false},
      {"decode hd512 4/1 heads", P(1, 300, 4, 1, 512, 299, true, 0), 0.4f, false},
      {"prefill hd16 4/1 heads window 8", P(40, 40, 4, 1, 16, 0, true, 8), 1.0f, false},
      {"chunk 37 at 13 window 16", P(37, 50, 4, 2, 64, 13, true, 16), 1.0f, false},
      {"prefill hd512 full causal", P(64, 64, 2, 1, 512, 0, true, 0), 0.4f, false},
      {"encoder hd16 2 heads", P(60, 60, 2, 2, 16, 0, false, 0), 1.0f, false},
      {"encoder hd8 logit cap 50", P(33, 33, 4, 4, 8, 0, false, 0), 8.0f, false},
      {"causal + bidirectional block", P(45, 45, 2, 1, 32, 0, true, 0), 1.0f, true},
      {"block + window 8, chunk at 16", P(20, 36, 2, 1, 32, 16, true, 8), 1.0f, true},
      {"odd strides", P(7, 19, 3, 1, 24, 12, true, 0), 1.0f, false},
      {"long keys 3000 hd128", P(2, 3000, 2, 1, 128, 2998, true, 0), 0.6f, false},
      // E2B-sized: a sliding layer's 128-query prefill chunk deep in a 2048-token context, and a
      // full layer's decode step over 4096 cached keys
      {"E2B sliding chunk window 512", P(128, 2048, 8, 1, 256, 1920, true, 512), 0.5f, false},
      {"E2B full decode 4096 keys", P(1, 4096, 8, 1, 512, 4095, true, 0), 0.4f, false},
      // queries at 8..13 over 10 keys with window 4: the last rows see no key and must be zeros
      {"rows without keys", P(6, 10, 2, 1, 16, 8, true, 4), 1.0f, false},
  };
  cases[7].p.logitCap = 50.0f;
  cases[10].p.qStride = 3 * 24 + 5;
  cases[10].p.kvStride = 24 + 3;
  cases[10].p.outStride = 3 * 24 + 9;
  cases[10].p.scale = 0.125f;
  for (const Case& cs : cases) {
    list.push_back({"attention", "portable", attentionCheckName(cs.name, cs.p), [cs](gpu::Device& dev, uint64_t seed) {
                      const AttentionParams& p = cs.p;
                      AttentionCheckData d = randomAttentionData(p, cs.qRange, seed);
                      std::vector<int32_t> blocks(std::max(p.keys, p.queryStart + p.queries), -1);
                      for (uint32_t j = 20; j < 30 && j < blocks.size(); ++j) blocks[j] = 3;
                      auto bq = uploadFloats(dev, d.q, "q");
                      auto bk = uploadFloats(dev, d.k, "k");
                      auto bv = uploadFloats(dev, d.v, "v");
                      auto bb = uploadBytes(dev, blocks.data(), blocks.size() * 4, "blocks");
                      auto bo = uploadFloats(dev, d.out, "out");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        attention(c, bq.view(), bk.view(), bv.view(), cs.withBlocks ? bb.view() : BufferView{},
                                  bo.view(), p, Variant::Portable);
                      });
                      ref::attention(d.q.data(), d.k.data(), d.v.data(), cs.withBlocks ? blocks.data() : nullptr,
                                     d.out.data(), p);
                      CheckResult r = compare(downloadFloats(dev, bo.view()), d.out, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
