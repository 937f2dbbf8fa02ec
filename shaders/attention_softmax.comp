#version 450
#extension GL_GOOGLE_include_directive : require
// Attention's softmax between the two tensor-core products (ops/AttentionGemm.h): for each row m
// of the scores S (f32 [rows, ldS]: query attnPos + m / group of one KV head's query heads), over
// its visible keys (attention_keys.glsl, as matmul_coopmat.comp ATTN masks them):
//   P[m, j] = exp(s_j - max) / sum,  s_j = cap(S[m, j] * scale),  cap(x) = logitCap * tanh(x / logitCap)
// written in f16 into P [rows, ldP]; P outside those keys is left as it is (the P V product stages
// it as 0). One workgroup per row (rows beyond the grid loop), two passes over the row.
#include "common.glsl"
#include "attention_keys.glsl"
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer S { float s[]; };
layout(set = 0, binding = 1) writeonly buffer P { uint16_t pOut[]; };
layout(push_constant) uniform Params {
  uint rows, ldS, ldP;
  uint attnPos, group, window, keys, causal;
  float scale, logitCap;
} p;

// Finite start value: exp(START - m) is 0, never inf - inf = NaN (invocations with no element).
const float START_MAX = -3.0e38;

float score(uint at) {
  const float v = s[at] * p.scale;
  return p.logitCap > 0.0 ? p.logitCap * tanh(v / p.logitCap) : v;
}

void main() {
  for (uint r = gl_WorkGroupID.x; r < p.rows; r += gl_NumWorkGroups.x) {
    const uint q = p.attnPos + r / p.group;
    const uint lo = visibleKeyStart(q, p.window), hi = visibleKeyEnd(q, p.keys, p.causal != 0u);
    const uint base = r * p.ldS;
    float m = START_MAX, sum = 0.0;
    for (uint j = lo + gl_LocalInvocationID.x; j < hi; j += gl_WorkGroupSize.x) {
      const float v = score(base + j);
      const float mNew = max(m, v);
      sum = sum * exp(m - mNew) + exp(v - mNew);
      m = mNew;
    }
    const float rowMax = workgroupMax(m);
    const float inv = 1.0 / workgroupSum(sum * exp(m - rowMax));
    for (uint j = lo + gl_LocalInvocationID.x; j < hi; j += gl_WorkGroupSize.x) {
      pOut[r * p.ldP + j] = uint16_t(packHalf2x16(vec2(exp(score(base + j) - rowMax) * inv, 0.0)) & 0xffffu);
    }
  }
}
