#include "inference/ops/ClippedResidualNorm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/ops/RmsNorm.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t dim, flags, outs;
  float eps, bMin, bMax;
  float lo0, hi0, lo1, hi1, lo2, hi2;
  float nextEps;
};
// One workgroup per row, each invocation up to kValuesPerInvocation values (shader V): the
// smallest workgroup that covers the row, so more rows are in flight per SM (vision rows of 768
// on 64 invocations: 32 rows per H100 SM instead of 8 at 256).
constexpr uint32_t kValuesPerInvocation = 16;
uint32_t groupFor(uint32_t dim) {
  uint32_t g = 64;
  while (g * kValuesPerInvocation < dim) g *= 2;
  return g;
}
constexpr uint32_t kBranch = 1, kBranchNorm = 2, kHNorm = 4, kNextWeight = 8, kNextSilu = 16;
}  // namespace

void clippedResidualNorm(OpContext& ctx, const ClippedResidualNormArgs& a) {
  if (!a.h) throw std::invalid_argument("clippedResidualNorm: h is required");
  if (a.dim == 0 || a.dim > kClippedResidualNormMaxDim) {
    throw std::invalid_argument("clippedResidualNorm: dim " + std::to_string(a.dim) + " outside 1.." +
                                std::to_string(kClippedResidualNormMaxDim));
  }
  if (a.outs > 3) throw std::invalid_argument("clippedResidualNorm: at most 3 outputs");
  if (a.branchNorm && !a.branch) throw std::invalid_argument("clippedResidualNorm: branchNorm without a branch");
  for (uint32_t i = 0; i < a.outs; ++i) {
    if (!a.out[i].y) throw std::invalid_argument("clippedResidualNorm: output " + std::to_string(i) + " missing");
  }
  if (a.outType != gpu::DType::F32 && a.outType != gpu::DType::F16) {
    throw std::invalid_argument("clippedResidualNorm: outputs are f32 or f16");
  }
  if (a.rows == 0) return;
  uint32_t flags = 0;
  if (a.branch) flags |= kBranch;
  if (a.branchNorm) flags |= kBranchNorm;
  if (a.hNorm) flags |= kHNorm;
  if (a.nextNorm) flags |= kNextWeight;
  if (a.nextSilu) flags |= kNextSilu;
  const Push push{a.dim,          flags,          a.outs,         a.eps,          a.branchMin,    a.branchMax,
                  a.out[0].min,   a.out[0].max,   a.out[1].min,   a.out[1].max,   a.out[2].min,   a.out[2].max,   a.nextEps};
  const char* shader = a.outType == gpu::DType::F16 ? "clipped_residual_norm_f16out" : "clipped_residual_norm";
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({shader, 8, sizeof(Push), {groupFor(a.dim)}});
  // Unused slots are bound to a used buffer of the same access and never touched.
  const bool writesH = a.branch || a.hNorm;
  const BufferView anyIn = a.branch ? a.branch : a.h;
  ctx.rec.dispatch(pipe,
                   {writesH ? gpu::inout(a.h) : gpu::in(a.h), gpu::in(anyIn), gpu::in(a.branchNorm ? a.branchNorm : anyIn),
                    gpu::in(a.hNorm ? a.hNorm : anyIn), gpu::in(a.nextNorm ? a.nextNorm : anyIn),
                    a.outs > 0 ? gpu::out(a.out[0].y) : gpu::in(anyIn), a.outs > 1 ? gpu::out(a.out[1].y) : gpu::in(anyIn),
                    a.outs > 2 ? gpu::out(a.out[2].y) : gpu::in(anyIn)},
                   push, a.rows);
}

namespace ref {
void clippedResidualNorm(const ClippedResidualNormArgs& a, float* h, const float* branch, const float* branchNorm,
                         const float* hNorm, const float* nextNorm, const std::array<float*, 3>& out) {
  const size_t n = size_t(a.rows) * a.dim;
  const RmsNormParams rp{a.rows, a.dim, a.eps, 0, 0};
  if (branch) {
    std::vector<float> b(branch, branch + n);
    for (float& v : b) v = std::clamp(v, a.branchMin, a.branchMax);
    if (branchNorm) rmsNorm(b.data(), branchNorm, b.data(), rp);
    for (size_t i = 0; i < n; ++i) h[i] = h[i] + b[i];
  }
  if (hNorm) rmsNorm(h, hNorm, h, rp);
  if (a.outs == 0) return;
  std::vector<float> x(n);
  rmsNorm(h, nextNorm, x.data(), {a.rows, a.dim, a.nextEps, 0, 0});
  if (a.nextSilu) {
    for (float& v : x) v = float(double(v) / (1.0 + std::exp(-double(v))));
  }
  for (uint32_t o = 0; o < a.outs; ++o) {
    for (size_t i = 0; i < n; ++i) out[o][i] = std::clamp(x[i], a.out[o].min, a.out[o].max);
  }
}
}  // namespace ref

void addClippedResidualNormChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* name;
    uint32_t rows, dim;
    bool branch, branchNorm, hNorm, nextNorm, silu;
    uint32_t outs;
    bool halfOut = false;
  };
  // Vision (768: post norm + residual + next norm + q/k/v clamps), audio (1024: + norm_out; light
  // conv end without branch norm; conv norm + SiLU), the tiny fixtures' width and an odd width.
  const Case cases[] = {
      {"vision post-attn 300x768 3 outs", 300, 768, true, true, false, true, false, 3},
      {"vision last layer 40x768 no next", 40, 768, true, true, false, false, false, 0},
      {"audio layer end 50x1024 norm_out", 50, 1024, true, true, true, true, false, 1},
      {"audio lconv end 20x1024 unnormed branch", 20, 1024, true, false, false, true, false, 2},
      {"audio conv norm silu 20x1024", 20, 1024, false, false, false, true, true, 1},
      {"26b vision width 30x1152 (128 invocations)", 30, 1152, true, true, false, true, false, 2},
      {"widest rows 6x4096 (256 invocations)", 6, 4096, true, true, true, true, false, 1},
      {"pre-norm only 33x32 weightless", 33, 32, false, false, false, false, false, 2},
      {"odd width 7x300", 7, 300, true, true, false, true, false, 1},
      // f16 outputs (the vision tower's q/k/v and gate/up inputs on tensor-core GPUs).
      {"vision post-attn 300x768 3 f16 outs", 300, 768, true, true, false, true, false, 3, true},
      {"odd width 7x300 f16 out", 7, 300, true, true, false, true, false, 1, true},
  };
  for (const Case& k : cases) {
    list.push_back({"rmsnorm", "clipped-residual", k.name, [k](gpu::Device& dev, uint64_t seed) {
                      const size_t n = size_t(k.rows) * k.dim;
                      auto h = randomFloats(n, seed, -3.0f, 3.0f);
                      auto b = randomFloats(n, seed + 1, -3.0f, 3.0f);
                      auto wb = randomFloats(k.dim, seed + 2, 0.5f, 1.5f);
                      auto wh = randomFloats(k.dim, seed + 3, 0.5f, 1.5f);
                      auto wn = randomFloats(k.dim, seed + 4, 0.5f, 1.5f);
                      auto bh = uploadFloats(dev, h, "h");
                      auto bb = uploadFloats(dev, b, "branch");
                      auto bwb = uploadFloats(dev, wb, "wb");
                      auto bwh = uploadFloats(dev, wh, "wh");
                      auto bwn = uploadFloats(dev, wn, "wn");
                      std::array<gpu::Buffer, 3> bo;
                      for (auto& o : bo) o = outputFloats(dev, n, "out");  // f16 outputs use the first half
                      ClippedResidualNormArgs a;
                      a.rows = k.rows, a.dim = k.dim, a.eps = 1e-6f, a.nextEps = 1e-5f;
                      a.h = bh.view();
                      if (k.branch) a.branch = bb.view(), a.branchMin = -2.1f, a.branchMax = 1.9f;
                      if (k.branchNorm) a.branchNorm = bwb.view();
                      if (k.hNorm) a.hNorm = bwh.view();
                      if (k.nextNorm) a.nextNorm = bwn.view();
                      a.nextSilu = k.silu;
                      a.outs = k.outs;
                      if (k.halfOut) a.outType = gpu::DType::F16;
                      // Bounds that clip a good share of the normed values (|x| ~ 1).
                      const float bounds[3][2] = {{-0.9f, 1.1f}, {-1.3f, 0.7f}, {-0.5f, 0.6f}};
                      for (uint32_t o = 0; o < k.outs; ++o) a.out[o] = {bo[o].view(), bounds[o][0], bounds[o][1]};
                      const double ms = recordAndTime(dev, [&](OpContext& c) { clippedResidualNorm(c, a); });
                      std::vector<float> wantH = h;
                      std::array<std::vector<float>, 3> wantOut;
                      std::array<float*, 3> outPtr{};
                      for (uint32_t o = 0; o < 3; ++o) wantOut[o].assign(n, 0.0f), outPtr[o] = wantOut[o].data();
                      ref::clippedResidualNorm(a, wantH.data(), k.branch ? b.data() : nullptr,
                                               k.branchNorm ? wb.data() : nullptr, k.hNorm ? wh.data() : nullptr,
                                               k.nextNorm ? wn.data() : nullptr, outPtr);
                      CheckResult r = compare(downloadFloats(dev, bh.view()), wantH, 1e-5);
                      for (uint32_t o = 0; o < k.outs && r.pass; ++o) {
                        const CheckResult ro = k.halfOut
                                                   ? compareHalf(dev, bo[o].view(), wantOut[o], 1e-3)
                                                   : compare(downloadFloats(dev, bo[o].view()), wantOut[o], 1e-5);
                        if (!ro.pass) r = ro, r.note = "output " + std::to_string(o) + ": " + ro.note;
                        r.maxError = std::max(r.maxError, ro.maxError);
                        r.tolerance = std::max(r.tolerance, ro.tolerance);
                      }
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
