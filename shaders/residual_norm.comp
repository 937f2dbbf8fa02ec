#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#ifndef HALF_X
#define HALF_X 0
#endif
#if HALF_X
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require
#endif
// Fused residual step of the Gemma 4 decoder (ops/ResidualNorm.h), one workgroup per row:
//   h[r, :] = (h[r, :] + rmsnorm(a[r, :]) * wa) * scalar
//   x[r, :] = rmsnorm(h[r, :]) * wx                        (only when hasNext != 0)
// a, h, x: f32 [rows, dim]; wa, wx: f32 [dim]. Each invocation re-reads only the h elements it
// wrote itself, so no barrier is needed between the update and the second norm's sum.
// Fast path (dim % 4 == 0, dim <= 16 * workgroup size, i.e. every Gemma width): each invocation
// loads its up to 4 vec4 of a, h, wa, wx in one batch and keeps them in registers, so a row costs
// one memory round trip and two workgroup reductions instead of a chain of dependent loads per
// pass (the general loop below, kept for other widths).
// HALF_X = 1: x holds f16 (packHalf2x16's rounding, as matmul_coopmat.comp rounds f32 x), the
// input of the prefill matmuls that read x in f16 (ops::MatmulParams::xType): no separate
// conversion pass (ops::toHalf) over x.
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer A { float a[]; };
layout(set = 0, binding = 1) readonly buffer WA { float wa[]; };
layout(set = 0, binding = 2) buffer H { float h[]; };
layout(set = 0, binding = 3) readonly buffer WX { float wx[]; };
layout(set = 0, binding = 0) readonly buffer A4 { vec4 a4[]; };
layout(set = 0, binding = 1) readonly buffer WA4 { vec4 wa4[]; };
layout(set = 0, binding = 2) buffer H4 { vec4 h4[]; };
layout(set = 0, binding = 3) readonly buffer WX4 { vec4 wx4[]; };
#if HALF_X
layout(set = 0, binding = 4) writeonly buffer X { uint16_t x[]; };
layout(set = 0, binding = 4) writeonly buffer X4 { uvec2 x4[]; };  // 4 halfs
#define STORE_X4(i, v) x4[i] = uvec2(packHalf2x16((v).xy), packHalf2x16((v).zw))
#define STORE_X(i, v) x[i] = uint16_t(packHalf2x16(vec2(v, 0.0)))
#else
layout(set = 0, binding = 4) writeonly buffer X { float x[]; };
layout(set = 0, binding = 4) writeonly buffer X4 { vec4 x4[]; };
#define STORE_X4(i, v) x4[i] = (v)
#define STORE_X(i, v) x[i] = (v)
#endif
layout(push_constant) uniform Params {
  uint dim;
  uint hasNext;
  float eps;
  float scalar;
} p;

const uint V = 4;  // vec4 per invocation on the fast path

void main() {
  const uint base = gl_WorkGroupID.x * p.dim;
  const uint tid = gl_LocalInvocationID.x, G = gl_WorkGroupSize.x;
  if (p.dim % 4u == 0u && p.dim <= 4u * V * G) {  // uniform
    const uint n4 = p.dim / 4u, b4 = base / 4u;
    vec4 av[V], hv[V], wav[V], wxv[V];
    [[unroll]] for (uint v = 0; v < V; ++v) {
      const uint i = tid + v * G;
      const bool ok = i < n4;
      av[v] = ok ? a4[b4 + i] : vec4(0.0);
      hv[v] = ok ? h4[b4 + i] : vec4(0.0);
      wav[v] = ok ? wa4[i] : vec4(0.0);
      wxv[v] = ok && p.hasNext != 0u ? wx4[i] : vec4(0.0);
    }
    float s4 = 0.0;
    [[unroll]] for (uint v = 0; v < V; ++v) s4 += dot(av[v], av[v]);
    const float inv4 = inversesqrt(workgroupSum(s4) / float(p.dim) + p.eps);
    float sh4 = 0.0;
    [[unroll]] for (uint v = 0; v < V; ++v) {
      hv[v] = (hv[v] + av[v] * inv4 * wav[v]) * p.scalar;
      sh4 += dot(hv[v], hv[v]);
      const uint i = tid + v * G;
      if (i < n4) h4[b4 + i] = hv[v];
    }
    if (p.hasNext == 0u) return;
    const float invH4 = inversesqrt(workgroupSum(sh4) / float(p.dim) + p.eps);
    [[unroll]] for (uint v = 0; v < V; ++v) {
      const uint i = tid + v * G;
      if (i < n4) STORE_X4(b4 + i, hv[v] * invH4 * wxv[v]);
    }
    return;
  }
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
    STORE_X(base + i, h[base + i] * invH * wx[i]);
  }
}
