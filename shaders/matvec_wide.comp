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
// and serves up to MB rows of x (rows of x past MB go to further workgroups along z). The grid may
// hold fewer workgroups than row sets: each workgroup then walks row sets with the grid's stride
// (ops/NormedMatvec.cpp caps the fused matvecs at 4 workgroups per SM, which then pay their
// prologue once per workgroup instead of once per row set; CPU devices cap every grid).
//   x: f32 [M, K]; W: [N, K] (WTYPE); y[m, nOffset + n] as matmul_io.glsl's storeY.
// GEGLU (ops/MatmulGeglu.h): W is [2N, K] = (gate rows; up rows) and each subgroup owns gate row
// n and up row N + n (ROWS must be 2): y[m, n] = gelu_tanh(x·gate_n) * (x·up_n).
// NORM_PROLOGUE (ops/NormedMatvec.h, M = 1): x is not read from binding 0 but computed by every
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
layout(constant_id = 5) const uint MB = 8;  // rows of x per workgroup: 1 in decode steps (fewer registers)
// W in column bands (matmul_io.glsl's W_BANDS, ops/WeightBands.h): a row's 128-bit loads are then
// runs of QB loads (fewer in a last, narrower band), N runs apart. A constant: rows pay nothing.
layout(constant_id = 6) const bool BANDS = false;
const uint MAX_SUBGROUPS = 16;  // ops/Matmul.cpp keeps SUBGROUPS <= this
shared float splitPartials[MAX_SUBGROUPS * MB * 2];  // [subgroup][m][row], ROWS <= 2 when KSPLIT > 1
// The includer of norm_prologue.glsl takes constant_id 4 (PROLOGUE_SIZE_ID) for x's size.
// After the local_size layout: the prologue's loops use gl_WorkGroupSize.
#ifdef NORM_PROLOGUE
#define PROLOGUE_SIZE_ID 4
#include "norm_prologue.glsl"
#define XV(i) prologueX[i]  // M = 1: the row of x is the prologue's
#define STORE storeOut
#else
#define XV(i) x4[i]
#define STORE storeY
#endif

#include "wide_weights.glsl"
layout(set = 0, binding = 1) readonly buffer WV { WVEC wv[]; };
const uint QB = 32u / VEC;  // 128-bit loads per row of one (full) band

// The load of k-step q of the row at rowBase (rowBaseOf: its first load; in bands, its index).
uint loadIndex(uint rowBase, uint q, uint KV) {
  if (!BANDS) return rowBase + q;
  const uint q0 = q - q % QB;  // the band's first k-step
  return q0 * p.N + rowBase * min(QB, KV - q0) + (q - q0);
}

float acc[MB][ROWS];  // the current row set's sums, [row of x][row of W]

// Loads k-steps q0, q0 + step, .. (UNROLL of them, clamped to the row) of the rows at rowBase.
void loadBatch(uint q0, uint step, uint KV, uint rowBase[ROWS], out WVEC w[UNROLL][ROWS]) {
  [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
    const uint q = min(q0 + u * step, KV - 1u);
    [[unroll]] for (uint r = 0; r < ROWS; ++r) w[u][r] = wv[loadIndex(rowBase[r], q, KV)];
  }
}

#ifdef NORM_PROLOGUE
// The first batch of loads of a subgroup's first row set, issued before the prologue so that
// their memory latency overlaps it (the prologue reads L2-resident vectors and meets at barriers).
WVEC firstBatch[UNROLL][ROWS];
bool firstBatchLoaded = false;
#endif

// Adds k-step q of the current row set (w: its ROWS loads) to acc.
void addStep(uint q, WVEC w[ROWS], uint m0, uint mc) {
  const uint K4 = p.K >> 2;
#if WTYPE == 0
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
      const vec4 xv = XV((m0 + m) * K4 + q);
      [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += dot(xv, w[r]);
    }
  }
#else
  vec4 lo[ROWS], hi[ROWS];
  [[unroll]] for (uint r = 0; r < ROWS; ++r) unpack(w[r], lo[r], hi[r]);
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
      const uint xi = (m0 + m) * K4 + 2u * q;
      const vec4 xa = XV(xi), xb = XV(xi + 1u);
      [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += dot(xa, lo[r]) + dot(xb, hi[r]);
    }
  }
#endif
}

// Offset (in 128-bit loads) of row r of row set rs (in bands: the row's index, loadIndex); past-the-
// end rows are clamped to valid data that is never stored.
uint rowBaseOf(uint rs, uint r) {
  const uint KV = p.K / VEC;
#ifdef GEGLU
  return (min(rs, p.N - 1) + r * p.N) * KV;  // gate row rs, up row N + rs
#else
  return min(rs * ROWS + r, p.N - 1u) * (BANDS ? 1u : KV);
#endif
}

// Row set rs (ROWS rows of W; GeGLU: gate row rs and up row N + rs) against rows m0 .. m0 + mc - 1
// of x; subgroup part ks of KSPLIT streams every KSPLIT-th k-step. With a split, the whole
// workgroup calls this for the same row-set block (barriers inside).
void rowSet(uint rs, uint ks, uint m0, uint mc) {
#ifdef GEGLU
  const uint n0 = rs;  // one output row (two rows of W)
#else
  const uint n0 = rs * ROWS;
#endif
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint KV = p.K / VEC;  // 128-bit loads per row

  uint rowBase[ROWS];
  [[unroll]] for (uint r = 0; r < ROWS; ++r) {
    rowBase[r] = rowBaseOf(rs, r);
    [[unroll]] for (uint m = 0; m < MB; ++m) acc[m][r] = 0.0;
  }

  const uint STEP = KSPLIT * S;  // k-steps between a lane's consecutive loads
  for (uint q0 = lane + ks * S; q0 < KV; q0 += UNROLL * STEP) {
    WVEC w[UNROLL][ROWS];
    // All loads first: UNROLL * ROWS independent requests in flight per lane.
#ifdef NORM_PROLOGUE
    if (firstBatchLoaded) {
      [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
        [[unroll]] for (uint r = 0; r < ROWS; ++r) w[u][r] = firstBatch[u][r];
      }
      firstBatchLoaded = false;
    } else {
      loadBatch(q0, STEP, KV, rowBase, w);
    }
#else
    loadBatch(q0, STEP, KV, rowBase, w);
#endif
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      if (q0 + u * STEP < KV) addStep(q0 + u * STEP, w[u], m0, mc);
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
    if (ks == 0u && lane == 0u && n0 < p.N) {
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
    }
    barrier();  // the partials are read before the next row set writes them
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

void main() {
  const uint groups = gl_NumWorkGroups.x * gl_NumWorkGroups.y;
  const uint group = gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x;
  const uint perGroup = gl_NumSubgroups / KSPLIT;  // row sets a workgroup takes at a time
#ifdef GEGLU
  const uint rowSets = p.N;
#else
  const uint rowSets = (p.N + ROWS - 1u) / ROWS;
#endif
  const uint ks = gl_SubgroupID % KSPLIT;  // which k-steps this subgroup streams
  const uint m0 = gl_WorkGroupID.z * MB;
  const uint mc = min(MB, p.M - m0);
#ifdef NORM_PROLOGUE
  const uint firstSet = group * perGroup + gl_SubgroupID / KSPLIT;
  if (firstSet < rowSets && p.M == 1u) {
    uint rowBase[ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r) rowBase[r] = rowBaseOf(firstSet, r);
    loadBatch(gl_SubgroupInvocationID + ks * gl_SubgroupSize, KSPLIT * gl_SubgroupSize, p.K / VEC, rowBase, firstBatch);
    firstBatchLoaded = true;
  }
  normPrologue();  // barriers: before any invocation leaves
#endif
  // The loop bound is uniform across the workgroup (barriers in rowSet with a split); without a
  // split a subgroup leaves as soon as its row set is past the end.
  for (uint first = group * perGroup; first < rowSets; first += groups * perGroup) {
    const uint rs = first + gl_SubgroupID / KSPLIT;
    if (KSPLIT == 1u && rs >= rowSets) return;
    rowSet(rs, ks, m0, mc);
  }
}
