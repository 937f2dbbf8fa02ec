#version 450
#extension GL_GOOGLE_include_directive : require
// Multi-axis (axial) rotary position embedding, in place: the head splits into `axes` blocks of
// 2·pairs channels; block a rotates rotate-half (NeoX) style with the token's position on axis a
// (Gemma 4 vision: axis 0 = x, axis 1 = y). Channels past axes·2·pairs pass through.
// One invocation per (token, head, axis, pair); angles precomputed on the host:
//   cs[(token·axes + a)·pairs + j] = (cos, sin).
//   x: [tokens, heads, headDim] with row stride tokenStride (elements)
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) buffer X { float x[]; };
layout(set = 0, binding = 1) readonly buffer CS { vec2 cs[]; };
layout(push_constant) uniform Params {
  uint tokens, heads, headDim, axes, pairs, tokenStride;
} p;

void main() {
  const uint perHead = p.axes * p.pairs;
  const uint perToken = p.heads * perHead;
  for (uint tok = gl_WorkGroupID.y; tok < p.tokens; tok += gl_NumWorkGroups.y) {
    for (uint e = gl_GlobalInvocationID.x; e < perToken; e += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      const uint h = e / perHead, r = e % perHead;
      const uint a = r / p.pairs, j = r % p.pairs;
      const vec2 c = cs[tok * perHead + r];
      const uint b = tok * p.tokenStride + h * p.headDim + a * 2u * p.pairs + j;
      const float x0 = x[b], x1 = x[b + p.pairs];
      x[b] = x0 * c.x - x1 * c.y;
      x[b + p.pairs] = x1 * c.x + x0 * c.y;
    }
  }
}
