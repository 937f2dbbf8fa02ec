#include "inference/ops/MatvecBands.h"

#include <algorithm>

#include "inference/ops/Matmul.h"
#include "inference/ops/WeightBands.h"

namespace gwb::ops {

namespace {
constexpr uint32_t kMaxSubgroups = 32;  // matvec_bands.comp's MAX_SUBGROUPS
constexpr uint32_t kMaxRows = 16;       // its MAX_RB
constexpr uint32_t kUnroll = 2;         // bands whose loads a lane issues together
constexpr uint32_t kRowsOfX = 8;        // its MB where M > 1 (ops/Matmul.cpp's matvec rows)

// 128-bit loads per row piece of a full band.
uint32_t pieceLoads(DType wt) { return kBandColumns / (wt == DType::F32 ? 4u : 8u); }
}  // namespace

bool bandMatvecRuns(const gpu::DeviceInfo& d, DType wt) {
  const uint32_t sg = d.subgroupSize, qb = pieceLoads(wt);
  return d.subgroupSizeControl && d.subgroupShuffle && sg >= qb && sg % qb == 0 && sg / qb <= kMaxRows;
}

// RB = subgroup size / QB rows per workgroup, its subgroups taking the bands in turn (as many as
// give each two rounds of loads, at most 32), 1 or 8 rows of x per workgroup.
// H100, batch decode of 4 / 8 sequences (docs/benchmarks.md, session 20): 16 subgroups left E2B's
// 192 workgroups of down rows too few loads in flight (608 / 791 tok/s against matvec_wide's 635
// / 836 over the same bands); 32 gave 650 / 858 (E4B 388 / 484 against 366 / 465). Loads in
// flight per lane (unroll 1 / 2 / 4 / 8) moved it by about 1 %.
void recordBandMatvec(OpContext& ctx, std::span<const gpu::Binding> bindings, const void* push, uint32_t pushBytes,
                      const BandMatvecShape& s, DType wt) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const uint32_t sg = d.subgroupSize, rb = sg / pieceLoads(wt);
  const uint32_t bands = groupsFor(s.K, kBandColumns);
  uint32_t subgroups = 1;
  while (subgroups * 2 <= kMaxSubgroups && subgroups * 2 * sg <= d.maxWorkgroupInvocations &&
         subgroups * 2 * kUnroll * 2 <= bands) {
    subgroups *= 2;
  }
  const uint32_t mb = s.M == 1 ? 1 : kRowsOfX;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {"matvec_bands_" + weightShaderTag(wt), 4, pushBytes, {subgroups * sg, rb, kUnroll, mb}, sg});
  const uint32_t groups = groupsFor(s.N, rb), gx = std::min(groups, 65535u);
  ctx.rec.dispatch(pipe, bindings, push, pushBytes, gx, groupsFor(groups, gx), groupsFor(s.M, mb));
}

}  // namespace gwb::ops
