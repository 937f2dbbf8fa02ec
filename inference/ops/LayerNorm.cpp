#include "inference/ops/LayerNorm.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t rows, dim;
  float eps;
  uint32_t xStride, yStride, hasWeight, hasBias;
};
constexpr uint32_t kGroup = 64;
constexpr uint32_t kMaxGroups = 65535;
}  // namespace

void layerNorm(OpContext& ctx, BufferView x, BufferView weight, BufferView bias, BufferView y,
               const LayerNormParams& p) {
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"layernorm", 4, sizeof(Push), {kGroup}});
  const Push push{p.rows, p.dim, p.eps, p.xStride ? p.xStride : p.dim, p.yStride ? p.yStride : p.dim,
                  weight ? 1u : 0u, bias ? 1u : 0u};
  // One subgroup per row. The shader loops over rows, so this count only needs to be about right
  // (the subgroup size may differ from the reported one); it is never needed for correctness.
  const uint32_t rowsPerGroup = std::max(1u, kGroup / std::max(1u, ctx.device.info().subgroupSize));
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(weight ? weight : x), gpu::in(bias ? bias : x), gpu::out(y)}, push,
                   std::min(groupsFor(p.rows, rowsPerGroup), kMaxGroups));
}

namespace ref {
void layerNorm(const float* x, const float* weight, const float* bias, float* y, const LayerNormParams& p) {
  const uint32_t xs = p.xStride ? p.xStride : p.dim, ys = p.yStride ? p.yStride : p.dim;
  for (uint32_t r = 0; r < p.rows; ++r) {
    const float* xr = x + size_t(r) * xs;
    double mean = 0;
    for (uint32_t i = 0; i < p.dim; ++i) mean += xr[i];
    mean /= p.dim;
    double var = 0;
    for (uint32_t i = 0; i < p.dim; ++i) var += (xr[i] - mean) * (xr[i] - mean);
    const double inv = 1.0 / std::sqrt(var / p.dim + p.eps);
    for (uint32_t i = 0; i < p.dim; ++i) {
      double v = (xr[i] - mean) * inv;
      if (weight) v *= weight[i];
      if (bias) v += bias[i];
      y[size_t(r) * ys + i] = float(v);
    }
  }
}
}  // namespace ref

void addLayerNormChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* what;
    LayerNormParams p;
    bool weight, bias;
    float lo, hi;  // input range; an off-centre range checks the two-pass variance
    bool inPlace = false;
  };
  // {rows, dim, eps, xStride, yStride}
  const Case cases[] = {
      {"audio-l0", {150 * 64, 128, 1e-6f, 0, 0}, true, false, -3, 3},  // 299 frames after layer0
      {"audio-l1-tiny", {75 * 32, 8, 1e-6f, 0, 0}, true, false, -3, 3},
      {"audio-l1", {19 * 11, 32, 1e-6f, 0, 0}, true, false, -1, 3},
      {"affine", {7, 1024, 1e-5f, 0, 0}, true, true, -3, 3},
      {"plain strided", {5, 333, 1e-6f, 340, 337}, false, false, -2, 2},
      {"bias only", {3, 4097, 1e-6f, 0, 0}, false, true, -1, 3},
      {"tiny dim", {13, 3, 1e-6f, 0, 0}, true, true, -2, 2},
      {"in place", {6, 200, 1e-6f, 0, 0}, true, true, -2, 2, true},
  };
  for (const Case& k : cases) {
    const LayerNormParams& p = k.p;
    std::string shape = std::string(k.what) + " " + std::to_string(p.rows) + "x" + std::to_string(p.dim);
    if (p.xStride || p.yStride) shape += " strides " + std::to_string(p.xStride) + "/" + std::to_string(p.yStride);
    shape += k.weight ? (k.bias ? " w+b" : " w") : (k.bias ? " b" : " no-affine");
    if (k.inPlace) shape += " in-place";
    list.push_back({"layernorm", "portable", shape, [k, p](gpu::Device& dev, uint64_t seed) {
                      const uint32_t xs = p.xStride ? p.xStride : p.dim, ys = p.yStride ? p.yStride : p.dim;
                      auto x = randomFloats(size_t(p.rows - 1) * xs + p.dim, seed, k.lo, k.hi);
                      auto w = randomFloats(p.dim, seed + 1, 0.5f, 1.5f);
                      auto b = randomFloats(p.dim, seed + 2, -1.0f, 1.0f);
                      const size_t ny = size_t(p.rows - 1) * ys + p.dim;
                      auto bx = uploadFloats(dev, x, "x");
                      auto bw = uploadFloats(dev, w, "w");
                      auto bb = uploadFloats(dev, b, "b");
                      // Gaps between strided rows must stay untouched: pre-fill them (and the reference).
                      auto by = uploadFloats(dev, std::vector<float>(ny, 0.5f), "y");
                      const BufferView yv = k.inPlace ? bx.view() : by.view();
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        layerNorm(c, bx.view(), k.weight ? bw.view() : BufferView{}, k.bias ? bb.view() : BufferView{},
                                  yv, p);
                      });
                      std::vector<float> want(ny, 0.5f);
                      ref::layerNorm(x.data(), k.weight ? w.data() : nullptr, k.bias ? b.data() : nullptr, want.data(),
                                     p);
                      CheckResult r = compare(downloadFloats(dev, yv), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
