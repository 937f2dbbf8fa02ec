#include "inference/ops/FlashAttention.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <stdexcept>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/AttentionCheckData.h"
#include "inference/ops/AttentionPack.h"
#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
// flash_attention.comp: BR rows (query x head pairs of one KV head) per workgroup, key tiles of 64.
constexpr uint32_t kMaxRowBlock = 64, kKeyTile = 64;

struct FlashPush {
  uint32_t queries, keys, heads, kvHeads, queryStart;
  uint32_t causal, window;
  float scale, logitCap;
  uint32_t outStride, qRows;
};

// One build of flash_attention.comp (shaders/ShaderList.cmake).
struct FlashTile {
  uint32_t rowBlock;       // BR
  uint32_t workgroupSize;  // 32 x its subgroups
  uint32_t sharedBytes;
  std::string pipeline;
};

// sS [splitK][BR][BC + 4] f32, sP [BR][BC + 8] f16, sRow [BR] f32
uint32_t flashSharedBytes(uint32_t rowBlock, uint32_t keyTile, uint32_t splitK) {
  return splitK * rowBlock * (keyTile + 4) * 4 + rowBlock * (keyTile + 8) * 2 + rowBlock * 4;
}

// 64-row blocks (every head dim) or 32-row blocks (head dims 256 / 512 only).
FlashTile flashTile(uint32_t headDim, uint32_t rowBlock = kMaxRowBlock) {
  const uint32_t wg = headDim == 16 ? 128 : 256;
  const uint32_t splitK = wg / 128;  // S sums over the head dim in this many parts
  std::string name = "flash_attention_hd" + std::to_string(headDim);
  if (rowBlock != kMaxRowBlock) name += "_br" + std::to_string(rowBlock);
  return {rowBlock, wg, flashSharedBytes(rowBlock, kKeyTile, splitK), name};
}

// Head dim 64 with PREFETCH (flash_attention.comp): Q fragments held in registers, K of the next
// key tile and V of this one loaded ahead, otherwise the 64-row build. Measured on the H100 (vision
// tower, 2520 patches x 12 heads, docs/benchmarks.md): 5.99 ms for 16 layers against 7.29 ms;
// 32-row blocks (6.43), S without split-K (7.37) and 128-key tiles (7.82 with 32-row blocks) gained
// less or lost.
FlashTile hd64PrefetchTile() {
  FlashTile t = flashTile(64);
  t.pipeline = "flash_attention_hd64_pf";
  return t;
}

bool tileSupported(const gpu::DeviceInfo& d, const FlashTile& tile);

// Every build of a head dim (the checks run each one on every case of that head dim).
std::vector<FlashTile> flashBuilds(uint32_t headDim) {
  std::vector<FlashTile> builds{flashTile(headDim)};
  if (headDim >= 256) builds.push_back(flashTile(headDim, 32));
  if (headDim == 64) builds.push_back(hd64PrefetchTile());
  return builds;
}

// The build for a call. Measured on the H100 (E2B prefill, docs/benchmarks.md): head dim 256
// runs 4 % faster in 32-row blocks; head dim 512 in 64-row blocks unless those leave SMs idle
// (a short prefill chunk: 512 tokens = 64 blocks on 132 SMs, 1.5x faster in 32-row blocks).
FlashTile pickFlashTile(const gpu::DeviceInfo& d, const AttentionParams& p) {
  if (p.headDim == 64 && tileSupported(d, hd64PrefetchTile())) return hd64PrefetchTile();
  if (p.headDim < 256) return flashTile(p.headDim);
  const uint64_t blocks64 = uint64_t(p.kvHeads) * ((uint64_t(p.queries) * (p.heads / p.kvHeads) + 63) / 64);
  const bool fewBlocks = d.multiprocessors > 0 && blocks64 < d.multiprocessors;
  return flashTile(p.headDim, p.headDim == 256 || fewBlocks ? 32 : kMaxRowBlock);
}

uint32_t roundUp(uint32_t n, uint32_t m) { return (n + m - 1) / m * m; }

uint64_t packedBytes(uint32_t rows, uint32_t block, uint32_t width) { return uint64_t(roundUp(rows, block)) * width * 2; }

// src rows [rows, stride srcStride floats] -> dst f16 [groups, roundUp(rows * fold, block), width]
// in 16 x 16 blocks (AttentionPack.h): row r of group g = src row r / fold, columns from
// (g * fold + r % fold) * width; zero padded. block and width are multiples of 16.
void pack(OpContext& ctx, BufferView src, BufferView dst, uint32_t rows, uint32_t block, uint32_t width,
          uint32_t srcStride, uint32_t groups = 1, uint32_t fold = 1) {
  packAttentionOperand(ctx, src, dst, {rows * fold, roundUp(rows * fold, block), width, srcStride, groups, fold},
                       PackOrder::Blocks16);
}

void grow(gpu::Device& device, gpu::Buffer& b, uint64_t bytes, const char* name) {
  if (b.size() < bytes) b = gpu::Buffer(device, bytes, gpu::MemoryUsage::DeviceLocal, name);
}

bool tileSupported(const gpu::DeviceInfo& d, const FlashTile& tile) {
  return d.coopMatNV && d.shaderFloat16 && d.subgroupSize == 32 && d.hasCoopMatF16Acc32(16, 16, 16) &&
         d.maxSharedMemory >= tile.sharedBytes && d.maxWorkgroupInvocations >= tile.workgroupSize;
}

// Packs q, k, v and runs one build of the kernel (shapes validated by the caller).
void runFlashAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                       const AttentionParams& p, FlashWorkspace& ws, const FlashTile& tile, DType outType) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const uint32_t hd = p.headDim, fold = p.heads / p.kvHeads;
  const uint32_t qs = p.qRowStride(), kvs = p.kvRowStride(), os = p.outRowStride();
  const uint32_t qRows = roundUp(p.queries * fold, tile.rowBlock);  // per KV head
  const uint64_t qBytes = uint64_t(p.kvHeads) * qRows * hd * 2;
  const uint64_t kvBytes = packedBytes(std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd);
  if (ws.queries().size() < qBytes || ws.keys().size() < kvBytes || ws.values().size() < kvBytes) {
    throw std::logic_error("flash attention: workspace not reserved for this shape");
  }
  const BufferView qh = ws.queries().view(0, qBytes), kh = ws.keys().view(0, kvBytes);
  const BufferView vh = ws.values().view(0, kvBytes);
  pack(ctx, q, qh, p.queries, tile.rowBlock, hd, qs, p.kvHeads, fold);
  pack(ctx, k, kh, std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd, kvs);
  pack(ctx, v, vh, std::max(p.keys, 1u), kKeyTile, p.kvHeads * hd, kvs);

  const FlashPush push{p.queries, p.keys, p.heads, p.kvHeads, p.queryStart, p.causal ? 1u : 0u, p.window,
                       p.scale, p.logitCap, os, qRows};
  const uint32_t outHalf = outType == DType::F16 ? 1u : 0u;  // specialization constant OUT_HALF
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {tile.pipeline, 4, sizeof(FlashPush), {tile.workgroupSize, outHalf}, d.subgroupSizeControl ? 32u : 0u});
  ctx.rec.dispatch(pipe, {gpu::in(qh), gpu::in(kh), gpu::in(vh), gpu::out(out)}, push, p.kvHeads,
                   qRows / tile.rowBlock);
}
}  // namespace

void FlashWorkspace::reserve(gpu::Device& device, uint32_t queries, uint32_t heads, uint32_t keys, uint32_t kvHeads,
                             uint32_t headDim) {
  // Queries per KV head: roundUp(queries * G, BR) rows <= queries * G + BR, so all KV heads fit in
  // (queries * heads + kvHeads * BR) rows of headDim, whatever G and BR <= 64 are.
  grow(device, q_, (uint64_t(queries) * heads + uint64_t(kvHeads) * kMaxRowBlock) * headDim * 2,
       "flash attention f16 queries");
  grow(device, k_, packedBytes(keys, kKeyTile, kvHeads * headDim), "flash attention f16 keys");
  grow(device, v_, packedBytes(keys, kKeyTile, kvHeads * headDim), "flash attention f16 values");
}

bool flashAttentionSupported(const gpu::DeviceInfo& d, uint32_t headDim) {
  const bool shape = headDim == 16 || headDim == 32 || headDim == 64 || headDim == 128 || headDim == 256 || headDim == 512;
  // The 64-row build needs the most shared memory; pickFlashTile also takes 32-row builds.
  return shape && tileSupported(d, flashTile(headDim));
}

void flashAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                    const AttentionParams& p, FlashWorkspace& ws, DType outType) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!flashAttentionSupported(d, p.headDim)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature, "flash attention: head dim " + std::to_string(p.headDim) +
                                                               " is not supported on " + d.name);
  }
  if (p.kvHeads == 0 || p.heads % p.kvHeads != 0) throw std::invalid_argument("flash attention: unsupported head shape");
  if (outType != DType::F32 && outType != DType::F16) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "flash attention: out must be f32 or f16");
  }
  if (p.queries == 0 || p.heads == 0) return;
  runFlashAttention(ctx, q, k, v, out, p, ws, pickFlashTile(d, p), outType);
}

void addFlashAttentionChecks(CheckList& list, const gpu::DeviceInfo& device) {
  using Case = AttentionCheckCase;
  const std::vector<Case> cases = halfPrecisionAttentionCases();
  // Every build a call can pick (pickFlashTile), on every case.
  std::vector<std::pair<Case, FlashTile>> runs;
  for (const Case& cs : cases) {
    if (!flashAttentionSupported(device, cs.p.headDim)) continue;
    for (const FlashTile& tile : flashBuilds(cs.p.headDim)) {
      if (tileSupported(device, tile)) runs.emplace_back(cs, tile);
    }
  }
  const std::string base = "flash_attention_hd";
  for (const auto& [cs, tile] : runs) {
    // The build's name past its head dim: "", " br32" or " pf".
    std::string build = tile.pipeline.substr(base.size() + std::to_string(cs.p.headDim).size());
    for (char& ch : build) ch = ch == '_' ? ' ' : ch;
    // f16 out where the text decoder asks for it (head dims 256 / 512), and on the odd-stride
    // case (the element-wise epilogue).
    std::vector<DType> outTypes = {DType::F32};
    if (cs.p.headDim >= 256 || cs.p.outStride % 8 != 0) outTypes.push_back(DType::F16);
    for (DType outType : outTypes) {
      const std::string name = attentionCheckName(cs.name, cs.p) + build + (outType == DType::F16 ? " out-f16" : "");
      list.push_back({"flashattn", "coopmat", name, [cs, tile, outType](gpu::Device& dev, uint64_t seed) {
                        FlashWorkspace ws;  // outlives the submit
                        ws.reserve(dev, cs.p.queries, cs.p.heads, cs.p.keys, cs.p.kvHeads, cs.p.headDim);
                        return runHalfPrecisionAttentionCheck(
                            dev, cs.p, cs.qRange, seed, outType,
                            [&](OpContext& c, BufferView q, BufferView k, BufferView v, BufferView out) {
                              runFlashAttention(c, q, k, v, out, cs.p, ws, tile, outType);
                            });
                      }});
    }
  }
}

}  // namespace gwb::ops
