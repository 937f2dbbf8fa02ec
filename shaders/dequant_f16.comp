#version 450
#extension GL_GOOGLE_include_directive : require
// A weight in a ggml block format widened to f16 rows (ops/QuantDequantize.h), so prefill chunks
// multiply it on tensor cores: out[n, k] = f16(dequant(W)[n, k]). One invocation per 4 elements.
// Values beyond f16's range are clamped to +-65504 and set bit 0 of status[0]: the caller sees it
// after the submit and redoes the work on the f32 kernels (a clamped weight is never used).
//   W: rows * k / QK blocks (one run of whole rows); out: f16 [rows, k]; k % QK == 0.
#define QBINDING 0
#include "common.glsl"
#include "quant_blocks.glsl"

layout(local_size_x = 256) in;
layout(set = 0, binding = 1) writeonly buffer Out { uvec2 o[]; };
layout(set = 0, binding = 2) coherent buffer Status { uint status[]; };
layout(push_constant) uniform Params {
  uint groups4;  // elements / 4
} p;

const float F16_MAX = 65504.0;

void main() {
  const uint i = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  if (i >= p.groups4) return;
  const uint e = 4u * i;  // QK % 4 == 0: the 4 elements share one block
  vec4 v = dequant4(e / QK, e % QK);
  if (any(greaterThan(abs(v), vec4(F16_MAX)))) {
    atomicOr(status[0], 1u);
    v = clamp(v, -F16_MAX, F16_MAX);
  }
  o[i] = uvec2(packHalf2x16(v.xy), packHalf2x16(v.zw));
}
