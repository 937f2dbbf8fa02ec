#include "inference/ops/AvgPool2d.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t c, h, w, outH, outW, k;
  float scale;
  ImageStrides x, y;
};
constexpr uint32_t kGroup = 64;
constexpr uint32_t kMaxGroups = 65535;
}  // namespace

void avgPool2d(OpContext& ctx, BufferView x, BufferView y, const AvgPool2dParams& p) {
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"avgpool2d", 2, sizeof(Push), {kGroup}});
  const uint32_t oh = p.outH(), ow = p.outW();
  const Push push{p.c,     p.h, p.w, oh, ow, p.k, p.scale, imageStrides(p.inLayout, p.c, p.h, p.w),
                  imageStrides(p.outLayout, p.c, oh, ow)};
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::out(y)}, push, std::min(groupsFor(p.c, kGroup), kMaxGroups),
                   std::min(oh * ow, kMaxGroups));
}

namespace ref {
void avgPool2d(const float* x, float* y, const AvgPool2dParams& p) {
  const uint32_t oh = p.outH(), ow = p.outW();
  const ImageStrides xs = imageStrides(p.inLayout, p.c, p.h, p.w);
  const ImageStrides ys = imageStrides(p.outLayout, p.c, oh, ow);
  for (uint32_t c = 0; c < p.c; ++c) {
    for (uint32_t oy = 0; oy < oh; ++oy) {
      for (uint32_t ox = 0; ox < ow; ++ox) {
        double s = 0;
        for (uint32_t iy = oy * p.k; iy < std::min(oy * p.k + p.k, p.h); ++iy) {
          for (uint32_t ix = ox * p.k; ix < std::min(ox * p.k + p.k, p.w); ++ix) {
            s += x[c * xs.c + iy * xs.y + ix * xs.x];
          }
        }
        y[c * ys.c + oy * ys.y + ox * ys.x] = float(s / (double(p.k) * p.k) * p.scale);
      }
    }
  }
}
}  // namespace ref

void addPoolChecks(CheckList& list, const gpu::DeviceInfo&) {
  using L = ImageLayout;
  struct Case {
    const char* what;
    AvgPool2dParams p;
  };
  // {c, h, w, k, scale, in, out}
  const Case cases[] = {
      // E2B, budget 280, square image: 768² pixels -> 48x48 patches -> 16x16 = 256 soft tokens.
      {"e2b-square", {768, 48, 48, 3, std::sqrt(768.0f), L::HWC, L::HWC}},
      // 26B/31B, budget 70, 16:9 frame: 288x528 -> 18x33 patches -> 6x11 = 66 tokens.
      {"26b-16:9", {1152, 18, 33, 3, std::sqrt(1152.0f), L::HWC, L::HWC}},
      // Tiny model (hidden 32), 4:3-ish grid: 21x27 -> 7x9.
      {"tiny", {32, 21, 27, 3, std::sqrt(32.0f), L::HWC, L::HWC}},
      // Grid not divisible by k: partial windows at the bottom and right edges still divide by 9.
      {"partial", {5, 10, 8, 3, 1.0f, L::HWC, L::HWC}},
      // Channel-first, other k, odd everything.
      {"chw", {3, 7, 11, 2, 1.0f, L::CHW, L::CHW}},
  };
  for (const Case& k : cases) {
    const AvgPool2dParams& p = k.p;
    const std::string shape = std::string(k.what) + " " + std::to_string(p.h) + "x" + std::to_string(p.w) + "x" +
                              std::to_string(p.c) + " k" + std::to_string(p.k) + " -> " + std::to_string(p.outH()) +
                              "x" + std::to_string(p.outW()) + (p.inLayout == L::CHW ? " chw" : " hwc");
    list.push_back({"avgpool2d", "portable", shape, [p](gpu::Device& dev, uint64_t seed) {
                      const size_t nOut = size_t(p.c) * p.outH() * p.outW();
                      auto x = randomFloats(size_t(p.c) * p.h * p.w, seed, -3.0f, 3.0f);
                      auto bx = uploadFloats(dev, x, "x");
                      auto by = outputFloats(dev, nOut, "y");
                      const double ms =
                          recordAndTime(dev, [&](OpContext& c) { avgPool2d(c, bx.view(), by.view(), p); });
                      std::vector<float> want(nOut);
                      ref::avgPool2d(x.data(), want.data(), p);
                      CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
