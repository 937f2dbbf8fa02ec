#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The vision encoder's q/k/v preparation in one dispatch (ops/ClippedNormRope2d.h): for each of up
// to three streams s (q, k, v) and each (token, head) row of headDim values:
//   x = clamp(x, min_s, max_s)          the projection's output clamp
//   x = rmsnorm(x) (* w_s)              per-head q/k norm (v: no weight)
//   x = rope2d(x)                       when stream s rotates (q, k): ops/Rope2d.h's pairing
// In place. One workgroup per (head row of some stream, token); each invocation owns the channel
// pairs (b + j, b + j + pairs) of its rope pair indices r = a·pairs + j.
//   x_s: [tokens, heads_s, headDim]; cs: [tokens, axes, pairs] (cos, sin)
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) buffer X0 { float x0[]; };
layout(set = 0, binding = 1) buffer X1 { float x1[]; };
layout(set = 0, binding = 2) buffer X2 { float x2[]; };
layout(set = 0, binding = 3) readonly buffer W0 { float w0[]; };
layout(set = 0, binding = 4) readonly buffer W1 { float w1[]; };
layout(set = 0, binding = 5) readonly buffer W2 { float w2[]; };
layout(set = 0, binding = 6) readonly buffer CS { vec2 cs[]; };
#include "clipped_norm_rope2d_params.glsl"

const uint MAXP = 8;  // rope pairs per invocation (headDim <= 2 · MAXP · workgroup size)

float load(uint s, uint i) { return s == 0u ? x0[i] : (s == 1u ? x1[i] : x2[i]); }
void store(uint s, uint i, float v) {
  if (s == 0u) x0[i] = v;
  else if (s == 1u) x1[i] = v;
  else x2[i] = v;
}
float weight(uint s, uint i) { return s == 0u ? w0[i] : (s == 1u ? w1[i] : w2[i]); }

void main() {
  const StreamRow sr = streamRow(gl_WorkGroupID.x);
  const uint s = sr.s, head = sr.head, heads = sr.heads;
  const float lo = sr.lo, hi = sr.hi;
  const bool hasW = sr.hasW, rotates = sr.rotates;
  const uint perHead = p.axes * p.pairs;  // pairs of channels per head
  const uint G = gl_WorkGroupSize.x, tid = gl_LocalInvocationID.x;
  for (uint tok = gl_WorkGroupID.y; tok < p.tokens; tok += gl_NumWorkGroups.y) {
    const uint rowBase = (tok * heads + head) * p.headDim;
    float lv[MAXP], hv[MAXP];
    float ss = 0.0;
    [[unroll]] for (uint k = 0u; k < MAXP; ++k) {
      const uint r = tid + k * G;
      lv[k] = 0.0;
      hv[k] = 0.0;
      if (r < perHead) {
        const uint a = r / p.pairs, j = r % p.pairs;
        const uint c = rowBase + a * 2u * p.pairs + j;
        lv[k] = clamp(load(s, c), lo, hi);
        hv[k] = clamp(load(s, c + p.pairs), lo, hi);
        ss += lv[k] * lv[k] + hv[k] * hv[k];
      }
    }
    const float inv = inversesqrt(workgroupSum(ss) / float(p.headDim) + p.eps);
    [[unroll]] for (uint k = 0u; k < MAXP; ++k) {
      const uint r = tid + k * G;
      if (r >= perHead) continue;
      const uint a = r / p.pairs, j = r % p.pairs;
      const uint ch = a * 2u * p.pairs + j;
      float v0 = lv[k] * inv, v1 = hv[k] * inv;
      if (hasW) {
        v0 *= weight(s, ch);
        v1 *= weight(s, ch + p.pairs);
      }
      if (rotates) {
        const vec2 c = cs[tok * perHead + r];
        const float r0 = v0 * c.x - v1 * c.y, r1 = v1 * c.x + v0 * c.y;
        v0 = r0;
        v1 = r1;
      }
      store(s, rowBase + ch, v0);
      store(s, rowBase + ch + p.pairs, v1);
    }
  }
}
