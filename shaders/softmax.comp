#version 450
#extension GL_GOOGLE_include_directive : require
// Row softmax, one workgroup per row (rows beyond 65535 loop). Two passes over the row: an online
// (max, sum) per invocation, combined across the workgroup, then y = exp(x - max) / sum.
// In place (x and y the same buffer) is fine: each element is read and written by one invocation.
//   x, y: [rows, n], row stride n.
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 1) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint rows, n;
} p;

// Finite start value: exp(START - m) is 0, never inf - inf = NaN (invocations with no element).
const float START_MAX = -3.0e38;

void main() {
  for (uint r = gl_WorkGroupID.x; r < p.rows; r += gl_NumWorkGroups.x) {
    const uint base = r * p.n;
    float m = START_MAX, s = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += gl_WorkGroupSize.x) {
      const float v = x[base + i];
      const float mNew = max(m, v);
      s = s * exp(m - mNew) + exp(v - mNew);
      m = mNew;
    }
    const float rowMax = workgroupMax(m);
    const float rowSum = workgroupSum(s * exp(m - rowMax));
    const float inv = 1.0 / rowSum;
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += gl_WorkGroupSize.x) {
      y[base + i] = exp(x[base + i] - rowMax) * inv;
    }
  }
}
