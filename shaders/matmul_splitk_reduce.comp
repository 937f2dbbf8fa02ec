#version 450
#extension GL_GOOGLE_include_directive : require
// The second half of a matmul whose k was split across workgroups (matmul_coopmat.comp with a
// grid of S layers along z): y[m, nOffset + n] = sum_z part[z, m, n] (+ bias[nOffset + n])
// (+ old y), the layers added in order z = 0 .. S-1 (deterministic).
//   part: f32 [S, M, N]; bias: f32 (indexed from nOffset); y: f32 rows of stride ldy
layout(local_size_x = 64, local_size_y = 4) in;
layout(set = 0, binding = 0) readonly buffer Part { float part[]; };
layout(set = 0, binding = 1) readonly buffer Bias { float bias[]; };
layout(set = 0, binding = 2) buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint M, N, ldy, nOffset;
  uint flags;  // bit 0: add bias, bit 1: accumulate into y (matmul_io.glsl's flags)
  uint layers;
} p;

void main() {
  const uint n = gl_GlobalInvocationID.x, m = gl_GlobalInvocationID.y;
  if (n >= p.N || m >= p.M) return;
  const uint layer = p.M * p.N;
  float s = part[m * p.N + n];
  for (uint z = 1; z < p.layers; ++z) s += part[z * layer + m * p.N + n];
  if ((p.flags & 1u) != 0u) s += bias[p.nOffset + n];
  const uint i = m * p.ldy + p.nOffset + n;
  if ((p.flags & 2u) != 0u) s += y[i];
  y[i] = s;
}
