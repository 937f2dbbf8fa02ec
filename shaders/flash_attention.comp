#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_NV_cooperative_matrix : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// Flash-style attention for many query rows (prefill, encoders) on tensor cores
// (GL_NV_cooperative_matrix 16x16x16 f16 -> f32, 32-wide subgroups). Head dim HD (define: 16,
// 32, 64, 128, 256 or 512; 16 and 32 are the tiny fixture's). Inputs are f16 copies made by flash_attention_pack.comp:
//   qh: [queriesPadded, heads, HD], kh / vh: [keysPadded, kvHeads, HD] (padding rows are 0)
//   out: f32 [queries, heads, HD] with row stride outStride.
// Workgroup = one query head x BR = 32 query rows; RS = 2 row slabs of 16 x CS column splits
// = RS * CS subgroups. Subgroup (rs, cs) owns O[rs slab, HD / CS dims] as f32 accumulators
// (at most 8 matrices: HD / CS <= 128) and computes S[rs slab, BC / CS keys] of each key tile.
// Two passes over the visible key tiles instead of the online rescale (a cooperative matrix has
// no per-row scaling): pass 1 computes S and each row's max m and sum l of exp(s - m); pass 2
// recomputes S (bit-identical), writes P = exp(s - m) / l as f16 to shared memory and
// accumulates O += P V. Costs 1.5x the MMAs of one pass, keeps O in registers, needs no rescale.
// Scores: s = (q . k) * scale, optionally cap * tanh(s / cap); masks: key < keys, causal
// (key <= query position), sliding window (key > position - window). Rows without visible keys
// produce zeros. Precision: q, k, v and P rounded to f16 (2^-11 relative), sums in f32.
#include "activation.glsl"

#ifndef HD
#define HD 256
#endif
#if HD >= 256
#define CS (HD / 128)
#else
#define CS 1
#endif
#define RS 2
#if HD <= 128
#define WG_SIZE 64
#elif HD == 256
#define WG_SIZE 128
#else
#define WG_SIZE 256
#endif

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = WG_SIZE;  // RS * CS * 32
const uint BR = 16 * RS, BC = 64;
const uint DW = HD / CS, NF = DW / 16;  // O dims and accumulators per subgroup
const uint SF = BC / CS / 16;           // S matrices per subgroup per key tile
const uint TPR = WG_SIZE / BR;          // invocations per row in the softmax stage
const uint CPT = BC / TPR;              // score columns per invocation (pairs: CPT / 2)
const uint LDP = BC + 8;                // P row stride in halfs (144 bytes, a multiple of 16)

layout(set = 0, binding = 0) readonly buffer QH { uvec4 qh[]; };  // 8 halfs per element
layout(set = 0, binding = 1) readonly buffer KH { uvec4 kh[]; };
layout(set = 0, binding = 2) readonly buffer VH { uvec4 vh[]; };
layout(set = 0, binding = 3) buffer Out { float o[]; };
layout(push_constant) uniform Params {
  uint queries, keys, heads, kvHeads, queryStart;
  uint causal, window;
  float scale, logitCap;
  uint outStride;
} p;

const float START_MAX = -1.0e30;

shared float sS[BR * BC];          // scores of one key tile, row-major [row][key]
shared uint sP[BR * LDP / 2];      // P as f16 pairs, row-major [row][key]
shared float sE[WG_SIZE / 32 * 256];  // per-subgroup 16 x 16 epilogue scratch

fcoopmatNV<32, gl_ScopeSubgroup, 16, 16> accS[SF];

// S[rs slab, this subgroup's keys of the tile at t0] into sS.
void computeScores(uint h, uint kvh, uint q0, uint t0, uint rs, uint cs) {
  const uint QS = p.heads * HD / 8, KS = p.kvHeads * HD / 8;  // row strides in uvec4
  [[unroll]] for (uint f = 0; f < SF; ++f) accS[f] = fcoopmatNV<32, gl_ScopeSubgroup, 16, 16>(0.0);
  const uint qBase = (q0 + rs * 16) * QS + h * (HD / 8);
  [[unroll]] for (uint d = 0; d < HD; d += 16) {
    fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a;
    coopMatLoadNV(a, qh, qBase + d / 8, QS, false);
    [[unroll]] for (uint f = 0; f < SF; ++f) {
      const uint key = t0 + (cs * SF + f) * 16;
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> b;
      coopMatLoadNV(b, kh, key * KS + kvh * (HD / 8) + d / 8, KS, true);  // K^T: column-major [d][key]
      accS[f] = coopMatMulAddNV(a, b, accS[f]);
    }
  }
  [[unroll]] for (uint f = 0; f < SF; ++f) coopMatStoreNV(accS[f], sS, rs * 16 * BC + (cs * SF + f) * 16, BC, false);
}

// Scaled, capped score and whether key (absolute index) is visible from query position qp.
bool scoreAt(uint r, uint j, uint key, uint qp, bool rowValid, out float s) {
  s = sS[r * BC + j] * p.scale;
  if (p.logitCap > 0.0) s = p.logitCap * safeTanh(s / p.logitCap);
  bool vis = rowValid && key < p.keys;
  if (p.causal != 0u && key > qp) vis = false;
  if (p.window != 0u && key + p.window <= qp) vis = false;
  return vis;
}

void main() {
  const uint tid = gl_LocalInvocationID.x;
  const uint h = gl_WorkGroupID.x;
  // Later query blocks see more keys under a causal mask: start them first.
  const uint q0 = (gl_NumWorkGroups.y - 1u - gl_WorkGroupID.y) * BR;
  const uint kvh = h / (p.heads / p.kvHeads);
  const uint rs = gl_SubgroupID / CS, cs = gl_SubgroupID % CS;
  // Softmax stage: invocation tid handles row r, score columns (pairs) lane, lane + TPR, ...
  const uint r = tid / TPR, lane = tid % TPR;
  const uint qp = p.queryStart + q0 + r;
  const bool rowValid = q0 + r < p.queries;

  // Key tiles that can hold a visible key for some row of the block.
  const uint firstPos = p.queryStart + q0;
  const uint lastPos = p.queryStart + min(q0 + BR, p.queries) - 1u;
  const uint lo = (p.window != 0u && firstPos + 1u > p.window) ? firstPos + 1u - p.window : 0u;
  const uint hi = p.causal != 0u ? min(p.keys, lastPos + 1u) : p.keys;
  const uint tStart = lo - lo % BC;

  // Pass 1: row max and sum.
  float m = START_MAX, l = 0.0;
  for (uint t0 = tStart; t0 < hi; t0 += BC) {
    barrier();  // sS of the previous tile has been read
    computeScores(h, kvh, q0, t0, rs, cs);
    barrier();
    [[unroll]] for (uint c = 0; c < CPT / 2; ++c) {
      const uint j = 2u * (lane + c * TPR);
      [[unroll]] for (uint e = 0; e < 2; ++e) {
        float s;
        if (scoreAt(r, j + e, t0 + j + e, qp, rowValid, s)) {
          const float mNew = max(m, s);
          l = l * exp(m - mNew) + exp(s - mNew);
          m = mNew;
        }
      }
    }
  }
  // Combine the TPR partial (m, l) of a row (consecutive invocations of one subgroup).
  [[unroll]] for (uint off = TPR / 2; off > 0; off /= 2) {
    const float m2 = subgroupShuffleXor(m, off), l2 = subgroupShuffleXor(l, off);
    const float mNew = max(m, m2);
    l = l * exp(m - mNew) + l2 * exp(m2 - mNew);
    m = mNew;
  }
  const float invL = l > 0.0 ? 1.0 / l : 0.0;

  // Pass 2: P = exp(s - m) / l, O += P V.
  fcoopmatNV<32, gl_ScopeSubgroup, 16, 16> acc[NF];
  [[unroll]] for (uint n = 0; n < NF; ++n) acc[n] = fcoopmatNV<32, gl_ScopeSubgroup, 16, 16>(0.0);
  const uint KS = p.kvHeads * HD / 8;
  for (uint t0 = tStart; t0 < hi; t0 += BC) {
    barrier();  // sS and sP of the previous tile have been read
    computeScores(h, kvh, q0, t0, rs, cs);
    barrier();
    [[unroll]] for (uint c = 0; c < CPT / 2; ++c) {
      const uint j = 2u * (lane + c * TPR);
      vec2 pr = vec2(0.0);
      [[unroll]] for (uint e = 0; e < 2; ++e) {
        float s;
        if (scoreAt(r, j + e, t0 + j + e, qp, rowValid, s)) pr[e] = exp(s - m) * invL;
      }
      sP[r * (LDP / 2) + j / 2] = packHalf2x16(pr);
    }
    barrier();
    [[unroll]] for (uint kk = 0; kk < BC; kk += 16) {
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a;
      coopMatLoadNV(a, sP, rs * 16 * (LDP / 2) + kk / 2, LDP / 2, false);
      [[unroll]] for (uint n = 0; n < NF; ++n) {
        fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> b;
        coopMatLoadNV(b, vh, (t0 + kk) * KS + kvh * (HD / 8) + (cs * DW + n * 16) / 8, KS, false);
        acc[n] = coopMatMulAddNV(a, b, acc[n]);
      }
    }
  }

  const uint row0 = q0 + rs * 16, col0 = h * HD + cs * DW;
  if (row0 + 16u <= p.queries && (p.outStride & 3u) == 0u) {
    [[unroll]] for (uint n = 0; n < NF; ++n) coopMatStoreNV(acc[n], o, row0 * p.outStride + col0 + n * 16, p.outStride, false);
    return;
  }
  const uint sc = gl_SubgroupID * 256u;
  [[unroll]] for (uint n = 0; n < NF; ++n) {
    coopMatStoreNV(acc[n], sE, sc, 16, false);
    subgroupMemoryBarrierShared();
    subgroupBarrier();
    for (uint e = gl_SubgroupInvocationID; e < 256u; e += gl_SubgroupSize) {
      const uint row = row0 + e / 16u;
      if (row < p.queries) o[row * p.outStride + col0 + n * 16 + e % 16u] = sE[sc + e];
    }
    subgroupBarrier();
  }
}
