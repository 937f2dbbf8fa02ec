#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
// clipped_norm_rope2d.comp (read its header: the same streams, arithmetic and in-place result) for
// rows whose RoPE pairs come in fours (pairs % 4 == 0) and headDim / 8 a power of two no larger
// than the subgroup (the E2B / E4B vision tower: headDim 64, 16 pairs per axis). L = headDim / 8
// invocations share a row, each with 4 consecutive rope pairs r = 4l .. 4l + 3 of one axis:
// channels ch .. ch + 3 and ch + pairs .. ch + pairs + 3 as two vec4s. A subgroup holds
// gl_SubgroupSize / L rows, its row sums meet through shuffles, so no shared memory or barrier;
// the scalar kernel's one row per workgroup kept too few loads in flight (a quarter of the
// bandwidth). Workgroup = one head row of one stream x (workgroup size / L) consecutive tokens.
//   x_s: [tokens, heads_s, headDim]; cs: [tokens, axes, pairs] (cos, sin)

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) buffer X0 { vec4 x0[]; };
layout(set = 0, binding = 1) buffer X1 { vec4 x1[]; };
layout(set = 0, binding = 2) buffer X2 { vec4 x2[]; };
layout(set = 0, binding = 3) readonly buffer W0 { vec4 w0[]; };
layout(set = 0, binding = 4) readonly buffer W1 { vec4 w1[]; };
layout(set = 0, binding = 5) readonly buffer W2 { vec4 w2[]; };
layout(set = 0, binding = 6) readonly buffer CS { vec4 cs[]; };  // two (cos, sin) pairs per vec4
#include "clipped_norm_rope2d_params.glsl"

vec4 load(uint s, uint i) { return s == 0u ? x0[i] : (s == 1u ? x1[i] : x2[i]); }
void store(uint s, uint i, vec4 v) {
  if (s == 0u) x0[i] = v;
  else if (s == 1u) x1[i] = v;
  else x2[i] = v;
}
vec4 weight(uint s, uint i) { return s == 0u ? w0[i] : (s == 1u ? w1[i] : w2[i]); }

void main() {
  const StreamRow sr = streamRow(gl_WorkGroupID.x);
  const uint s = sr.s, head = sr.head, heads = sr.heads;
  const float lo = sr.lo, hi = sr.hi;
  const bool hasW = sr.hasW, rotates = sr.rotates;
  const uint L = p.headDim / 8u, rowsPerSubgroup = gl_SubgroupSize / L;
  const uint lane = gl_SubgroupInvocationID, l = lane % L;
  const uint tok = (gl_WorkGroupID.y * gl_NumSubgroups + gl_SubgroupID) * rowsPerSubgroup + lane / L;
  const bool valid = tok < p.tokens;  // invalid lanes still take part in the shuffles
  const uint r = 4u * l, a = r / p.pairs, ch = a * 2u * p.pairs + r % p.pairs;  // first rope pair, channel
  const uint at = ((tok * heads + head) * p.headDim + ch) / 4u, atHi = at + p.pairs / 4u;
  vec4 v0 = vec4(0.0), v1 = vec4(0.0), w0v = vec4(1.0), w1v = vec4(1.0), c01 = vec4(1.0, 0.0, 1.0, 0.0), c23 = c01;
  if (valid) {
    v0 = clamp(load(s, at), lo, hi);
    v1 = clamp(load(s, atHi), lo, hi);
    if (hasW) w0v = weight(s, ch / 4u), w1v = weight(s, (ch + p.pairs) / 4u);
    if (rotates) {
      const uint c = (tok * p.axes * p.pairs + r) / 2u;
      c01 = cs[c];
      c23 = cs[c + 1u];
    }
  }
  float ss = dot(v0, v0) + dot(v1, v1);
  for (uint off = L / 2u; off > 0u; off /= 2u) ss += subgroupShuffleXor(ss, off);
  const float inv = inversesqrt(ss / float(p.headDim) + p.eps);
  v0 = v0 * inv * w0v;
  v1 = v1 * inv * w1v;
  if (rotates) {
    const vec4 cosv = vec4(c01.x, c01.z, c23.x, c23.z), sinv = vec4(c01.y, c01.w, c23.y, c23.w);
    const vec4 r0 = v0 * cosv - v1 * sinv, r1 = v1 * cosv + v0 * sinv;
    v0 = r0;
    v1 = r1;
  }
  if (valid) {
    store(s, at, v0);
    store(s, atHi, v1);
  }
}
