#include "inference/ops/ClippedGate.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/ops/Elementwise.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t n, mode;
  float aMin, aMax, bMin, bMax, yMin, yMax;
};
constexpr uint32_t kGroup = 256;
}  // namespace

void clippedGate(OpContext& ctx, BufferView a, BufferView b, BufferView y, const ClippedGateParams& p) {
  const bool usesB = p.kind != GateKind::Silu;
  if (!a || !y || (usesB && !b)) throw std::invalid_argument("clippedGate: a, y (and b unless Silu) are required");
  const bool halfY = p.yType == gpu::DType::F16;
  if (!halfY && p.yType != gpu::DType::F32) throw std::invalid_argument("clippedGate: y is f32 or f16");
  if (halfY && (y.overlaps(a) || (usesB && y.overlaps(b)))) {
    throw std::invalid_argument("clippedGate: an f16 y must not overlap a or b");
  }
  const uint64_t bytes = uint64_t(p.n) * 4;
  if (a.size < bytes || y.size < (halfY ? bytes / 2 : bytes) || (usesB && b.size < bytes)) {
    throw std::invalid_argument("clippedGate: a view is smaller than n = " + std::to_string(p.n) + " values");
  }
  if (p.n == 0) return;
  const char* shader = halfY ? "clipped_gate_f16y" : "clipped_gate";
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({shader, 3, sizeof(Push), {kGroup}});
  const Push push{p.n, uint32_t(p.kind), p.aMin, p.aMax, p.bMin, p.bMax, p.yMin, p.yMax};
  const uint32_t groups = std::min<uint32_t>(groupsFor((uint64_t(p.n) + 3) / 4, kGroup), 65535);
  ctx.rec.dispatch(pipe, {gpu::in(a), gpu::in(usesB ? b : a), gpu::out(y)}, push, groups);
}

namespace ref {
void clippedGate(const float* a, const float* b, float* y, const ClippedGateParams& p) {
  for (uint32_t i = 0; i < p.n; ++i) {
    const float av = std::clamp(a[i], p.aMin, p.aMax);
    float v = 0;
    switch (p.kind) {
      case GateKind::GeluMul: v = geluTanh(av) * std::clamp(b[i], p.bMin, p.bMax); break;
      case GateKind::Silu: v = float(double(av) / (1.0 + std::exp(-double(av)))); break;
      case GateKind::Glu: v = float(double(av) / (1.0 + std::exp(-double(std::clamp(b[i], p.bMin, p.bMax))))); break;
    }
    y[i] = std::clamp(v, p.yMin, p.yMax);
  }
}
}  // namespace ref

void addClippedGateChecks(CheckList& list, const gpu::DeviceInfo&) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  struct Case {
    const char* name;
    uint32_t n;
    GateKind kind;
    float aMin, aMax, bMin, bMax, yMin, yMax;
    gpu::DType yType = gpu::DType::F32;
  };
  // a, b ~ U(-3, 3): bounds of about ±2 clip a good share of the inputs and the products.
  const Case cases[] = {
      {"gelu-mul vision MLP 300x3072", 300 * 3072, GateKind::GeluMul, -2.2f, 1.9f, -1.8f, 2.1f, -1.5f, 1.7f},
      {"silu audio FFW 75x4096", 75 * 4096, GateKind::Silu, -2.0f, 2.5f, 0, 0, -0.2f, 1.9f},
      {"glu audio light conv 75x1024", 75 * 1024, GateKind::Glu, -1.7f, 2.0f, -2.3f, 1.6f, -1.2f, 1.4f},
      {"gelu-mul odd length, no clamps", 1001, GateKind::GeluMul, -inf, inf, -inf, inf, -inf, inf},
      // f16 y (the vision tower's down-projection input on tensor-core GPUs); 1001: the scalar tail.
      {"gelu-mul f16 y 300x3072", 300 * 3072, GateKind::GeluMul, -2.2f, 1.9f, -1.8f, 2.1f, -1.5f, 1.7f, DType::F16},
      {"gelu-mul f16 y odd length", 1001, GateKind::GeluMul, -2.2f, 1.9f, -1.8f, 2.1f, -1.5f, 1.7f, DType::F16},
  };
  for (const Case& k : cases) {
    list.push_back({"elementwise", "clipped-gate", k.name, [k](gpu::Device& dev, uint64_t seed) {
                      const ClippedGateParams p{k.n, k.kind, k.aMin, k.aMax, k.bMin, k.bMax, k.yMin, k.yMax, k.yType};
                      const bool halfY = k.yType == gpu::DType::F16;
                      auto a = randomFloats(k.n, seed, -3.0f, 3.0f);
                      auto b = randomFloats(k.n, seed + 1, -3.0f, 3.0f);
                      auto ba = uploadFloats(dev, a, "a");
                      auto bb = uploadFloats(dev, b, "b");
                      auto by = outputFloats(dev, k.n, "y");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        clippedGate(c, ba.view(), k.kind == GateKind::Silu ? BufferView{} : bb.view(), by.view(), p);
                      });
                      std::vector<float> want(k.n);
                      ref::clippedGate(a.data(), b.data(), want.data(), p);
                      CheckResult r = halfY ? compareHalf(dev, by.view(), want, 1e-3)
                                            : compare(downloadFloats(dev, by.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
