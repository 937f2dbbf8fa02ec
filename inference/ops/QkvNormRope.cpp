#include "inference/ops/QkvNormRope.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "inference/ops/Rope.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t qHeads, kvHeads, headDim, rotatedPairs, qkvStride, stepIndex;
  float eps;
};
constexpr uint32_t kGroup = 128;

uint32_t strideOf(const QkvNormRopeParams& p) {
  return p.qkvStride ? p.qkvStride : (p.qHeads + 2 * p.kvHeads) * p.headDim;
}
}  // namespace

void qkvNormRope(OpContext& ctx, BufferView qkv, BufferView wq, BufferView wk, BufferView cosSin, BufferView q,
                 BufferView kCache, BufferView vCache, BufferView step, const QkvNormRopeParams& p) {
  if (p.headDim % 2 || p.rotatedPairs > p.headDim / 2) throw std::invalid_argument("qkvNormRope: bad head dims");
  if (p.kvHeads && (!wk || !kCache || !vCache)) throw std::invalid_argument("qkvNormRope: k/v outputs missing");
  if (p.tokens == 0) return;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"qkv_norm_rope", 8, sizeof(Push), {kGroup}});
  const Push push{p.qHeads, p.kvHeads, p.headDim, p.rotatedPairs, strideOf(p), p.stepIndex, p.eps};
  // KV-shared layers bind q in place of the (unused) k weight and cache views.
  const BufferView kc = p.kvHeads ? kCache : q, vc = p.kvHeads ? vCache : q;
  ctx.rec.dispatch(pipe,
                   {gpu::in(qkv), gpu::in(wq), gpu::in(p.kvHeads ? wk : wq), gpu::in(cosSin), gpu::out(q), gpu::out(kc),
                    gpu::out(vc), gpu::in(step)},
                   push, p.qHeads + 2 * p.kvHeads, p.tokens);
}

namespace ref {
void qkvNormRope(const float* qkv, const float* wq, const float* wk, const float* cosSin, float* q, float* kCache,
                 float* vCache, uint32_t position, const QkvNormRopeParams& p) {
  const uint32_t hd = p.headDim, stride = strideOf(p);
  for (uint32_t t = 0; t < p.tokens; ++t) {
    for (uint32_t s = 0; s < p.qHeads + 2 * p.kvHeads; ++s) {
      const float* src = qkv + size_t(t) * stride + size_t(s) * hd;
      double ss = 0;
      for (uint32_t i = 0; i < hd; ++i) ss += double(src[i]) * src[i];
      const float inv = float(1.0 / std::sqrt(ss / hd + p.eps));
      const bool isQ = s < p.qHeads, isV = s >= p.qHeads + p.kvHeads;
      const float* w = isQ ? wq : wk;
      float* dst = isQ ? q + (size_t(t) * p.qHeads + s) * hd
                       : (isV ? vCache : kCache) + (size_t(position + t) * p.kvHeads + (s - p.qHeads - (isV ? p.kvHeads : 0))) * hd;
      for (uint32_t i = 0; i < hd; ++i) dst[i] = isV ? src[i] * inv : src[i] * inv * w[i];
      if (isV) continue;
      const RopeParams rp{1, 1, hd, p.rotatedPairs, 0};
      ref::rope(dst, cosSin + size_t(t) * p.rotatedPairs * 2, rp);
    }
  }
}
}  // namespace ref

void addQkvNormRopeChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* name;
    uint32_t tokens, qHeads, kvHeads, headDim, rotatedPairs, position, capacity;
    float theta;
  };
  // E2B sliding (8 q heads, 1 KV head, hd 256, all pairs) and full (hd 512, 64 pairs) decode
  // steps deep in the cache, a KV-shared layer (q only), and a tiny-fixture-like prefill chunk.
  const Case cases[] = {
      {"decode hd256", 1, 8, 1, 256, 128, 700, 1024, 1e4f},
      {"decode hd512 partial", 1, 8, 1, 512, 64, 37, 64, 1e6f},
      {"kv-shared hd256", 1, 8, 0, 256, 128, 5, 16, 1e4f},
      {"chunk 7 tokens 4q 2kv hd16", 7, 4, 2, 16, 8, 3, 12, 1e4f},
  };
  for (const Case& k : cases) {
    list.push_back({"rope", "qkv-norm-rope", k.name, [k](gpu::Device& dev, uint64_t seed) {
                      const QkvNormRopeParams p{k.tokens, k.qHeads, k.kvHeads, k.headDim, k.rotatedPairs, 0, 1, 1e-6f};
                      const uint32_t hd = k.headDim, stride = (k.qHeads + 2 * k.kvHeads) * hd;
                      std::vector<int32_t> pos(k.tokens);
                      for (uint32_t t = 0; t < k.tokens; ++t) pos[t] = int32_t(k.position + t);
                      const auto table = ropeTable(pos, ropeInverseFrequencies(k.theta, hd, k.rotatedPairs));
                      auto qkv = randomFloats(size_t(k.tokens) * stride, seed, -3.0f, 3.0f);
                      auto wq = randomFloats(hd, seed + 1, 0.5f, 1.5f), wk = randomFloats(hd, seed + 2, 0.5f, 1.5f);
                      const size_t cacheN = size_t(std::max(k.kvHeads, 1u)) * k.capacity * hd;
                      auto kc = randomFloats(cacheN, seed + 3), vc = randomFloats(cacheN, seed + 4);
                      const uint32_t step[2] = {12345u, k.position};  // the position at stepIndex 1
                      auto bqkv = uploadFloats(dev, qkv, "qkv"), bwq = uploadFloats(dev, wq, "wq");
                      auto bwk = uploadFloats(dev, wk, "wk"), bt = uploadFloats(dev, table, "cosSin");
                      auto bkc = uploadFloats(dev, kc, "k cache"), bvc = uploadFloats(dev, vc, "v cache");
                      auto bstep = uploadBytes(dev, step, sizeof step, "step");
                      auto bq = outputFloats(dev, size_t(k.tokens) * k.qHeads * hd, "q");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        qkvNormRope(c, bqkv.view(), bwq.view(), bwk.view(), bt.view(), bq.view(), bkc.view(), bvc.view(),
                                    bstep.view(), p);
                      });
                      std::vector<float> q(size_t(k.tokens) * k.qHeads * hd);
                      ref::qkvNormRope(qkv.data(), wq.data(), wk.data(), table.data(), q.data(), kc.data(), vc.data(),
                                       k.position, p);
                      // rmsnorm (1e-5) followed by two products and a sum per rotated value; the
                      // cache rows outside the written ones must be unchanged (compared whole).
                      CheckResult r = compare(downloadFloats(dev, bq.view()), q, 1e-5);
                      if (r.pass && k.kvHeads) r = compare(downloadFloats(dev, bkc.view()), kc, 1e-5);
                      if (r.pass && k.kvHeads) r = compare(downloadFloats(dev, bvc.view()), vc, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
