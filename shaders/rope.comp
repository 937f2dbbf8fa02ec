#version 450
#extension GL_GOOGLE_include_directive : require
// Rotary position embedding, rotate-half (NeoX) pairing, in place. One invocation per
// (token, head, pair i < rotatedPairs); dims from rotatedPairs to headDim/2 (and their partners)
// pass through untouched. Angles come precomputed: cosSin[token, pair] = (cos, sin).
//   x: [tokens, heads, headDim] with row stride tokenStride (elements)
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) buffer X { float x[]; };
layout(set = 0, binding = 1) readonly buffer CS { vec2 cs[]; };
layout(push_constant) uniform Params {
  uint tokens, heads, headDim, rotatedPairs, tokenStride;
} p;

void main() {
  const uint perToken = p.heads * p.rotatedPairs;
  for (uint tok = gl_WorkGroupID.y; tok < p.tokens; tok += gl_NumWorkGroups.y) {
    for (uint e = gl_GlobalInvocationID.x; e < perToken; e += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      const uint h = e / p.rotatedPairs, i = e % p.rotatedPairs;
      const vec2 a = cs[tok * p.rotatedPairs + i];
      const uint b = tok * p.tokenStride + h * p.headDim + i;
      const float x0 = x[b], x1 = x[b + p.headDim / 2u];
      x[b] = x0 * a.x - x1 * a.y;
      x[b + p.headDim / 2u] = x1 * a.x + x0 * a.y;
    }
  }
}
