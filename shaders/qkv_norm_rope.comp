#version 450
#extension GL_GOOGLE_include_directive : require
// Fused attention input of the Gemma 4 decoder (ops/QkvNormRope.h): from the fused q/k/v
// projection of each token, q = rope(rmsnorm(q) * wq) into q, k = rope(rmsnorm(k) * wk) and
// v = rmsnorm(v) appended to the KV cache at row (step.position + token). One workgroup per
// (head slot, token); slots are the q heads, then the k heads, then the v heads (the order of the
// fused projection's rows).
//   qkv: f32 [tokens, qkvStride] = (q [qHeads, hd], k [kvHeads, hd], v [kvHeads, hd], ...)
//   q: f32 [tokens, qHeads, hd]; kCache, vCache: f32 [capacity, kvHeads, hd]
//   cosSin: [tokens, rotatedPairs] (cos, sin); step: uint[] with the chunk's first position at
//   index stepIndex (a host-written step buffer, so a recorded step can be replayed).
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer QKV { float qkv[]; };
layout(set = 0, binding = 1) readonly buffer WQ { float wq[]; };
layout(set = 0, binding = 2) readonly buffer WK { float wk[]; };
layout(set = 0, binding = 3) readonly buffer CS { vec2 cs[]; };
layout(set = 0, binding = 4) writeonly buffer Q { float q[]; };
layout(set = 0, binding = 5) writeonly buffer KC { float kc[]; };
layout(set = 0, binding = 6) writeonly buffer VC { float vc[]; };
layout(set = 0, binding = 7) readonly buffer Step { uint step[]; };
layout(push_constant) uniform Params {
  uint qHeads, kvHeads, headDim, rotatedPairs, qkvStride, stepIndex;
  float eps;
} p;

void main() {
  const uint slot = gl_WorkGroupID.x, tok = gl_WorkGroupID.y;
  const uint hd = p.headDim, half_ = hd / 2u;
  const uint src = tok * p.qkvStride + slot * hd;
  float ss = 0.0;
  for (uint i = gl_LocalInvocationID.x; i < hd; i += gl_WorkGroupSize.x) {
    const float v = qkv[src + i];
    ss += v * v;
  }
  const float inv = inversesqrt(workgroupSum(ss) / float(hd) + p.eps);
  if (slot >= p.qHeads + p.kvHeads) {  // v: weightless norm, no rotation
    const uint dst = (step[p.stepIndex] + tok) * p.kvHeads * hd + (slot - p.qHeads - p.kvHeads) * hd;
    for (uint i = gl_LocalInvocationID.x; i < hd; i += gl_WorkGroupSize.x) vc[dst + i] = qkv[src + i] * inv;
    return;
  }
  const bool isQ = slot < p.qHeads;
  const uint dst = isQ ? (tok * p.qHeads + slot) * hd : (step[p.stepIndex] + tok) * p.kvHeads * hd + (slot - p.qHeads) * hd;
  for (uint i = gl_LocalInvocationID.x; i < half_; i += gl_WorkGroupSize.x) {
    float x0 = qkv[src + i] * inv, x1 = qkv[src + i + half_] * inv;
    if (isQ) {
      x0 *= wq[i];
      x1 *= wq[i + half_];
    } else {
      x0 *= wk[i];
      x1 *= wk[i + half_];
    }
    if (i < p.rotatedPairs) {
      const vec2 a = cs[tok * p.rotatedPairs + i];
      const float r0 = x0 * a.x - x1 * a.y, r1 = x1 * a.x + x0 * a.y;
      x0 = r0;
      x1 = r1;
    }
    if (isQ) {
      q[dst + i] = x0;
      q[dst + i + half_] = x1;
    } else {
      kc[dst + i] = x0;
      kc[dst + i + half_] = x1;
    }
  }
}
