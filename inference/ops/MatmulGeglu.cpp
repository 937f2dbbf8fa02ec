#include "inference/ops/MatmulGeglu.h"

#include <algorithm>
#include <array>
#include <span>
#include <stdexcept>
#include <string>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/NormedMatvec.h"
#include "inference/ops/WeightBands.h"

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

// The GEGLU tile for this call: the one the plain matmul of the stacked [M, 2F] shape would take,
// where it has a GEGLU build (the large and mid grids; small grids keep their k-split tiles).
const CoopMatTile* pickGegluTile(const gpu::DeviceInfo& d, const MatmulGegluParams& p) {
  const CoopMatTile* t = pickCoopMatTile(d, p.M, 2 * p.F, p.K, false, /*wideK64=*/false);
  return t && t->geglu ? t : nullptr;
}

// Whether `tile` runs this call: 16-bit weights in one binding, x and y in f16, and whole 16-byte
// groups of 8 outputs per row.
bool tileFits(const gpu::DeviceInfo& d, const WeightView& w, const MatmulGegluParams& p, const CoopMatTile* tile) {
  return tile && tile->geglu && coopMatTileRuns(d, *tile) && (w.dtype == DType::F16 || w.dtype == DType::BF16) &&
         p.xType == DType::F16 && p.yType == DType::F16 && p.F % 8 == 0 && w.view.size <= d.maxStorageBufferRange;
}

void recordTile(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, const MatmulGegluParams& p,
                const CoopMatTile& t, CoopMatForm form) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (y.size < uint64_t(p.M) * p.F * 2) throw std::invalid_argument("matmulGeglu: y too small for f16 [M, F]");
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  const std::string name = "matmul_" + weightShaderTag(gateUp.dtype) + "_xh_geglu_coopmat_" + t.name +
                           (coopMatUsesKhr(d, t, form) ? "_khr" : "");
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({name, 4, sizeof(Push), {}, d.subgroupSizeControl ? sg : 0u});
  const Push push{p.M, p.F, p.K, p.F, 0, 0};
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(gateUp.view), gpu::in(x), gpu::out(y)}, push,
                   groupsFor(p.F, t.bn / 2), groupsFor(p.M, t.bm));
}
}  // namespace

void matmulGeglu(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, BufferView scratch,
                 const MatmulGegluParams& p, GegluKernel kernel, const CoopMatTile* tile, CoopMatForm form) {
  requireRowMajor(gateUp, "matmulGeglu");
  const gpu::DeviceInfo& d = ctx.device.info();
  bool fused = kernel == GegluKernel::Fused;
  if (kernel == GegluKernel::Auto) {
    fused = p.M <= kMaxFusedM && d.type != VK_PHYSICAL_DEVICE_TYPE_CPU &&
            fusedFits(d, gateUp, p.F, p.K);
    if (!fused && tileFits(d, gateUp, p, pickGegluTile(d, p))) kernel = GegluKernel::Tile;
  } else if (fused && !fusedFits(d, gateUp, p.F, p.K)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "matmulGeglu: the fused kernel does not run this shape");
  }
  if (kernel == GegluKernel::Tile) {
    if (!tile) tile = pickGegluTile(d, p);
    if (!tileFits(d, gateUp, p, tile)) {
      throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature,
                          "matmulGeglu: no GEGLU tile runs this call (needs a cooperative-matrix tile with a GEGLU "
                          "build, 16-bit weights, x and y in f16, F % 8 == 0)");
    }
    if (p.M == 0 || p.F == 0 || p.K == 0) return;
    recordTile(ctx, x, gateUp, y, p, *tile, form);
    return;
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
  // The prefill routes on tensor-core GPUs: x in f16 into the cooperative-matrix matmul, y out in
  // f16 for the down projection; the separate matmul + GeGLU pass, and the GEGLU tiles (each in
  // its NV and KHR build where the device has both) on shapes with M, N and K edges.
  // Bounds: x and W are f16-exact here (bf16 weights are within f16's range), so the products
  // are exact and only the f32 sums and y's rounding remain: the GEGLU tile's y against the
  // reference rounded to f16 (compareHalf, 1e-3: one f16 ulp). The separate path's bound (3e-3)
  // is the one it has had since session 10.
  struct HalfCase {
    uint32_t M, F, K;
    GegluKernel kernel;
    const CoopMatTile* tile;
    CoopMatForm form;
  };
  const auto addHalfCheck = [&list](DType wt, HalfCase c, const std::string& name) {
    list.push_back({"matmul", "geglu", name, [wt, c](gpu::Device& dev, uint64_t seed) {
                      std::vector<float> xs;
                      auto bx = uploadWeights(dev, randomFloats(size_t(c.M) * c.K, seed, -1.0f, 1.0f), DType::F16,
                                              "x", xs);
                      std::vector<float> widened;
                      auto bw = uploadWeights(dev, randomFloats(size_t(2) * c.F * c.K, seed + 1, -0.2f, 0.2f), wt,
                                              "gate_up", widened);
                      auto by = outputFloats(dev, (size_t(c.M) * c.F + 1) / 2, "y (f16)");
                      auto scratch = outputFloats(dev, size_t(c.M) * 2 * c.F, "scratch");
                      const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                        matmulGeglu(ctx, bx.view(), {bw.view(), wt}, by.view(), scratch.view(),
                                    {c.M, c.F, c.K, DType::F16, DType::F16}, c.kernel, c.tile, c.form);
                      });
                      std::vector<float> gu(size_t(c.M) * 2 * c.F), want(size_t(c.M) * c.F);
                      ref::matmul(xs.data(), widened.data(), nullptr, gu.data(), {c.M, 2 * c.F, c.K});
                      ref::elementwise(EwOp::Geglu, gu.data(), gu.data() + c.F, want.data(),
                                       {c.M, c.F, 2 * c.F, 2 * c.F, c.F}, 0, 0);
                      const BufferView yh = by.view(0, uint64_t(c.M) * c.F * 2);
                      CheckResult r = c.kernel == GegluKernel::Tile
                                          ? compareHalf(dev, yh, want, 1e-3)
                                          : compare(downloadAsFloats(dev, yh, DType::F16), want, 3e-3);
                      r.milliseconds = ms;
                      return r;
                    }});
  };
  for (DType wt : {DType::F16, DType::BF16}) {
    const std::string tag = weightShaderTag(wt);
    if (matmulReadsHalfX(device, 200, wt)) {
      addHalfCheck(wt, {200, 320, 520, GegluKernel::Separate, nullptr, CoopMatForm::Auto},
                   tag + " 200x320x520 separate x-f16 y-f16");
    }
    for (const CoopMatTile& t : coopMatTiles()) {
      if (!t.geglu || !coopMatTileRuns(device, t)) continue;
      std::vector<CoopMatForm> forms = {CoopMatForm::Auto};
      if (coopMatUsesKhr(device, t, CoopMatForm::Auto)) forms = {CoopMatForm::Nv, CoopMatForm::Khr};
      // M, N (F not a multiple of the block's outputs) and K (not a multiple of 32) edges; an
      // E2B-wide layer at full blocks.
      for (const auto [M, F, K] : {std::array<uint32_t, 3>{200, 328, 520}, {300, 1024, 1536}, {256, 6144, 1536}}) {
        for (CoopMatForm form : forms) {
          const char* formTag = form == CoopMatForm::Nv ? " nv" : form == CoopMatForm::Khr ? " khr" : "";
          const std::string name = tag + " " + std::to_string(M) + "x" + std::to_string(F) + "x" + std::to_string(K) +
                                   " tile " + t.name + formTag;
          addHalfCheck(wt, {M, F, K, GegluKernel::Tile, &t, form}, name);
        }
      }
    }
  }
}

}  // namespace gwb::ops
