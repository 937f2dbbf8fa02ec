#include "inference/ops/MatmulCoopMatTiles.h"

#include "inference/ops/OpContext.h"

namespace gwb::ops {

namespace {

// Shared bytes: (1 + double buffer) * (BM + BN) rows * (BK + 8) halfs * 2 (shaders/ShaderList.cmake
// holds the matching defines).
constexpr uint32_t smem(uint32_t bm, uint32_t bn, uint32_t bk, bool dbuf) { return (dbuf ? 2 : 1) * (bm + bn) * (bk + 8) * 2; }

// bench-matmul on an H100 (2026-11-22, docs/benchmarks.md) chose these from 13 candidates (block
// 64 / 128 / 256, 4 or 8 subgroups, k step 32 / 64 / 128, single or double buffer, 16x16 or 16x8
// shapes): 128 x 128 with one buffer and k step 32 for grids that fill the GPU, 64 x 64 with k step
// 64 (half the global round trips per k) for the rest. The 16x8x16 shape (one tensor-core
// instruction per MMA) equals or beats 16x16x16, by up to 1.7x on long-K projections.
// Second sweep (docs/benchmarks.md, "Matmul: 128 x 256 tile"): 128 x 256 with 16 subgroups of
// 64 x 32 (x re-read half as often) beats 128 x 128 on the large grids; k step 64, 256 x 128 and
// 64 x 64 per subgroup lost.
constexpr CoopMatTile kTiles[] = {
    {"128x128_n8", 128, 128, 8, smem(128, 128, 32, false), 8},
    {"64x64_n8", 64, 64, 4, smem(64, 64, 64, false), 8},
    {"128x128", 128, 128, 8, smem(128, 128, 32, false), 16},
    {"64x64", 64, 64, 4, smem(64, 64, 64, false), 16},
    {"probe", 128, 128, 8, smem(128, 128, 32, false), 8},  // bench only: no loads after step 0
    {"128x256", 128, 256, 16, smem(128, 256, 32, false), 8},
};


}  // namespace

std::span<const CoopMatTile> coopMatTiles() { return kTiles; }

bool coopMatTileRuns(const gpu::DeviceInfo& d, const CoopMatTile& t) {
  return d.coopMatNV && d.shaderFloat16 && d.subgroupSize == 32 && d.hasCoopMatF16Acc32(16, t.cmN, 16) &&
         t.sharedBytes <= d.maxSharedMemory && t.subgroups * 32 <= d.maxWorkgroupInvocations;
}

const CoopMatTile* findCoopMatTile(const std::string& name) {
  for (const CoopMatTile& t : kTiles) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

const CoopMatTile* pickCoopMatTile(const gpu::DeviceInfo& d, uint32_t M, uint32_t N) {
  // Fewer than ~100 blocks of 128 x 128 leave SMs of an H100 (132) idle: the small tile then.
  const bool small = uint64_t(groupsFor(M, 128)) * groupsFor(N, 128) < 100;
  static constexpr const char* kSmall[] = {"64x64_n8", "64x64"};
  static constexpr const char* kLarge[] = {"128x256", "128x128_n8", "128x128"};
  for (const char* name : small ? std::span<const char* const>(kSmall) : std::span<const char* const>(kLarge)) {
    const CoopMatTile* t = findCoopMatTile(name);
    if (t && coopMatTileRuns(d, *t)) return t;
  }
  return nullptr;
}

}  // namespace gwb::ops
