#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_EXT_shader_atomic_float : require
#extension GL_EXT_control_flow_attributes : require
// A decode matvec and the projection that consumes it in one dispatch (ops/MatvecProject.h), so
// a decode step has no dependent dispatch between them (the step's cost is mostly its ~7
// dependent dispatches per layer, docs/benchmarks.md sessions 12-14):
//   x    = the residual step + norm of norm_prologue.glsl        f32 [K]
//   u[n] = gelu_tanh(x · W[n]) * (x · W[N + n])   (GEGLU: W [2N, K], gate rows then up rows)
//   u[n] = gelu_tanh(x · W[n]) * mul[n]           (otherwise: W [N, K], the PLE gate)
//   y[j] += sum_n W2[j, n] * u[n]                  W2: [J, N] in column bands; y: f32 [J], zeroed by the caller
// W2 is stored in column bands of 32 (ops/WeightBands.h): the band a workgroup multiplies is one
// contiguous run (J x 64 bytes for 16-bit weights) instead of J runs of 64 bytes at the row
// stride, which DRAM streams faster (docs/benchmarks.md, session 20).
// Workgroup g owns the FEATURES features n = g * FEATURES .. + FEATURES - 1 (N % FEATURES == 0):
//  1. each subgroup takes FPS features with the workgroup's subgroup stride and streams their W
//     rows with 128-bit loads (matvec_wide.comp's scheme), u to shared memory;
//  2. the workgroup multiplies its columns of W2 (those of its features: SEG = FEATURES / VEC
//     loads per row, SEG lanes per row, adjacent lanes adjacent bytes) by its u, sums each row's
//     SEG lanes by shuffles and adds the row's sum to y[j] with one float atomic.
// The atomics make the order of the N / FEATURES partial sums per y[j] vary between runs (f32
// rounding, ~1e-7 relative).
// MERGE_ATTN (ops::matvecProjectAttention, the o projection of a decode step): no matvec and no
// norm prologue; u is the decode attention's output, merged here from its unmerged splits
// (attention_decode.comp's partials: per head `splits` records of (max, sum, 0, 0, acc[headDim]))
// for the workgroup's features, which lie in one head (headDim % FEATURES == 0):
//   u[d] = sum_s exp(m_s - M) acc_s[d] / sum_s exp(m_s - M) l_s,  M = max_s m_s
// so the attention needs no merge of its own (its last-workgroup merge cost ~3.5 us per layer).
// Here p.K is the head dim and p.mulStride the records per head; y, outRows and W2 as above.
#define NORM_PROLOGUE 1
#define PROJECT 1
#include "matmul_io.glsl"
#include "activation.glsl"

layout(local_size_x_id = 0) in;                    // subgroups * subgroup size
layout(constant_id = 1) const uint FEATURES = 32;  // features per workgroup: VEC <= .. <= VEC * subgroup size
layout(constant_id = 2) const uint UNROLL = 4;     // k-steps of W loads issued together per lane
layout(constant_id = 3) const uint BAND_UNROLL = 4;  // rows of W2 loaded together per lane
layout(constant_id = 5) const uint FPS = 2;        // features per subgroup: FEATURES = FPS * subgroups
#define PROLOGUE_SIZE_ID 4
#include "norm_prologue.glsl"
#include "wide_weights.glsl"

layout(set = 0, binding = 1) readonly buffer WV { WVEC wv[]; };
layout(set = 0, binding = 10) readonly buffer W2V { WVEC w2v[]; };

shared float bandU[FEATURES];

#ifdef MERGE_ATTN
layout(set = 0, binding = 11) readonly buffer Part { vec4 part4[]; };
const uint MERGE_V4 = FEATURES / 4u;  // vec4s of the workgroup's features
shared vec4 mergeAcc[gl_WorkGroupSize.x];  // [split lane][vec4 of the features]: one per invocation
// bandU = the workgroup's FEATURES columns of the merged attention output. Every subgroup finds
// the head's max and denominator itself (the records' headers, 16 bytes a split, come from L2);
// invocation i sums vec4 i % MERGE_V4 over splits i / MERGE_V4, i / MERGE_V4 + G, ...
void mergeAttention() {
  const uint f0 = gl_WorkGroupID.x * FEATURES, hd = p.K;
  const uint rec4 = hd / 4u + 1u, base = (f0 / hd) * p.mulStride * rec4, d4 = (f0 % hd) / 4u;
  const uint splits = p.mulStride, lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint tid = gl_LocalInvocationIndex, v = tid % MERGE_V4, g0 = tid / MERGE_V4;
  const uint G = gl_WorkGroupSize.x / MERGE_V4;
  // This invocation's first record's acc goes out with the headers (no dependence on them).
  vec4 firstAcc = g0 < splits ? part4[base + g0 * rec4 + 1u + d4 + v] : vec4(0.0);
  float m = -3.0e38;
  for (uint s = lane; s < splits; s += S) m = max(m, part4[base + s * rec4].x);
  const float M = subgroupMax(m);
  float l = 0.0;
  for (uint s = lane; s < splits; s += S) {
    const vec4 h = part4[base + s * rec4];
    l += exp(h.x - M) * h.y;
  }
  const float L = subgroupAdd(l);
  vec4 a = vec4(0.0);
  for (uint s = g0; s < splits; s += G) {
    const float w = exp(part4[base + s * rec4].x - M);
    const vec4 acc = s == g0 ? firstAcc : part4[base + s * rec4 + 1u + d4 + v];
    if (w > 0.0) a += w * acc;  // an empty record's acc is not written: never multiplied
  }
  mergeAcc[tid] = a;
  barrier();
  if (tid < FEATURES) {
    float u = 0.0;
    for (uint g = 0; g < min(G, splits); ++g) u += mergeAcc[g * MERGE_V4 + tid / 4u][tid % 4u];
    bandU[tid] = L > 0.0 ? u / L : 0.0;
  }
  barrier();
}
#endif

// x · (VEC weights of one load), x from the prologue at k-step q.
float dotX(uint q, WVEC w) {
#if WTYPE == 0
  return dot(prologueX[q], w);
#else
  vec4 lo, hi;
  unpack(w, lo, hi);
  return dot(prologueX[2u * q], lo) + dot(prologueX[2u * q + 1u], hi);
#endif
}

// VEC weights of one load against u[VEC] (the lane's slice of the workgroup's features).
float dotU(WVEC w, vec4 uLo, vec4 uHi) {
#if WTYPE == 0
  return dot(w, uLo);
#else
  vec4 lo, hi;
  unpack(w, lo, hi);
  return dot(lo, uLo) + dot(hi, uHi);
#endif
}

// Loads k-steps q0, q0 + S, .. (UNROLL of them, clamped to the row) of the W rows of the
// subgroup's FPS features (feature i: f0 + subgroup + i * subgroups, so adjacent subgroups read
// adjacent rows).
void loadFeatures(uint f0, uint q0, out WVEC wg[FPS][UNROLL], out WVEC wu[FPS][UNROLL]) {
  const uint KV = p.K / VEC, S = gl_SubgroupSize;
  [[unroll]] for (uint i = 0; i < FPS; ++i) {
    const uint n = f0 + gl_SubgroupID + i * gl_NumSubgroups;
    [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
      const uint q = min(q0 + u * S, KV - 1u);
      wg[i][u] = wv[n * KV + q];
#ifdef GEGLU
      wu[i][u] = wv[(p.N + n) * KV + q];
#endif
    }
  }
}

// Loads a round of BAND_UNROLL passes of W2's band (rows clamped to J).
void loadBand(uint pass0, uint rowsPerPass, uint row, uint SEG, uint part, out WVEC w[BAND_UNROLL]) {
  const uint J = p.outRows, f0 = gl_WorkGroupID.x * FEATURES;
  // The workgroup's FEATURES columns (a power of two <= 32: never across a band) in the band from
  // column k0: row j's piece is at base + j * rowLoads, in 128-bit loads.
  const uint k0 = f0 & ~31u, rowLoads = min(32u, p.N - k0) / VEC;
  const uint base = (k0 * J + f0 - k0) / VEC;
  [[unroll]] for (uint b = 0; b < BAND_UNROLL; ++b) {
    const uint j = min((pass0 + b) * rowsPerPass + row, J - 1u);
    w[b] = w2v[base + j * rowLoads + part];
  }
}

void main() {
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint f0 = gl_WorkGroupID.x * FEATURES;
  const uint KV = p.K / VEC;  // 128-bit loads per W row
  const uint SEG = FEATURES / VEC;
  // Lanes of one row in one subgroup (their sums meet by shuffles): row = this lane's row within
  // a pass, part = which of the row's SEG loads it reads.
  const uint part = lane % SEG, row = gl_SubgroupID * (S / SEG) + lane / SEG;
  const uint rowsPerPass = gl_NumSubgroups * (S / SEG);
  const uint J = p.outRows;
  const uint passes = (J + rowsPerPass - 1u) / rowsPerPass;
  // The first loads of both phases go out before the prologue: none depends on x, and their
  // memory latency then overlaps the prologue's L2 reads and barriers.
  WVEC band[BAND_UNROLL];
  loadBand(0u, rowsPerPass, row, SEG, part, band);
#ifdef MERGE_ATTN
  mergeAttention();
#else
  WVEC wg[FPS][UNROLL], wu[FPS][UNROLL];
  loadFeatures(f0, lane, wg, wu);
  normPrologue();  // barriers: before any invocation leaves

  // 1. u of the subgroup's FPS features, all their loads of a batch in flight together.
  float g[FPS], up[FPS];
  [[unroll]] for (uint i = 0; i < FPS; ++i) g[i] = 0.0, up[i] = 0.0;
  for (uint q0 = lane; q0 < KV; q0 += UNROLL * S) {
    if (q0 != lane) loadFeatures(f0, q0, wg, wu);  // the first batch came before the prologue
    [[unroll]] for (uint i = 0; i < FPS; ++i) {
      [[unroll]] for (uint u = 0; u < UNROLL; ++u) {
        if (q0 + u * S < KV) {
          g[i] += dotX(q0 + u * S, wg[i][u]);
#ifdef GEGLU
          up[i] += dotX(q0 + u * S, wu[i][u]);
#endif
        }
      }
    }
  }
  [[unroll]] for (uint i = 0; i < FPS; ++i) {
    const uint c = gl_SubgroupID + i * gl_NumSubgroups;
    const float gs = subgroupAdd(g[i]);
#ifdef GEGLU
    const float us = subgroupAdd(up[i]);
#else
    const float us = proMul[f0 + c];
#endif
    if (lane == 0u) bandU[c] = geluTanh(gs) * us;
  }
  barrier();
#endif

  // 2. y += W2[:, band] · u: load `part` of rows row, row + rowsPerPass, ...
  const vec4 uLo = vec4(bandU[part * VEC], bandU[part * VEC + 1u], bandU[part * VEC + 2u], bandU[part * VEC + 3u]);
#if WTYPE == 0
  const vec4 uHi = vec4(0.0);
#else
  const vec4 uHi =
      vec4(bandU[part * VEC + 4u], bandU[part * VEC + 5u], bandU[part * VEC + 6u], bandU[part * VEC + 7u]);
#endif
  // The pass loop is uniform (the shuffles need every lane); rows past J are clamped, not added.
  for (uint pass0 = 0; pass0 < passes; pass0 += BAND_UNROLL) {
    if (pass0 > 0u) loadBand(pass0, rowsPerPass, row, SEG, part, band);
    [[unroll]] for (uint b = 0; b < BAND_UNROLL; ++b) {
      float s = dotU(band[b], uLo, uHi);
      for (uint o = 1u; o < SEG; o <<= 1u) s += subgroupShuffleXor(s, o);
      const uint j = (pass0 + b) * rowsPerPass + row;
      if (part == 0u && pass0 + b < passes && j < J) atomicAdd(y[j], s);
    }
  }
}
