#version 450
#extension GL_GOOGLE_include_directive : require
#ifndef HALF_Y
#define HALF_Y 0
#endif
#if HALF_Y
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require
#endif
// Elementwise ops over a 2-D range [rows, cols] with per-operand row strides (in elements).
// A row stride of 0 for b broadcasts one row vector b[cols] to every row.
//   y[r*sy + c] = f(a[r*sa + c], b[r*sb + c])
// HALF_Y = 1: y holds f16 (packHalf2x16's rounding, as matmul_coopmat.comp rounds f32 x), the
// input of a matmul that reads x in f16 (ops::MatmulParams::xType).
#include "activation.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer A { float a[]; };
layout(set = 0, binding = 1) readonly buffer B { float b[]; };
#if HALF_Y
layout(set = 0, binding = 2) writeonly buffer Y { uint16_t y[]; };
#else
layout(set = 0, binding = 2) writeonly buffer Y { float y[]; };
#endif
layout(push_constant) uniform Params {
  uint op;
  uint rows;
  uint cols;
  uint strideA;
  uint strideB;
  uint strideY;
  float s0;
  float s1;
} p;

const uint OP_ADD = 0u;         // a + b
const uint OP_MUL = 1u;         // a * b
const uint OP_SCALE = 2u;       // a * s0
const uint OP_SOFTCAP = 3u;     // s0 * tanh(a / s0)
const uint OP_CLAMP = 4u;       // clamp(a, s0, s1)
const uint OP_ADD_SCALE = 5u;   // (a + b) * s0
const uint OP_GELU = 6u;        // gelu_tanh(a)
const uint OP_GEGLU = 7u;       // gelu_tanh(a) * b
const uint OP_COPY = 8u;        // a
const uint OP_RELU = 9u;        // max(a, 0)
const uint OP_SILU = 10u;       // a * sigmoid(a)
const uint OP_MUL_SCALE = 11u;  // a * b * s0
const uint OP_GLU = 12u;        // a * sigmoid(b)

void main() {
  for (uint r = gl_WorkGroupID.y; r < p.rows; r += gl_NumWorkGroups.y) {
    for (uint c = gl_GlobalInvocationID.x; c < p.cols; c += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      const float av = a[r * p.strideA + c];
      float v;
      switch (p.op) {
        case OP_ADD: v = av + b[r * p.strideB + c]; break;
        case OP_MUL: v = av * b[r * p.strideB + c]; break;
        case OP_SCALE: v = av * p.s0; break;
        case OP_SOFTCAP: v = p.s0 * safeTanh(av / p.s0); break;
        case OP_CLAMP: v = clamp(av, p.s0, p.s1); break;
        case OP_ADD_SCALE: v = (av + b[r * p.strideB + c]) * p.s0; break;
        case OP_GELU: v = geluTanh(av); break;
        case OP_GEGLU: v = geluTanh(av) * b[r * p.strideB + c]; break;
        case OP_RELU: v = max(av, 0.0); break;
        case OP_SILU: v = av / (1.0 + exp(-av)); break;
        case OP_MUL_SCALE: v = av * b[r * p.strideB + c] * p.s0; break;
        case OP_GLU: v = av / (1.0 + exp(-b[r * p.strideB + c])); break;
        default: v = av; break;
      }
#if HALF_Y
      y[r * p.strideY + c] = uint16_t(packHalf2x16(vec2(v, 0.0)));
#else
      y[r * p.strideY + c] = v;
#endif
    }
  }
}
