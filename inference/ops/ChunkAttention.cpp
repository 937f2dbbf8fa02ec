#include "inference/ops/ChunkAttention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t tokens, heads, headDim;
  uint32_t leftWindow, rightWindow;
  uint32_t numRel;
  int32_t relOffset;
  float logitCap;
  uint32_t qStride, kvStride, relStride, outStride;
};
// Keys per tile = workgroup size. The audio window is 12 keys, so one tile of 32 covers it; hd 128
// (E2B) gives each invocation 4 output dims.
constexpr uint32_t kTile = 32;
constexpr uint32_t kMaxHeadDim = 512;  // shared q[] in chunk_attention.comp

uint32_t orDefault(uint32_t stride, uint32_t dflt) { return stride ? stride : dflt; }

bool visible(const ChunkAttentionParams& p, uint32_t s, uint32_t t) {
  if (s <= t) return t - s < p.leftWindow;
  return s - t < p.rightWindow;
}
}  // namespace

void chunkAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView rel, BufferView out,
                    const ChunkAttentionParams& p) {
  if (p.headDim == 0 || p.headDim > kMaxHeadDim || p.heads == 0)
    throw std::invalid_argument("chunkAttention: unsupported head shape");
  if (p.numRel > 0 && !rel) throw std::invalid_argument("chunkAttention: numRel > 0 needs rel");
  if (p.tokens == 0) return;
  const uint32_t hd = p.headDim, width = p.heads * hd;
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({"chunkattn", 5, sizeof(Push), {kTile, groupsFor(hd, kTile)}});
  const Push push{p.tokens,
                  p.heads,
                  hd,
                  p.leftWindow,
                  p.rightWindow,
                  p.numRel,
                  p.relOffset,
                  p.logitCap,
                  orDefault(p.qStride, width),
                  orDefault(p.kvStride, width),
                  orDefault(p.relStride, width),
                  orDefault(p.outStride, width)};
  ctx.rec.dispatch(pipe, {gpu::in(q), gpu::in(k), gpu::in(v), gpu::in(rel ? rel : q), gpu::out(out)}, push, p.heads,
                   std::min<uint32_t>(p.tokens, 65535));
}

ChunkAttentionParams audioChunkAttentionParams(uint32_t tokens, uint32_t heads, uint32_t headDim, uint32_t chunkSize,
                                               uint32_t contextLeft, uint32_t contextRight, float logitCap) {
  if (contextLeft == 0) throw std::invalid_argument("attention_context_left must be >= 1");
  const uint32_t maxPast = contextLeft - 1;
  const uint32_t context = chunkSize + maxPast + contextRight;
  ChunkAttentionParams p;
  p.tokens = tokens;
  p.heads = heads;
  p.headDim = headDim;
  p.leftWindow = maxPast;
  p.rightWindow = contextRight;
  p.numRel = context / 2 + 1;
  p.relOffset = int32_t(context / 2) - int32_t(maxPast);
  p.logitCap = logitCap;
  return p;
}

namespace ref {

void chunkAttention(const float* q, const float* k, const float* v, const float* rel, float* out,
                    const ChunkAttentionParams& p) {
  const uint32_t hd = p.headDim, width = p.heads * hd;
  const uint32_t qs = orDefault(p.qStride, width), kvs = orDefault(p.kvStride, width);
  const uint32_t rs = orDefault(p.relStride, width), os = orDefault(p.outStride, width);
  std::vector<double> score(p.tokens), acc(hd);
  for (uint32_t t = 0; t < p.tokens; ++t) {
    for (uint32_t h = 0; h < p.heads; ++h) {
      const float* qv = q + size_t(t) * qs + size_t(h) * hd;
      double maxScore = -INFINITY;
      for (uint32_t s = 0; s < p.tokens; ++s) {
        score[s] = -INFINITY;
        if (!visible(p, s, t)) continue;
        double ac = 0, bd = 0;
        for (uint32_t d = 0; d < hd; ++d) ac += double(qv[d]) * k[size_t(s) * kvs + size_t(h) * hd + d];
        const int64_t r = int64_t(t) - int64_t(s) + p.relOffset;
        if (r >= 0 && r < int64_t(p.numRel)) {
          for (uint32_t d = 0; d < hd; ++d) bd += double(qv[d]) * rel[size_t(r) * rs + size_t(h) * hd + d];
        }
        double x = ac + bd;
        if (p.logitCap > 0) x = p.logitCap * std::tanh(x / p.logitCap);
        score[s] = x;
        maxScore = std::max(maxScore, x);
      }
      std::fill(acc.begin(), acc.end(), 0.0);
      double sum = 0;
      for (uint32_t s = 0; s < p.tokens && maxScore > -INFINITY; ++s) {
        if (score[s] == -INFINITY) continue;
        const double e = std::exp(score[s] - maxScore);
        sum += e;
        for (uint32_t d = 0; d < hd; ++d) acc[d] += e * v[size_t(s) * kvs + size_t(h) * hd + d];
      }
      float* o = out + size_t(t) * os + size_t(h) * hd;
      for (uint32_t d = 0; d < hd; ++d) o[d] = sum > 0 ? float(acc[d] / sum) : 0.0f;
    }
  }
}

void blockedAudioAttention(const float* q, const float* k, const float* v, const float* rel, float* out,
                           uint32_t tokens, uint32_t heads, uint32_t hd, uint32_t chunk, uint32_t contextLeft,
                           uint32_t contextRight, float cap, uint32_t validTokens) {
  const int64_t C = chunk, maxPast = int64_t(contextLeft) - 1, R = contextRight;
  const int64_t ctx = C + maxPast + R;
  const int64_t P = ctx / 2 + 1;  // HF rel rows: positions ctx/2, ..., 0
  const int64_t T = tokens, blocks = (T + C - 1) / C;
  const size_t width = size_t(heads) * hd;
  auto dot = [hd](const float* a, const float* b) {
    double s = 0;
    for (uint32_t d = 0; d < hd; ++d) s += double(a[d]) * b[d];
    return s;
  };
  std::vector<double> bdRaw(static_cast<size_t>(C * P)), logits(static_cast<size_t>(ctx)), acc(hd);
  for (int64_t b = 0; b < blocks; ++b) {
    for (uint32_t h = 0; h < heads; ++h) {
      // matrix_bd before the shift: [C, P], q of padded query rows is zero.
      for (int64_t i = 0; i < C; ++i) {
        const int64_t tq = b * C + i;
        for (int64_t pp = 0; pp < P; ++pp) {
          const int64_t pos = P - 1 - pp;  // HF row pp holds position value P-1-pp
          double s = 0.0;
          if (tq < T) s = dot(q + size_t(tq) * width + h * hd, rel + size_t(pos) * width + h * hd);
          bdRaw[size_t(i * P + pp)] = s;
        }
      }
      for (int64_t i = 0; i < C; ++i) {
        const int64_t tq = b * C + i;
        if (tq >= T) continue;  // HF strips these rows
        const float* qv = q + size_t(tq) * width + h * hd;
        double maxL = -INFINITY;
        for (int64_t j = 0; j < ctx; ++j) {
          const int64_t tk = b * C - maxPast + j;  // context slot j of block b
          const double ac = (tk >= 0 && tk < T) ? dot(qv, k + size_t(tk) * width + h * hd) : 0.0;
          // _rel_shift: pad rows to ctx + 1 with zeros, flatten, keep C·ctx, view [C, ctx].
          const int64_t flat = i * ctx + j, row = flat / (ctx + 1), col = flat % (ctx + 1);
          const double bd = col < P ? bdRaw[size_t(row * P + col)] : 0.0;
          double x = ac + bd;
          x = cap * std::tanh(x / cap);
          const int64_t dist = tq - tk;
          const bool ok = tk >= 0 && tk < std::min<int64_t>(T, validTokens) &&
                          ((dist >= 0 && dist < maxPast) || (dist < 0 && -dist < R));
          if (!ok) x = -1e9;
          logits[size_t(j)] = x;
          maxL = std::max(maxL, x);
        }
        std::fill(acc.begin(), acc.end(), 0.0);
        double sum = 0;
        for (int64_t j = 0; j < ctx; ++j) {
          const double e = std::exp(logits[size_t(j)] - maxL);
          sum += e;
          const int64_t tk = b * C - maxPast + j;
          if (tk < 0 || tk >= T) continue;  // zero-padded context
          for (uint32_t d = 0; d < hd; ++d) acc[d] += e * v[size_t(tk) * width + h * hd + d];
        }
        for (uint32_t d = 0; d < hd; ++d) out[size_t(tq) * width + h * hd + d] = float(acc[d] / sum);
      }
    }
  }
}

}  // namespace ref

void addChunkAttentionChecks(CheckList& list, const gpu::DeviceInfo&) {
  // Random q/k/v/rel against the dense reference, with odd strides and windows longer than a tile.
  struct Case {
    const char* name;
    ChunkAttentionParams p;
    float qRange;
  };
  auto P = [](uint32_t tokens, uint32_t heads, uint32_t hd, uint32_t left, uint32_t right, uint32_t numRel,
              int32_t relOffset, float cap) {
    ChunkAttentionParams p;
    p.tokens = tokens, p.heads = heads, p.headDim = hd, p.leftWindow = left, p.rightWindow = right;
    p.numRel = numRel, p.relOffset = relOffset, p.logitCap = cap;
    return p;
  };
  std::vector<Case> cases = {
      {"tiny-s1 75 tokens 4x8 window 12", P(75, 4, 8, 12, 0, 13, 0, 50.0f), 3.0f},
      {"E2B 750 tokens 8x128 window 12", P(750, 8, 128, 12, 0, 13, 0, 50.0f), 0.3f},
      {"future 3, rel offset 2", P(40, 2, 16, 6, 3, 9, 2, 50.0f), 1.0f},
      {"negative rel offset, no cap", P(30, 3, 24, 9, 0, 5, -3, 0.0f), 1.0f},
      {"window 100 over tiles", P(150, 2, 40, 100, 0, 101, 0, 50.0f), 0.5f},
      {"hard cap 2", P(20, 2, 16, 12, 0, 13, 0, 2.0f), 3.0f},
      {"odd strides", P(25, 3, 12, 5, 2, 7, 1, 50.0f), 1.0f},
      {"fewer tokens than the window", P(5, 2, 8, 12, 0, 13, 0, 50.0f), 1.0f},
  };
  cases[6].p.qStride = 3 * 12 + 5, cases[6].p.kvStride = 3 * 12 + 1, cases[6].p.relStride = 3 * 12 + 2;
  cases[6].p.outStride = 3 * 12 + 7;
  for (const Case& cs : cases) {
    const std::string shape = std::string(cs.name) + " t" + std::to_string(cs.p.tokens);
    list.push_back({"chunkattn", "portable", shape, [cs](gpu::Device& dev, uint64_t seed) {
                      const ChunkAttentionParams& p = cs.p;
                      const uint32_t w = p.heads * p.headDim;
                      const uint32_t qs = orDefault(p.qStride, w), kvs = orDefault(p.kvStride, w);
                      const uint32_t rs = orDefault(p.relStride, w), os = orDefault(p.outStride, w);
                      auto q = randomFloats(size_t(p.tokens) * qs, seed, -cs.qRange, cs.qRange);
                      auto k = randomFloats(size_t(p.tokens) * kvs, seed + 1);
                      auto v = randomFloats(size_t(p.tokens) * kvs, seed + 2, -2.0f, 2.0f);
                      auto rel = randomFloats(size_t(std::max(p.numRel, 1u)) * rs, seed + 3);
                      auto bq = uploadFloats(dev, q, "q");
                      auto bk = uploadFloats(dev, k, "k");
                      auto bv = uploadFloats(dev, v, "v");
                      auto br = uploadFloats(dev, rel, "rel");
                      // Padding between rows must stay untouched; NaN marks what the op must write.
                      std::vector<float> want(size_t(p.tokens) * os, 0.25f);
                      std::vector<float> init = want;
                      for (uint32_t t = 0; t < p.tokens; ++t)
                        std::fill_n(init.begin() + size_t(t) * os, w, std::numeric_limits<float>::quiet_NaN());
                      auto bo = uploadFloats(dev, init, "out");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        chunkAttention(c, bq.view(), bk.view(), bv.view(), br.view(), bo.view(), p);
                      });
                      ref::chunkAttention(q.data(), k.data(), v.data(), rel.data(), want.data(), p);
                      CheckResult r = compare(downloadFloats(dev, bo.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  // The GPU op with audioChunkAttentionParams against HF's blocked algorithm emulated step by step:
  // E2B's geometry, a future context, and geometries where ctx/2 != context_left - 1.
  struct Geometry {
    uint32_t tokens, heads, hd, chunk, left, right;
  };
  for (Geometry g : {Geometry{75, 4, 8, 12, 13, 0}, Geometry{61, 2, 16, 12, 13, 0}, Geometry{50, 2, 8, 8, 5, 0},
                     Geometry{47, 2, 8, 4, 9, 0}, Geometry{40, 2, 8, 6, 4, 3}, Geometry{9, 1, 8, 12, 13, 0}}) {
    const std::string shape = "vs HF blocked: chunk " + std::to_string(g.chunk) + " left " + std::to_string(g.left) +
                              " right " + std::to_string(g.right) + " t" + std::to_string(g.tokens);
    list.push_back({"chunkattn", "portable", shape, [g](gpu::Device& dev, uint64_t seed) {
                      const ChunkAttentionParams p =
                          audioChunkAttentionParams(g.tokens, g.heads, g.hd, g.chunk, g.left, g.right, 50.0f);
                      const size_t w = size_t(g.heads) * g.hd;
                      auto q = randomFloats(g.tokens * w, seed, -2.0f, 2.0f);
                      auto k = randomFloats(g.tokens * w, seed + 1);
                      auto v = randomFloats(g.tokens * w, seed + 2, -2.0f, 2.0f);
                      auto rel = randomFloats(p.numRel * w, seed + 3);
                      auto bq = uploadFloats(dev, q, "q");
                      auto bk = uploadFloats(dev, k, "k");
                      auto bv = uploadFloats(dev, v, "v");
                      auto br = uploadFloats(dev, rel, "rel");
                      auto bo = outputFloats(dev, g.tokens * w, "out");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        chunkAttention(c, bq.view(), bk.view(), bv.view(), br.view(), bo.view(), p);
                      });
                      std::vector<float> want(g.tokens * w);
                      ref::blockedAudioAttention(q.data(), k.data(), v.data(), rel.data(), want.data(), g.tokens,
                                                 g.heads, g.hd, g.chunk, g.left, g.right, 50.0f, g.tokens);
                      CheckResult r = compare(downloadFloats(dev, bo.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
