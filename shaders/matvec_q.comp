#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
// Decode matvec over a weight in a ggml block format, built like matvec_wide.comp: each subgroup
// owns ROWS consecutive rows of W; the sums are reduced with subgroupAdd (and, only when
// KSPLIT > 1, one shared-memory pass), so every subgroup streams independently. A row is cut
// into "slots" (LPB per block, quant_slots.glsl): a lane decodes a whole slot (8 or 16 weights),
// the block's scales once per slot, while the lanes of one block read consecutive bytes of it
// and consecutive 16-byte runs of x (coalesced). Lanes walk the slots with stride subgroup size
// x KSPLIT, two slots per round, so any subgroup size works.
// Each block is read once per dispatch and serves up to MB rows of x (MB: spec constant, the
// smallest of 1, 2, 4, 8 covering M, so M = 1 keeps one accumulator per row).
//   x: f32 [M, K]; W: N rows of K / QK blocks; y[m, nOffset + n] as quant_io.glsl's storeY.
// Speed (H100, 1 x 32768 x 1536 repeated back to back, so most of its 28-54 MB come from L2):
// Q8_0 47 us, Q4_0 21 us, Q4_K 26 us, Q5_K 29 us, Q6_K 87 us. From HBM in a decode step (E2B's
// LM head, 262144 x 1536; docs/benchmarks.md, session 14): Q8_0 2.6 TB/s, Q6_K 1.7 TB/s, Q4_K
// 1.3 TB/s. E2B's smaller decode matrices are latency-bound (4-8 us).
// GEGLU (ops/MatmulGeglu.h): W is [2N, K] = (gate rows; up rows) and each subgroup owns gate row
// n and up row N + n (ROWS must be 2): y[m, n] = gelu_tanh(x·gate_n) * (x·up_n).
// NORM_PROLOGUE (ops/NormedMatvec.h, M = 1): x is not read from binding 0 but computed by every
// workgroup from the residual stream into shared memory first (norm_prologue.glsl).
#include "quant_io.glsl"
#include "quant_slots.glsl"
#if defined(GEGLU) || defined(NORM_PROLOGUE)
#include "activation.glsl"
#endif

layout(local_size_x_id = 0) in;               // SUBGROUPS * subgroup size
layout(constant_id = 1) const uint ROWS = 2;   // rows of W per subgroup
layout(constant_id = 2) const uint MB = 8;     // rows of x per workgroup (1, 2, 4 or 8)
layout(constant_id = 3) const uint KSPLIT = 1;  // subgroups sharing one group of rows (1, 2, 4)
layout(constant_id = 4) const uint MAX_SUBGROUPS = 32;  // WG / smallest subgroup size the device may use

// KSPLIT > 1 (few rows, long K: o / down / PLE projections): the subgroups of a k-group take
// interleaved slots of the same rows, so a short matrix still has enough subgroups in flight to
// hide memory latency; their sums meet in shared memory.
shared float partials[MB * ROWS * MAX_SUBGROUPS];
// After the local_size layout: the prologue's loops use gl_WorkGroupSize.
#ifdef NORM_PROLOGUE
#define PROLOGUE_SIZE_ID 5
#include "norm_prologue.glsl"
#define XV(i) prologueX[i]  // M = 1: the row of x is the prologue's
#define STORE storeOut
#else
#define XV(i) x4[i]
#define STORE storeY
#endif

float acc[MB][ROWS];
uint rowBlock[ROWS];
uint m0, mc, K4;

// Adds slot s of every row of this subgroup: ROWS slot loads, then MB x ROWS slot dots.
void addSlot(uint s) {
  const uint b = s / LPB, part = s % LPB;
  Slot w[ROWS];
  [[unroll]] for (uint r = 0; r < ROWS; ++r) w[r] = loadSlot(rowBlock[r] + b, part);
  const uint xBlock = b * (QK / 4);
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
      vec4 xv[NV4];
      const uint xBase = (m0 + m) * K4 + xBlock;
      [[unroll]] for (uint i = 0; i < NV4; ++i) xv[i] = XV(xBase + slotX4(part, i));
      [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[m][r] += slotDot(w[r], xv);
    }
  }
}

// Row set rs (ROWS rows of W; GeGLU: gate row rs and up row N + rs) against rows m0 .. m0 + mc - 1
// of x. With k-split the whole workgroup calls this for the same row-set block (a barrier inside).
void rowSet(uint rs, uint sgid, uint ks) {
#ifdef GEGLU
  const uint n0 = rs;  // one output row (two rows of W)
#else
  const uint n0 = rs * ROWS;
#endif
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint slots = (p.K / QK) * LPB, stride = S * KSPLIT;

  [[unroll]] for (uint r = 0; r < ROWS; ++r) {
#ifdef GEGLU
    rowBlock[r] = (min(n0, p.N - 1) + r * p.N) * (p.K / QK);  // gate row n0, up row N + n0
#else
    rowBlock[r] = min(n0 + r, p.N - 1) * (p.K / QK);  // clamped: past-the-end rows load valid data, never stored
#endif
    [[unroll]] for (uint m = 0; m < MB; ++m) acc[m][r] = 0.0;
  }

  // Two slots per iteration so each lane has two slots' loads in flight.
  uint s = ks * S + lane;
  for (; s + stride < slots; s += 2u * stride) {
    addSlot(s);
    addSlot(s + stride);
  }
  if (s < slots) addSlot(s);

  // mc is uniform, so the subgroup operations stay in uniform control flow.
  [[unroll]] for (uint m = 0; m < MB; ++m) {
    if (m < mc) {
#ifdef GEGLU
      const float g = subgroupAdd(acc[m][0]), u = subgroupAdd(acc[m][1]);
      if (KSPLIT == 1u) {
        if (lane == 0u && n0 < p.N) storeY(m0 + m, n0, geluTanh(g) * u);
      } else if (lane == 0u) {
        partials[(m * ROWS) * MAX_SUBGROUPS + sgid] = g;
        partials[(m * ROWS + 1u) * MAX_SUBGROUPS + sgid] = u;
      }
#else
      [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        const float t = subgroupAdd(acc[m][r]);
        if (KSPLIT == 1u) {
          if (lane == 0u && n0 + r < p.N) STORE(m0 + m, n0 + r, t);
        } else if (lane == 0u) {
          partials[(m * ROWS + r) * MAX_SUBGROUPS + sgid] = t;
        }
      }
#endif
    }
  }
  if (KSPLIT > 1u) {
    barrier();
    if (ks == 0u) {
#ifdef GEGLU
      for (uint m = lane; m < mc; m += S) {
        if (n0 < p.N) {
          float g = 0.0, u = 0.0;
          for (uint j = 0; j < KSPLIT; ++j) {
            g += partials[(m * ROWS) * MAX_SUBGROUPS + sgid + j];
            u += partials[(m * ROWS + 1u) * MAX_SUBGROUPS + sgid + j];
          }
          storeY(m0 + m, n0, geluTanh(g) * u);
        }
      }
#else
      for (uint o = lane; o < mc * ROWS; o += S) {
        const uint r = o % ROWS;
        if (n0 + r < p.N) {
          float t = 0.0;
          for (uint j = 0; j < KSPLIT; ++j) t += partials[o * MAX_SUBGROUPS + sgid + j];
          STORE(m0 + o / ROWS, n0 + r, t);
        }
      }
#endif
    }
    barrier();  // the partials are read before the next row set writes them
  }
}

void main() {
#ifdef NORM_PROLOGUE
  normPrologue();  // barriers: before any invocation leaves
#endif
  const uint sgid = gl_SubgroupID, ks = sgid % KSPLIT;
  const uint groups = gl_NumWorkGroups.x * gl_NumWorkGroups.y;
  const uint group = gl_WorkGroupID.x + gl_WorkGroupID.y * gl_NumWorkGroups.x;
  const uint perGroup = gl_NumSubgroups / KSPLIT;  // row sets a workgroup takes at a time
#ifdef GEGLU
  const uint rowSets = p.N;
#else
  const uint rowSets = (p.N + ROWS - 1u) / ROWS;
#endif
  m0 = gl_WorkGroupID.z * MB;
  mc = min(MB, p.M - m0);
  K4 = p.K >> 2;
  // As matvec_wide.comp: a capped grid walks the row sets with its stride. The loop bound is
  // uniform across the workgroup; without k-split a subgroup leaves once past the end (no
  // barrier follows), with it every subgroup stays for the barriers (rows clamped, stores skipped).
  for (uint first = group * perGroup; first < rowSets; first += groups * perGroup) {
    const uint rs = first + sgid / KSPLIT;
    if (KSPLIT == 1u && rs >= rowSets) return;
    rowSet(rs, sgid, ks);
  }
}
