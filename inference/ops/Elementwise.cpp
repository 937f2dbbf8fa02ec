#include "inference/ops/Elementwise.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t op, rows, cols, strideA, strideB, strideY;
  float s0, s1;
};
constexpr uint32_t kGroup = 256;

bool usesB(EwOp op) {
  return op == EwOp::Add || op == EwOp::Mul || op == EwOp::AddScale || op == EwOp::Geglu || op == EwOp::MulScale ||
         op == EwOp::Glu;
}
}  // namespace

void elementwise(OpContext& ctx, EwOp op, BufferView a, BufferView b, BufferView y, const EwShape& s, float s0,
                 float s1) {
  if (s.halfY && (y.overlaps(a) || (usesB(op) && y.overlaps(b)))) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "elementwise: an f16 output must not overlap its inputs");
  }
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({s.halfY ? "elementwise_f16y" : "elementwise", 3, sizeof(Push), {kGroup}});
  const uint32_t bStride = s.broadcastB ? 0u : (s.bStride ? s.bStride : s.cols);
  const Push push{uint32_t(op), s.rows, s.cols, s.aStride ? s.aStride : s.cols, bStride,
                  s.yStride ? s.yStride : s.cols, s0, s1};
  const uint32_t gx = std::min<uint32_t>(groupsFor(s.cols, kGroup), 4096);
  const uint32_t gy = std::min<uint32_t>(s.rows, 65535);
  ctx.rec.dispatch(pipe, {gpu::in(a), gpu::in(usesB(op) ? b : a), gpu::out(y)}, push, gx, gy);
}

void add(OpContext& c, BufferView a, BufferView b, BufferView y, uint32_t n) {
  elementwise(c, EwOp::Add, a, b, y, {1, n});
}
void mul(OpContext& c, BufferView a, BufferView b, BufferView y, uint32_t n) {
  elementwise(c, EwOp::Mul, a, b, y, {1, n});
}
void scale(OpContext& c, BufferView x, BufferView y, uint32_t n, float s) {
  elementwise(c, EwOp::Scale, x, {}, y, {1, n}, s);
}
void softcap(OpContext& c, BufferView x, BufferView y, uint32_t n, float cap) {
  elementwise(c, EwOp::Softcap, x, {}, y, {1, n}, cap);
}
void clampValues(OpContext& c, BufferView x, BufferView y, uint32_t n, float lo, float hi) {
  elementwise(c, EwOp::Clamp, x, {}, y, {1, n}, lo, hi);
}
void geluTanh(OpContext& c, BufferView x, BufferView y, uint32_t n) { elementwise(c, EwOp::Gelu, x, {}, y, {1, n}); }
void geglu(OpContext& c, BufferView gate, BufferView up, BufferView y, uint32_t n) {
  elementwise(c, EwOp::Geglu, gate, up, y, {1, n});
}
void toHalf(OpContext& c, BufferView x, BufferView yHalf, uint32_t rows, uint32_t cols) {
  EwShape s{rows, cols};
  s.halfY = true;
  elementwise(c, EwOp::Copy, x, {}, yHalf, s);
}

namespace ref {

float geluTanh(float x) {
  const double k = 0.7978845608028654;
  const double xd = x;
  return float(0.5 * xd * (1.0 + std::tanh(k * (xd + 0.044715 * xd * xd * xd))));
}

void elementwise(EwOp op, const float* a, const float* b, float* y, const EwShape& s, float s0, float s1) {
  const uint32_t as = s.aStride ? s.aStride : s.cols;
  const uint32_t bs = s.broadcastB ? 0u : (s.bStride ? s.bStride : s.cols);
  const uint32_t ys = s.yStride ? s.yStride : s.cols;
  for (uint32_t r = 0; r < s.rows; ++r) {
    for (uint32_t c = 0; c < s.cols; ++c) {
      const float av = a[r * as + c];
      const float bv = usesB(op) ? b[r * bs + c] : 0.0f;
      float v = av;
      switch (op) {
        case EwOp::Add: v = av + bv; break;
        case EwOp::Mul: v = av * bv; break;
        case EwOp::Scale: v = av * s0; break;
        case EwOp::Softcap: v = float(s0 * std::tanh(double(av) / s0)); break;
        case EwOp::Clamp: v = std::clamp(av, s0, s1); break;
        case EwOp::AddScale: v = (av + bv) * s0; break;
        case EwOp::Gelu: v = geluTanh(av); break;
        case EwOp::Geglu: v = geluTanh(av) * bv; break;
        case EwOp::Copy: v = av; break;
        case EwOp::Relu: v = std::max(av, 0.0f); break;
        case EwOp::Silu: v = float(av / (1.0 + std::exp(-double(av)))); break;
        case EwOp::MulScale: v = av * bv * s0; break;
        case EwOp::Glu: v = float(av / (1.0 + std::exp(-double(bv)))); break;
      }
      y[r * ys + c] = v;
    }
  }
}

}  // namespace ref

void addElementwiseChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* family;
    const char* name;
    EwOp op;
    EwShape shape;
    float s0, s1, lo, hi;
  };
  const Case cases[] = {
      {"elementwise", "add", EwOp::Add, {3, 1000}, 0, 0, -2, 2},
      {"elementwise", "mul broadcast", EwOp::Mul, {5, 77, 0, 0, 0, true}, 0, 0, -2, 2},
      {"elementwise", "mul strided", EwOp::Mul, {4, 16, 112, 112, 16, false}, 0, 0, -2, 2},
      {"elementwise", "scale", EwOp::Scale, {1, 4097}, 39.25f, 0, -2, 2},
      {"elementwise", "add-scale", EwOp::AddScale, {6, 33}, 0.70710678f, 0, -2, 2},
      {"softcap", "softcap 30", EwOp::Softcap, {2, 999}, 30.0f, 0, -80, 80},
      {"clamp", "clamp", EwOp::Clamp, {3, 501}, -0.7f, 0.9f, -2, 2},
      {"gelu", "gelu-tanh", EwOp::Gelu, {1, 3001}, 0, 0, -6, 6},
      {"gelu", "geglu", EwOp::Geglu, {7, 191}, 0, 0, -6, 6},
      {"elementwise", "relu", EwOp::Relu, {2, 100}, 0, 0, -2, 2},
      {"elementwise", "silu", EwOp::Silu, {2, 100}, 0, 0, -8, 8},
      {"elementwise", "glu halves", EwOp::Glu, {5, 64, 128, 128, 64, false}, 0, 0, -8, 8},
  };
  for (const Case& k : cases) {
    list.push_back({k.family, "portable",
                    std::string(k.name) + " " + std::to_string(k.shape.rows) + "x" + std::to_string(k.shape.cols),
                    [k](gpu::Device& dev, uint64_t seed) {
                      const EwShape& s = k.shape;
                      const uint32_t as = s.aStride ? s.aStride : s.cols;
                      const uint32_t bs = s.broadcastB ? 0 : (s.bStride ? s.bStride : s.cols);
                      const uint32_t ys = s.yStride ? s.yStride : s.cols;
                      auto a = randomFloats(size_t(s.rows - 1) * as + s.cols, seed, k.lo, k.hi);
                      auto b = randomFloats(size_t(s.rows - 1) * bs + s.cols, seed + 7, k.lo, k.hi);
                      const size_t ny = size_t(s.rows - 1) * ys + s.cols;
                      auto ba = uploadFloats(dev, a, "a");
                      auto bb = uploadFloats(dev, b, "b");
                      auto by = uploadFloats(dev, std::vector<float>(ny, 0.5f), "y");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        elementwise(c, k.op, ba.view(), bb.view(), by.view(), s, k.s0, k.s1);
                      });
                      std::vector<float> want(ny, 0.5f);
                      ref::elementwise(k.op, a.data(), b.data(), want.data(), s, k.s0, k.s1);
                      CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  // f16 outputs (the f16 x of the tensor-core matmul). The copy must round to nearest even, bit
  // for bit as gpu::f32ToF16; GeGLU's f32 value may differ from the double reference by ~1e-5 of
  // max|ref| before rounding, which can move it across a rounding boundary: one f16 ulp (2^-10
  // relative) at most, so 1e-3.
  struct HalfCase {
    const char* name;
    EwOp op;
    EwShape shape;
  };
  const HalfCase halfCases[] = {
      {"to-half", EwOp::Copy, {5, 1001}},
      {"geglu f16 out", EwOp::Geglu, {7, 191, 400, 400, 200}},
  };
  for (const HalfCase& k : halfCases) {
    list.push_back({"elementwise", "f16y",
                    std::string(k.name) + " " + std::to_string(k.shape.rows) + "x" + std::to_string(k.shape.cols),
                    [k](gpu::Device& dev, uint64_t seed) {
                      EwShape s = k.shape;
                      s.halfY = true;
                      const uint32_t as = s.aStride ? s.aStride : s.cols, bs = s.bStride ? s.bStride : s.cols;
                      const uint32_t ys = s.yStride ? s.yStride : s.cols;
                      auto a = randomFloats(size_t(s.rows - 1) * as + s.cols, seed, -3.0f, 3.0f);
                      auto b = randomFloats(size_t(s.rows - 1) * bs + s.cols, seed + 7, -3.0f, 3.0f);
                      const size_t ny = size_t(s.rows - 1) * ys + s.cols;
                      auto ba = uploadFloats(dev, a, "a");
                      auto bb = uploadFloats(dev, b, "b");
                      // Gaps between strided rows start as 1.5 (0x3e00 in both halves) and must stay so.
                      std::vector<float> fill((ny + 1) / 2, std::bit_cast<float>(0x3e003e00u));
                      auto by = uploadFloats(dev, fill, "y (f16)");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        elementwise(c, k.op, ba.view(), bb.view(), by.view(), s);
                      });
                      std::vector<float> want(ny, 1.5f);
                      ref::elementwise(k.op, a.data(), b.data(), want.data(), s, 0, 0);
                      CheckResult r = compareHalf(dev, by.view(), want, k.op == EwOp::Copy ? 0.0 : 1e-3);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
