#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_EXT_control_flow_attributes : require
// Decode matvec over a weight stored in column bands (ops/WeightBands.h; matvec_wide.comp's job
// for row-major weights; ops/MatvecBands.h, recorded by ops::matmul where W is banded):
// y = x W^T for up to MB rows of x per workgroup, f32 sums.
//   x: f32 [M, K]; W: column bands of [N, K] (WTYPE); y as matmul_io.glsl's storeY.
// In bands, the pieces of consecutive rows within a band lie side by side, so a workgroup owns
// RB = subgroup size / QB consecutive rows and a lane one row's piece: lane l reads load l % QB of
// row l / QB, and one subgroup load takes RB whole row pieces of a band, 512 contiguous bytes for
// 16-bit weights (matvec_wide, whose subgroups own one row, read a band's rows as 64-byte runs).
// The workgroup's subgroups take the bands in turn (band s, s + SUBGROUPS, ...; UNROLL bands'
// loads in flight per lane), each row's QB lanes sum by shuffles, the subgroups' partials meet in
// shared memory (one barrier) and each (row of x, row of W) is added up in subgroup order.
// A last band narrower than 32 columns has fewer loads per row piece: the lanes past them idle.
#include "matmul_io.glsl"
#include "wide_weights.glsl"

layout(local_size_x_id = 0) in;                   // SUBGROUPS * subgroup size
layout(constant_id = 1) const uint RB = 8;        // rows per workgroup: subgroup size / QB
layout(constant_id = 2) const uint UNROLL = 2;    // bands whose loads a lane issues together
layout(constant_id = 3) const uint MB = 8;        // rows of x per workgroup
const uint MAX_SUBGROUPS = 32;                    // ops/MatvecBands.cpp keeps SUBGROUPS <= this
const uint MAX_RB = 16;                           // subgroup size <= 64 (16-bit) / 128 (f32)
const uint QB = 32u / VEC;                        // 128-bit loads per row of a full band

layout(set = 0, binding = 1) readonly buffer WV { WVEC wv[]; };

shared float partials[MAX_SUBGROUPS * MB * MAX_RB];  // [subgroup][m][row]

void main() {
  const uint lane = gl_SubgroupInvocationID, sub = gl_SubgroupID;
  const uint r = lane / QB, j = lane % QB;               // this lane's row in the workgroup, its load
  const uint n0 = (gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x) * RB;
  if (n0 >= p.N) return;  // the whole workgroup leaves together
  const uint n = min(n0 + r, p.N - 1u);                  // past-the-end rows: valid data, not stored
  const uint m0 = gl_WorkGroupID.z * MB, mc = min(MB, p.M - m0);
  const uint KV = p.K / VEC, bands = (KV + QB - 1u) / QB, K4 = p.K >> 2;

  float acc[MB];
  [[unroll]] for (uint m = 0; m < MB; ++m) acc[m] = 0.0;
  for (uint b0 = sub; b0 < bands; b0 += UNROLL * gl_NumSubgroups) {
    WVEC w[UNROLL];
    bool live[UNROLL];
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      const uint b = b0 + u * gl_NumSubgroups, q0 = min(b, bands - 1u) * QB;  // the band's first load
      const uint width = min(QB, KV - q0);                                     // loads per row piece
      live[u] = b < bands && j < width;
      w[u] = wv[q0 * p.N + n * width + min(j, width - 1u)];
    }
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      if (!live[u]) continue;
      const uint q = (b0 + u * gl_NumSubgroups) * QB + j;  // this lane's k-step (VEC columns)
#if WTYPE == 0
      [[unroll]] for (uint m = 0; m < MB; ++m) {
        if (m < mc) acc[m] += dot(x4[(m0 + m) * K4 + q], w[u]);
      }
#else
      vec4 lo, hi;
      unpack(w[u], lo, hi);
      [[unroll]] for (uint m = 0; m < MB; ++m) {
        if (m < mc) {
          const uint xi = (m0 + m) * K4 + 2u * q;
          acc[m] += dot(x4[xi], lo) + dot(x4[xi + 1u], hi);
        }
      }
#endif
    }
  }
  // A row's QB lanes are adjacent: shuffles within them, then one partial per row and subgroup.
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    float s = acc[m];
    for (uint o = 1u; o < QB; o <<= 1u) s += subgroupShuffleXor(s, o);
    if (j == 0u && r < RB) partials[(sub * MB + m) * MAX_RB + r] = s;
  }
  barrier();
  for (uint t = gl_LocalInvocationIndex; t < MB * RB; t += gl_WorkGroupSize.x) {
    const uint m = t / RB, row = t % RB;
    if (m < mc && n0 + row < p.N) {
      float s = 0.0;
      for (uint g = 0; g < gl_NumSubgroups; ++g) s += partials[(g * MB + m) * MAX_RB + row];
      storeY(m0 + m, n0 + row, s);
    }
  }
}
