#include "inference/ops/QuantMatmul.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/OpCheck.h"
#include "inference/ops/QuantCodec.h"
#include "inference/ops/QuantDequantize.h"
#include "inference/ops/WeightChunks.h"

namespace gwb::ops {

namespace {

// Shared by matvec_q / matmul_q (shaders/include/quant_io.glsl).
struct Push {
  uint32_t M, N, K, ldy, nOffset, flags;
};
constexpr uint32_t kFlagBias = 1, kFlagAccumulate = 2;
constexpr uint32_t kMatvecMaxM = 8;       // as Matmul.cpp: up to 8 rows of x the one-pass matvec wins
constexpr uint32_t kMatvecSubgroups = 4;  // subgroups per matvec_q workgroup

// Rows of W per matvec subgroup: two once there are rows enough to fill the GPU (LM head, MLP),
// one on the small projections (k/v, PLE) so more subgroups stream at once.
uint32_t matvecRows(uint32_t N) { return N >= 8192 ? 2 : 1; }
// Rows of x per matvec workgroup (the shader's MB): the smallest of 1, 2, 4, 8 covering M, so
// decode (M = 1) keeps one accumulator per row of W.
uint32_t matvecXRows(uint32_t M) { return M <= 1 ? 1 : M <= 2 ? 2 : M <= 4 ? 4 : 8; }
// Slots per block (quant_slots.glsl LPB): one lane decodes one slot.
uint32_t slotsPerBlock(DType t) { return gpu::dtypeBlockElements(t) == 32 ? 4 : 16; }
// Subgroups sharing one group of rows (the shader's KSPLIT): matrices with few rows and long
// rows (o / down / PLE projections, k / v) would leave the GPU with too few subgroups, each
// walking many slots one memory round trip after another; splitting the slots keeps ~8k
// subgroups in flight while every subgroup still has at least two rounds of slots.
uint32_t matvecKSplit(uint32_t N, uint32_t rows, uint32_t slotsPerRow, uint32_t sg) {
  const uint32_t rounds = slotsPerRow / sg;
  uint32_t ks = 1;
  while (ks < kMatvecSubgroups && uint64_t(N / rows) * ks * 2 <= 8192 && rounds >= ks * 4) ks *= 2;
  return ks;
}

enum class Kernel { Matvec, Tiled };

std::string shaderTag(DType t) { return std::string(gpu::dtypeName(t)); }

void dispatchChunk(OpContext& ctx, Kernel kernel, BufferView x, BufferView w, DType wt, BufferView bias,
                   BufferView y, const Push& push) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const gpu::Binding bindings[] = {gpu::in(x), gpu::in(w), gpu::in(bias ? bias : x),
                                   (push.flags & kFlagAccumulate) ? gpu::inout(y) : gpu::out(y)};
  if (kernel == Kernel::Matvec) {
    const QuantMatvecLaunch l = quantMatvecLaunch(d, wt, push.M, push.N, push.K, false);
    const gpu::Pipeline& pipe = ctx.device.pipelines().get(
        {"matvec_" + shaderTag(wt), 4, sizeof(Push), {l.workgroup, l.rows, l.xRows, l.ksplit, l.maxSubgroups},
         l.subgroupSize});
    const uint32_t gx = std::min(l.groupsN, 65535u);
    ctx.rec.dispatch(pipe, bindings, &push, sizeof push, gx, groupsFor(l.groupsN, gx), groupsFor(push.M, l.xRows));
    return;
  }
  // 16 x 16 invocations (64 x 64 tile) on GPUs; 8 x 8 where 256 invocations are not available.
  const uint32_t t = d.maxWorkgroupInvocations >= 256 ? 16 : 8;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"matmul_" + shaderTag(wt), 4, sizeof(Push), {t, t}});
  ctx.rec.dispatch(pipe, bindings, &push, sizeof push, groupsFor(push.N, 4 * t), groupsFor(push.M, 4 * t));
}

// Splits W along N into bindings of at most maxBinding bytes at aligned offsets (whole rows).
void record(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y, const MatmulParams& p,
            Kernel kernel, uint64_t maxBinding) {
  if (p.M == 0 || p.N == 0 || p.K == 0) return;
  if (!gpu::isQuantized(w.dtype)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "quantMatmul: the weight is not in a block format");
  }
  const uint32_t be = gpu::dtypeBlockElements(w.dtype);
  if (p.K % be != 0) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument,
                        "quantMatmul: K = " + std::to_string(p.K) + " is not a multiple of the " +
                            std::string(gpu::dtypeName(w.dtype)) + " block size " + std::to_string(be));
  }
  const uint32_t ldy = p.ldy ? p.ldy : p.N;
  const uint32_t flags = (bias ? kFlagBias : 0u) | (p.accumulate ? kFlagAccumulate : 0u);
  forEachWeightRun(ctx, "quantMatmul", x, w, bias, y, p, gpu::dtypeRowBytes(w.dtype, p.K), maxBinding,
                   [&](uint32_t n0, uint32_t rows, BufferView wRun) {
                     const Push push{p.M, rows, p.K, ldy, n0, flags};
                     dispatchChunk(ctx, kernel, x, wRun, w.dtype, bias, y, push);
                   });
}

}  // namespace

QuantMatvecLaunch quantMatvecLaunch(const gpu::DeviceInfo& d, DType wt, uint32_t M, uint32_t N, uint32_t K,
                                    bool geglu, uint32_t subgroups, uint32_t maxGroups) {
  // kMatvecSubgroups subgroups of `rows` rows (GeGLU: one gate/up pair) each; the subgroup size is
  // pinned where the device allows it, so the rows per workgroup are what the dispatch assumes.
  const uint32_t sg = std::max(d.subgroupSize, 1u);
  QuantMatvecLaunch l;
  l.rows = geglu ? 2 : matvecRows(N);
  l.xRows = matvecXRows(M);
  const uint32_t rowSets = geglu ? N : groupsFor(N, l.rows);
  l.ksplit = matvecKSplit(geglu ? 2 * N : N, l.rows, K / gpu::dtypeBlockElements(wt) * slotsPerBlock(wt), sg);
  if (subgroups == 0) subgroups = kMatvecSubgroups;
  l.workgroup = subgroups * sg;
  l.maxSubgroups = l.workgroup / std::max(d.minSubgroupSize, 1u);  // partials: one slot per subgroup
  l.groupsN = groupsFor(rowSets, subgroups / l.ksplit);
  if (maxGroups == 0) maxGroups = matvecWideGridCap(d, 0);
  if (maxGroups) l.groupsN = std::min(l.groupsN, maxGroups);
  l.subgroupSize = d.subgroupSizeControl ? sg : 0u;
  return l;
}

bool quantMatmulOnTensorCores(const OpContext& ctx, const WeightView& w, const MatmulParams& p) {
  const gpu::DeviceInfo& d = ctx.device.info();
  return p.M > kMatvecMaxM && ctx.dequant.f16 && ctx.dequant.status && matmulSupported(d, Variant::CoopMat, DType::F16) &&
         ctx.dequant.f16.size >= uint64_t(p.N) * p.K * 2 && dequantizeToF16Supported(d, w, p.N, p.K);
}

void quantMatmul(OpContext& ctx, BufferView x, const WeightView& w, BufferView bias, BufferView y,
                 const MatmulParams& p) {
  if (quantMatmulOnTensorCores(ctx, w, p)) {
    // Widened once per chunk (~2 ms for all of E2B's layers at q8_0), then the f16 tensor-core
    // kernel: the f32 tiled kernel is ~3x slower on prefill chunks (docs/benchmarks.md).
    const BufferView f16 = ctx.dequant.f16.sub(0, uint64_t(p.N) * p.K * 2);
    dequantizeToF16(ctx, w, f16, ctx.dequant.status, p.N, p.K);
    matmul(ctx, x, {f16, DType::F16}, bias, y, p, Variant::CoopMat);
    return;
  }
  record(ctx, x, w, bias, y, p, p.M <= kMatvecMaxM ? Kernel::Matvec : Kernel::Tiled,
         ctx.device.info().maxStorageBufferRange);
}

namespace ref {
void quantMatmul(const float* x, const void* wBlocks, DType wt, const float* bias, float* y, const MatmulParams& p) {
  std::vector<float> w(size_t(p.N) * p.K);
  quant::dequantizeBlocks(wt, wBlocks, w.size(), w.data());
  ref::matmul(x, w.data(), bias, y, p);
}
}  // namespace ref

namespace {

struct Case {
  uint32_t M, N, K;
  bool bias = false, accumulate = false;
  uint32_t ldyPad = 0;      // ldy = N + ldyPad (the padding columns must stay untouched)
  uint64_t maxBinding = 0;  // > 0: pretend the binding limit is this small (forces the N split)
  int kernel = -1;          // >= 0: force this Kernel instead of the size's pick
  uint32_t timedRepeats = 0;  // > 0: report the mean of this many back-to-back runs (a warm GPU)
  bool tensorCores = false;   // through quantMatmul with a dequant scratch (f16 copy + coopmat)
};

std::string describe(const Case& c) {
  std::string s = std::to_string(c.M) + "x" + std::to_string(c.N) + "x" + std::to_string(c.K);
  if (c.bias) s += " bias";
  if (c.accumulate) s += " accumulate";
  if (c.ldyPad) s += " ldy+" + std::to_string(c.ldyPad);
  if (c.maxBinding) s += " split@" + std::to_string(c.maxBinding) + "B";
  if (c.kernel == int(Kernel::Matvec)) s += " matvec";
  if (c.kernel == int(Kernel::Tiled)) s += " tiled";
  if (c.timedRepeats) s += " timed x" + std::to_string(c.timedRepeats);
  if (c.tensorCores) s += " f16 copy on tensor cores";
  return s;
}

CheckResult runCase(gpu::Device& dev, uint64_t seed, DType wt, const Case& c) {
  MatmulParams p{c.M, c.N, c.K, c.N + c.ldyPad, c.accumulate};
  const size_t ny = size_t(c.M - 1) * p.ldy + c.N;
  auto x = randomFloats(size_t(c.M) * c.K, seed, -1.0f, 1.0f);
  auto wv = randomFloats(size_t(c.N) * c.K, seed + 1, -1.0f, 1.0f);
  auto b = randomFloats(c.N, seed + 2, -1.0f, 1.0f);
  std::vector<float> widened;  // the dequantized weights: what the kernels compute with
  auto bx = uploadFloats(dev, x, "x");
  auto bw = uploadWeights(dev, wv, wt, "w", widened);
  auto bb = uploadFloats(dev, b, "bias");
  std::vector<float> want = (c.accumulate || c.ldyPad) ? randomFloats(ny, seed + 3, -1.0f, 1.0f)
                                                       : std::vector<float>(ny, 0.0f);
  auto by = (c.accumulate || c.ldyPad) ? uploadFloats(dev, want, "y") : outputFloats(dev, ny, "y");
  const Kernel kernel = c.kernel >= 0 ? Kernel(c.kernel) : c.M <= kMatvecMaxM ? Kernel::Matvec : Kernel::Tiled;
  const uint64_t maxBinding = c.maxBinding ? c.maxBinding : dev.info().maxStorageBufferRange;
  gpu::Buffer scratch(dev, c.tensorCores ? uint64_t(c.N) * c.K * 2 : 4, gpu::MemoryUsage::DeviceLocal, "f16 weights");
  const uint32_t zero = 0;
  auto status = uploadBytes(dev, &zero, 4, "dequant status");
  bool routed = false;
  const double ms = recordAndTime(dev, [&](OpContext& ctx) {
    if (c.tensorCores) {
      ctx.dequant = {scratch.view(), status.view()};
      routed = quantMatmulOnTensorCores(ctx, {bw.view(), wt}, p);
      quantMatmul(ctx, bx.view(), {bw.view(), wt}, c.bias ? bb.view() : BufferView{}, by.view(), p);
      return;
    }
    record(ctx, bx.view(), {bw.view(), wt}, c.bias ? bb.view() : BufferView{}, by.view(), p, kernel, maxBinding);
  });
  ref::matmul(x.data(), widened.data(), c.bias ? b.data() : nullptr, want.data(), p);
  if (c.tensorCores) {
    // f16 copies of both operands (one rounding each, 2 x 2^-11 per term), f32 sums: the coopmat
    // bound of Matmul.cpp's checks, 2e-3. The route must have been taken and the range bit clear.
    uint32_t flag = 1;
    dev.download(status.view(), &flag, 4);
    CheckResult r = compare(downloadFloats(dev, by.view()), want, 2e-3);
    if (!routed || flag != 0) {
      r.pass = false;
      r.note = !routed ? "quantMatmul did not take the tensor-core route" : "the out-of-range bit was set";
    }
    r.milliseconds = ms;
    return r;
  }
  // The kernels decode each weight to the same f32 value as the host codec up to one rounding
  // (d * scale * q grouped differently), then sum in f32: a few f32 ulps of max|ref| as for the
  // f32 matmul, 1e-5 leaving room for K in the thousands.
  CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-5);
  r.milliseconds = ms;
  if (c.timedRepeats) {
    // One dispatch after seconds of host work (the reference) runs on a GPU that has clocked
    // down: an untimed burst of 40 x repeats first, then `timedRepeats` back-to-back runs in one
    // submit give the steady decode-time cost per dispatch.
    auto repeat = [&](uint32_t n) {
      return recordAndTime(dev, [&](OpContext& ctx) {
        for (uint32_t i = 0; i < n; ++i) {
          record(ctx, bx.view(), {bw.view(), wt}, c.bias ? bb.view() : BufferView{}, by.view(), p, kernel, maxBinding);
        }
      });
    };
    repeat(40 * c.timedRepeats);
    r.milliseconds = repeat(c.timedRepeats) / c.timedRepeats;
  }
  return r;
}

}  // namespace

void addQuantMatmulChecks(CheckList& list, const gpu::DeviceInfo& device) {
  const int matvec = int(Kernel::Matvec), tiled = int(Kernel::Tiled);
  // K is a multiple of 256 so every format runs every case: decode (M = 1, 2, 3, 4, 8), prefill-like
  // M with partial tiles, Gemma-sized rows (2048 x 1536), bias / accumulate / ldy, both kernels
  // forced at sizes they would not be picked for, and the N split at aligned offsets.
  const std::vector<Case> cases = {
      {1, 64, 256},
      {1, 2048, 1536},
      {3, 300, 512},
      {8, 129, 256, true},
      {17, 127, 256},
      {40, 64, 768},
      {65, 200, 256, true, true, 3},
      {5, 97, 512, false, true, 2, 0, tiled},
      {12, 70, 256, true, false, 0, 0, matvec},
      {20, 301, 256, true, true, 5, 40000},
      {2, 301, 512, false, false, 0, 30000},
      // Matvec with two rows of W per subgroup (N >= 8192) and a partial last subgroup.
      {1, 8195, 256},
      {4, 8193, 512, true},
  };
  // On GPUs also E2B's decode shapes (q, k/v, o, gate/up, down, down wide, a 32k-row slice of
  // the LM head): `selftest --op quantmatmul` then shows each format's matvec time per shape.
  // Too slow for lavapipe's CI budget, and its timings say nothing about a GPU.
  std::vector<Case> decodeShapes;
  for (auto [n, k] : {std::pair{2048u, 1536u}, {256u, 1536u}, {1536u, 2048u}, {6144u, 1536u}, {1536u, 6144u},
                      {1536u, 12288u}, {32768u, 1536u}}) {
    Case c{1, n, k};
    c.timedRepeats = 50;
    decodeShapes.push_back(c);
  }
  // Prefill on tensor cores (f16 copy of W, then the coopmat kernel): devices with f16 coopmat.
  std::vector<Case> tensorCoreCases;
  if (matmulSupported(device, Variant::CoopMat, DType::F16)) {
    for (Case c : {Case{17, 127, 256}, Case{65, 200, 512, true, true, 3}, Case{300, 520, 1536}}) {
      c.tensorCores = true;
      tensorCoreCases.push_back(c);
    }
  }
  addQuantDequantizeChecks(list, device);
  for (DType wt : {DType::Q8_0, DType::Q4_0, DType::Q4_K, DType::Q5_K, DType::Q6_K}) {
    std::vector<Case> all = cases;
    all.insert(all.end(), tensorCoreCases.begin(), tensorCoreCases.end());
    if (device.type != VK_PHYSICAL_DEVICE_TYPE_CPU) all.insert(all.end(), decodeShapes.begin(), decodeShapes.end());
    // 32-element formats: K that is not a multiple of 256 too.
    if (gpu::dtypeBlockElements(wt) == 32) all.push_back({3, 50, 96}), all.push_back({33, 40, 160});
    for (const Case& c : all) {
      list.push_back({"quantmatmul", std::string(gpu::dtypeName(wt)), describe(c),
                      [wt, c](gpu::Device& dev, uint64_t seed) { return runCase(dev, seed, wt, c); }});
    }
  }
}

}  // namespace gwb::ops
