#include "inference/ops/RmsNorm.h"

#include <cmath>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t dim, hasWeight;
  float eps;
  uint32_t xStride, yStride;
};
constexpr uint32_t kGroup = 256;
}  // namespace

void rmsNorm(OpContext& ctx, BufferView x, BufferView weight, BufferView y, const RmsNormParams& p) {
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"rmsnorm", 3, sizeof(Push), {kGroup}});
  const Push push{p.dim, weight ? 1u : 0u, p.eps, p.xStride ? p.xStride : p.dim, p.yStride ? p.yStride : p.dim};
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(weight ? weight : x), gpu::out(y)}, push, p.rows);
}

namespace ref {
void rmsNorm(const float* x, const float* weight, float* y, const RmsNormParams& p) {
  const uint32_t xs = p.xStride ? p.xStride : p.dim, ys = p.yStride ? p.yStride : p.dim;
  for (uint32_t r = 0; r < p.rows; ++r) {
    double ss = 0;
    for (uint32_t i = 0; i < p.dim; ++i) ss += double(x[r * xs + i]) * x[r * xs + i];
    const float inv = float(1.0 / std::sqrt(ss / p.dim + p.eps));
    for (uint32_t i = 0; i < p.dim; ++i) {
      float v = x[r * xs + i] * inv;
      if (weight) v *= weight[i];
      y[r * ys + i] = v;
    }
  }
}
}  // namespace ref

void addRmsNormChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Shape {
    uint32_t rows, dim;
    bool weight;
  };
  for (Shape s : {Shape{1, 64, true}, Shape{7, 300, true}, Shape{40, 16, true}, Shape{3, 2048, false},
                  Shape{5, 1536, true}, Shape{2, 513, false}}) {
    list.push_back({"rmsnorm", "portable",
                    std::to_string(s.rows) + "x" + std::to_string(s.dim) + (s.weight ? "" : " no-weight"),
                    [s](gpu::Device& dev, uint64_t seed) {
                      RmsNormParams p{s.rows, s.dim, 1e-6f, 0, 0};
                      auto x = randomFloats(size_t(s.rows) * s.dim, seed, -3.0f, 3.0f);
                      auto w = randomFloats(s.dim, seed + 1, 0.5f, 1.5f);
                      auto bx = uploadFloats(dev, x, "x");
                      auto bw = uploadFloats(dev, w, "w");
                      auto by = outputFloats(dev, x.size(), "y");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        rmsNorm(c, bx.view(), s.weight ? bw.view() : BufferView{}, by.view(), p);
                      });
                      std::vector<float> want(x.size());
                      ref::rmsNorm(x.data(), s.weight ? w.data() : nullptr, want.data(), p);
                      CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
