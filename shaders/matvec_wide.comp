#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
// Decode matvec for GPUs (ops/Matmul.cpp picks it where subgroup arithmetic exists, K % 8 == 0):
// each subgroup owns ROWS consecutive rows of W and streams them with 128-bit loads (8 bf16/f16
// weights or 4 f32 weights per uvec4 / vec4), lanes striding over k; the sums are reduced with
// subgroupAdd only (no shared memory, no barrier), so every subgroup runs independently. Each lane
// issues UNROLL x ROWS independent 16-byte loads (k-steps q, q+S, ..: the subgroup reads 32 x 16
// consecutive bytes per step, fully coalesced) before any arithmetic, so enough bytes are in flight
// per SM to cover the memory latency; indices past the row's end are clamped (valid, cached loads)
// and their products skipped. Each W element is read once per dispatch
// and serves up to MB rows of x (rows of x past MB go to further workgroups along z).
//   x: f32 [M, K]; W: [N, K] (WTYPE); y[m, nOffset + n] as matmul_io.glsl's storeY.
// GEGLU (ops/MatmulGeglu.h): W is [2N, K] = (gate rows; up rows) and each subgroup owns gate row
// n and up row N + n (ROWS must be 2): y[m, n] = gelu_tanh(x·gate_n) * (x·up_n).
// NORM_PROLOGUE (ops/DecodeMatvec.h, M = 1): x is not read from binding 0 but computed by every
// workgroup from the residual stream into shared memory first (norm_prologue.glsl).
#include "matmul_io.glsl"
#if defined(GEGLU) || defined(NORM_PROLOGUE)
#include "activation.glsl"
#endif

layout(local_size_x_id = 0) in;              // SUBGROUPS * subgroup size
layout(constant_id = 1) const uint ROWS = 2;  // rows of W per subgroup
layout(constant_id = 2) const uint UNROLL = 4;  // k-steps of 128-bit loads issued together per lane
// Subgroups sharing the same rows, each streaming every KSPLIT-th k-step (a shared-memory sum at
// the end): more subgroups in flight for the short, wide matrices (down / o projections: N 1536,
// K up to 12288) that leave the GPU under-filled at one subgroup per row. 1: no barrier at all.
layout(constant_id = 3) const uint KSPLIT = 1;
const uint MB = 8;                            // rows of x per workgroup
const uint MAX_SUBGROUPS = 16;  // ops/Matmul.cpp keeps SUBGROUPS <= this
shared float splitPartials[MAX_SUBGROUPS * MB * 2];  // [subgroup][m][row], ROWS <= 2 when KSPLIT > 1
// After the local_size layout: the prologue's loops use gl_WorkGroupSize.
#ifdef NORM_PROLOGUE
#include "reduce.glsl"
#define PROLOGUE_SIZE_ID 4
#include "norm_prologue.glsl"
#define XV(i) prologueX[i]  // M = 1: the row of x is the prologue's
#define STORE storeOut
#else
#define XV(i) x4[i]
#define STORE storeY
#endif

#if WTYPE == 0
layout(set = 0, binding = 1) readonly buffer WV { vec4 wv[]; };
const uint VEC = 4;  // weights per 128-bit load
#else
layout(set = 0, binding = 1) readonly buffer WV { uvec4 wv[]; };
const uint VEC = 8;
#endif

// Widens one 128-bit load into its two groups of 4 weights (lo: k..k+3, hi: k+4..k+7).
void unpack(uvec4 u, out vec4 lo, out vec4 hi) {
#if WTYPE == 1
  lo = vec4(unpackHalf2x16(u.x), unpackHalf2x16(u.y));
  hi = vec4(unpackHalf2x16(u.z), unpackHalf2x16(u.w));
#else
  // bf16, little endian: the low half of each word is the lower k
  lo = uintBitsToFloat(uvec4(u.x << 16, u.x & 0xffff0000u, u.y << 16, u.y & 0xffff0000u));
  hi = uintBitsToFloat(uvec4(u.z << 16, u.z & 0xffff0000u, u.w << 16, u.w & 0xffff0000u));
#endif
}

void main() {
#ifdef NORM_PROLOGUE
  normPrologue();  // barriers: before any invocation leaves
#endif
  const uint group = gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x;
  const uint rowSet = group * (gl_NumSubgroups / KSPLIT) + gl_SubgroupID / KSPLIT;
  const uint ks = gl_SubgroupID % KSPLIT;  // which k-steps this subgroup streams
#ifdef GEGLU
  const uint n0 = rowSet;  // one output row (two rows of W)
#else
  const uint n0 = rowSet * ROWS;
#endif
  // Without a split the whole subgroup leaves together (no barriers below); with one, past-the-end
  // rows stay for the barrier (clamped loads, nothing stored).
  if (KSPLIT == 1u && n0 >= p.N) return;
  const uint m0 = gl_WorkGroupID.z * MB;
  const uint mc = min(MB, p.M - m0);
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint KV = p.K / VEC;  // 128-bit loads per row
  const uint K4 = p.K >> 2;

  uint rowBase[ROWS];
  float acc[MB][ROWS];
  [[unroll]] for (uint r = 0; r < ROWS; ++r) {
#ifdef GEGLU
    rowBase[r] = (min(n0, p.N - 1) + r * p.N) * KV;  // gate row n0, up row N + n0
#else
    rowBase[r] = min(n0 + r, p.N - 1u) * KV;  // clamped: past-the-end rows load valid data, never stored
#endif
    [[unroll]] for (uint m = 0; m < MB; ++m) acc[m][r] = 0.0;
  }

  const uint STEP = KSPLIT * S;  // k-steps between a lane's consecutive loads
  for (uint q0 = lane + ks * S; q0 < KV; q0 += UNROLL * STEP) {
#if WTYPE == 0
    vec4 w[UNROLL][ROWS];
#else
    uvec4 w[UNROLL][ROWS];
#endif
    // All loads first: UNROLL * ROWS independent requests in flight per lane.
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      const uint q = min(q0 + u * STEP, KV - 1u);
      [[unroll]] for (uint r = 0; r < ROWS; ++r) w[u][r] = wv[rowBase[r] + q];
    }
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      const uint q = q0 + u * STEP;
      if (q < KV) {
#if WTYPE == 0
        [[unroll]] for (uint m = 0; m < MB; ++m) {
          if (m < mc) {
            const vec4 xv = XV((m0 + m) * K4 + q);
            [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += dot(xv, w[u][r]);
          }
        }
#else
        vec4 lo[ROWS], hi[ROWS];
        [[unroll]] for (uint r = 0; r < ROWS; ++r) unpack(w[u][r], lo[r], hi[r]);
        [[unroll]] for (uint m = 0; m < MB; ++m) {
          if (m < mc) {
            const uint xi = (m0 + m) * K4 + 2u * q;
            const vec4 xa = XV(xi), xb = XV(xi + 1u);
            [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += dot(xa, lo[r]) + dot(xb, hi[r]);
          }
        }
#endif
      }
    }
  }

  if (KSPLIT > 1u) {  // uniform: sum the KSPLIT subgroups' partials of each row set
    [[unroll]] for (uint m = 0; m < MB; ++m) {
      if (m < mc) {
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
          const float s = subgroupAdd(acc[m][r]);
          if (lane == 0u) splitPartials[(gl_SubgroupID * MB + m) * 2u + r] = s;
        }
      }
    }
    barrier();
    if (ks != 0u || lane != 0u || n0 >= p.N) return;
    const uint first = gl_SubgroupID;  // ks == 0: the row set's first subgroup
    [[unroll]] for (uint m = 0; m < MB; ++m) {
      if (m < mc) {
        float t[ROWS];
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
          t[r] = 0.0;
          for (uint j = 0; j < KSPLIT; ++j) t[r] += splitPartials[((first + j) * MB + m) * 2u + r];
        }
#ifdef GEGLU
        storeY(m0 + m, n0, geluTanh(t[0]) * t[1]);
#else
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
          if (n0 + r < p.N) STORE(m0 + m, n0 + r, t[r]);
        }
#endif
      }
    }
    return;
  }

  // mc is uniform, so the subgroup operations stay in uniform control flow.
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
#ifdef GEGLU
      const float g = subgroupAdd(acc[m][0]), u = subgroupAdd(acc[m][1]);
      if (lane == 0u) storeY(m0 + m, n0, geluTanh(g) * u);
#else
      [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        const float s = subgroupAdd(acc[m][r]);
        if (lane == 0u && n0 + r < p.N) STORE(m0 + m, n0 + r, s);
      }
#endif
    }
  }
}
