#include "inference/ops/MatmulGeglu.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/NormedMatvec.h"

namespace gwb::ops {

namespace {
struct Push {  // matmul_io.glsl's Params
  uint32_t M, N, K, ldy, nOffset, flags;
};
constexpr uint32_t kMaxFusedM = 8;  // matvec_wide's rows of x per workgroup (more go along z)

bool fusedFits(const gpu::DeviceInfo& d, const WeightView& w, uint32_t F, uint32_t K) {
  if (gpu::isQuantized(w.dtype)) return quantGegluMatvecSupported(d, w, F, K);  // matvec_q.comp
  if (!d.subgroupArithmetic) return false;
  return K % (w.dtype == DType::F32 ? 4u : 8u) == 0 && w.view.size <= d.maxStorageBufferRange;
}
}  // namespace

void matmulGeglu(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, BufferView scratch,
                 const MatmulGegluParams& p, GegluKernel kernel) {
  const gpu::DeviceInfo& d = ctx.device.info();
  bool fused = kernel == GegluKernel::Fused;
  if (kernel == GegluKernel::Auto) {
    fused = p.M <= kMaxFusedM && d.type != VK_PHYSICAL_DEVICE_TYPE_CPU &&
            fusedFits(d, gateUp, p.F, p.K);
  } else if (fused && !fusedFits(d, gateUp, p.F, p.K)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "matmulGeglu: the fused kernel does not run this shape");
  }
  if (fused && (p.xType != DType::F32 || p.yType != DType::F32)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "matmulGeglu: the fused kernel takes and writes f32");
  }
  if (fused && gpu::isQuantized(gateUp.dtype)) {
    quantGegluMatvec(ctx, x, gateUp, y, p.M, p.F, p.K);
    return;
  }
  if (fused) {
    const uint32_t sg = std::max(d.subgroupSize, 1u);
    const MatvecWideLaunch l = matvecWideLaunch(d, gateUp.dtype, p.M, p.F, p.K, true);
    const gpu::Pipeline& pipe =
        ctx.device.pipelines().get({std::string("matvec_wide_geglu_") + weightShaderTag(gateUp.dtype), 4, sizeof(Push),
                                    matvecWideSpec(l, sg, 0), d.subgroupSizeControl ? sg : 0u});
    const Push push{p.M, p.F, p.K, p.F, 0, 0};
    const auto [gx, gy] = matvecWideGrid(l, p.F, true);
    ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(gateUp.view), gpu::in(x), gpu::out(y)}, push, gx, gy,
                     groupsFor(p.M, l.mb));
    return;
  }
  if (scratch.size < uint64_t(p.M) * 2 * p.F * 4) throw std::invalid_argument("matmulGeglu: scratch too small");
  const uint64_t gateUpBytes = uint64_t(p.M) * 2 * p.F * 4;
  const BufferView gu = scratch.sub(0, gateUpBytes);
  matmul(ctx, x, gateUp, {}, gu, {p.M, 2 * p.F, p.K, 0, false, p.xType});
  // gate: columns [0, F), up: columns [F, 2F) of each [2F] row.
  const uint64_t upOffset = uint64_t(p.F) * 4;
  EwShape geglu{p.M, p.F, 2 * p.F, 2 * p.F, p.F};
  geglu.halfY = p.yType == DType::F16;
  elementwise(ctx, EwOp::Geglu, gu, gu.sub(upOffset, gateUpBytes - upOffset), y, geglu);
}

void addMatmulGegluChecks(CheckList& list, const gpu::DeviceInfo& device) {
  struct Case {
    uint32_t M, F, K;
    GegluKernel kernel;
  };
  // E2B decode (F 6144, K 1536), a double-wide layer, M past one workgroup, odd F, and the
  // separate path (M <= 8 keeps its matmul f32 on every device) with F a multiple of 64 so the up half's offset is aligned.
  const Case cases[] = {{1, 6144, 1536, GegluKernel::Fused}, {1, 12288, 1536, GegluKernel::Fused},
                        {3, 301, 256, GegluKernel::Fused},   {11, 64, 96, GegluKernel::Fused},
                        {8, 128, 200, GegluKernel::Separate}, {2, 256, 64, GegluKernel::Separate}};
  // Block formats (matvec_q.comp's GeGLU epilogue): K a multiple of 256; k-split on (K 1536) and
  // off (K 256), M past one workgroup's 8 rows of x, and the separate path.
  const Case quantCases[] = {{1, 512, 1536, GegluKernel::Fused}, {3, 301, 256, GegluKernel::Fused},
                             {11, 64, 512, GegluKernel::Fused}, {2, 256, 256, GegluKernel::Separate}};
  for (DType wt : {DType::BF16, DType::F16, DType::F32, DType::Q8_0, DType::Q4_0, DType::Q4_K, DType::Q5_K,
                   DType::Q6_K}) {
    for (const Case& c : gpu::isQuantized(wt) ? std::span<const Case>(quantCases) : std::span<const Case>(cases)) {
      if (c.kernel == GegluKernel::Fused && !device.subgroupArithmetic) continue;
      if (wt == DType::F32 && c.F > 8192) continue;  // 151 MB of f32 weights: past lavapipe's 128 MiB binding
      const std::string name = std::string(weightShaderTag(wt)) + " " + std::to_string(c.M) + "x" + std::to_string(c.F) +
                               "x" + std::to_string(c.K) + (c.kernel == GegluKernel::Fused ? " fused" : " separate");
      list.push_back({"matmul", "geglu", name, [wt, c](gpu::Device& dev, uint64_t seed) {
                        auto xs = randomFloats(size_t(c.M) * c.K, seed, -1.0f, 1.0f);
                        auto ws = randomFloats(size_t(2) * c.F * c.K, seed + 1, -0.2f, 0.2f);
                        std::vector<float> widened;
                        auto bw = uploadWeights(dev, ws, wt, "gate_up", widened);
                        auto bx = uploadFloats(dev, xs, "x");
                        auto by = outputFloats(dev, size_t(c.M) * c.F, "y");
                        auto scratch = outputFloats(dev, size_t(c.M) * 2 * c.F, "scratch");
                        const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                          matmulGeglu(ctx, bx.view(), {bw.view(), wt}, by.view(), scratch.view(), {c.M, c.F, c.K},
                                      c.kernel);
                        });
                        std::vector<float> gu(size_t(c.M) * 2 * c.F), want(size_t(c.M) * c.F);
                        ref::matmul(xs.data(), widened.data(), nullptr, gu.data(), {c.M, 2 * c.F, c.K});
                        ref::elementwise(EwOp::Geglu, gu.data(), gu.data() + c.F, want.data(),
                                         {c.M, c.F, 2 * c.F, 2 * c.F, c.F}, 0, 0);
                        // f32 accumulation of K products (the matmul bound 1e-5 relative) through
                        // gelu_tanh, whose slope is <= 1.13: 2e-5. Block formats: the weights the
                        // reference uses are the dequantized ones, so the same bound.
                        CheckResult r = compare(downloadFloats(dev, by.view()), want, 2e-5);
                        r.milliseconds = ms;
                        return r;
                      }});
    }
  }
  // The prefill route on tensor-core GPUs: x in f16 into the cooperative-matrix matmul, y out in
  // f16 for the down projection. Bound: the tensor-core operand rounding (2e-3, as the coopmat
  // matmul checks; x is f16-exact here, so only W's) plus y's rounding to f16 (2^-11 relative,
  // through gelu's slope <= 1.13): 3e-3.
  for (DType wt : {DType::F16, DType::BF16}) {
    const uint32_t M = 200, F = 320, K = 520;
    if (!matmulReadsHalfX(device, M, wt)) continue;
    list.push_back({"matmul", "geglu", std::string(weightShaderTag(wt)) + " 200x320x520 separate x-f16 y-f16",
                    [wt, M, F, K](gpu::Device& dev, uint64_t seed) {
                      std::vector<float> xs;
                      auto bx = uploadWeights(dev, randomFloats(size_t(M) * K, seed, -1.0f, 1.0f), DType::F16, "x",
                                              xs);
                      std::vector<float> widened;
                      auto bw = uploadWeights(dev, randomFloats(size_t(2) * F * K, seed + 1, -0.2f, 0.2f), wt,
                                              "gate_up", widened);
                      auto by = outputFloats(dev, size_t(M) * F / 2, "y (f16)");
                      auto scratch = outputFloats(dev, size_t(M) * 2 * F, "scratch");
                      const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                        matmulGeglu(ctx, bx.view(), {bw.view(), wt}, by.view(), scratch.view(),
                                    {M, F, K, DType::F16, DType::F16}, GegluKernel::Separate);
                      });
                      std::vector<float> gu(size_t(M) * 2 * F), want(size_t(M) * F);
                      ref::matmul(xs.data(), widened.data(), nullptr, gu.data(), {M, 2 * F, K});
                      ref::elementwise(EwOp::Geglu, gu.data(), gu.data() + F, want.data(), {M, F, 2 * F, 2 * F, F},
                                       0, 0);
                      CheckResult r = compare(downloadAsFloats(dev, by.view(), DType::F16), want, 3e-3);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
