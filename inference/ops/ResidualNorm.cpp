#include "inference/ops/ResidualNorm.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace gwb::ops {

namespace {
struct Push {
  uint32_t dim, hasNext;
  float eps, scalar;
};
constexpr uint32_t kGroup = 256;
}  // namespace

void residualNorm(OpContext& ctx, BufferView a, BufferView wa, BufferView h, BufferView wx, BufferView x,
                  const ResidualNormParams& p) {
  if (!a || !wa || !h) throw std::invalid_argument("residualNorm: a, wa and h are required");
  const bool next = bool(wx);
  if (next && !x) throw std::invalid_argument("residualNorm: wx given without x");
  if (p.xType != gpu::DType::F32 && p.xType != gpu::DType::F16) {
    throw std::invalid_argument("residualNorm: x must be f32 or f16");
  }
  const char* shader = p.xType == gpu::DType::F16 ? "residual_norm_f16x" : "residual_norm";
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({shader, 5, sizeof(Push), {kGroup}});
  const Push push{p.dim, next ? 1u : 0u, p.eps, p.scalar};
  // Without a next norm, x and wx are bound to h / wa and never touched.
  ctx.rec.dispatch(pipe, {gpu::in(a), gpu::in(wa), gpu::inout(h), gpu::in(next ? wx : wa), gpu::out(next ? x : h)},
                   push, p.rows);
}

namespace ref {
void residualNorm(const float* a, const float* wa, float* h, const float* wx, float* x, const ResidualNormParams& p) {
  for (uint32_t r = 0; r < p.rows; ++r) {
    const float* ar = a + size_t(r) * p.dim;
    float* hr = h + size_t(r) * p.dim;
    double ss = 0;
    for (uint32_t i = 0; i < p.dim; ++i) ss += double(ar[i]) * ar[i];
    const double invA = 1.0 / std::sqrt(ss / p.dim + p.eps);
    double ssH = 0;
    for (uint32_t i = 0; i < p.dim; ++i) {
      hr[i] = float((double(hr[i]) + double(ar[i]) * invA * wa[i]) * p.scalar);
      ssH += double(hr[i]) * hr[i];
    }
    if (!wx) continue;
    const double invH = 1.0 / std::sqrt(ssH / p.dim + p.eps);
    for (uint32_t i = 0; i < p.dim; ++i) x[size_t(r) * p.dim + i] = float(hr[i] * invH * wx[i]);
  }
}
}  // namespace ref

void addResidualNormChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Shape {
    uint32_t rows, dim;
    bool next;
    float scalar;
    bool halfX = false;
  };
  // Decode (1 row) at E2B / E4B widths, prefill-like rows, odd widths, with and without the next
  // norm and the layer scalar; x in f16 (prefill) on the fast path (E2B / E4B widths) and on the
  // general loop (odd widths).
  for (Shape s : {Shape{1, 1536, true, 1.0f}, Shape{1, 2560, false, 1.0f}, Shape{1, 1536, true, 0.37f},
                  Shape{9, 300, true, 1.0f}, Shape{5, 64, false, 2.5f}, Shape{3, 513, true, 0.8f},
                  Shape{7, 1536, true, 0.37f, true}, Shape{4, 2560, true, 1.0f, true},
                  Shape{3, 513, true, 0.8f, true}}) {
    std::string name = std::to_string(s.rows) + "x" + std::to_string(s.dim) + (s.next ? " next-norm" : "");
    if (s.scalar != 1.0f) name += " scalar";
    if (s.halfX) name += " x-f16";
    list.push_back({"rmsnorm", "residual", name, [s](gpu::Device& dev, uint64_t seed) {
                      const ResidualNormParams p{s.rows, s.dim, 1e-6f, s.scalar,
                                                 s.halfX ? gpu::DType::F16 : gpu::DType::F32};
                      const size_t n = size_t(s.rows) * s.dim;
                      auto a = randomFloats(n, seed, -3.0f, 3.0f);
                      auto h = randomFloats(n, seed + 1, -2.0f, 2.0f);
                      auto wa = randomFloats(s.dim, seed + 2, 0.5f, 1.5f);
                      auto wx = randomFloats(s.dim, seed + 3, 0.5f, 1.5f);
                      auto ba = uploadFloats(dev, a, "a"), bh = uploadFloats(dev, h, "h");
                      auto bwa = uploadFloats(dev, wa, "wa"), bwx = uploadFloats(dev, wx, "wx");
                      auto bx = outputFloats(dev, n, "x");  // f16 x uses its first half
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        residualNorm(c, ba.view(), bwa.view(), bh.view(), s.next ? bwx.view() : BufferView{},
                                     s.next ? bx.view() : BufferView{}, p);
                      });
                      std::vector<float> x(n, 0.0f);
                      ref::residualNorm(a.data(), wa.data(), h.data(), s.next ? wx.data() : nullptr, x.data(), p);
                      // f32 sums of <= 2560 squares and a few products per value: 1e-5 relative
                      // (the rmsnorm bound), for h and x alike; f16 x: its rounding (compareHalf).
                      CheckResult r = compare(downloadFloats(dev, bh.view()), h, 1e-5);
                      if (s.next && r.pass) {
                        r = s.halfX ? compareHalf(dev, bx.view(), x, 1e-3)
                                    : compare(downloadFloats(dev, bx.view()), x, 1e-5);
                      }
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
