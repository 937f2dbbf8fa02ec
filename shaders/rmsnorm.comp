#version 450
#extension GL_GOOGLE_include_directive : require
// y[r, :] = x[r, :] * (mean(x[r, :]^2) + eps)^-0.5 (* w)     one workgroup per row
// x: [rows, dim] with row stride xStride; y likewise; w: [dim] f32 (ignored if hasWeight == 0)
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 1) readonly buffer W { float w[]; };
layout(set = 0, binding = 2) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint dim;
  uint hasWeight;
  float eps;
  uint xStride;
  uint yStride;
} p;

void main() {
  const uint row = gl_WorkGroupID.x;
  const uint xb = row * p.xStride;
  const uint yb = row * p.yStride;
  float ss = 0.0;
  for (uint i = gl_LocalInvocationID.x; i < p.dim; i += gl_WorkGroupSize.x) {
    const float v = x[xb + i];
    ss += v * v;
  }
  const float total = workgroupSum(ss);
  const float inv = inversesqrt(total / float(p.dim) + p.eps);
  for (uint i = gl_LocalInvocationID.x; i < p.dim; i += gl_WorkGroupSize.x) {
    float v = x[xb + i] * inv;
    if (p.hasWeight != 0u) v *= w[i];
    y[yb + i] = v;
  }
}
