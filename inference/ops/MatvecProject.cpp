#include "inference/ops/MatvecProject.h"

#include <algorithm>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/NormPrologueCheck.h"
#include "inference/ops/WeightBands.h"

namespace gwb::ops {

namespace {
// matmul_io.glsl's Params with NORM_PROLOGUE and PROJECT.
struct Push {
  uint32_t M, N, K, ldy, nOffset, flags;
  float eps, scalar;
  uint32_t mulStride, outRows;
};
// Shared memory besides x (K floats): u of the band (<= 32 floats) and the prologue's sums (1 KiB).
constexpr uint32_t kOtherSharedBytes = 1280;
constexpr uint32_t kMaxSubgroups = 16;
constexpr uint32_t kMaxFeatures = 32;
static_assert(kMaxFeatures == kBandColumns, "a workgroup's features lie within one column band of W2");

uint32_t weightsPerLoad(DType t) { return t == DType::F32 ? 4u : 8u; }

struct Launch {
  uint32_t features = 0, subgroups = 0, featuresPerSubgroup = 1, unroll = 1, bandUnroll = 1;
};

// The widest band (features per workgroup) that still gives every multiprocessor a workgroup:
// wide bands read W2 in longer pieces (SEG = band / VEC loads per row) and add fewer atomics,
// narrow ones spread the PLE gate's 256 features over more of the GPU. The band's loads must fit
// one subgroup (SEG <= subgroup size), and N must be a whole number of bands.
uint32_t pickFeatures(const gpu::DeviceInfo& d, DType t, uint32_t N) {
  const uint32_t vec = weightsPerLoad(t), sg = std::max(d.subgroupSize, 1u);
  const uint32_t wantGroups = std::max(d.multiprocessors, 1u);
  uint32_t best = 0;
  for (uint32_t f = vec; f <= kMaxFeatures && f / vec <= sg; f *= 2) {
    if (N % f != 0) break;
    if (best == 0 || N / f >= wantGroups) best = f;
  }
  return best;
}

Launch launchFor(const gpu::DeviceInfo& d, DType t, const MatvecProjectParams& p) {
  Launch l;
  l.features = pickFeatures(d, t, p.N);
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  l.subgroups = std::clamp(std::min(l.features, d.maxWorkgroupInvocations / sg), 1u, kMaxSubgroups);
  while (l.features % l.subgroups != 0) --l.subgroups;
  l.featuresPerSubgroup = l.features / l.subgroups;
  // k-steps per lane of a W row in the fewest batches of <= 4 loads per row and feature.
  const uint32_t steps = groupsFor(p.K / weightsPerLoad(t), sg);
  l.unroll = groupsFor(steps, groupsFor(steps, 4));
  // Rows of W2 a lane loads at once: all its passes, in at most two rounds of <= 8 loads.
  const uint32_t rowsPerPass = l.subgroups * sg / std::max(l.features / weightsPerLoad(t), 1u);
  const uint32_t passes = groupsFor(p.J, rowsPerPass);
  l.bandUnroll = groupsFor(passes, groupsFor(passes, 8));
  return l;
}
}  // namespace

bool matvecProjectRuns(const gpu::DeviceInfo& d) {
  // Subgroup size control: each subgroup owns features / subgroups features, so the kernel must
  // run at the subgroup size its workgroup was sized for.
  return d.bufferFloatAtomicAdd && d.subgroupArithmetic && d.subgroupShuffle && d.subgroupSizeControl;
}

bool matvecProjectSupported(const gpu::DeviceInfo& d, const WeightView& w, const WeightView& w2,
                            const MatvecProjectParams& p) {
  if (!matvecProjectRuns(d)) return false;
  if (gpu::isQuantized(w.dtype) || w.dtype != w2.dtype || w.bands || !w2.bands) return false;
  if (p.epilogue == MatvecEpilogue::Plain || p.N == 0 || p.K == 0 || p.J == 0) return false;
  if (p.K % 8 != 0 || p.N % 8 != 0 || uint64_t(p.K) * 4 + kOtherSharedBytes > d.maxSharedMemory) return false;
  if (pickFeatures(d, w.dtype, p.N) == 0) return false;
  const uint64_t rows = uint64_t(p.N) * (p.epilogue == MatvecEpilogue::Geglu ? 2 : 1);
  const uint64_t wBytes = rows * gpu::dtypeRowBytes(w.dtype, p.K);
  const uint64_t w2Bytes = uint64_t(p.J) * gpu::dtypeRowBytes(w2.dtype, p.N);
  return wBytes <= std::min<uint64_t>(w.view.size, d.maxStorageBufferRange) &&
         w2Bytes <= std::min<uint64_t>(w2.view.size, d.maxStorageBufferRange);
}

void matvecProject(OpContext& ctx, const NormPrologue& pro, const WeightView& w, BufferView mul, const WeightView& w2,
                   BufferView y, const MatvecProjectParams& p) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!matvecProjectSupported(d, w, w2, p)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "matvecProject: the fused kernel does not run this shape");
  }
  validateNormPrologue(pro, p.K, "matvecProject");
  const bool geglu = p.epilogue == MatvecEpilogue::Geglu;
  if (y.size < uint64_t(p.J) * 4 || (!geglu && (!mul || mul.size < uint64_t(p.N) * 4))) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "matvecProject: y is smaller than J or mul than N floats");
  }
  const Push push{1, p.N, p.K, p.J, 0, normPrologueFlags(pro), pro.eps, pro.scalar, 0, p.J};
  const BufferView h = pro.h;
  const auto prologue = normPrologueBindings(pro);
  const gpu::Binding bindings[] = {gpu::in(h),  gpu::in(w.view), gpu::in(h),  gpu::inout(y), prologue[0],
                                   prologue[1], prologue[2],     prologue[3], prologue[4],   gpu::in(geglu ? h : mul),
                                   gpu::in(w2.view)};
  const Launch l = launchFor(d, w.dtype, p);
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  const std::string name =
      std::string(geglu ? "matvec_project_geglu_" : "matvec_project_gelu_mul_") + weightShaderTag(w.dtype);
  const std::vector<uint32_t> spec = {l.subgroups * sg, l.features, l.unroll, l.bandUnroll, p.K / 4, l.featuresPerSubgroup};
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({name, 11, sizeof(Push), spec, sg});
  ctx.rec.dispatch(pipe, bindings, &push, sizeof push, p.N / l.features, 1, 1);
}

namespace {

struct Case {
  uint32_t N, K, J;
  MatvecEpilogue epilogue;
  bool residual, next;
};

std::string describe(DType wt, const Case& c) {
  std::string s = weightShaderTag(wt) + " " + std::to_string(c.J) + "x" + std::to_string(c.N) + " after 1x" +
                  std::to_string(c.N) + "x" + std::to_string(c.K);
  s += c.epilogue == MatvecEpilogue::Geglu ? " geglu" : " gelu-mul";
  s += c.residual ? " residual" : " no-residual";
  if (c.next) s += " next-norm";
  return s;
}

// y (random before: the op adds to it) and h' against ref::residualNorm + two ref::matmuls.
CheckResult runCase(gpu::Device& dev, uint64_t seed, DType wt, const Case& c) {
  const bool geglu = c.epilogue == MatvecEpilogue::Geglu;
  const uint32_t K = c.K, rows = geglu ? 2 * c.N : c.N;
  const PrologueCheckInputs in = makePrologueCheckInputs(dev, seed, K, c.residual, c.next, 1.0f);
  auto mul = randomFloats(c.N, seed + 4, -2.0f, 2.0f);
  auto wv = randomFloats(size_t(rows) * K, seed + 5, -0.1f, 0.1f);
  auto w2v = randomFloats(size_t(c.J) * c.N, seed + 6, -0.1f, 0.1f);
  auto y0 = randomFloats(c.J, seed + 7, -1.0f, 1.0f);
  std::vector<float> widened, widened2;
  auto bw = uploadWeights(dev, wv, wt, "w", widened);
  auto bw2 = uploadWeightsInBands(dev, w2v, wt, c.J, c.N, "w2 (bands)", widened2);  // as the kernel reads it
  auto bmul = uploadFloats(dev, mul, "mul");
  auto bhOut = outputFloats(dev, K, "h out");
  auto by = uploadFloats(dev, y0, "y");
  const NormPrologue pro = in.prologue(bhOut.view());
  const double ms = recordAndTime(dev, [&](OpContext& ctx) {
    matvecProject(ctx, pro, {bw.view(), wt}, bmul.view(), {bw2.view(), wt, true}, by.view(), {c.N, K, c.J, c.epilogue});
  });

  std::vector<float> x, hRef;
  in.reference(x, hRef);
  std::vector<float> xw(rows), u(c.N), want(c.J);
  ref::matmul(x.data(), widened.data(), nullptr, xw.data(), {1, rows, K});
  for (uint32_t n = 0; n < c.N; ++n) u[n] = ref::geluTanh(xw[n]) * (geglu ? xw[c.N + n] : mul[n]);
  ref::matmul(u.data(), widened2.data(), nullptr, want.data(), {1, c.J, c.N});
  for (uint32_t j = 0; j < c.J; ++j) want[j] += y0[j];
  // u as the normed GeGLU / gelu-mul matvec's checks bound it (3e-5 / 2e-5 relative) through an
  // f32 projection of N terms (1e-5, the matmul bound) and the f32 add to y: 4e-5 / 3e-5.
  CheckResult r = compare(downloadFloats(dev, by.view()), want, geglu ? 4e-5 : 3e-5);
  if (r.pass) {  // h', the residual check's bound
    const CheckResult hr = compare(downloadFloats(dev, bhOut.view()), hRef, 1e-5);
    if (!hr.pass) r = hr, r.note = "h': " + r.note;
  }
  r.milliseconds = ms;
  return r;
}

}  // namespace

void addMatvecProjectChecks(CheckList& list, const gpu::DeviceInfo& device) {
  if (!matvecProjectRuns(device)) return;
  using E = MatvecEpilogue;
  // Decode sites: E2B's GeGLU + down (K = J = H = 1536; N 1024 of its 6144 / 12288 features),
  // E4B's H = 2560, the PLE gate + projection (N = 256 features, the gelu-mul epilogue, no next
  // norm), layer 0's input norm alone (no residual), and a J that is no multiple of a pass's rows
  // with N = 40 (a band of 32 columns and one of 8, read by workgroups of 8 or 32 features), and
  // the tiny fixture's PLE (one band of 16).
  const std::vector<Case> cases = {
      {1024, 1536, 1536, E::Geglu, true, true},  {640, 2560, 2560, E::Geglu, true, true},
      {256, 1536, 1536, E::GeluMul, true, false}, {256, 2560, 2560, E::GeluMul, true, false},
      {512, 1536, 1536, E::Geglu, false, true},  {40, 64, 301, E::Geglu, true, true},
      {16, 64, 64, E::GeluMul, true, false},
  };
  for (DType wt : {DType::BF16, DType::F16, DType::F32}) {
    for (const Case& c : cases) {
      list.push_back({"matmul", "matvec-project", describe(wt, c),
                      [wt, c](gpu::Device& dev, uint64_t seed) { return runCase(dev, seed, wt, c); }});
    }
  }
}

}  // namespace gwb::ops
