#version 450
#extension GL_GOOGLE_include_directive : require
// Fills a tensor with uniform pseudo-random values in [lo, hi) from a counter-based hash, so
// full-size models can run with random weights without any host memory or upload.
//   out: f32 [count] (FP32 defined) or 16-bit words [count] (bf16, or f16 with F16 defined)
#include "common.glsl"
#include "random.glsl"

layout(local_size_x_id = 0) in;
#ifdef OUT_F32
layout(set = 0, binding = 0) writeonly buffer Out { float outF[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { uint16_t outH[]; };
#endif
layout(push_constant) uniform Params {
  uint count;
  uint seed;
  float lo;
  float hi;
} p;

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < p.count; i += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
    const float v = p.lo + (p.hi - p.lo) * hashToUnit(i, p.seed);
#if defined(OUT_F32)
    outF[i] = v;
#elif defined(OUT_F16)
    outH[i] = uint16_t(packHalf2x16(vec2(v, 0.0)) & 0xffffu);
#else
    // bf16 by truncation: the values are random anyway.
    outH[i] = uint16_t(floatBitsToUint(v) >> 16);
#endif
  }
}
