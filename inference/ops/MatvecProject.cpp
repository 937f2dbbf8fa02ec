#include "inference/ops/MatvecProject.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
// perMultiprocessor: workgroups wanted per multiprocessor (the o projection takes one per two).
uint32_t pickFeatures(const gpu::DeviceInfo& d, DType t, uint32_t N, double perMultiprocessor = 1.0) {
  const uint32_t vec = weightsPerLoad(t), sg = std::max(d.subgroupSize, 1u);
  const uint32_t wantGroups = std::max(uint32_t(d.multiprocessors * perMultiprocessor), 1u);
  uint32_t best = 0;
  for (uint32_t f = vec; f <= kMaxFeatures && f / vec <= sg; f *= 2) {
    if (N % f != 0) break;
    if (best == 0 || N / f >= wantGroups) best = f;
  }
  return best;
}

Launch launchFor(const gpu::DeviceInfo& d, DType t, const MatvecProjectParams& p, double perMultiprocessor = 1.0) {
  Launch l;
  l.features = pickFeatures(d, t, p.N, perMultiprocessor);
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
constexpr double kAttentionGroupsPerMultiprocessor = 0.5;
uint64_t partialBytes(const MatvecProjectAttentionParams& p) {
  return uint64_t(p.heads) * p.splits * (p.headDim + 4) * 4;
}
}  // namespace

bool matvecProjectAttentionSupported(const gpu::DeviceInfo& d, const WeightView& w2,
                                     const MatvecProjectAttentionParams& p) {
  if (!matvecProjectRuns(d) || gpu::isQuantized(w2.dtype) || !w2.bands) return false;
  if (p.heads == 0 || p.headDim == 0 || p.splits == 0 || p.J == 0 || p.headDim % kMaxFeatures != 0) return false;
  const uint32_t N = p.heads * p.headDim;
  if (pickFeatures(d, w2.dtype, N, kAttentionGroupsPerMultiprocessor) == 0) return false;
  return uint64_t(p.J) * gpu::dtypeRowBytes(w2.dtype, N) <= std::min<uint64_t>(w2.view.size, d.maxStorageBufferRange) &&
         partialBytes(p) <= d.maxStorageBufferRange;
}

void matvecProjectAttention(OpContext& ctx, BufferView partials, const WeightView& w2, BufferView y,
                            const MatvecProjectAttentionParams& p) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!matvecProjectAttentionSupported(d, w2, p)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature,
                        "matvecProjectAttention: the fused kernel does not run this shape");
  }
  if (y.size < uint64_t(p.J) * 4 || partials.size < partialBytes(p)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "matvecProjectAttention: y is smaller than J floats or the partials than their records");
  }
  const uint32_t N = p.heads * p.headDim;
  // matvec_project.comp's MERGE_ATTN reads K as the head dim and mulStride as the splits per head.
  const Push push{1, N, p.headDim, p.J, 0, 0, 0.0f, 0.0f, p.splits, p.J};
  const BufferView part = partials.sub(0, partialBytes(p));
  const gpu::Binding bindings[] = {gpu::in(part), gpu::in(w2.view), gpu::in(part), gpu::inout(y),
                                   gpu::in(part), gpu::in(part),    gpu::in(part), gpu::in(part),
                                   gpu::in(part), gpu::in(part),    gpu::in(w2.view), gpu::in(part)};
  // Wider bands than one workgroup per multiprocessor allows: on the H100 (E2B / E4B o, 2048
  // features) 8 / 16 / 32 features per workgroup gave decode @512 351 / 357 / 355 and 200 / 203 /
  // 201 tok/s (docs/benchmarks.md, session 21), so half as many workgroups as multiprocessors.
  // Only the features, subgroups and band unroll matter here: MERGE_ATTN has no matvec phase.
  const Launch l = launchFor(d, w2.dtype, {N, p.headDim, p.J, MatvecEpilogue::Geglu}, kAttentionGroupsPerMultiprocessor);
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  const std::string name = "matvec_project_attn_" + weightShaderTag(w2.dtype);
  const std::vector<uint32_t> spec = {l.subgroups * sg, l.features, l.unroll, l.bandUnroll, 1, l.featuresPerSubgroup};
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({name, 12, sizeof(Push), spec, sg});
  ctx.rec.dispatch(pipe, bindings, &push, sizeof push, N / l.features, 1, 1);
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

struct AttentionCase {
  uint32_t heads, headDim, splits, J;
  uint32_t emptyFrom;  // splits from here on hold no keys (empty records)
};

// y (random before) against the merge of random split records (ref: DecodeAttention.h's
// formula) and ref::matmul. Empty records carry a NaN acc, which the kernel must never multiply.
CheckResult runAttentionCase(gpu::Device& dev, uint64_t seed, DType wt, const AttentionCase& c) {
  const uint32_t rec = c.headDim + 4, N = c.heads * c.headDim;
  std::vector<float> part = randomFloats(size_t(c.heads) * c.splits * rec, seed + 1, -1.0f, 1.0f);
  const std::vector<float> maxes = randomFloats(size_t(c.heads) * c.splits, seed + 2, -4.0f, 4.0f);
  const std::vector<float> sums = randomFloats(size_t(c.heads) * c.splits, seed + 3, 0.5f, 20.0f);
  std::vector<float> u(N, 0.0f);
  for (uint32_t h = 0; h < c.heads; ++h) {
    float M = -3.0e38f;
    for (uint32_t s = 0; s < c.splits; ++s) {
      float* r = &part[(size_t(h) * c.splits + s) * rec];
      const bool empty = s >= c.emptyFrom;
      r[0] = empty ? -1.0e30f : maxes[size_t(h) * c.splits + s];
      r[1] = empty ? 0.0f : sums[size_t(h) * c.splits + s];
      if (empty) std::fill(r + 4, r + rec, std::numeric_limits<float>::quiet_NaN());
      M = std::max(M, r[0]);
    }
    double L = 0;
    std::vector<double> acc(c.headDim, 0.0);
    for (uint32_t s = 0; s < c.emptyFrom && s < c.splits; ++s) {
      const float* r = &part[(size_t(h) * c.splits + s) * rec];
      const double w = std::exp(double(r[0]) - M);
      L += w * r[1];
      for (uint32_t d = 0; d < c.headDim; ++d) acc[d] += w * r[4 + d];
    }
    for (uint32_t d = 0; d < c.headDim; ++d) u[size_t(h) * c.headDim + d] = float(acc[d] / L);
  }
  auto w2v = randomFloats(size_t(c.J) * N, seed + 4, -0.1f, 0.1f);
  auto y0 = randomFloats(c.J, seed + 5, -1.0f, 1.0f);
  std::vector<float> widened2, want(c.J);
  auto bw2 = uploadWeightsInBands(dev, w2v, wt, c.J, N, "o (bands)", widened2);
  auto bpart = uploadFloats(dev, part, "partials");
  auto by = uploadFloats(dev, y0, "y");
  const double ms = recordAndTime(dev, [&](OpContext& ctx) {
    matvecProjectAttention(ctx, bpart.view(), {bw2.view(), wt, true}, by.view(), {c.heads, c.headDim, c.splits, c.J});
  });
  ref::matmul(u.data(), widened2.data(), nullptr, want.data(), {1, c.J, N});
  for (uint32_t j = 0; j < c.J; ++j) want[j] += y0[j];
  // The merge in f32 (~1e-6 relative) through an f32 projection of N terms (the matmul's 1e-5).
  CheckResult r = compare(downloadFloats(dev, by.view()), want, 2e-5);
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
  // The o projection merging the attention's splits: E2B's sliding layer (8 heads of 256, 16
  // splits, 5 of them empty), its full layer (8 x 512, 128 recorded splits, 16 used), E4B's
  // J = 2560, and a small one (2 heads of 32: one band per head, bands of 8 features).
  const std::vector<AttentionCase> attention = {
      {8, 256, 16, 1536, 11}, {8, 512, 128, 1536, 16}, {8, 256, 16, 2560, 16}, {2, 32, 3, 40, 2},
  };
  for (DType wt : {DType::BF16, DType::F16, DType::F32}) {
    for (const AttentionCase& c : attention) {
      const std::string what = weightShaderTag(wt) + " " + std::to_string(c.J) + "x" +
                               std::to_string(c.heads * c.headDim) + " merging " + std::to_string(c.emptyFrom) +
                               " of " + std::to_string(c.splits) + " splits";
      list.push_back({"matmul", "matvec-project-attention", what,
                      [wt, c](gpu::Device& dev, uint64_t seed) { return runAttentionCase(dev, seed, wt, c); }});
    }
  }
}

}  // namespace gwb::ops
