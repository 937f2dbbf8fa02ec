#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_NV_cooperative_matrix : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// Tiled matmul on tensor cores through GL_NV_cooperative_matrix (f16 x f16 -> f32 shapes
// 16x16x16, or 16x8x16 with CM_N=8). Needs a device that lists the shape (DeviceInfo::
// hasCoopMatF16Acc32); lavapipe has none, so this only compiles here.
// Workgroup: 4 subgroups (4 x SG invocations) computing a 64 x 64 block of y; subgroup s owns the
// 32 x 32 quarter (s / 2, s % 2) as 2 x (32 / CM_N) accumulator matrices (f32).
// Per 32 k the workgroup stages x[64 x 32] and W[64 x 32] as f16 in shared memory (x rounded
// from f32; W widened from f16 exactly, from bf16 exactly within f16 range, from f32 rounded).
// Rows past M / N and k past K are stored as 0 (zero padding), so any M, N, K works.
// Caveat: f16 tops out at 65504. x or W values beyond become +-inf (bf16 weights can in principle
// hold up to 3e38; Gemma's are far below 65504, but large activations must be checked by the
// caller's choice of variant); values below 6e-8 flush to 0 and below 6e-5 lose precision.
// The epilogue goes through a per-subgroup 16 x CM_N f32 scratch in shared memory so edges,
// bias, accumulate and ldy are handled per element.
// Speed (measured on an H100, bf16 W, 2026-11-22): 5.3 TFLOP/s at 512x2560x2560 (1.4x the
// portable shared-memory kernel) but 15.6 TFLOP/s at 2048x2560x10240 and 1.3 at 128x2048x1536,
// i.e. slower than portable there. Far below tensor-core peak: each 32-k step is a serial chain
// (global load -> f16 convert -> shared store -> barrier -> 8 MMAs per subgroup) with no
// prefetch / double buffering and only 64x64 per workgroup. Next steps: register prefetch of
// the next tiles, 128x128 blocks for large M, and a look at occupancy (registers) on NVIDIA.
#include "matmul_io.glsl"

#ifndef CM_N
#define CM_N 16
#endif

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = 128;  // 4 x subgroup size (fixed at pipeline creation)
const uint BM = 64, BN = 64, BK = 32;
const uint LDS = BK + 8;  // row stride of the shared tiles in halfs: 80 bytes, a multiple of 16
const uint NT = 32 / CM_N;  // accumulator matrices per subgroup along N

// The tiles hold packed f16 quads (uvec2 = 4 halfs, one 8-byte store per quad): element offsets
// and strides below are in quads. coopMatLoadNV reinterprets the words as f16 matrix elements.
const uint LDQ = LDS / 4;
shared uvec2 sA[BM * LDQ];  // x tile, row-major [m][k]
shared uvec2 sB[BN * LDQ];  // W tile, [n][k] = the K x N B matrix in column-major order
shared float sC[4 * 16 * CM_N];  // per-subgroup epilogue scratch

void main() {
  const uint tid = gl_LocalInvocationID.x;
  const uint m0 = gl_WorkGroupID.y * BM, n0 = gl_WorkGroupID.x * BN;
  const uint wm = gl_SubgroupID / 2, wn = gl_SubgroupID % 2;
  const bool aligned = (p.K & 3u) == 0u;

  fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N> acc[2][NT];
  [[unroll]] for (uint i = 0; i < 2; ++i) {
    [[unroll]] for (uint j = 0; j < NT; ++j) acc[i][j] = fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N>(0.0);
  }

  for (uint k0 = 0; k0 < p.K; k0 += BK) {
    barrier();  // every subgroup is done with the previous tiles
    for (uint e = tid; e < BM * (BK / 4); e += WG) {
      const uint r = e / (BK / 4), q = e % (BK / 4);
      const vec4 v = m0 + r < p.M ? loadX4(m0 + r, k0 + 4 * q, aligned) : vec4(0.0);
      sA[r * LDQ + q] = uvec2(packHalf2x16(v.xy), packHalf2x16(v.zw));
    }
    for (uint e = tid; e < BN * (BK / 4); e += WG) {
      const uint r = e / (BK / 4), q = e % (BK / 4);
      const vec4 v = n0 + r < p.N ? loadW4(n0 + r, k0 + 4 * q, aligned) : vec4(0.0);
      sB[r * LDQ + q] = uvec2(packHalf2x16(v.xy), packHalf2x16(v.zw));
    }
    barrier();
    [[unroll]] for (uint kk = 0; kk < BK; kk += 16) {
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a[2];
      [[unroll]] for (uint i = 0; i < 2; ++i) coopMatLoadNV(a[i], sA, (wm * 32 + i * 16) * LDQ + kk / 4, LDQ, false);
      [[unroll]] for (uint j = 0; j < NT; ++j) {
        fcoopmatNV<16, gl_ScopeSubgroup, 16, CM_N> b;
        coopMatLoadNV(b, sB, (wn * 32 + j * CM_N) * LDQ + kk / 4, LDQ, true);
        [[unroll]] for (uint i = 0; i < 2; ++i) acc[i][j] = coopMatMulAddNV(a[i], b, acc[i][j]);
      }
    }
  }

  const uint sc = gl_SubgroupID * 16 * CM_N;
  [[unroll]] for (uint i = 0; i < 2; ++i) {
    [[unroll]] for (uint j = 0; j < NT; ++j) {
      coopMatStoreNV(acc[i][j], sC, sc, CM_N, false);
      subgroupMemoryBarrierShared();
      subgroupBarrier();
      for (uint e = gl_SubgroupInvocationID; e < 16 * CM_N; e += gl_SubgroupSize) {
        const uint m = m0 + wm * 32 + i * 16 + e / CM_N, n = n0 + wn * 32 + j * CM_N + e % CM_N;
        if (m < p.M && n < p.N) storeY(m, n, sC[sc + e]);
      }
      subgroupBarrier();  // scratch read before the next store overwrites it
    }
  }
}
