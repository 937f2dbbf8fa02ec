#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_basic : require
// LayerNorm over the last dim, biased variance, two passes (mean, then Σ(x − mean)²) so a large
// mean does not cancel the variance:
//   y[r, :] = (x[r, :] − mean) · (var + eps)^-0.5 (· w) (+ b)
// One SUBGROUP per row, rows grid-stride over subgroups: the audio subsampler has many short rows
// (T/2·64 rows of 128, T/4·32 rows of 32), so a workgroup per row would waste lanes and pay barriers
// (slow on lavapipe). Only subgroupAdd is used, no shared memory or barriers. The active lanes are
// counted and ranked with subgroup ops, so any subgroup size works, partial subgroups included.
// x: [rows, dim] with row stride xStride; y likewise; w, b: [dim] (ignored unless hasWeight/hasBias).
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 1) readonly buffer W { float w[]; };
layout(set = 0, binding = 2) readonly buffer B { float b[]; };
layout(set = 0, binding = 3) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint rows, dim;
  float eps;
  uint xStride, yStride, hasWeight, hasBias;
} p;

void main() {
  const uint lanes = subgroupAdd(1u);
  const uint lane = subgroupExclusiveAdd(1u);
  const uint rowStep = gl_NumWorkGroups.x * gl_NumSubgroups;
  for (uint row = gl_WorkGroupID.x * gl_NumSubgroups + gl_SubgroupID; row < p.rows; row += rowStep) {
    const uint xb = row * p.xStride, yb = row * p.yStride;
    float s = 0.0;
    for (uint i = lane; i < p.dim; i += lanes) s += x[xb + i];
    const float mean = subgroupAdd(s) / float(p.dim);
    float ss = 0.0;
    for (uint i = lane; i < p.dim; i += lanes) {
      const float d = x[xb + i] - mean;
      ss += d * d;
    }
    const float inv = inversesqrt(subgroupAdd(ss) / float(p.dim) + p.eps);
    for (uint i = lane; i < p.dim; i += lanes) {
      float v = (x[xb + i] - mean) * inv;
      if (p.hasWeight != 0u) v *= w[i];
      if (p.hasBias != 0u) v += b[i];
      y[yb + i] = v;
    }
  }
}
