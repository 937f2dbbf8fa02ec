#version 450
#extension GL_GOOGLE_include_directive : require
// Fused residual step of the Gemma 4 decoder (ops/ResidualNorm.h), one workgroup per row:
//   h[r, :] = (h[r, :] + rmsnorm(a[r, :]) * wa) * scalar
//   x[r, :] = rmsnorm(h[r, :]) * wx                        (only when hasNext != 0)
// a, h, x: f32 [rows, dim]; wa, wx: f32 [dim]. Each invocation re-reads only the h elements it
// wrote itself, so no barrier is needed between the update and the second norm's sum.
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer A { float a[]; };
layout(set = 0, binding = 1) readonly buffer WA { float wa[]; };
layout(set = 0, binding = 2) buffer H { float h[]; };
layout(set = 0, binding = 3) readonly buffer WX { float wx[]; };
layout(set = 0, binding = 4) writeonly buffer X { float x[]; };
layout(push_constant) uniform Params {
  uint dim;
  uint hasNext;
  float eps;
  float scalar;
} p;

void main() {
  const uint base = gl_WorkGroupID.x * p.dim;
  float ss = 0.0;
  for (uint i = gl_LocalInvocationID.x; i < p.dim; i += gl_WorkGroupSize.x) {
    const float v = a[base + i];
    ss += v * v;
  }
  const float invA = inversesqrt(workgroupSum(ss) / float(p.dim) + p.eps);
  float ssH = 0.0;
  for (uint i = gl_LocalInvocationID.x; i < p.dim; i += gl_WorkGroupSize.x) {
    const float v = (h[base + i] + a[base + i] * invA * wa[i]) * p.scalar;
    h[base + i] = v;
    ssH += v * v;
  }
  if (p.hasNext == 0u) return;  // uniform: the whole workgroup leaves
  const float invH = inversesqrt(workgroupSum(ssH) / float(p.dim) + p.eps);
  for (uint i = gl_LocalInvocationID.x; i < p.dim; i += gl_WorkGroupSize.x) {
    x[base + i] = h[base + i] * invH * wx[i];
  }
}
