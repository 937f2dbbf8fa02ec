#include "inference/ops/Softmax.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t rows, n;
};
constexpr uint32_t kGroup = 256;
}  // namespace

void softmax(OpContext& ctx, BufferView x, BufferView y, uint32_t rows, uint32_t n) {
  if (rows == 0 || n == 0) return;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"softmax", 2, sizeof(Push), {kGroup}});
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::out(y)}, Push{rows, n}, std::min<uint32_t>(rows, 65535));
}

namespace ref {
void softmax(const float* x, float* y, uint32_t rows, uint32_t n) {
  for (uint32_t r = 0; r < rows; ++r) {
    const float* xr = x + size_t(r) * n;
    float* yr = y + size_t(r) * n;
    const double m = *std::max_element(xr, xr + n);
    double sum = 0;
    for (uint32_t i = 0; i < n; ++i) sum += std::exp(double(xr[i]) - m);
    for (uint32_t i = 0; i < n; ++i) yr[i] = float(std::exp(double(xr[i]) - m) / sum);
  }
}
}  // namespace ref

void addSoftmaxChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Shape {
    uint32_t rows, n;
    bool inPlace;
  };
  // n = 1 (all ones), 7 (fewer columns than invocations), odd widths, a 262144-wide vocab row.
  for (Shape s : {Shape{3, 1, false}, Shape{5, 7, true}, Shape{40, 1000, false}, Shape{2, 4099, true},
                  Shape{1, 262144, true}}) {
    list.push_back({"softmax", "portable",
                    std::to_string(s.rows) + "x" + std::to_string(s.n) + (s.inPlace ? " in place" : ""),
                    [s](gpu::Device& dev, uint64_t seed) {
                      // logits in [-12, 12]: probabilities spread over ~10 orders of magnitude
                      auto x = randomFloats(size_t(s.rows) * s.n, seed, -12.0f, 12.0f);
                      auto bx = uploadFloats(dev, x, "x");
                      auto by = outputFloats(dev, x.size(), "y");
                      const BufferView out = s.inPlace ? bx.view() : by.view();
                      const double ms =
                          recordAndTime(dev, [&](OpContext& c) { softmax(c, bx.view(), out, s.rows, s.n); });
                      std::vector<float> want(x.size());
                      ref::softmax(x.data(), want.data(), s.rows, s.n);
                      // f32 exp and a sum of up to 262144 terms (tree-shaped: per invocation, then
                      // per workgroup): relative error a few ulp, relative to the largest value.
                      CheckResult r = compare(downloadFloats(dev, out), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
