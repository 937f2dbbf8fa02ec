#version 450
#extension GL_GOOGLE_include_directive : require
// Local self-attention with a relative-position bias and a logit soft-cap, as Gemma 4's audio
// conformer computes it (ops/ChunkAttention.h has the exact definition). One workgroup per
// (head, query); keys in tiles of TILE (= workgroup size) with an online softmax, as attention.comp:
//   scores: invocation t computes key lo + t0 + t: q·k + q·rel[d + relOffset] (d = query − key),
//           then cap·tanh(score / cap)
//   output: invocation t owns dims t, t + TILE, ... and accumulates p·v
// The window is a few keys (12 on E2B), so one tile usually covers it; longer windows still work.
#include "activation.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint DIMS_PER_INV = 1;  // ceil(headDim / TILE)

layout(set = 0, binding = 0) readonly buffer Q { float q[]; };
layout(set = 0, binding = 1) readonly buffer K { float k[]; };
layout(set = 0, binding = 2) readonly buffer V { float v[]; };
layout(set = 0, binding = 3) readonly buffer Rel { float rel[]; };
layout(set = 0, binding = 4) writeonly buffer Out { float o[]; };
layout(push_constant) uniform Params {
  uint tokens, heads, headDim;
  uint leftWindow, rightWindow;
  uint numRel;
  int relOffset;
  float logitCap;
  uint qStride, kvStride, relStride, outStride;
} p;

const uint TILE = gl_WorkGroupSize.x;
const uint MAX_HEAD_DIM = 512;
const float MASKED = -3.0e38;
const float START_MAX = -1.0e30;

shared float sq[MAX_HEAD_DIM];
shared float sScores[2][TILE];

bool visible(uint j, uint qi) {
  if (j <= qi) return qi - j < p.leftWindow;
  return j - qi < p.rightWindow;
}

void main() {
  const uint t = gl_LocalInvocationID.x;
  const uint h = gl_WorkGroupID.x;
  const uint hd = p.headDim;
  for (uint qi = gl_WorkGroupID.y; qi < p.tokens; qi += gl_NumWorkGroups.y) {
    const uint lo = p.leftWindow == 0u ? qi + 1u : (qi + 1u > p.leftWindow ? qi + 1u - p.leftWindow : 0u);
    const uint hi = min(p.tokens, qi + max(p.rightWindow, 1u));

    barrier();  // the previous query's readers of sq are done
    for (uint d = t; d < hd; d += TILE) sq[d] = q[qi * p.qStride + h * hd + d];
    barrier();

    float acc[DIMS_PER_INV];
    for (uint c = 0; c < DIMS_PER_INV; ++c) acc[c] = 0.0;
    float runMax = START_MAX, runSum = 0.0;
    uint buf = 0;
    for (uint t0 = lo; t0 < hi; t0 += TILE) {
      const uint j = t0 + t;
      float s = MASKED;
      if (j < hi && visible(j, qi)) {
        const uint kb = j * p.kvStride + h * hd;
        float ac = 0.0;
        for (uint d = 0; d < hd; ++d) ac += sq[d] * k[kb + d];
        const int r = int(qi) - int(j) + p.relOffset;
        float bd = 0.0;
        if (r >= 0 && uint(r) < p.numRel) {
          const uint rb = uint(r) * p.relStride + h * hd;
          for (uint d = 0; d < hd; ++d) bd += sq[d] * rel[rb + d];
        }
        s = ac + bd;
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
        const uint vb = (t0 + jj) * p.kvStride + h * hd;
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
