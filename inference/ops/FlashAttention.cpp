#include "inference/ops/FlashAttention.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/AttentionCheckData.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
// flash_attention.comp: 32 query rows per workgroup, key tiles of 64.
constexpr uint32_t kRowBlock = 32, kKeyTile = 64;

struct PackPush {
  uint32_t rows, rowsPadded, width, srcStride;
};
struct FlashPush {
  uint32_t queries, keys, heads, kvHeads, queryStart;
  uint32_t causal, window;
  float scale, logitCap;
  uint32_t outStride;
};

uint32_t roundUp(uint32_t n, uint32_t m) { return (n + m - 1) / m * m; }

uint64_t packedBytes(uint32_t rows, uint32_t block, uint32_t width) { return uint64_t(roundUp(rows, block)) * width * 2; }

// src rows [rows, width] (stride srcStride floats) -> dst f16 [roundUp(rows, block), width], zero padded.
void pack(OpContext& ctx, BufferView src, BufferView dst, uint32_t rows, uint32_t block, uint32_t width,
          uint32_t srcStride) {
  const PackPush push{rows, roundUp(rows, block), width, srcStride};
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"flash_attention_pack", 2, sizeof(PackPush), {}});
  const uint32_t groups = groupsFor(uint64_t(push.rowsPadded) * width / 2, 256);
  const uint32_t gx = std::min(groups, 65535u);
  ctx.rec.dispatch(pipe, {gpu::in(src), gpu::out(dst)}, push, gx, groupsFor(groups, gx));
}

void grow(gpu::Device& device, gpu::Buffer& b, uint64_t bytes, const char* name) {
  if (b.size() < bytes) b = gpu::Buffer(device, bytes, gpu::MemoryUsage::DeviceLocal, name);
}
}  // namespace

void FlashWorkspace::reserve(gpu::Device& device, uint32_t queries, uint32_t heads, uint32_t keys, uint32_t kvHeads,
                             uint32_t headDim) {
  grow(device, q_, packedBytes(queries, kRowBlock, heads * headDim), "flash attention f16 queries");
  grow(device, k_, packedBytes(keys, kKeyTile, kvHeads * headDim), "flash attention f16 keys");
  grow(device, v_, packedBytes(keys, kKeyTile, kvHeads * headDim), "flash attention f16 values");
}

bool flashAttentionSupported(const gpu::DeviceInfo& d, uint32_t headDim) {
  const bool shape = headDim == 16 || headDim == 32 || headDim == 64 || headDim == 128 || headDim == 256 || headDim == 512;
  return shape && d.coopMatNV && d.shaderFloat16 && d.subgroupSize == 32 && d.hasCoopMatF16Acc32(16, 16, 16) &&
         d.maxSharedMemory >= 24 * 1024;
}

void flashAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                    const AttentionParams& p, FlashWorkspace& ws) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!flashAttentionSupported(d, p.headDim)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "flash attention: head dim " + std::to_string(p.headDim) +
                                                               " is not supported on " + d.name);
  }
  if (p.kvHeads == 0 || p.heads % p.kvHeads != 0) throw std::invalid_argument("flash attention: unsupported head shape");
  if (p.queries == 0 || p.heads == 0) return;
  const uint32_t hd = p.headDim;
  const uint32_t qs = p.qRowStride(), kvs = p.kvRowStride(), os = p.outRowStride();
  const uint64_t qBytes = packedBytes(p.queries, kRowBlock, p.heads * hd);
  const uint64_t kvBytes = packedBytes(std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd);
  if (ws.q_.size() < qBytes || ws.k_.size() < kvBytes || ws.v_.size() < kvBytes) {
    throw std::logic_error("flash attention: workspace not reserved for this shape");
  }
  const BufferView qh = ws.q_.view(0, qBytes), kh = ws.k_.view(0, kvBytes), vh = ws.v_.view(0, kvBytes);
  pack(ctx, q, qh, p.queries, kRowBlock, p.heads * hd, qs);
  pack(ctx, k, kh, std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd, kvs);
  pack(ctx, v, vh, std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd, kvs);

  const FlashPush push{p.queries, p.keys, p.heads, p.kvHeads, p.queryStart, p.causal ? 1u : 0u, p.window,
                       p.scale, p.logitCap, os};
  const uint32_t wg = hd == 512 ? 256 : hd == 256 ? 128 : 64;  // flash_attention.comp WG_SIZE
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {"flash_attention_hd" + std::to_string(hd), 4, sizeof(FlashPush), {wg}, d.subgroupSizeControl ? 32u : 0u});
  ctx.rec.dispatch(pipe, {gpu::in(qh), gpu::in(kh), gpu::in(vh), gpu::out(out)}, push, p.heads,
                   groupsFor(p.queries, kRowBlock));
}

namespace {

std::vector<float> roundedToF16(std::span<const float> x, uint32_t rows, uint32_t width, uint32_t stride) {
  std::vector<float> r(size_t(rows) * width);
  for (uint32_t i = 0; i < rows; ++i) {
    for (uint32_t c = 0; c < width; ++c) r[size_t(i) * width + c] = gpu::f16ToF32(gpu::f32ToF16(x[size_t(i) * stride + c]));
  }
  return r;
}

// The pack kernel alone (portable: runs on lavapipe): exact f16 rounding and zero padding.
CheckResult runPackCase(gpu::Device& dev, uint64_t seed, uint32_t rows, uint32_t block, uint32_t width,
                        uint32_t stride) {
  auto x = randomFloats(size_t(rows) * stride, seed, -3.0f, 3.0f);
  auto bx = uploadFloats(dev, x, "x");
  const uint32_t padded = roundUp(rows, block);
  gpu::Buffer dst(dev, uint64_t(padded) * width * 2, gpu::MemoryUsage::DeviceLocal, "packed");
  {
    const std::vector<uint16_t> junk(size_t(padded) * width, 0x7e00);  // NaN: the pad must be overwritten
    dev.upload(dst.view(), junk.data(), junk.size() * 2);
  }
  const double ms = recordAndTime(dev, [&](OpContext& c) { pack(c, bx.view(), dst.view(), rows, block, width, stride); });
  std::vector<uint16_t> got(size_t(padded) * width);
  dev.download(dst.view(), got.data(), got.size() * 2);
  std::vector<float> want = roundedToF16(x, rows, width, stride);
  want.resize(got.size(), 0.0f);
  std::vector<float> gotF(got.size());
  std::transform(got.begin(), got.end(), gotF.begin(), gpu::f16ToF32);
  CheckResult r = compare(gotF, want, 0.0);  // rounding to nearest f16 is exact on both sides
  r.milliseconds = ms;
  return r;
}

}  // namespace

void addFlashAttentionChecks(CheckList& list, const gpu::DeviceInfo& device) {
  list.push_back({"flashattn", "portable", "pack 45x96 stride 100 block 32", [](gpu::Device& dev, uint64_t seed) {
                    return runPackCase(dev, seed, 45, 32, 96, 100);
                  }});
  list.push_back({"flashattn", "portable", "pack 70x512 block 64", [](gpu::Device& dev, uint64_t seed) {
                    return runPackCase(dev, seed, 70, 64, 512, 512);
                  }});

  struct Case {
    const char* name;
    AttentionParams p;
    float qRange;  // q uniform in [-qRange, qRange], k in [-1, 1], v in [-2, 2] (as the attention checks)
  };
  const auto P = attentionCheckShape;
  std::vector<Case> cases = {
      {"E2B sliding prefill window 512", P(700, 700, 8, 1, 256, 0, true, 512), 0.5f},
      {"E2B full prefill", P(300, 300, 8, 1, 512, 0, true, 0), 0.4f},
      {"chunk 77 at 200, window 64", P(77, 277, 4, 2, 256, 200, true, 64), 0.5f},
      {"chunk 50 at 100 full", P(50, 150, 2, 1, 512, 100, true, 0), 0.4f},
      {"vision bidirectional hd64", P(280, 280, 12, 12, 64, 0, false, 0), 1.0f},
      {"encoder hd128 cap 50, scale", P(65, 65, 4, 4, 128, 0, false, 0), 2.0f},
      {"odd strides, rows without keys", P(40, 30, 2, 1, 64, 26, true, 4), 1.0f},
      {"tiny text hd16 window 8", P(40, 40, 4, 1, 16, 0, true, 8), 1.0f},
      {"tiny text hd32 chunk at 17", P(23, 40, 4, 1, 32, 17, true, 0), 1.0f},
  };
  cases[5].p.logitCap = 50.0f;
  cases[5].p.scale = 0.5f;
  cases[6].p.qStride = 2 * 64 + 4;
  cases[6].p.kvStride = 64 + 8;
  cases[6].p.outStride = 2 * 64 + 5;
  for (const Case& cs : cases) {
    if (!flashAttentionSupported(device, cs.p.headDim)) continue;
    list.push_back({"flashattn", "coopmat", attentionCheckName(cs.name, cs.p), [cs](gpu::Device& dev, uint64_t seed) {
                      const AttentionParams& p = cs.p;
                      AttentionCheckData d = randomAttentionData(p, cs.qRange, seed);
                      auto bq = uploadFloats(dev, d.q, "q");
                      auto bk = uploadFloats(dev, d.k, "k");
                      auto bv = uploadFloats(dev, d.v, "v");
                      auto bo = uploadFloats(dev, d.out, "out");
                      FlashWorkspace ws;
                      ws.reserve(dev, p.queries, p.heads, p.keys, p.kvHeads, p.headDim);
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        flashAttention(c, bq.view(), bk.view(), bv.view(), bo.view(), p, ws);
                      });
                      ref::attention(d.q.data(), d.k.data(), d.v.data(), nullptr, d.out.data(), p);
                      // q, k, v, P rounded to f16 (u = 2^-11 = 4.9e-4), f32 sums: a score moves by
                      // about u * sqrt(hd) * rms(q) * rms(k) * 2 (<= 2e-3 here), which shifts the
                      // softmax weights by that relative amount, plus u each from P and v: the
                      // output moves by a few 1e-3 of max|out|. Bound 5e-3 (~10u).
                      CheckResult r = compare(downloadFloats(dev, bo.view()), d.out, 5e-3);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
