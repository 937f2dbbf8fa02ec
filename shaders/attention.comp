#version 450
#extension GL_GOOGLE_include_directive : require
// Flash-style attention, portable: one workgroup per (query head, query), online softmax over key
// tiles of TILE keys (TILE = workgroup size), so any number of keys fits in fixed shared memory
// (q[512] + 2 x TILE scores: 2.5 KiB at TILE 64).
//   scores: invocation t computes the score of key t of the tile ((q * scale) · k over headDim)
//   output: invocation t owns dims t, t + TILE, ... (DIMS_PER_INV of them) and accumulates p·v
// Every invocation keeps its own running max / sum, recomputed from the shared tile scores, so
// the tile max needs no reduction: one barrier per tile (scores are double-buffered, so writing
// tile i+1 cannot race with invocations still reading tile i-1). No subgroup operations: correct
// on any subgroup size.
// q: [queries, heads, headDim] (row stride qStride), k/v: [keys, kvHeads, headDim] (kvStride),
// out: [queries, heads, headDim] (outStride), blocks: int32 per absolute position (if hasBlocks).
#include "activation.glsl"
#include "attention_keys.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint DIMS_PER_INV = 1;  // ceil(headDim / TILE)

layout(set = 0, binding = 0) readonly buffer Q { float q[]; };
layout(set = 0, binding = 1) readonly buffer K { float k[]; };
layout(set = 0, binding = 2) readonly buffer V { float v[]; };
layout(set = 0, binding = 3) readonly buffer Blocks { int blocks[]; };
layout(set = 0, binding = 4) writeonly buffer Out { float o[]; };
layout(push_constant) uniform Params {
  uint queries, keys, heads, kvHeads, headDim, queryStart;
  uint causal, window, hasBlocks;
  float scale, logitCap;
  uint qStride, kvStride, outStride;
} p;

const uint TILE = gl_WorkGroupSize.x;
const uint MAX_HEAD_DIM = 512;
// Finite sentinels: exp() of (masked - running max) is exactly 0 without inf - inf = NaN.
const float MASKED = -3.0e38;
const float START_MAX = -1.0e30;

shared float sq[MAX_HEAD_DIM];
shared float sScores[2][TILE];

bool visible(uint j, uint qp, int qBlock) {
  if (p.window != 0u && j + p.window <= qp) return false;  // needs j > qp - window
  if (p.causal == 0u || j <= qp) return true;
  return qBlock >= 0 && blocks[j] == qBlock;
}

void main() {
  const uint t = gl_LocalInvocationID.x;
  const uint h = gl_WorkGroupID.x;
  const uint kvh = h / (p.heads / p.kvHeads);
  const uint hd = p.headDim;
  for (uint qi = gl_WorkGroupID.y; qi < p.queries; qi += gl_NumWorkGroups.y) {
    const uint qp = p.queryStart + qi;
    const int qBlock = p.hasBlocks != 0u ? blocks[qp] : -1;
    // Key range that can hold visible keys; the per-key test handles the rest.
    const uint lo = visibleKeyStart(qp, p.window);
    const uint hi = visibleKeyEnd(qp, p.keys, p.causal != 0u && p.hasBlocks == 0u);

    barrier();  // the previous query's readers of sq are done
    for (uint d = t; d < hd; d += TILE) sq[d] = q[qi * p.qStride + h * hd + d] * p.scale;
    barrier();

    float acc[DIMS_PER_INV];
    for (uint c = 0; c < DIMS_PER_INV; ++c) acc[c] = 0.0;
    float runMax = START_MAX, runSum = 0.0;
    uint buf = 0;
    for (uint t0 = lo; t0 < hi; t0 += TILE) {
      const uint j = t0 + t;
      float s = MASKED;
      if (j < hi && visible(j, qp, qBlock)) {
        const uint kb = j * p.kvStride + kvh * hd;
        s = 0.0;
        for (uint d = 0; d < hd; ++d) s += sq[d] * k[kb + d];
        if (p.logitCap > 0.0) s = p.logitCap * safeTanh(s / p.logitCap);
      }
      sScores[buf][t] = s;
      barrier();

      const uint n = min(TILE, hi - t0);
      float tileMax = runMax;
      for (uint jj = 0; jj < n; ++jj) tileMax = max(tileMax, sScores[buf][jj]);
      const float corr = exp(runMax - tileMax);
      runMax = tileMax;
      runSum *= corr;
      for (uint c = 0; c < DIMS_PER_INV; ++c) acc[c] *= corr;
      for (uint jj = 0; jj < n; ++jj) {
        const float pj = exp(sScores[buf][jj] - runMax);
        runSum += pj;
        const uint vb = (t0 + jj) * p.kvStride + kvh * hd;
        for (uint c = 0; c < DIMS_PER_INV; ++c) {
          const uint d = t + c * TILE;
          if (d < hd) acc[c] += pj * v[vb + d];
        }
      }
      buf ^= 1u;
    }
    const float inv = runSum > 0.0 ? 1.0 / runSum : 0.0;  // no visible key: zeros
    for (uint c = 0; c < DIMS_PER_INV; ++c) {
      const uint d = t + c * TILE;
      if (d < hd) o[qi * p.outStride + h * hd + d] = acc[c] * inv;
    }
  }
}
