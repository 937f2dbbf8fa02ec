#version 450
#extension GL_GOOGLE_include_directive : require
// Causal depthwise 1-D convolution over time, channel-last:
//   y[t, c] = bias[c] + Σ_{k < K} w[c·K + k] · x[t − (K − 1) + k, c]      (x[t < 0] = 0)
// x: [T, C] with row stride xStride; y likewise; w: [C, K]. One invocation per (t, c): grid x covers
// channels (contiguous loads), grid y covers time; both grid-stride. Gemma 4: K = 5, C = 1024.
#define WEIGHT_BINDING 1
#include "weights.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 2) readonly buffer B { float bias[]; };
layout(set = 0, binding = 3) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint t, c, k, xStride, yStride, hasBias;
} p;

void main() {
  for (uint t = gl_WorkGroupID.y; t < p.t; t += gl_NumWorkGroups.y) {
    for (uint c = gl_GlobalInvocationID.x; c < p.c; c += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      float acc = p.hasBias != 0u ? bias[c] : 0.0;
      // Taps before t = 0 read the left padding: start at the first tap inside the sequence.
      const uint first = t + 1 >= p.k ? 0u : p.k - 1 - t;
      for (uint j = first; j < p.k; ++j) acc += weightAt(c * p.k + j) * x[(t + j + 1 - p.k) * p.xStride + c];
      y[t * p.yStride + c] = acc;
    }
  }
}
