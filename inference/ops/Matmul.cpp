#include "inference/ops/Matmul.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numeric>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/MatmulCoopMatTiles.h"
#include "inference/ops/MatmulSplitK.h"
#include "inference/ops/MatvecBands.h"
#include "inference/ops/OpCheck.h"
#include "inference/ops/QuantMatmul.h"
#include "inference/ops/WeightBands.h"
#include "inference/ops/WeightChunks.h"

namespace gwb::ops {

namespace {

// Shared by every shader of the family (shaders/include/matmul_io.glsl).
struct Push {
  uint32_t M, N, K, ldy, nOffset, flags;
};
constexpr uint32_t kFlagBias = 1, kFlagAccumulate = 2;
constexpr uint32_t kFlagBands = 64;  // W in column bands (matmul_io.glsl's W_BANDS, WeightBands.h)

// Up to this many rows of x the matvec kernel wins: it streams W once and reuses each load for
// all rows, while the tiled kernels waste most of a 32- or 64-row tile.
constexpr uint32_t kMatvecMaxM = 8;
// Below this, a 64-row cooperative-matrix tile is mostly padding.
constexpr uint32_t kMatvecRows = 4;  // rows of W per matvec workgroup (matvec.comp ROWS)

enum class Kernel { Matvec, Tiled, TiledFp16, CoopMat, MatvecWide };

// The wide matvec (matvec_wide.comp) needs subgroup arithmetic and rows that split into whole
// 128-bit loads (8 weights of 16 bits, 4 of f32). It is the decode kernel on GPUs; CPU
// implementations keep the portable one (lavapipe runs both in the checks).
bool wideMatvecFits(const gpu::DeviceInfo& d, DType wt, uint32_t K) {
  if (!d.subgroupArithmetic || gpu::isQuantized(wt)) return false;
  return K % (wt == DType::F32 ? 4u : 8u) == 0;
}
constexpr uint32_t kWideSubgroups = 4;  // subgroups per matvec_wide workgroup
// matvec_wide launch shape, from a sweep on the H100 (docs/benchmarks.md, decode3): issuing more
// than one k-step of loads per lane before the arithmetic (UNROLL 2/4/8/16) made the decode step
// 2-40 % slower, while splitting k over 4 subgroups for the short matrices made it 15 % faster.
constexpr uint32_t kWideMaxUnroll = 1;
// k is split until about this many subgroups share the rows. One row of x (a decode step):
// twice the ~8448 warps an H100 holds at once (132 SMs x 64), so that the second, partial round
// of row sets (the tail) is short. H100, session 8 (docs/benchmarks.md): 8192 / 16384 / 32768
// gave E4B decode @512 181.7 / 185.0 / 186.8 tok/s (its 10240-row gate/up matvec 48.3 -> 44.5
// us at 16384) and E2B 319.4 / 319.4 / 316.8; 8192 -> 16384 in the final same-call A/B: E4B
// 180.7 / 180.2 / 178.7 -> 183.9 / 183.6 / 182.0, E2B within noise. Several rows of x (batch
// decode) keep 8192: every split sums MB rows in shared memory there, and 16384 took batch
// decode of 4 / 8 sequences from 656 / 850 to 626 / 809 tok/s.
constexpr uint32_t kWideTargetSubgroups = 16384;
constexpr uint32_t kWideTargetSubgroupsBatch = 8192;
// Grid caps (matvecWideGridCap): workgroups per SM where the SM count is known, and in all on CPU
// implementations, where few long workgroups run best (and lavapipe's checks walk row sets).
// H100 sweep (docs/benchmarks.md, session 4): capping the plain matvec at 4 / 8 / 16 workgroups
// per SM gave 246 / 259 / 265 tok/s against 265 uncapped, so it stays uncapped (0).
constexpr uint32_t kWideGroupsPerSm = 0;
constexpr uint32_t kCpuWideGroups = 16;

// Whether the device runs a cooperative-matrix tile (the 16x16x16 or 16x8x16 f16 -> f32 shape,
// 32-wide subgroups: every device with VK_NV_cooperative_matrix).
bool hasCoopMat(const gpu::DeviceInfo& d) { return pickCoopMatTile(d, 128, 128) != nullptr; }

// Shared-memory tiles pay off on GPUs; on CPU implementations (lavapipe) barriers cost more than
// the re-reads they save (env.md), so the tiled kernels read operands directly there.
bool preferSharedTiles(const gpu::DeviceInfo& d) { return d.type != VK_PHYSICAL_DEVICE_TYPE_CPU; }

Kernel pickKernel(const gpu::DeviceInfo& d, Variant v, uint32_t M) {
  switch (v) {
    case Variant::Portable: return M <= kMatvecMaxM ? Kernel::Matvec : Kernel::Tiled;
    case Variant::Fp16: return Kernel::TiledFp16;
    case Variant::CoopMat: return Kernel::CoopMat;
    case Variant::Auto: break;
  }
  if (M <= kMatvecMaxM) return Kernel::Matvec;
  // Tensor cores where the device has them: f16 operands (x rounded from f32, bf16 weights widened
  // exactly), f32 accumulation. Measured on an H100 (2026-11-22) 10-40x faster than the f32 tiled
  // kernel at prefill shapes (docs/benchmarks.md). The rounding moves results by ~1e-3 relative
  // (selftest bound 2e-3), so text logits differ from the f32 path by a few 1e-3 relative: the
  // tolerance of the H100 fixture check (docs/benchmarks.md). Operands beyond f16's 65504 would
  // overflow; Gemma's weights and its normed / gated activations stay far below.
  return hasCoopMat(d) ? Kernel::CoopMat : Kernel::Tiled;
}

// The cooperative-matrix tile and k split across workgroups (MatmulSplitK.h) for an M x N x K
// matmul whose split may use scratchBytes. tile / kLayers: forced (nullptr / 0: the pick). The
// pick takes a tile built for the split only where the scratch holds it; a forced split that
// does not fit or a forced tile not built for it is an error.
struct CoopMatPlan {
  const CoopMatTile* tile;
  uint32_t layers;
};
CoopMatPlan planCoopMat(const gpu::DeviceInfo& d, uint32_t M, uint32_t N, uint32_t K, const CoopMatTile* tile,
                        uint32_t kLayers, uint64_t scratchBytes) {
  const auto layersFor = [&](const CoopMatTile& c) { return kLayers ? kLayers : pickCoopMatKLayers(d, c, M, N, K); };
  const auto fits = [&](uint32_t layers) { return layers == 1 || splitKScratchBytes(layers, M, N) <= scratchBytes; };
  if (!tile) {
    tile = pickCoopMatTile(d, M, N, K, /*kLayers=*/true);
    if (tile && !fits(layersFor(*tile))) tile = pickCoopMatTile(d, M, N, K, false);
  }
  if (!tile) throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "matmul: no f16 cooperative-matrix shape");
  if (kLayers > 1 && !tile->kLayers) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "matmul: tile " + std::string(tile->name) + " does not split k across workgroups");
  }
  const uint32_t layers = layersFor(*tile);
  if (fits(layers)) return {tile, layers};
  if (kLayers) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "matmul: a k split in " + std::to_string(kLayers) + " layers needs " +
                            std::to_string(splitKScratchBytes(kLayers, M, N)) + " bytes of scratch (OpContext::splitK)");
  }
  return {tile, 1};
}

// One dispatch over a weight chunk of p.N rows whose outputs start at column nOffset. xHalf: x
// holds f16 (only the cooperative-matrix kernel over 16-bit weights has such builds).
// tile: the cooperative-matrix configuration to use (nullptr: the pick for the shape); kLayers:
// its k split across workgroups (0: the pick, MatmulSplitK.h); form: its NV or KHR build.
void dispatchChunk(OpContext& ctx, Kernel kernel, bool shared, BufferView x, bool xHalf, BufferView w, DType wt,
                   BufferView bias, BufferView y, const Push& push, const CoopMatTile* tile, uint32_t kLayers,
                   CoopMatForm form) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const std::string tag = weightShaderTag(wt);
  const gpu::Binding bindings[] = {gpu::in(x), gpu::in(w), gpu::in(bias ? bias : x),
                                   (push.flags & kFlagAccumulate) ? gpu::inout(y) : gpu::out(y)};
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  switch (kernel) {
    case Kernel::Matvec: {
      const uint32_t wg = std::clamp(4 * sg, 32u, 256u);
      // The partials array must hold one slot per subgroup for the smallest size the driver may pick.
      const uint32_t maxSubgroups = wg / std::max(d.minSubgroupSize, 1u);
      const gpu::Pipeline& pipe =
          ctx.device.pipelines().get({"matvec_" + tag, 4, sizeof(Push), {wg, kMatvecRows, maxSubgroups}});
      const uint32_t groups = groupsFor(push.N, kMatvecRows);
      const uint32_t gx = std::min(groups, 65535u);
      ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, groupsFor(groups, gx), groupsFor(push.M, 8));
      return;
    }
    case Kernel::MatvecWide: {
      if ((push.flags & kFlagBands) && bandMatvecRuns(d, wt)) {  // matvec_wide would read 64-byte runs
        recordBandMatvec(ctx, bindings, &push, sizeof push, {push.M, push.N, push.K}, wt);
        return;
      }
      // Two rows per subgroup once there are rows enough to fill the GPU (LM head, MLP); one
      // keeps more subgroups busy on the small projections (k/v, PLE).
      MatvecWideLaunch l = matvecWideLaunch(d, wt, push.M, push.N, push.K, false);
      l.bands = (push.flags & kFlagBands) != 0;
      const gpu::Pipeline& pipe = ctx.device.pipelines().get(
          {"matvec_wide_" + tag, 4, sizeof(Push), matvecWideSpec(l, sg, 0), d.subgroupSizeControl ? sg : 0u});
      const auto [gx, gy] = matvecWideGrid(l, push.N, false);
      ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, gy, groupsFor(push.M, l.mb));
      return;
    }
    case Kernel::Tiled:
    case Kernel::TiledFp16: {
      const uint32_t t = shared && d.maxWorkgroupInvocations >= 256 ? 16 : 8;
      const std::string name = "matmul_" + tag + (kernel == Kernel::TiledFp16 ? "_fp16" : "");
      const gpu::Pipeline& pipe = ctx.device.pipelines().get({name, 4, sizeof(Push), {t, t, shared ? 1u : 0u}});
      ctx.rec.dispatch(pipe, bindings, &push, sizeof push, groupsFor(push.N, 4 * t), groupsFor(push.M, 4 * t));
      return;
    }
    case Kernel::CoopMat: {
      const auto [tp, layers] = planCoopMat(d, push.M, push.N, push.K, tile, kLayers, ctx.splitK.size);
      const CoopMatTile& t = *tp;
      // Subgroups of 32 (the shader's layout): pin the subgroup size where possible.
      const std::string name = "matmul_" + tag + (xHalf ? "_xh" : "") + "_coopmat_" + t.name +
                               (coopMatUsesKhr(d, t, form) ? "_khr" : "");
      // The layout of W is the shader's specialization constant 0 (BANDS: 0 rows, 1 bands, 2
      // bands with K % 32 == 0), not its flags bit.
      const uint32_t bands = (push.flags & kFlagBands) ? (push.K % kBandColumns == 0 ? 2u : 1u) : 0u;
      const gpu::Pipeline& pipe =
          ctx.device.pipelines().get({name, 4, sizeof(Push), {bands}, d.subgroupSizeControl ? sg : 0u});
      const uint32_t gx = groupsFor(push.N, t.bn), gy = groupsFor(push.M, t.bm);
      if (layers > 1) {
        // Each layer's partial sums into its slice of the scratch, then the ordered reduce into y.
        const BufferView part = ctx.splitK.sub(0, splitKScratchBytes(layers, push.M, push.N));
        const Push partPush{push.M, push.N, push.K, push.N, 0, push.flags & kFlagBands};
        const gpu::Binding partBindings[] = {gpu::in(x), gpu::in(w), gpu::in(x), gpu::out(part)};
        ctx.rec.dispatch(pipe, partBindings, &partPush, sizeof partPush, gx, gy, layers);
        matmulSplitKReduce(ctx, part, bias, y,
                           {push.M, push.N, push.ldy, push.nOffset, push.flags & ~kFlagBands, layers});
        return;
      }
      ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, gy);
      return;
    }
  }
}

// Splits W along N into bindings of at most maxBinding bytes whose offsets keep the device's
// storage-offset alignment (each chunk is a run of whole rows, so it stays contiguous).
void record(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y, const MatmulParams& p,
            Kernel kernel, bool shared, uint64_t maxBinding, const CoopMatTile* tile = nullptr, uint32_t kLayers = 0,
            CoopMatForm form = CoopMatForm::Auto) {
  if (p.M == 0 || p.N == 0 || p.K == 0) return;
  const bool xHalf = p.xType == DType::F16;
  if (xHalf && (kernel != Kernel::CoopMat || (w.dtype != DType::F16 && w.dtype != DType::BF16))) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "matmul: x in f16 needs the cooperative-matrix kernel and 16-bit weights (matmulReadsHalfX)");
  }
  if (p.xType != DType::F32 && !xHalf) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "matmul: x must be f32 or f16");
  }
  if (w.bands) {
    // Bands hold every row, so the weight must be whole in one binding (no split along N).
    const uint64_t bytes = uint64_t(p.N) * p.K * gpu::dtypeSize(w.dtype);
    if (p.K % 8 != 0 || bytes > maxBinding || bytes > w.view.size) {
      throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                          "matmul: a weight in column bands needs K % 8 == 0 and all of it in one binding");
    }
  }
  const uint32_t ldy = p.ldy ? p.ldy : p.N;
  const uint32_t flags =
      (bias ? kFlagBias : 0u) | (p.accumulate ? kFlagAccumulate : 0u) | (w.bands ? kFlagBands : 0u);
  forEachWeightRun(ctx, "matmul", x, w, bias, y, p, uint64_t(p.K) * gpu::dtypeSize(w.dtype), maxBinding,
                   [&](uint32_t n0, uint32_t rows, BufferView wRun) {
                     const Push push{p.M, rows, p.K, ldy, n0, flags};
                     dispatchChunk(ctx, kernel, shared, x, xHalf, wRun, w.dtype, bias, y, push, tile, kLayers, form);
                   });
}

}  // namespace

MatvecWideLaunch matvecWideLaunch(const gpu::DeviceInfo& d, DType wt, uint32_t M, uint32_t N, uint32_t K, bool geglu) {
  MatvecWideLaunch l;
  l.subgroups = kWideSubgroups;  // <= matvec_wide.comp's MAX_SUBGROUPS
  // Two rows per subgroup once there are rows enough to fill the GPU (LM head); GeGLU always
  // streams its gate and up row.
  l.rows = geglu ? 2 : (N >= 16384 ? 2 : 1);
  l.mb = M == 1 ? 1 : kMatvecMaxM;
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  const uint32_t steps = K / (wt == DType::F32 ? 4u : 8u);  // 128-bit loads per row
  const uint64_t rowSets = geglu ? N : groupsFor(N, l.rows);
  // Split k over more subgroups until about `target` subgroups run (see kWideTargetSubgroups),
  // as long as each still gets a whole k-step per lane.
  const uint32_t target = M == 1 ? kWideTargetSubgroups : kWideTargetSubgroupsBatch;
  while (l.rows <= 2 && l.ksplit * 2 <= l.subgroups && rowSets * l.ksplit < target &&
         uint64_t(l.ksplit) * 2 * sg <= steps) {
    l.ksplit *= 2;
  }
  l.unroll = std::clamp(groupsFor(steps, sg * l.ksplit), 1u, kWideMaxUnroll);
  l.maxGroups = matvecWideGridCap(d, kWideGroupsPerSm);
  return l;
}

std::string weightShaderTag(DType t) {
  if (gpu::isQuantized(t)) return std::string(gpu::dtypeName(t));
  return t == DType::F32 ? "f32w" : t == DType::F16 ? "f16w" : "bf16w";
}

uint32_t matvecWideGridCap(const gpu::DeviceInfo& d, uint32_t groupsPerSm) {
  if (d.type == VK_PHYSICAL_DEVICE_TYPE_CPU) return kCpuWideGroups;
  return d.multiprocessors * groupsPerSm;  // 0 where the SM count is unknown: no cap
}

std::vector<uint32_t> matvecWideSpec(const MatvecWideLaunch& l, uint32_t subgroupSize, uint32_t prologueVec4s) {
  return {l.subgroups * subgroupSize, l.rows, l.unroll, l.ksplit, std::max(prologueVec4s, 1u), l.mb, l.bands ? 1u : 0u};
}

std::pair<uint32_t, uint32_t> matvecWideGrid(const MatvecWideLaunch& l, uint32_t N, bool geglu) {
  const uint32_t rowSets = geglu ? N : groupsFor(N, l.rows);
  uint32_t groups = groupsFor(rowSets, l.subgroups / l.ksplit);
  if (l.maxGroups) groups = std::min(groups, l.maxGroups);
  const uint32_t gx = std::min(groups, 65535u);
  return {gx, groupsFor(groups, gx)};
}

bool matmulSupported(const gpu::DeviceInfo& device, Variant variant, DType) {
  switch (variant) {
    case Variant::Auto:
    case Variant::Portable: return true;
    case Variant::Fp16: return device.shaderFloat16;
    case Variant::CoopMat: return hasCoopMat(device);
  }
  return false;
}

bool matmulReadsHalfX(const gpu::DeviceInfo& device, uint32_t M, DType weightType) {
  return (weightType == DType::F16 || weightType == DType::BF16) &&
         pickKernel(device, Variant::Auto, M) == Kernel::CoopMat;
}

void matmul(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y, const MatmulParams& p,
            Variant variant) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (gpu::isQuantized(w.dtype)) {  // ggml block formats have their own f32 kernels (QuantMatmul.h)
    requireRowMajor(w, "matmul over block-quantized weights");
    if (p.xType != DType::F32) {
      throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "matmul: quantized weights take f32 x");
    }
    if (variant != Variant::Auto && variant != Variant::Portable) {
      throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, std::string("matmul: variant ") + variantName(variant) +
                                                                 " does not read quantized weights");
    }
    quantMatmul(ctx, x, w, bias, y, p);
    return;
  }
  if (!matmulSupported(d, variant, w.dtype)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature,
                        std::string("matmul: variant ") + variantName(variant) + " is not supported on " + d.name);
  }
  Kernel kernel = pickKernel(d, variant, p.M);
  if (kernel == Kernel::Matvec && variant == Variant::Auto && d.type != VK_PHYSICAL_DEVICE_TYPE_CPU &&
      wideMatvecFits(d, w.dtype, p.K)) {
    kernel = Kernel::MatvecWide;
  }
  record(ctx, x, w, bias, y, p, kernel, preferSharedTiles(d), d.maxStorageBufferRange);
}

void matmulCoopMatTile(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                       const MatmulParams& p, const std::string& tileName, uint32_t kLayers, CoopMatForm form) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const CoopMatTile* tile = findCoopMatTile(tileName);
  if (!tile) throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "matmul: no cooperative-matrix tile " + tileName);
  if (gpu::isQuantized(w.dtype) || !coopMatTileRuns(d, *tile)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "matmul: tile " + tileName + " does not run on " + d.name);
  }
  record(ctx, x, w, bias, y, p, Kernel::CoopMat, true, d.maxStorageBufferRange, tile, kLayers, form);
}

namespace ref {
void matmul(const float* x, const float* w, const float* bias, float* y, const MatmulParams& p) {
  const uint32_t ldy = p.ldy ? p.ldy : p.N;
  for (uint32_t m = 0; m < p.M; ++m) {
    for (uint32_t n = 0; n < p.N; ++n) {
      double s = 0;
      for (uint32_t k = 0; k < p.K; ++k) s += double(x[size_t(m) * p.K + k]) * w[size_t(n) * p.K + k];
      if (bias) s += bias[n];
      float& out = y[size_t(m) * ldy + n];
      if (p.accumulate) s += out;
      out = float(s);
    }
  }
}
}  // namespace ref

namespace {

struct Case {
  uint32_t M, N, K;
  bool bias = false, accumulate = false;
  uint32_t ldyPad = 0;         // ldy = N + ldyPad (the padding columns must stay untouched)
  uint64_t maxBinding = 0;     // > 0: pretend the binding limit is this small (forces the N split)
  int kernel = -1;             // >= 0: force this Kernel instead of the variant's pick
  int shared = -1;             // >= 0: force shared-memory tiles on (1) / off (0)
  const char* tile = nullptr;  // cooperative matrix: force this tile configuration
  uint32_t kLayers = 0;        // cooperative matrix: force this k split across workgroups (0: the pick)
  bool halfX = false;          // x in f16 (MatmulParams::xType)
  CoopMatForm form = CoopMatForm::Auto;  // cooperative matrix: the tile's NV or KHR build by force
  bool bands = false;          // W in column bands (WeightBands.h; K % 8 == 0, no N split)
};

std::string describe(const Case& c, DType wt) {
  std::string s = std::string(weightShaderTag(wt)) + " " + std::to_string(c.M) + "x" + std::to_string(c.N) + "x" +
                  std::to_string(c.K);
  if (c.bias) s += " bias";
  if (c.accumulate) s += " accumulate";
  if (c.ldyPad) s += " ldy+" + std::to_string(c.ldyPad);
  if (c.maxBinding) s += " split@" + std::to_string(c.maxBinding) + "B";
  if (c.kernel == int(Kernel::Matvec)) s += " matvec";
  if (c.kernel == int(Kernel::Tiled)) s += " tiled";
  if (c.kernel == int(Kernel::MatvecWide)) s += " matvec-wide";
  if (c.shared >= 0) s += c.shared ? " smem" : " direct";
  if (c.tile) s += std::string(" ") + c.tile;
  if (c.kLayers) s += " k-layers " + std::to_string(c.kLayers);
  if (c.halfX) s += " x-f16";
  if (c.form == CoopMatForm::Nv) s += " nv";
  if (c.form == CoopMatForm::Khr) s += " khr";
  if (c.bands) s += " bands";
  return s;
}

CheckResult runCase(gpu::Device& dev, uint64_t seed, Variant variant, DType wt, const Case& c, double tolerance) {
  const gpu::DeviceInfo& d = dev.info();
  MatmulParams p{c.M, c.N, c.K, c.N + c.ldyPad, c.accumulate, c.halfX ? DType::F16 : DType::F32};
  const size_t ny = size_t(c.M - 1) * p.ldy + c.N;
  auto x = randomFloats(size_t(c.M) * c.K, seed, -1.0f, 1.0f);
  auto wv = randomFloats(size_t(c.N) * c.K, seed + 1, -1.0f, 1.0f);
  auto b = randomFloats(c.N, seed + 2, -1.0f, 1.0f);
  std::vector<float> widened;
  // f16 x: the values as stored (x is then exactly what the f32-x kernel would stage).
  std::vector<float> xHalfValues;
  auto bx = c.halfX ? uploadWeights(dev, x, DType::F16, "x (f16)", xHalfValues) : uploadFloats(dev, x, "x");
  if (c.halfX) x = xHalfValues;
  auto bw = c.bands ? uploadWeightsInBands(dev, wv, wt, c.N, c.K, "w (bands)", widened)
                     : uploadWeights(dev, wv, wt, "w", widened);
  auto bb = uploadFloats(dev, b, "bias");
  // Output that is read (accumulate) or partly untouched (ldy > N) starts random, else NaN so a
  // missed element fails.
  std::vector<float> want = (c.accumulate || c.ldyPad) ? randomFloats(ny, seed + 3, -1.0f, 1.0f)
                                                       : std::vector<float>(ny, 0.0f);
  auto by = (c.accumulate || c.ldyPad) ? uploadFloats(dev, want, "y") : outputFloats(dev, ny, "y");

  const Kernel kernel = c.kernel >= 0 ? Kernel(c.kernel) : pickKernel(d, variant, c.M);
  const bool shared = c.shared >= 0 ? c.shared == 1 : preferSharedTiles(d);
  const uint64_t maxBinding = c.maxBinding ? c.maxBinding : d.maxStorageBufferRange;
  // Scratch for a k split across workgroups, forced or picked (the product's prefill has one too).
  const uint32_t layers = kernel == Kernel::CoopMat
                              ? planCoopMat(d, c.M, c.N, c.K, c.tile ? findCoopMatTile(c.tile) : nullptr, c.kLayers,
                                            UINT64_MAX).layers
                              : 1;
  gpu::Buffer scratch;
  if (layers > 1) scratch = outputFloats(dev, size_t(layers) * c.M * c.N, "split-k scratch");
  const double ms = recordAndTime(dev, [&](OpContext& ctx) {
    if (scratch) ctx.splitK = scratch.view();
    record(ctx, bx.view(), {bw.view(), wt, c.bands}, c.bias ? bb.view() : BufferView{}, by.view(), p, kernel, shared,
           maxBinding, c.tile ? findCoopMatTile(c.tile) : nullptr, c.kLayers, c.form);
  });
  const std::vector<float> got = downloadFloats(dev, by.view());
  if (c.halfX) {
    // The same products as the f32-x kernel on the same (f16-exact) values, bit for bit.
    auto bx32 = uploadFloats(dev, x, "x (f32)");
    auto by32 = (c.accumulate || c.ldyPad) ? uploadFloats(dev, want, "y") : outputFloats(dev, ny, "y");
    MatmulParams p32 = p;
    p32.xType = DType::F32;
    recordAndTime(dev, [&](OpContext& ctx) {
      if (scratch) ctx.splitK = scratch.view();
      record(ctx, bx32.view(), {bw.view(), wt, c.bands}, c.bias ? bb.view() : BufferView{}, by32.view(), p32, kernel,
             shared, maxBinding, c.tile ? findCoopMatTile(c.tile) : nullptr, c.kLayers, c.form);
    });
    const std::vector<float> got32 = downloadFloats(dev, by32.view());
    for (size_t i = 0; i < got.size(); ++i) {
      if (std::bit_cast<uint32_t>(got[i]) != std::bit_cast<uint32_t>(got32[i])) {
        CheckResult r;
        r.note = "x-f16 kernel differs from the f32-x kernel at " + std::to_string(i) + ": " +
                   std::to_string(got[i]) + " vs " + std::to_string(got32[i]);
        return r;
      }
    }
  }
  ref::matmul(x.data(), widened.data(), c.bias ? b.data() : nullptr, want.data(), p);
  CheckResult r = compare(got, want, tolerance);
  r.milliseconds = ms;
  return r;
}

}  // namespace

void addMatmulChecks(CheckList& list, const gpu::DeviceInfo& device) {
  const int matvec = int(Kernel::Matvec), tiled = int(Kernel::Tiled);
  // Shapes every variant runs: decode (M = 1, 3) and prefill-like M, odd N and K (K % 4 != 0
  // takes the scalar-load path), 1-row and sub-tile cases, and Gemma-sized rows (2048 x 1536).
  const std::vector<Case> common = {
      {1, 64, 64},          {1, 2048, 1536},       {3, 300, 1000},         {40, 64, 48},
      {17, 127, 33},        {128, 256, 512},       {64, 1536, 2048},       {2, 96, 16},
      {9, 50, 300, true},   {33, 70, 100, false, true, 3}, {5, 129, 64, true, true, 7},
      // N split with a tiny binding limit: K = 333 makes 16-bit rows 666 bytes, so chunk offsets
      // must be rounded to the storage-offset alignment; bias / accumulate / ldy check the column offset.
      {20, 301, 333, true, true, 5, 40000}, {5, 301, 336, true, false, 0, 40000},
  };
  // Portable only: force the kernel the size would not pick, and both tiled memory paths.
  const std::vector<Case> portableExtra = {
      {1, 100, 64, false, false, 0, 0, tiled},   {3, 257, 300, true, false, 0, 0, tiled},
      {17, 127, 33, false, false, 0, 0, matvec}, {12, 513, 1024, true, true, 2, 0, matvec},
      {40, 64, 48, false, false, 0, 0, tiled, 1}, {65, 200, 333, true, true, 1, 0, tiled, 1},
      {128, 256, 512, false, false, 0, 0, tiled, 1}, {40, 64, 48, false, false, 0, 0, tiled, 0},
      {20, 301, 333, true, true, 5, 40000, tiled, 1},
      // W in column bands (whole and narrower last bands): the matvec, both tiled memory paths.
      {1, 96, 64, false, false, 0, 0, matvec, -1, nullptr, 0, false, CoopMatForm::Auto, true},
      {12, 301, 328, true, true, 2, 0, matvec, -1, nullptr, 0, false, CoopMatForm::Auto, true},
      {40, 64, 96, false, false, 0, 0, tiled, 1, nullptr, 0, false, CoopMatForm::Auto, true},
      {65, 200, 336, true, true, 1, 0, tiled, 0, nullptr, 0, false, CoopMatForm::Auto, true},
      {17, 70, 16, false, false, 0, 0, tiled, 1, nullptr, 0, false, CoopMatForm::Auto, true},
  };
  const std::vector<Case> fp16Extra = {
      {40, 64, 48, false, false, 0, 0, -1, 1}, {65, 200, 333, true, true, 1, 0, -1, 1},
      {128, 256, 512, false, false, 0, 0, -1, 0}, {20, 301, 333, true, true, 5, 40000, -1, 1},
      {65, 200, 320, true, true, 1, 0, -1, 1, nullptr, 0, false, CoopMatForm::Auto, true},
  };
  // Cooperative matrix only, the pick's other tiles (pickCoopMatTile): shapes with 100 to 399
  // blocks of 128 x 128 (the mid tile), >= 400 (the large tile), < 100 with K > 4096 (the 3-group k
  // split): direct stores for full tiles, edge tiles, odd K, bias / accumulate / ldy.
  const std::vector<Case> coopMatExtra = {
      {520, 4100, 72},  {260, 8200, 40, true, true, 3}, {257, 8195, 37},
      {1100, 6000, 24, true, true, 3}, {1030, 6150, 40},
      {70, 200, 4104, true, true, 3}, {130, 260, 4099},
      // the pick's k split across workgroups: small grids with K >= 4096 (ragged K), a narrow
      // one and one of 64-99 blocks with K >= 1024
      {200, 700, 4100, true, false, 0}, {300, 1000, 8200, false, true, 2}, {300, 200, 1500, true, true, 1},
      {512, 2100, 1100, true, true, 3},
      // W in column bands through the pick: the large grid, a k split across workgroups.
      {1030, 6150, 64, true, true, 3, 0, -1, -1, nullptr, 0, false, CoopMatForm::Auto, true},
      {300, 1000, 8192, false, true, 2, 0, -1, -1, nullptr, 0, false, CoopMatForm::Auto, true},
  };
  // Every cooperative-matrix tile configuration this device runs (the pick uses only some per
  // shape): full tiles (direct stores), edges with bias / accumulate / ldy, K % 8 != 0 (element
  // loads), K shorter than one step (k-split groups with no step), long K, and the N split.
  if (hasCoopMat(device)) {
    const int coop = int(Kernel::CoopMat);
    for (const CoopMatTile& t : coopMatTiles()) {
      const std::string name = t.name;
      if (!coopMatTileRuns(device, t) || name.rfind("probe", 0) == 0) {
        continue;
      }
      std::vector<Case> tileCases = {
          {256, 512, 512, false, false, 0, 0, coop, -1, t.name},
          {300, 520, 200, true, true, 3, 0, coop, -1, t.name},
          {130, 260, 37, false, true, 0, 0, coop, -1, t.name},
          {70, 301, 336, true, false, 0, 40000, coop, -1, t.name},
          // Many k steps, their count no multiple of a k split's groups: ragged with bias and
          // K % 8 != 0, and full tiles accumulating.
          {100, 200, 1003, true, false, 0, 0, coop, -1, t.name},
          {128, 256, 520, false, true, 0, 0, coop, -1, t.name},
      };
      // k split across workgroups (MatmulSplitK.h), for the tiles built for it: layers of whole
      // steps with a ragged last one, an empty last layer (4 layers of 3 steps' worth), bias /
      // accumulate / ldy, the N split.
      const std::vector<Case> layerCases = {
          {100, 200, 1003, true, false, 0, 0, coop, -1, t.name, 2},
          {64, 384, 2056, false, true, 3, 0, coop, -1, t.name, 3},
          {70, 130, 72, true, true, 1, 0, coop, -1, t.name, 4},
          {70, 301, 336, true, false, 0, 40000, coop, -1, t.name, 2},
      };
      if (t.kLayers) tileCases.insert(tileCases.end(), layerCases.begin(), layerCases.end());
      // W in column bands: full tiles, edges with bias / accumulate / ldy, a k split where built.
      std::vector<Case> bandCases = {
          {256, 512, 512, false, false, 0, 0, coop, -1, t.name},
          {300, 520, 232, true, true, 3, 0, coop, -1, t.name},
      };
      if (t.kLayers) bandCases.push_back({100, 200, 1024, true, false, 0, 0, coop, -1, t.name, 2});
      for (Case& c : bandCases) c.bands = true;
      tileCases.insert(tileCases.end(), bandCases.begin(), bandCases.end());
      // x in f16 (16-bit weights only): full tiles, K % 8 != 0 (element loads) accumulating, the
      // N split with bias, and a k split across workgroups where the tile has one.
      std::vector<Case> halfXCases = {
          {256, 512, 512, false, false, 0, 0, coop, -1, t.name},
          {130, 260, 37, false, true, 2, 0, coop, -1, t.name},
          {70, 301, 336, true, false, 0, 40000, coop, -1, t.name},
          {100, 200, 1003, true, false, 0, 0, coop, -1, t.name, t.kLayers ? 2u : 0u},
          {256, 512, 512, false, false, 0, 0, coop, -1, t.name, 0, false, CoopMatForm::Auto, true},
      };
      for (Case& c : halfXCases) c.halfX = true;
      // Both builds where the device runs the KHR one (GPUs without it run the NV build).
      std::vector<CoopMatForm> forms = {CoopMatForm::Auto};
      if (coopMatUsesKhr(device, t, CoopMatForm::Auto)) forms = {CoopMatForm::Nv, CoopMatForm::Khr};
      for (CoopMatForm form : forms) {
        for (DType wt : {DType::F32, DType::F16, DType::BF16}) {
          for (Case c : tileCases) {
            c.form = form;
            list.push_back({"matmul", "coopmat", describe(c, wt), [wt, c](gpu::Device& dev, uint64_t seed) {
                              return runCase(dev, seed, Variant::CoopMat, wt, c, 2e-3);
                            }});
          }
          if (wt == DType::F32) continue;
          for (Case c : halfXCases) {
            c.form = form;
            list.push_back({"matmul", "coopmat", describe(c, wt), [wt, c](gpu::Device& dev, uint64_t seed) {
                              return runCase(dev, seed, Variant::CoopMat, wt, c, 2e-3);
                            }});
          }
        }
      }
    }
  }
  // x in f16 through the pick (tile and k split by shape): the large, mid and small grids.
  if (hasCoopMat(device)) {
    const int coop = int(Kernel::CoopMat);
    std::vector<Case> pickCases = {
        {520, 4100, 72, false, false, 0, 0, coop},   {1030, 6150, 40, true, true, 3, 0, coop},
        {200, 700, 4100, true, false, 0, 0, coop},   {300, 200, 1500, true, true, 1, 0, coop},
        {512, 2100, 1100, false, false, 0, 0, coop},
    };
    for (DType wt : {DType::F16, DType::BF16}) {
      for (Case c : pickCases) {
        c.halfX = true;
        list.push_back({"matmul", "coopmat", describe(c, wt), [wt, c](gpu::Device& dev, uint64_t seed) {
                          return runCase(dev, seed, Variant::CoopMat, wt, c, 2e-3);
                        }});
      }
    }
  }
  struct VariantSpec {
    Variant v;
    double tolerance;
    const std::vector<Case>* extra;
  };
  // f32 math with f32 accumulation: the sums agree with the double reference to a few f32 ulps of
  // max|ref| (1e-5 leaves room for K up to thousands of terms).
  // fp16: x (and f32 weights) are rounded to f16 (unit roundoff u = 2^-11 = 4.9e-4), the products and
  // the 4-term sums are rounded in f16 too: about 5 roundings of size <= u per term. Their signs are
  // random, so the error grows like sqrt(K) just as max|ref| does and the ratio stays a few u:
  // 2e-3 (~4u).
  // coopmat: only the operand roundings to f16 (2u per term; products and sums are f32): 2e-3.
  // The wide decode matvec (the Auto pick for M <= 8 on GPUs), forced here so lavapipe runs it
  // too: decode shapes, M past one workgroup's 8 rows of x, the 2-rows-per-subgroup path
  // (N >= 16384), bias / accumulate / ldy and the N split. f32 math: 1e-5 as the portable kernel.
  if (device.subgroupArithmetic) {
    const int wide = int(Kernel::MatvecWide);
    const std::vector<Case> wideCases = {
        {1, 64, 64, false, false, 0, 0, wide},         {1, 2048, 1536, false, false, 0, 0, wide},
        {3, 300, 1000, false, false, 0, 0, wide},      {8, 129, 64, true, true, 7, 0, wide},
        {12, 513, 1024, true, true, 2, 0, wide},       {1, 20000, 64, false, false, 0, 0, wide},
        {2, 16411, 96, true, false, 0, 0, wide},       {5, 301, 336, true, false, 0, 40000, wide},
        // W in column bands (matvec_bands.comp where the device runs it): a decode site's shape, a
        // last band of 24 / 8 / 16 columns (the tiny fixture's PLE projection: one band of 16),
        // many rows, bias / accumulate / ldy.
        {1, 1536, 2048, false, false, 0, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
        {3, 300, 1048, false, false, 0, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
        {1, 64, 16, false, false, 0, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
        {2, 16411, 96, true, false, 0, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
        {8, 129, 64, true, true, 7, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
        // 128 bands: matvec_bands.comp's widest workgroup (32 subgroups), as the decoder's down
        // projections take it in a batch decode.
        {4, 264, 4096, false, false, 0, 0, wide, -1, nullptr, 0, false, CoopMatForm::Auto, true},
    };
    for (DType wt : {DType::F32, DType::F16, DType::BF16}) {
      for (const Case& c : wideCases) {
        list.push_back({"matmul", "matvec-wide", describe(c, wt), [wt, c](gpu::Device& dev, uint64_t seed) {
                          return runCase(dev, seed, Variant::Auto, wt, c, 1e-5);
                        }});
      }
    }
  }
  const VariantSpec variants[] = {
      {Variant::Portable, 1e-5, &portableExtra},
      {Variant::Fp16, 2e-3, &fp16Extra},
      {Variant::CoopMat, 2e-3, &coopMatExtra},
  };
  for (const VariantSpec& vs : variants) {
    for (DType wt : {DType::F32, DType::F16, DType::BF16}) {
      if (!matmulSupported(device, vs.v, wt)) continue;
      std::vector<Case> cases = common;
      if (vs.extra) cases.insert(cases.end(), vs.extra->begin(), vs.extra->end());
      for (const Case& c : cases) {
        list.push_back({"matmul", variantName(vs.v), describe(c, wt),
                        [vs, wt, c](gpu::Device& dev, uint64_t seed) {
                          return runCase(dev, seed, vs.v, wt, c, vs.tolerance);
                        }});
      }
    }
  }
}

}  // namespace gwb::ops
