#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// 2-D convolution (torch Conv2d, cross-correlation) of one image, f32 activations and accumulation.
//   y[co, oy, ox] = bias[co] + Σ_{ci,ky,kx} w[((co·cIn + ci)·kH + ky)·kW + kx]
//                                          · x[ci, oy·sH − padTop + ky, ox·sW − padLeft + kx]
// Layouts come as element strides (xc, xy, xx) and (yc, yy, yx), so CHW and HWC share this shader.
// One invocation computes CO_BLOCK output channels of one output pixel: every input value is loaded
// once and used CO_BLOCK times from registers. No shared memory and no barriers (both slow on
// lavapipe); the weights of a block are the same for the whole workgroup, so they stay in cache.
// Grid: x = output pixels (grid-stride loop), y = blocks of CO_BLOCK output channels.
// Audio layer1 (128 → 32 channels, 3×3): 1152 taps × 8 channels per invocation.
#define WEIGHT_BINDING 1
#include "weights.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 2) readonly buffer B { float bias[]; };
layout(set = 0, binding = 3) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint cIn, h, w, cOut, outH, outW, kH, kW, strideH, strideW, padTop, padLeft, hasBias;
  uint xc, xy, xx, yc, yy, yx;
} p;

const uint CO_BLOCK = 8;

void main() {
  const uint co0 = gl_WorkGroupID.y * CO_BLOCK;
  const uint taps = p.kH * p.kW;
  // Weight offsets of the block's channels; channels past cOut re-read the last one (never written).
  uint wBase[CO_BLOCK];
  [[unroll]] for (uint j = 0; j < CO_BLOCK; ++j) wBase[j] = min(co0 + j, p.cOut - 1) * p.cIn * taps;

  const uint pixels = p.outH * p.outW;
  for (uint pix = gl_GlobalInvocationID.x; pix < pixels; pix += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
    const uint oy = pix / p.outW, ox = pix % p.outW;
    float acc[CO_BLOCK];
    [[unroll]] for (uint j = 0; j < CO_BLOCK; ++j) acc[j] = 0.0;
    for (uint ky = 0; ky < p.kH; ++ky) {
      const int iy = int(oy * p.strideH + ky) - int(p.padTop);
      if (iy < 0 || iy >= int(p.h)) continue;
      for (uint kx = 0; kx < p.kW; ++kx) {
        const int ix = int(ox * p.strideW + kx) - int(p.padLeft);
        if (ix < 0 || ix >= int(p.w)) continue;
        const uint xi = uint(iy) * p.xy + uint(ix) * p.xx;
        const uint tap = ky * p.kW + kx;
        for (uint ci = 0; ci < p.cIn; ++ci) {
          const float v = x[xi + ci * p.xc];
          const uint wi = ci * taps + tap;
          [[unroll]] for (uint j = 0; j < CO_BLOCK; ++j) acc[j] += v * weightAt(wBase[j] + wi);
        }
      }
    }
    const uint yi = oy * p.yy + ox * p.yx;
    [[unroll]] for (uint j = 0; j < CO_BLOCK; ++j) {
      const uint co = co0 + j;
      if (co < p.cOut) y[yi + co * p.yc] = acc[j] + (p.hasBias != 0u ? bias[co] : 0.0);
    }
  }
}
