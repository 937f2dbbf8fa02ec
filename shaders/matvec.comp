#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
// Matvec for small M (decode, M <= 8 per workgroup; larger M loops over gl_WorkGroupID.z blocks).
// One workgroup computes ROWS consecutive rows of W for up to MB rows of x: every invocation walks
// k with stride WG (coalesced vec4 / uvec2 loads when K % 4 == 0, scalars otherwise), keeps
// MB x ROWS partial sums in registers, and each sum is reduced with subgroupAdd, then across
// subgroups through shared partials (one barrier). Each W element is read once per dispatch.
// Speed: memory-bound (streams W once). H100, bf16 W: 1x2048x1536 in 6 us (~1 TB/s),
// 1x10240x2560 in 28 us (~1.9 TB/s); M = 8 costs ~8x less than 8 separate matvecs' worth of
// bandwidth since each W load serves all rows of x. lavapipe: a few hundred MB/s to ~3 GB/s.
#include "matmul_io.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = 128;
layout(constant_id = 1) const uint ROWS = 4;            // rows of W per workgroup
layout(constant_id = 2) const uint MAX_SUBGROUPS = 32;  // WG / smallest subgroup size the device may use
const uint MB = 8;                                      // rows of x per workgroup

shared float partials[MB * ROWS * MAX_SUBGROUPS];

void main() {
  // Row groups are spread over x and y because N / ROWS can pass 65535 (262144-row embeddings).
  const uint n0 = (gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x) * ROWS;
  if (n0 >= p.N) return;  // the whole workgroup leaves together
  const uint m0 = gl_WorkGroupID.z * MB;
  const uint mc = min(MB, p.M - m0);
  const uint t = gl_LocalInvocationID.x;

  float acc[MB][ROWS];
  uint rowW[ROWS];
  [[unroll]] for (uint r = 0; r < ROWS; ++r) {
    rowW[r] = min(n0 + r, p.N - 1);  // clamped: past-the-end rows load valid data, never stored
    [[unroll]] for (uint m = 0; m < MB; ++m) acc[m][r] = 0.0;
  }

  if ((p.K & 3u) == 0u) {
    const uint K4 = p.K >> 2;
    for (uint q = t; q < K4; q += WG) {
      vec4 wv[ROWS];
      [[unroll]] for (uint r = 0; r < ROWS; ++r) wv[r] = wVec4(wElement(rowW[r], 4u * q) >> 2);
      [[unroll]] for (uint m = 0; m < MB; ++m) {
        if (m < mc) {
          const vec4 xv = x4[(m0 + m) * K4 + q];
          [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += dot(xv, wv[r]);
        }
      }
    }
  } else {
    for (uint k = t; k < p.K; k += WG) {
      float wv[ROWS];
      [[unroll]] for (uint r = 0; r < ROWS; ++r) wv[r] = wScalar(wElement(rowW[r], k));
      [[unroll]] for (uint m = 0; m < MB; ++m) {
        if (m < mc) {
          const float xv = x[(m0 + m) * p.K + k];
          [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += xv * wv[r];
        }
      }
    }
  }

  // mc is uniform over the workgroup, so the subgroup operations stay in uniform control flow.
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
      [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        const float s = subgroupAdd(acc[m][r]);
        if (subgroupElect()) partials[(m * ROWS + r) * MAX_SUBGROUPS + gl_SubgroupID] = s;
      }
    }
  }
  barrier();
  for (uint o = t; o < mc * ROWS; o += WG) {
    const uint m = o / ROWS, r = o % ROWS;
    if (n0 + r < p.N) {
      float s = 0.0;
      for (uint g = 0; g < gl_NumSubgroups; ++g) s += partials[o * MAX_SUBGROUPS + g];
      storeY(m0 + m, n0 + r, s);
    }
  }
}
