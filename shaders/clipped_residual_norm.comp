#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#ifndef HALF_OUT
#define HALF_OUT 0
#endif
#if HALF_OUT
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require
#endif
// The encoders' residual step around their ClippableLinears in one dispatch (ops/ClippedResidualNorm.h),
// one workgroup per row of h [rows, dim]:
//   1. branch:  a = clamp(b, bMin, bMax); a = rmsnorm(a) * wb (when BRANCH_NORM); h = h + a
//   2. h norm:  h = rmsnorm(h) * wh                               (audio norm_out)
//   3. next:    x = rmsnorm(h, nextEps) (* wn); x = silu(x) (when NEXT_SILU); out_i = clamp(x, lo_i, hi_i)
// Each invocation keeps its elements i = tid + v·G (v < V) in registers, so a row is read once and
// written once per output; dim <= V · workgroup size (checked on the host).
// HALF_OUT = 1: the outputs hold f16 (packHalf2x16's rounding, as matmul_coopmat.comp rounds f32
// x), the inputs of matmuls that read x in f16 (ops::MatmulParams::xType).
#include "reduce.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) buffer H { float h[]; };
layout(set = 0, binding = 1) readonly buffer B { float b[]; };
layout(set = 0, binding = 2) readonly buffer WB { float wb[]; };
layout(set = 0, binding = 3) readonly buffer WH { float wh[]; };
layout(set = 0, binding = 4) readonly buffer WN { float wn[]; };
#if HALF_OUT
#define OUT_T uint16_t
#define STORED(v) uint16_t(packHalf2x16(vec2(v, 0.0)))
#else
#define OUT_T float
#define STORED(v) (v)
#endif
layout(set = 0, binding = 5) writeonly buffer O0 { OUT_T o0[]; };
layout(set = 0, binding = 6) writeonly buffer O1 { OUT_T o1[]; };
layout(set = 0, binding = 7) writeonly buffer O2 { OUT_T o2[]; };
layout(push_constant) uniform Params {
  uint dim;
  uint flags;  // FLAG_* below
  uint outs;   // clamped copies of the next norm's output (0..3)
  float eps;
  float bMin, bMax;
  float lo0, hi0, lo1, hi1, lo2, hi2;
  float nextEps;
} p;

const uint FLAG_BRANCH = 1u, FLAG_BRANCH_NORM = 2u, FLAG_H_NORM = 4u, FLAG_NEXT_WEIGHT = 8u, FLAG_NEXT_SILU = 16u;
const uint V = 16;

void main() {
  const uint base = gl_WorkGroupID.x * p.dim;
  const uint tid = gl_LocalInvocationID.x, G = gl_WorkGroupSize.x;
  float hv[V];
  [[unroll]] for (uint v = 0; v < V; ++v) {
    const uint i = tid + v * G;
    hv[v] = i < p.dim ? h[base + i] : 0.0;
  }
  const bool writeH = (p.flags & (FLAG_BRANCH | FLAG_H_NORM)) != 0u;
  if ((p.flags & FLAG_BRANCH) != 0u) {
    float av[V];
    float ss = 0.0;
    [[unroll]] for (uint v = 0; v < V; ++v) {
      const uint i = tid + v * G;
      av[v] = i < p.dim ? clamp(b[base + i], p.bMin, p.bMax) : 0.0;
      ss += av[v] * av[v];
    }
    if ((p.flags & FLAG_BRANCH_NORM) != 0u) {
      const float inv = inversesqrt(workgroupSum(ss) / float(p.dim) + p.eps);
      [[unroll]] for (uint v = 0; v < V; ++v) {
        const uint i = tid + v * G;
        if (i < p.dim) av[v] = av[v] * inv * wb[i];
      }
    }
    [[unroll]] for (uint v = 0; v < V; ++v) hv[v] = hv[v] + av[v];
  }
  if ((p.flags & FLAG_H_NORM) != 0u) {
    float ss = 0.0;
    [[unroll]] for (uint v = 0; v < V; ++v) ss += hv[v] * hv[v];
    const float inv = inversesqrt(workgroupSum(ss) / float(p.dim) + p.eps);
    [[unroll]] for (uint v = 0; v < V; ++v) {
      const uint i = tid + v * G;
      if (i < p.dim) hv[v] = hv[v] * inv * wh[i];
    }
  }
  if (writeH) {
    [[unroll]] for (uint v = 0; v < V; ++v) {
      const uint i = tid + v * G;
      if (i < p.dim) h[base + i] = hv[v];
    }
  }
  if (p.outs == 0u) return;  // uniform
  float ss = 0.0;
  [[unroll]] for (uint v = 0; v < V; ++v) ss += hv[v] * hv[v];
  const float inv = inversesqrt(workgroupSum(ss) / float(p.dim) + p.nextEps);
  [[unroll]] for (uint v = 0; v < V; ++v) {
    const uint i = tid + v * G;
    if (i >= p.dim) continue;
    float x = hv[v] * inv;
    if ((p.flags & FLAG_NEXT_WEIGHT) != 0u) x *= wn[i];
    if ((p.flags & FLAG_NEXT_SILU) != 0u) x = x / (1.0 + exp(-x));
    o0[base + i] = STORED(clamp(x, p.lo0, p.hi0));
    if (p.outs > 1u) o1[base + i] = STORED(clamp(x, p.lo1, p.hi1));
    if (p.outs > 2u) o2[base + i] = STORED(clamp(x, p.lo2, p.hi2));
  }
}
