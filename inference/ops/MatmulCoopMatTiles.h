#pragma once
// Tile configurations of the cooperative-matrix matmul (shaders/matmul_coopmat.comp) and the
// choice among them per shape. Used by Matmul.cpp and by `bench-matmul`, which times them all.
#include <cstdint>
#include <span>
#include <string>

#include "inference/gpu/DeviceInfo.h"

namespace gwb::ops {

struct CoopMatTile {
  const char* name;    // shader variant suffix: matmul_<w>_coopmat_<name>
  uint32_t bm, bn;     // block tile of y per workgroup
  uint32_t subgroups;  // 32-wide subgroups per workgroup
  uint32_t sharedBytes;
  uint32_t cmN;        // N of the 16 x cmN x 16 shape the variant is built for
  bool kLayers = false;  // splits k across workgroup layers (KLAYERS build, MatmulSplitK.h)
  bool geglu = false;    // has x-in-f16 GEGLU builds (matmul_<w>_xh_geglu_coopmat_<name>, MatmulGeglu.h)
  bool attention = false;  // has attention builds (matmul_f16w_xh_attn_{scores,values}_coopmat_<name>, AttentionGemm.h)
};

// Which build of a tile runs. Every cmN = 8 tile also has a KHR build (matmul_<w>_coopmat_<name>_khr:
// its SPIR-V rewritten to VK_KHR_cooperative_matrix, shaders/spirv/CoopMatKhrRewrite.h; the rewrite
// needs distinct A, B and accumulator shapes, so 16 x 16 tiles have none). Auto runs the KHR build
// wherever the device has the KHR shape (faster end to end on the H100, docs/benchmarks.md
// "Session 15"), else the NV build; Nv / Khr force one (bench-matmul's A/B, the selftest).
enum class CoopMatForm { Auto, Nv, Khr };

// Every configuration built into the binary.
std::span<const CoopMatTile> coopMatTiles();
// Whether this device runs the configuration (its shape, 32-wide subgroups, shared memory).
bool coopMatTileRuns(const gpu::DeviceInfo& device, const CoopMatTile& tile);
// Whether `tile` runs its KHR build on this device in `form`; throws gpu::GpuError where a forced
// KHR build cannot run (no KHR shape, or a tile without a KHR build).
bool coopMatUsesKhr(const gpu::DeviceInfo& device, const CoopMatTile& tile, CoopMatForm form);
// The configuration named `name`, or nullptr.
const CoopMatTile* findCoopMatTile(const std::string& name);
// The fastest configuration for an M x N output with K-long rows on this device; nullptr when none
// runs (K = 0: only whether one runs matters).
// kLayers: the caller can split k across workgroup layers (MatmulSplitK.h), so tiles built for it
// may be picked. wideK64: the 128 x 192 tile with k step 64 may be picked (plain matmuls; the
// GeGLU epilogue and attention's products run slower on it, and it has no such builds).
const CoopMatTile* pickCoopMatTile(const gpu::DeviceInfo& device, uint32_t M, uint32_t N, uint32_t K = 0,
                                   bool kLayers = false, bool wideK64 = true);
// The k split across workgroups for `tile` (MatmulSplitK.h): 1 unless the tile is built for it
// (kLayers) and the device's SM count is known.
uint32_t pickCoopMatKLayers(const gpu::DeviceInfo& device, const CoopMatTile& tile, uint32_t M, uint32_t N, uint32_t K);

}  // namespace gwb::ops
