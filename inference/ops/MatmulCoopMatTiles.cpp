#include "inference/ops/MatmulCoopMatTiles.h"

#include "inference/gpu/VulkanError.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

namespace {

// Shared bytes: (1 + double buffer) * (BM + BN) rows * (BK + 8) halfs * 2 (shaders/ShaderList.cmake
// holds the matching defines); KSPLIT k groups keep one such set each.
constexpr uint32_t smem(uint32_t bm, uint32_t bn, uint32_t bk, bool dbuf, uint32_t ksplit = 1) {
  return ksplit * (dbuf ? 2 : 1) * (bm + bn) * (bk + 8) * 2;
}

// bench-matmul on an H100 (2026-11-22, docs/benchmarks.md) chose these from 13 candidates (block
// 64 / 128 / 256, 4 or 8 subgroups, k step 32 / 64 / 128, single or double buffer, 16x16 or 16x8
// shapes): 128 x 128 with one buffer and k step 32 for grids that fill the GPU, 64 x 64 with k step
// 64 (half the global round trips per k) for the rest. The 16x8x16 shape (one tensor-core
// instruction per MMA) equals or beats 16x16x16, by up to 1.7x on long-K projections.
// Second sweep (docs/benchmarks.md, "Matmul: 128 x 256 tile"): 128 x 256 with 16 subgroups of
// 64 x 32 (x re-read half as often) beats 128 x 128 on the large grids; k step 64, 256 x 128 and
// 64 x 64 per subgroup lost.
// Third sweep (docs/benchmarks.md, "Matmul: k split inside the workgroup"): for grids that leave
// SMs idle (M = 512 / 750), 64 x 128 blocks of 8 subgroups of 32 x 32 with the k steps dealt to 2
// or 3 such groups (KSPLIT, reduced in shared memory) beat 64 x 64 by 1.5-2x; 64 x 64 with 2-4
// groups, 128 x 64 / 128 x 128 / 32 x 128 with 2-3 groups, 64 x 128 with 4 subgroups of 32 x 64,
// 64 x 256 and 128 x 128 with 16 subgroups lost. Plain 64 x 128 wins the mid grids.
// Fourth sweep (docs/benchmarks.md, "Session 6", k split across workgroups, the `_kl` builds):
// 128 x 128 blocks in 3-4 workgroup layers beat every in-workgroup split on the small grids with
// long K, the down projections of 512-token chunks (512 x 1536 x 12288: 0.283 -> 0.222 ms,
// 512 x 1536 x 6144: 0.144 -> 0.118, E4B's 512 x 2560 x 10240: 0.485 -> 0.245), and 64 x 128
// blocks of 2 k groups in 4 layers the narrow PLE gate (512 x 256 x 1536: 0.038 -> 0.017). Grids
// of 64-99 blocks with K >= 1024 gain too (E2B q/k/v 512 x 2560 x 1536: 0.073 -> 0.055, E4B's
// 512 x 3072 x 2560: 0.120 -> 0.103 and o 512 x 2560 x 2048: 0.092 -> 0.068); E2B's o at 48 blocks
// (512 x 1536 x 2048: 0.047 either way) does not, and stays.
// A split of the mid grids (2048-token chunks) timed faster here but made a whole 4096-token
// prefill slower, so they stay unsplit.
// Fifth measurement (docs/benchmarks.md, "Session 15"): every tile's KHR build (the same kernel,
// its SPIR-V rewritten to VK_KHR_cooperative_matrix) issues MMAs twice as fast on the H100 (probe
// without loads: 528 against 269 TFLOP/s). Per tile, 128 x 256, 64 x 64 and the k splits gain
// 3-14 %; 128 x 128 and 64 x 128 gain on some grids and lose up to a third on others. End to end
// the KHR builds everywhere won (E2B prefill 4096 tokens 164 -> 152 ms, vision tower 15.0 -> 13.8;
// the audio tower 9.2 -> 9.5 ms lost a little), so Auto takes them all (coopMatUsesKhr).
constexpr CoopMatTile kTiles[] = {
    {"128x128_n8", 128, 128, 8, smem(128, 128, 32, false), 8},
    {"128x128_n8_kl", 128, 128, 8, smem(128, 128, 32, false), 8, true},
    {"64x64_n8", 64, 64, 4, smem(64, 64, 64, false), 8},
    {"128x128", 128, 128, 8, smem(128, 128, 32, false), 16},
    {"64x64", 64, 64, 4, smem(64, 64, 64, false), 16},
    // bench only (bench-matmul's throughput probes, wrong results): no global loads after step 0;
    // no fragment loads either (MMAs alone); fragment loads without staging or barriers
    {"probe", 128, 128, 8, smem(128, 128, 32, false), 8},
    {"probe_mma", 128, 128, 8, smem(128, 128, 32, false), 8},
    {"probe_ld", 128, 128, 8, smem(128, 128, 32, false), 8},
    {"128x256", 128, 256, 16, smem(128, 256, 32, false), 8, false, true, true},
    {"64x128_n8", 64, 128, 8, smem(64, 128, 32, false), 8, false, true, true},
    {"64x128_n8_k2", 64, 128, 16, smem(64, 128, 32, false, 2), 8},
    {"64x128_n8_k2_kl", 64, 128, 16, smem(64, 128, 32, false, 2), 8, true},
    {"64x128_n8_k3", 64, 128, 24, smem(64, 128, 32, false, 3), 8},
    {"128x192_k64", 128, 192, 8, smem(128, 192, 64, false), 8},
};


}  // namespace

std::span<const CoopMatTile> coopMatTiles() { return kTiles; }

bool coopMatTileRuns(const gpu::DeviceInfo& d, const CoopMatTile& t) {
  return d.coopMatNV && d.shaderFloat16 && d.subgroupSize == 32 && d.hasCoopMatF16Acc32(16, t.cmN, 16) &&
         t.sharedBytes <= d.maxSharedMemory && t.subgroups * 32 <= d.maxWorkgroupInvocations;
}

bool coopMatUsesKhr(const gpu::DeviceInfo& d, const CoopMatTile& t, CoopMatForm form) {
  const bool runs = t.cmN == 8 && d.hasCoopMatKhrF16Acc32(16, t.cmN, 16);
  switch (form) {
    case CoopMatForm::Nv: return false;
    case CoopMatForm::Auto: return runs;
    case CoopMatForm::Khr: break;
  }
  if (!runs) {
    const char* why = t.cmN != 8 ? " (only 16 x 8 x 16 tiles have one)" : " (no VK_KHR_cooperative_matrix 16x8x16)";
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature,
                        std::string("matmul: tile ") + t.name + " has no KHR cooperative-matrix build for " + d.name +
                            why);
  }
  return true;
}

const CoopMatTile* findCoopMatTile(const std::string& name) {
  for (const CoopMatTile& t : kTiles) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

// Sixth sweep (docs/benchmarks.md, "Session 17"): 128 x 192 blocks with k step 64 (8 subgroups of
// 64 x 48, 46 KB of shared memory: half the barriers per k of 128 x 256 with 32) beat every other
// tile on the plain x-in-f16 matmuls with N and K >= 1024 wherever their grid holds at least this
// many blocks (about one per SM of an H100): E2B at 4096 tokens down 0.496 -> 0.374 ms, o 0.175 ->
// 0.139, q/k/v 0.222 -> 0.198; at 2048 tokens by 1.1-1.4x; the audio tower's 750 x 4096 x 1024
// 0.057 -> 0.042. Grids of 64-80 blocks (1024 x 1536, the vision tower's 768-wide outputs),
// K = 256 (the PLE projection), the GeGLU epilogue and attention's products lost on it.
constexpr uint64_t kWideK64MinBlocks = 128;
constexpr uint32_t kWideK64MinSide = 1024;

const CoopMatTile* pickCoopMatTile(const gpu::DeviceInfo& d, uint32_t M, uint32_t N, uint32_t K, bool kLayers,
                                   bool wideK64) {
  // Grid size in blocks of 128 x 128 against an H100's 132 SMs. Under ~100 blocks (M = 512 with
  // N <= 2560, M = 750 with N <= 2048), where the caller can split k across workgroup layers
  // (pickCoopMatKLayers): with K >= 4096 (the down projections), or K >= 1024 and 64 blocks or
  // more (the q/k/v projections, E4B's o) 128 x 128 blocks in layers, with N <= 512 and K >= 1024
  // (the PLE gate) 64 x 128 blocks of 2 k groups in layers; otherwise 64 x 128 blocks with k
  // split inside the workgroup (2 groups of 8 subgroups; 3 for K > 4096, where more loads in
  // flight beat the third group's cost). Under 400 (M = 512 gate/up and PLE, M = 2048 with
  // N = 1536 / 2560, the vision tower's 768-wide outputs) plain 64 x 128 blocks; larger grids
  // 128 x 256 (x re-read half as often).
  const uint64_t blocks = uint64_t(groupsFor(M, 128)) * groupsFor(N, 128);
  if (wideK64 && N >= kWideK64MinSide && K >= kWideK64MinSide &&
      uint64_t(groupsFor(M, 128)) * groupsFor(N, 192) >= kWideK64MinBlocks) {
    const CoopMatTile* t = findCoopMatTile("128x192_k64");
    if (t && coopMatTileRuns(d, *t)) return t;
  }
  const bool layers = kLayers && d.multiprocessors != 0;
  static constexpr const char* kSmallLayers[] = {"128x128_n8_kl", "64x128_n8_k3", "64x128_n8_k2", "64x64_n8",
                                                 "64x64"};
  static constexpr const char* kSmallNarrowLayers[] = {"64x128_n8_k2_kl", "64x128_n8_k2", "64x64_n8", "64x64"};
  static constexpr const char* kSmall[] = {"64x128_n8_k2", "64x64_n8", "64x64"};
  static constexpr const char* kSmallLongK[] = {"64x128_n8_k3", "64x128_n8_k2", "64x64_n8", "64x64"};
  static constexpr const char* kMid[] = {"64x128_n8", "128x256", "128x128_n8", "128x128"};
  static constexpr const char* kLarge[] = {"128x256", "128x128_n8", "128x128"};
  std::span<const char* const> names = kLarge;
  if (blocks < 100) {
    if (layers && (K >= 4096 || (K >= 1024 && N > 512 && blocks >= 64))) {
      names = kSmallLayers;
    } else if (layers && N <= 512 && K >= 1024) {
      names = kSmallNarrowLayers;
    } else {
      names = K > 4096 ? std::span<const char* const>(kSmallLongK) : std::span<const char* const>(kSmall);
    }
  } else if (blocks < 400) {
    names = kMid;
  }
  for (const char* name : names) {
    const CoopMatTile* t = findCoopMatTile(name);
    if (t && coopMatTileRuns(d, *t)) return t;
  }
  return nullptr;
}

uint32_t pickCoopMatKLayers(const gpu::DeviceInfo& d, const CoopMatTile& t, uint32_t M, uint32_t N, uint32_t K) {
  if (!t.kLayers || d.multiprocessors == 0) return 1;
  // As many layers (up to 4) as keep the whole grid within one round of 2 blocks per SM, each
  // layer at least 512 long: 48 blocks of 128 x 128 take 4 layers, 80 take 3 (the fourth sweep:
  // 512 x 2560 x 10240 in 4 layers 0.345 ms, in 3 0.245).
  const uint64_t blocks = uint64_t(groupsFor(M, t.bm)) * groupsFor(N, t.bn);
  constexpr uint32_t kMaxLayers = 4, kMinLayerK = 512, kBlocksPerSm = 2;
  uint32_t layers = 1;
  while (layers < kMaxLayers && blocks * (layers + 1) <= uint64_t(d.multiprocessors) * kBlocksPerSm &&
         K / (layers + 1) >= kMinLayerK) {
    ++layers;
  }
  return layers;
}

}  // namespace gwb::ops
