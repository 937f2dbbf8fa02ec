#include "inference/ops/ClippedLinear.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/ops/Elementwise.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

bool ClipBounds::clampsInput() const { return !(std::isinf(inMin) && inMin < 0 && std::isinf(inMax) && inMax > 0); }
bool ClipBounds::clampsOutput() const {
  return !(std::isinf(outMin) && outMin < 0 && std::isinf(outMax) && outMax > 0);
}
ClipBounds ClipBounds::withoutInputClamp() const {
  ClipBounds b = *this;
  b.inMin = -std::numeric_limits<float>::infinity();
  b.inMax = std::numeric_limits<float>::infinity();
  return b;
}

void clippedLinear(OpContext& ctx, BufferView x, BufferView scratch, const WeightView& w, BufferView y,
                   const MatmulParams& p, const ClipBounds& b, Variant variant) {
  if (p.accumulate) throw std::invalid_argument("clippedLinear: accumulate is not supported (the output is clamped)");
  BufferView in = x;
  if (b.clampsInput()) {
    if (scratch.size < uint64_t(p.M) * p.K * 4) throw std::invalid_argument("clippedLinear: scratch smaller than M x K");
    elementwise(ctx, EwOp::Clamp, x, {}, scratch, {p.M, p.K}, b.inMin, b.inMax);
    in = scratch;
  }
  matmul(ctx, in, w, {}, y, p, variant);
  if (b.clampsOutput()) {
    const uint32_t ldy = p.ldy ? p.ldy : p.N;
    elementwise(ctx, EwOp::Clamp, y, {}, y, {p.M, p.N, ldy, 0, ldy}, b.outMin, b.outMax);
  }
}

namespace ref {
void clippedLinear(const float* x, const float* w, float* y, const MatmulParams& p, const ClipBounds& b) {
  std::vector<float> xc(x, x + size_t(p.M) * p.K);
  for (float& v : xc) v = std::clamp(v, b.inMin, b.inMax);
  matmul(xc.data(), w, nullptr, y, p);
  const uint32_t ldy = p.ldy ? p.ldy : p.N;
  for (uint32_t m = 0; m < p.M; ++m) {
    for (uint32_t n = 0; n < p.N; ++n) y[size_t(m) * ldy + n] = std::clamp(y[size_t(m) * ldy + n], b.outMin, b.outMax);
  }
}
}  // namespace ref

void addClippedLinearChecks(CheckList& list, const gpu::DeviceInfo& device) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  struct Case {
    const char* name;
    uint32_t M, N, K, ldy;
    ClipBounds b;
  };
  // x ~ U(-3, 3) and W ~ U(-1, 1)/sqrt(K)·sqrt(3): outputs of std ~1.7, so bounds of ±1..2 clip
  // a good share of both inputs and outputs (like the fixtures' 3 %/97 % quantile bounds).
  const Case cases[] = {
      {"q_proj tiny 2340x32x32", 2340, 32, 32, 0, {-2.16f, 2.01f, -2.14f, 2.06f}},
      {"gate_proj E2B-like 300x3072x768", 300, 3072, 768, 0, {-1.9f, 1.7f, -1.8f, 1.8f}},
      {"decode row (matvec) 1x256x128", 1, 256, 128, 0, {-1.0f, 1.5f, -0.5f, 0.7f}},
      {"input clamp only", 40, 64, 96, 0, {-0.5f, 0.5f, -inf, inf}},
      {"output clamp only, ldy 80", 33, 48, 64, 80, {-inf, inf, -0.3f, 0.4f}},
      {"no clamps (26B/31B)", 20, 72, 72, 0, {}},
  };
  for (const Case& k : cases) {
    for (DType wt : {DType::F32, DType::BF16}) {
      if (!matmulSupported(device, Variant::Portable, wt)) continue;
      const std::string shape = std::string(k.name) + (wt == DType::F32 ? " f32w" : " bf16w");
      list.push_back({"clippedlinear", "portable", shape, [k, wt](gpu::Device& dev, uint64_t seed) {
                        MatmulParams p{k.M, k.N, k.K, k.ldy, false};
                        const uint32_t ldy = k.ldy ? k.ldy : k.N;
                        auto x = randomFloats(size_t(k.M) * k.K, seed, -3.0f, 3.0f);
                        const float a = float(std::sqrt(3.0 / k.K));
                        std::vector<float> widened;
                        auto bw = uploadWeights(dev, randomFloats(size_t(k.N) * k.K, seed + 1, -a, a), wt, "w", widened);
                        auto bx = uploadFloats(dev, x, "x");
                        auto bs = outputFloats(dev, size_t(k.M) * k.K, "scratch");
                        // Row padding (ldy > N) must stay as it was.
                        std::vector<float> want(size_t(k.M - 1) * ldy + k.N, 0.25f);
                        auto by = uploadFloats(dev, want, "y");
                        const double ms = recordAndTime(dev, [&](OpContext& c) {
                          clippedLinear(c, bx.view(), bs.view(), {bw.view(), wt}, by.view(), p, k.b, Variant::Portable);
                        });
                        ref::clippedLinear(x.data(), widened.data(), want.data(), p, k.b);
                        CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
                        if (r.pass) {  // x must be untouched
                          const auto xAfter = downloadFloats(dev, bx.view());
                          if (!std::equal(xAfter.begin(), xAfter.end(), x.begin())) {
                            r.pass = false;
                            r.note = "the input was modified";
                          }
                        }
                        r.milliseconds = ms;
                        return r;
                      }});
    }
  }
}

}  // namespace gwb::ops
