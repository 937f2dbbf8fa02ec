// conv2d (Conv2d.h) and dwconv1d (DepthwiseConv1d.h): entry points, references and checks.
#include <algorithm>
#include <string>

#include "inference/ops/Conv2d.h"
#include "inference/ops/DepthwiseConv1d.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Conv2dPush {
  uint32_t cIn, h, w, cOut, outH, outW, kH, kW, strideH, strideW, padTop, padLeft, hasBias;
  ImageStrides x, y;
};
struct DwPush {
  uint32_t t, c, k, xStride, yStride, hasBias;
};
constexpr uint32_t kConvGroup = 64;
constexpr uint32_t kConvBlock = 8;  // output channels per invocation (CO_BLOCK in conv2d.comp)
constexpr uint32_t kDwGroup = 64;
constexpr uint32_t kMaxGroups = 65535;

// Shader variant for a weight storage type: "conv2d", "conv2d_f16", "conv2d_bf16".
std::string variantFor(const char* base, DType t) {
  return t == DType::F32 ? std::string(base) : std::string(base) + "_" + std::string(gpu::dtypeName(t));
}
std::string tagFor(DType t) { return t == DType::F32 ? "portable" : std::string(gpu::dtypeName(t)) + "w"; }
}  // namespace

void conv2d(OpContext& ctx, BufferView x, const WeightView& weight, BufferView bias, BufferView y,
            const Conv2dParams& p) {
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({variantFor("conv2d", weight.dtype), 4, sizeof(Conv2dPush), {kConvGroup}});
  const uint32_t oh = p.outH(), ow = p.outW();
  const Conv2dPush push{p.cIn,     p.h,       p.w,      p.cOut,      oh,
                        ow,        p.kH,      p.kW,     p.strideH,   p.strideW,
                        p.padTop,  p.padLeft, bias ? 1u : 0u,
                        imageStrides(p.inLayout, p.cIn, p.h, p.w), imageStrides(p.outLayout, p.cOut, oh, ow)};
  const uint32_t gx = std::min(groupsFor(uint64_t(oh) * ow, kConvGroup), kMaxGroups);
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(weight.view), gpu::in(bias ? bias : x), gpu::out(y)}, push, gx,
                   groupsFor(p.cOut, kConvBlock));
}

void dwConv1d(OpContext& ctx, BufferView x, const WeightView& weight, BufferView bias, BufferView y,
              const DwConv1dParams& p) {
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({variantFor("dwconv1d", weight.dtype), 4, sizeof(DwPush), {kDwGroup}});
  const DwPush push{p.t, p.c, p.k, p.xStride ? p.xStride : p.c, p.yStride ? p.yStride : p.c, bias ? 1u : 0u};
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(weight.view), gpu::in(bias ? bias : x), gpu::out(y)}, push,
                   std::min(groupsFor(p.c, kDwGroup), kMaxGroups), std::min(p.t, kMaxGroups));
}

namespace ref {

void conv2d(const float* x, const float* w, const float* bias, float* y, const Conv2dParams& p) {
  const uint32_t oh = p.outH(), ow = p.outW();
  const ImageStrides xs = imageStrides(p.inLayout, p.cIn, p.h, p.w);
  const ImageStrides ys = imageStrides(p.outLayout, p.cOut, oh, ow);
  for (uint32_t co = 0; co < p.cOut; ++co) {
    for (uint32_t oy = 0; oy < oh; ++oy) {
      for (uint32_t ox = 0; ox < ow; ++ox) {
        double acc = bias ? bias[co] : 0.0;
        for (uint32_t ci = 0; ci < p.cIn; ++ci) {
          for (uint32_t ky = 0; ky < p.kH; ++ky) {
            const int64_t iy = int64_t(oy) * p.strideH + ky - p.padTop;
            if (iy < 0 || iy >= p.h) continue;
            for (uint32_t kx = 0; kx < p.kW; ++kx) {
              const int64_t ix = int64_t(ox) * p.strideW + kx - p.padLeft;
              if (ix < 0 || ix >= p.w) continue;
              acc += double(w[((size_t(co) * p.cIn + ci) * p.kH + ky) * p.kW + kx]) *
                     x[ci * xs.c + size_t(iy) * xs.y + size_t(ix) * xs.x];
            }
          }
        }
        y[co * ys.c + oy * ys.y + ox * ys.x] = float(acc);
      }
    }
  }
}

void dwConv1d(const float* x, const float* w, const float* bias, float* y, const DwConv1dParams& p) {
  const uint32_t xs = p.xStride ? p.xStride : p.c, ys = p.yStride ? p.yStride : p.c;
  for (uint32_t t = 0; t < p.t; ++t) {
    for (uint32_t c = 0; c < p.c; ++c) {
      double acc = bias ? bias[c] : 0.0;
      for (uint32_t k = 0; k < p.k; ++k) {
        const int64_t src = int64_t(t) - (p.k - 1) + k;  // causal: left padding of K - 1 zeros
        if (src >= 0) acc += double(w[size_t(c) * p.k + k]) * x[size_t(src) * xs + c];
      }
      y[size_t(t) * ys + c] = float(acc);
    }
  }
}

}  // namespace ref

namespace {

const char* layoutName(ImageLayout l) { return l == ImageLayout::CHW ? "chw" : "hwc"; }

CheckResult runConv2dCheck(gpu::Device& dev, uint64_t seed, const Conv2dParams& p, DType wt, bool withBias) {
  const size_t nOut = size_t(p.cOut) * p.outH() * p.outW();
  auto x = randomFloats(size_t(p.cIn) * p.h * p.w, seed, -2.0f, 2.0f);
  auto w = randomFloats(size_t(p.cOut) * p.cIn * p.kH * p.kW, seed + 1, -0.5f, 0.5f);
  auto b = randomFloats(p.cOut, seed + 2, -1.0f, 1.0f);
  std::vector<float> wSeen;
  auto bx = uploadFloats(dev, x, "x");
  auto bw = uploadWeights(dev, w, wt, "w", wSeen);
  auto bb = uploadFloats(dev, b, "bias");
  auto by = outputFloats(dev, nOut, "y");
  const double ms = recordAndTime(dev, [&](OpContext& c) {
    conv2d(c, bx.view(), {bw.view(), wt}, withBias ? bb.view() : BufferView{}, by.view(), p);
  });
  std::vector<float> want(nOut);
  ref::conv2d(x.data(), wSeen.data(), withBias ? b.data() : nullptr, want.data(), p);
  CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
  r.milliseconds = ms;
  return r;
}

CheckResult runDwCheck(gpu::Device& dev, uint64_t seed, const DwConv1dParams& p, DType wt, bool withBias) {
  const uint32_t xs = p.xStride ? p.xStride : p.c, ys = p.yStride ? p.yStride : p.c;
  auto x = randomFloats(size_t(p.t - 1) * xs + p.c, seed, -3.0f, 3.0f);
  auto w = randomFloats(size_t(p.c) * p.k, seed + 1, -1.0f, 1.0f);
  auto b = randomFloats(p.c, seed + 2, -1.0f, 1.0f);
  const size_t ny = size_t(p.t - 1) * ys + p.c;
  std::vector<float> wSeen;
  auto bx = uploadFloats(dev, x, "x");
  auto bw = uploadWeights(dev, w, wt, "w", wSeen);
  auto bb = uploadFloats(dev, b, "bias");
  // Gaps between strided rows must stay untouched: pre-fill them (and the reference) with 0.5.
  auto by = uploadFloats(dev, std::vector<float>(ny, 0.5f), "y");
  const double ms = recordAndTime(dev, [&](OpContext& c) {
    dwConv1d(c, bx.view(), {bw.view(), wt}, withBias ? bb.view() : BufferView{}, by.view(), p);
  });
  std::vector<float> want(ny, 0.5f);
  ref::dwConv1d(x.data(), wSeen.data(), withBias ? b.data() : nullptr, want.data(), p);
  CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
  r.milliseconds = ms;
  return r;
}

}  // namespace

void addConvChecks(CheckList& list, const gpu::DeviceInfo&) {
  using L = ImageLayout;
  struct Conv2dCase {
    const char* what;
    Conv2dParams p;
    DType wt;
    bool bias;
  };
  // {cIn, h, w, cOut, kH, kW, sH, sW, padTop, padBottom, padLeft, padRight, in, out}
  const Conv2dCase convCases[] = {
      // Audio layer0 on 299 mel frames (odd T): [1, 299, 128] -> [128, 150, 64].
      {"audio-l0", {1, 299, 128, 128, 3, 3, 2, 2, 1, 1, 1, 1, L::CHW, L::HWC}, DType::F32, false},
      // Tiny-model layer1 on that output, channel-last in and out: [128, 150, 64] -> [8, 75, 32].
      {"audio-l1-tiny", {128, 150, 64, 8, 3, 3, 2, 2, 1, 1, 1, 1, L::HWC, L::HWC}, DType::F32, false},
      // E2B layer1 (128 -> 32) from a bf16 checkpoint, odd grid: [128, 37, 21] -> [32, 19, 11].
      {"audio-l1", {128, 37, 21, 32, 3, 3, 2, 2, 1, 1, 1, 1, L::HWC, L::HWC}, DType::BF16, false},
      // General geometry: 3x5 kernel, strides (1, 2), asymmetric padding, bias, cOut not a block multiple.
      {"generic", {5, 13, 17, 7, 3, 5, 1, 2, 0, 2, 2, 1, L::CHW, L::CHW}, DType::F16, true},
      // Patch-embedding geometry: 16x16 stride 16 over a [3, 48, 80] image, 33 channels, bias.
      {"patch16", {3, 48, 80, 33, 16, 16, 16, 16, 0, 0, 0, 0, L::CHW, L::HWC}, DType::F32, true},
  };
  for (const Conv2dCase& k : convCases) {
    const Conv2dParams& p = k.p;
    const std::string shape = std::string(k.what) + " " + std::to_string(p.cIn) + "x" + std::to_string(p.h) + "x" +
                              std::to_string(p.w) + " -> " + std::to_string(p.cOut) + "x" +
                              std::to_string(p.outH()) + "x" + std::to_string(p.outW()) + " k" +
                              std::to_string(p.kH) + "x" + std::to_string(p.kW) + " " + layoutName(p.inLayout) +
                              "->" + layoutName(p.outLayout) + (k.bias ? " bias" : "");
    list.push_back({"conv2d", tagFor(k.wt), shape,
                    [k](gpu::Device& dev, uint64_t seed) { return runConv2dCheck(dev, seed, k.p, k.wt, k.bias); }});
  }

  struct DwCase {
    DwConv1dParams p;
    DType wt;
    bool bias;
  };
  // {t, c, k, xStride, yStride}
  const DwCase dwCases[] = {
      {{37, 1024, 5, 0, 0}, DType::F32, false},    // E2B light conv
      {{25, 1024, 5, 0, 0}, DType::BF16, false},   // E2B, bf16 checkpoint weights
      {{151, 33, 5, 40, 35}, DType::F32, true},    // odd sizes, strided rows, bias
      {{3, 32, 5, 0, 0}, DType::F32, false},       // T < K - 1: every row reads padding (tiny model width)
      {{9, 7, 3, 0, 0}, DType::F16, true},         // other kernel size
  };
  for (const DwCase& k : dwCases) {
    const DwConv1dParams& p = k.p;
    std::string shape = "T" + std::to_string(p.t) + " C" + std::to_string(p.c) + " K" + std::to_string(p.k);
    if (p.xStride || p.yStride) shape += " strides " + std::to_string(p.xStride) + "/" + std::to_string(p.yStride);
    if (k.bias) shape += " bias";
    list.push_back({"dwconv1d", tagFor(k.wt), shape,
                    [k](gpu::Device& dev, uint64_t seed) { return runDwCheck(dev, seed, k.p, k.wt, k.bias); }});
  }
}

}  // namespace gwb::ops
