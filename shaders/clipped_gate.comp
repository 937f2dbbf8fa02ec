#version 450
#extension GL_GOOGLE_include_directive : require
#ifndef HALF_Y
#define HALF_Y 0
#endif
#if HALF_Y
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require
#endif
// The encoders' MLP / GLU middle between two ClippableLinears in one pass (ops/ClippedGate.h):
//   a' = clamp(a, aMin, aMax), b' = clamp(b, bMin, bMax)   (the producing linears' output clamps)
//   GELU_MUL: y = gelu_tanh(a') · b'     SILU: y = silu(a')     GLU: y = a' · sigmoid(b')
//   y = clamp(y, yMin, yMax)                                (the consuming linear's input clamp)
// a, b, y: f32 [n] dense; y may alias a. HALF_Y = 1: y holds f16 (packHalf2x16's rounding), the
// input of a matmul that reads x in f16, and does not alias a or b.
#include "activation.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer A { vec4 a[]; };
layout(set = 0, binding = 1) readonly buffer B { vec4 b[]; };
layout(set = 0, binding = 0) readonly buffer A1 { float a1[]; };
layout(set = 0, binding = 1) readonly buffer B1 { float b1[]; };
#if HALF_Y
layout(set = 0, binding = 2) writeonly buffer Y { uvec2 y[]; };
layout(set = 0, binding = 2) writeonly buffer Y1 { uint16_t y1[]; };
#else
layout(set = 0, binding = 2) writeonly buffer Y { vec4 y[]; };
layout(set = 0, binding = 2) writeonly buffer Y1 { float y1[]; };
#endif
layout(push_constant) uniform Params {
  uint n;
  uint mode;
  float aMin, aMax, bMin, bMax, yMin, yMax;
} p;

const uint MODE_GELU_MUL = 0u, MODE_SILU = 1u, MODE_GLU = 2u;

float gate(float av, float bv) {
  av = clamp(av, p.aMin, p.aMax);
  float v;
  if (p.mode == MODE_GELU_MUL) {
    v = geluTanh(av) * clamp(bv, p.bMin, p.bMax);
  } else if (p.mode == MODE_SILU) {
    v = av / (1.0 + exp(-av));
  } else {
    v = av / (1.0 + exp(-clamp(bv, p.bMin, p.bMax)));
  }
  return clamp(v, p.yMin, p.yMax);
}

void main() {
  const uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  const uint n4 = p.n / 4u;
  const bool useB = p.mode != MODE_SILU;
  for (uint i = gl_GlobalInvocationID.x; i < n4; i += stride) {
    const vec4 av = a[i];
    const vec4 bv = useB ? b[i] : vec4(0.0);
    const vec4 v = vec4(gate(av.x, bv.x), gate(av.y, bv.y), gate(av.z, bv.z), gate(av.w, bv.w));
#if HALF_Y
    y[i] = uvec2(packHalf2x16(v.xy), packHalf2x16(v.zw));
#else
    y[i] = v;
#endif
  }
  for (uint i = n4 * 4u + gl_GlobalInvocationID.x; i < p.n; i += stride) {
    const float v = gate(a1[i], useB ? b1[i] : 0.0);
#if HALF_Y
    y1[i] = uint16_t(packHalf2x16(vec2(v, 0.0)));
#else
    y1[i] = v;
#endif
  }
}
