#include "inference/ops/NormedMatvec.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/NormPrologueCheck.h"
#include "inference/ops/QuantMatmul.h"
#include "inference/ops/WeightBands.h"

namespace gwb::ops {

namespace {
// matmul_io.glsl / quant_io.glsl Params with NORM_PROLOGUE.
struct Push {
  uint32_t M, N, K, ldy, nOffset, flags;
  float eps, scalar;
  uint32_t mulStride;
};
struct PlainPush {  // the same without NORM_PROLOGUE
  uint32_t M, N, K, ldy, nOffset, flags;
};
// norm_prologue.glsl's flags
constexpr uint32_t kResidual = 4, kNext = 8, kStoreH = 16, kGeluMul = 32;
// Shared memory besides x (norm_prologue.glsl, K floats): matvec_wide's split partials (1 KiB),
// matvec_q's (<= 1 KiB at M = 1), the prologue's per-subgroup sums (1 KiB).
constexpr uint32_t kOtherSharedBytes = 2048;
// Subgroups per matvec_wide workgroup with the prologue (the plain matvec uses 4): every
// workgroup re-reads a, h, wa, wx (~5 K floats from L2, 30 KB at K = 1536) for its rows, so
// fewer, larger workgroups keep that traffic below the weight stream (E2B q/k/v: 2560 rows of
// 3 KB). matvec_wide.comp's MAX_SUBGROUPS is 16. H100 sweep (session 4): 8 or 4 subgroups per
// workgroup were 4-9 % slower per decode step than 16.
constexpr uint32_t kNormedWideSubgroups = 16;
// Workgroups per SM of the fused matvec (each pays the prologue once, then walks row sets).
// H100 sweep (session 4, E2B decode @512): 1 / 2 / 4 / 8 per SM gave 250 / 260 / 269 / 278
// tok/s (f16, 8 within noise of 4) and q8_0 317 / 319 / 335 at 2 / 4 / 8; uncapped 265 (f16).
constexpr uint32_t kNormedGroupsPerSm = 4;

uint64_t weightRows(const NormedMatvecParams& p) {
  return uint64_t(p.N) * (p.epilogue == MatvecEpilogue::Geglu ? 2 : 1);
}

// K fits the kernel's loads (whole 128-bit loads or whole blocks) and the weight one binding.
bool weightFits(const gpu::DeviceInfo& d, const WeightView& w, uint64_t rows, uint32_t K) {
  if (!d.subgroupArithmetic || K == 0) return false;
  if (gpu::isQuantized(w.dtype)) {
    if (K % gpu::dtypeBlockElements(w.dtype) != 0) return false;
  } else if (K % (w.dtype == DType::F32 ? 4u : 8u) != 0) {
    return false;
  }
  return rows * gpu::dtypeRowBytes(w.dtype, K) <= std::min<uint64_t>(w.view.size, d.maxStorageBufferRange);
}
}  // namespace

void validateNormPrologue(const NormPrologue& pro, uint32_t K, const char* op) {
  const uint64_t vecBytes = uint64_t(K) * 4;
  const bool residual = bool(pro.a);
  if (!pro.h || pro.h.size < vecBytes || bool(pro.a) != bool(pro.wa) || (residual && pro.a.size < vecBytes) ||
      (residual && pro.wa.size < vecBytes) || (pro.wx && pro.wx.size < vecBytes) ||
      (pro.hOut && pro.hOut.size < vecBytes)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        std::string(op) + ": a prologue buffer is missing or smaller than K floats");
  }
  if (pro.hOut && pro.h.buffer == pro.hOut.buffer) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, std::string(op) + ": h' must go to another buffer than h");
  }
}

uint32_t normPrologueFlags(const NormPrologue& pro) {
  return (pro.a ? kResidual : 0u) | (pro.wx ? kNext : 0u) | (pro.hOut ? kStoreH : 0u);
}

std::array<gpu::Binding, 5> normPrologueBindings(const NormPrologue& pro) {
  const BufferView h = pro.h;
  return {gpu::in(pro.a ? pro.a : h), gpu::in(pro.a ? pro.wa : h), gpu::in(h), gpu::in(pro.wx ? pro.wx : h),
          pro.hOut ? gpu::out(pro.hOut) : gpu::in(h)};
}

bool normedMatvecSupported(const gpu::DeviceInfo& d, const WeightView& w, const NormedMatvecParams& p) {
  if (p.K % 4 != 0 || uint64_t(p.K) * 4 + kOtherSharedBytes > d.maxSharedMemory) return false;
  return weightFits(d, w, weightRows(p), p.K);
}

void normedMatvec(OpContext& ctx, const NormPrologue& pro, const WeightView& w, BufferView mul, BufferView y,
                  const NormedMatvecParams& p) {
  requireRowMajor(w, "normedMatvec");
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!normedMatvecSupported(d, w, p)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "normedMatvec: the fused kernel does not run this shape");
  }
  validateNormPrologue(pro, p.K, "normedMatvec");
  const bool geluMul = p.epilogue == MatvecEpilogue::GeluMul;
  if (y.size < uint64_t(p.N) * 4 || (geluMul && (!mul || mul.size < uint64_t(p.N) * 4))) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "normedMatvec: y or mul is smaller than N floats");
  }
  const uint32_t flags = normPrologueFlags(pro) | (geluMul ? kGeluMul : 0u);
  const Push push{1, p.N, p.K, p.N, 0, flags, pro.eps, pro.scalar, 0};
  const BufferView h = pro.h;
  const auto prologue = normPrologueBindings(pro);
  const gpu::Binding bindings[] = {gpu::in(h),  gpu::in(w.view), gpu::in(h),  gpu::out(y),  prologue[0],
                                   prologue[1], prologue[2],     prologue[3], prologue[4], gpu::in(geluMul ? mul : h)};
  const bool geglu = p.epilogue == MatvecEpilogue::Geglu;
  const uint32_t xVec4s = p.K / 4;
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  // Both kernels: large workgroups on a capped grid, each paying the prologue once.
  const uint32_t subgroups = std::min(kNormedWideSubgroups, std::max(d.maxWorkgroupInvocations / sg, 1u));
  if (gpu::isQuantized(w.dtype)) {
    const QuantMatvecLaunch l =
        quantMatvecLaunch(d, w.dtype, 1, p.N, p.K, geglu, subgroups, matvecWideGridCap(d, kNormedGroupsPerSm));
    const std::string name = std::string(geglu ? "matvec_geglu_norm_" : "matvec_norm_") + std::string(gpu::dtypeName(w.dtype));
    const gpu::Pipeline& pipe = ctx.device.pipelines().get(
        {name, 10, sizeof(Push), {l.workgroup, l.rows, l.xRows, l.ksplit, l.maxSubgroups, xVec4s}, l.subgroupSize});
    const uint32_t gx = std::min(l.groupsN, 65535u);
    ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, groupsFor(l.groupsN, gx), 1);
    return;
  }
  MatvecWideLaunch l = matvecWideLaunch(d, w.dtype, 1, p.N, p.K, geglu);
  l.subgroups = std::max(subgroups, l.ksplit);
  l.maxGroups = matvecWideGridCap(d, kNormedGroupsPerSm);
  const std::string name = std::string(geglu ? "matvec_wide_geglu_norm_" : "matvec_wide_norm_") + weightShaderTag(w.dtype);
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {name, 10, sizeof(Push), matvecWideSpec(l, sg, xVec4s), d.subgroupSizeControl ? sg : 0u});
  const auto [gx, gy] = matvecWideGrid(l, p.N, geglu);
  ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, gy, 1);
}

bool quantGegluMatvecSupported(const gpu::DeviceInfo& d, const WeightView& w, uint32_t N, uint32_t K) {
  return gpu::isQuantized(w.dtype) && weightFits(d, w, 2ull * N, K);
}

void quantGegluMatvec(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, uint32_t M, uint32_t N,
                      uint32_t K) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (M == 0 || !quantGegluMatvecSupported(d, gateUp, N, K)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "quantGegluMatvec: the fused kernel does not run this shape");
  }
  if (x.size < uint64_t(M) * K * 4 || y.size < uint64_t(M) * N * 4) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantGegluMatvec: a buffer is smaller than M, N, K need");
  }
  const QuantMatvecLaunch l = quantMatvecLaunch(d, gateUp.dtype, M, N, K, true);
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"matvec_geglu_" + std::string(gpu::dtypeName(gateUp.dtype)),
                                                          4, sizeof(PlainPush),
                                                          {l.workgroup, l.rows, l.xRows, l.ksplit, l.maxSubgroups},
                                                          l.subgroupSize});
  const PlainPush push{M, N, K, N, 0, 0};
  const uint32_t gx = std::min(l.groupsN, 65535u);
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(gateUp.view), gpu::in(x), gpu::out(y)}, push, gx,
                   groupsFor(l.groupsN, gx), groupsFor(M, l.xRows));
}

namespace {

struct Case {
  uint32_t N, K;
  MatvecEpilogue epilogue;
  bool residual, next, store;
  float scalar;
};

std::string describe(DType wt, const Case& c) {
  std::string s = weightShaderTag(wt) + " 1x" + std::to_string(c.N) +
                  "x" + std::to_string(c.K);
  s += c.epilogue == MatvecEpilogue::Geglu ? " geglu" : c.epilogue == MatvecEpilogue::GeluMul ? " gelu-mul" : "";
  s += c.residual ? " residual" : " no-residual";
  if (c.next) s += " next-norm";
  if (!c.store) s += " no-store";
  if (c.scalar != 1.0f) s += " scalar";
  return s;
}

// y and h' of one case against ref::residualNorm + ref::matmul + the epilogue on the host.
CheckResult runCase(gpu::Device& dev, uint64_t seed, DType wt, const Case& c) {
  const uint32_t K = c.K, rows = c.epilogue == MatvecEpilogue::Geglu ? 2 * c.N : c.N;
  const PrologueCheckInputs in = makePrologueCheckInputs(dev, seed, K, c.residual, c.next, c.scalar);
  auto mul = randomFloats(c.N, seed + 4, -2.0f, 2.0f);
  // Weights scaled so y stays O(1) whether x is normed (|x| ~ 1) or the raw residual (|h'| ~ 2).
  auto wv = randomFloats(size_t(rows) * K, seed + 5, -0.1f, 0.1f);
  std::vector<float> widened;
  auto bw = uploadWeights(dev, wv, wt, "w", widened);
  auto bmul = uploadFloats(dev, mul, "mul");
  auto bhOut = uploadFloats(dev, randomFloats(K, seed + 6), "h out");  // random: a skipped store must leave it
  const std::vector<float> hOutBefore = downloadFloats(dev, bhOut.view());
  auto by = outputFloats(dev, c.N, "y");
  const NormPrologue pro = in.prologue(c.store ? bhOut.view() : BufferView{});
  const double ms = recordAndTime(dev, [&](OpContext& ctx) {
    normedMatvec(ctx, pro, {bw.view(), wt}, bmul.view(), by.view(), {c.N, K, c.epilogue});
  });

  std::vector<float> x, hRef;
  in.reference(x, hRef);
  std::vector<float> xw(rows), want(c.N);
  ref::matmul(x.data(), widened.data(), nullptr, xw.data(), {1, rows, K});
  if (c.epilogue == MatvecEpilogue::Plain) {
    want = xw;
  } else {
    const float* other = c.epilogue == MatvecEpilogue::Geglu ? xw.data() + c.N : mul.data();
    for (uint32_t n = 0; n < c.N; ++n) want[n] = ref::geluTanh(xw[n]) * other[n];
  }
  // x is rmsnorm's output (1e-5 relative, the rmsnorm bound) fed to an f32 matvec of K terms
  // (1e-5 relative, the matmul bound): 2e-5; the gelu epilogues' slope <= 1.13 keeps that bound
  // with their other factor exact (mul) or itself within 2e-5 (the up row): 3e-5 for GeGLU.
  CheckResult r = compare(downloadFloats(dev, by.view()), want, c.epilogue == MatvecEpilogue::Geglu ? 3e-5 : 2e-5);
  // h' as the residual check (1e-5); a dispatch without the store leaves hOut as it was.
  if (r.pass) r = compare(downloadFloats(dev, bhOut.view()), c.store ? hRef : hOutBefore, c.store ? 1e-5 : 0.0);
  if (r.pass && downloadFloats(dev, in.hBuf.view()) != in.h) {
    r.pass = false;
    r.note = "h was modified";
  }
  r.milliseconds = ms;
  return r;
}

}  // namespace

void addNormedMatvecChecks(CheckList& list, const gpu::DeviceInfo& device) {
  if (!device.subgroupArithmetic) return;
  using E = MatvecEpilogue;
  // Decode sites of E2B (K = H = 1536: q/k/v after the PLE residual step with the layer scalar,
  // gate/up after the attention one, the PLE gate with gelu-mul and no next norm), E4B's
  // H = 2560, layer 0's input norm alone (no residual), a second matvec of one prologue (no
  // store), and widths small enough that the k-split stays off (K 64) or N is not a multiple of
  // a workgroup's rows.
  const std::vector<Case> wide = {
      {2048, 1536, E::Plain, true, true, true, 0.37f}, {512, 2560, E::Plain, true, true, true, 1.0f},
      {301, 64, E::Plain, false, true, false, 1.0f},   {1024, 1536, E::Geglu, true, true, true, 1.0f},
      {640, 2560, E::Geglu, true, true, true, 1.0f},   {256, 1536, E::GeluMul, true, false, true, 1.0f},
      {77, 512, E::Geglu, false, true, true, 1.0f},    {256, 2560, E::GeluMul, true, false, false, 2.0f},
  };
  for (DType wt : {DType::BF16, DType::F16, DType::F32}) {
    for (const Case& c : wide) {
      list.push_back({"matmul", "normed", describe(wt, c),
                      [wt, c](gpu::Device& dev, uint64_t seed) { return runCase(dev, seed, wt, c); }});
    }
  }
  // Block formats: K a multiple of 256 (every format), k-split on (K 1536 / 2560) and off (K 256).
  const std::vector<Case> quant = {
      {300, 1536, E::Plain, true, true, true, 0.37f}, {256, 2560, E::Geglu, true, true, true, 1.0f},
      {129, 256, E::Geglu, false, true, true, 1.0f},  {256, 1536, E::GeluMul, true, false, true, 1.0f},
      {97, 256, E::Plain, true, true, false, 1.0f},
  };
  for (DType wt : {DType::Q8_0, DType::Q4_0, DType::Q4_K, DType::Q5_K, DType::Q6_K}) {
    for (const Case& c : quant) {
      list.push_back({"quantmatmul", "normed", describe(wt, c),
                      [wt, c](gpu::Device& dev, uint64_t seed) { return runCase(dev, seed, wt, c); }});
    }
  }
}

}  // namespace gwb::ops
