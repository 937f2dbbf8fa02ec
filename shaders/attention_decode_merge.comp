#version 450
#extension GL_GOOGLE_include_directive : require
// Decode attention, pass 2 of 2 (ops/DecodeAttention.h): merges the splits' partial softmaxes of
// one query head: M = max_s m_s, w_s = exp(m_s - M), out = sum_s w_s acc_s / sum_s w_s l_s.
// Only the splits that hold keys are read (decode_splits.glsl: pass 1 writes nothing past them);
// a head with no visible key at all writes zeros (as the portable kernel). Workgroup (head, chunk) writes dims
// chunk * WG .. chunk * WG + WG - 1 (every chunk of a head recomputes the split weights: cheap
// next to the acc reads, and it spreads the merge over heads x headDim / WG workgroups).
//   partials: [heads, splits, headDim + 4]; out: [heads, headDim]
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer Part { float part[]; };
layout(set = 0, binding = 1) writeonly buffer Out { float o[]; };
layout(set = 0, binding = 2) readonly buffer Step { uint step[]; };
// Pass 1's push constants (kvHeads, kvStride and scale unused here).
layout(push_constant) uniform Params {
  uint heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, minKeysPerSplit, kvStride;
  float scale;
  uint stepIndex;
} p;
#include "decode_splits.glsl"

const uint WG = gl_WorkGroupSize.x;
const uint MAX_SPLITS = 1024;
shared float weight[MAX_SPLITS];
shared float red[WG];

void main() {
  const uint h = gl_WorkGroupID.x, t = gl_LocalInvocationID.x, d = gl_WorkGroupID.y * WG + t;
  const uint rec = p.headDim + 4u;
  const uint base = h * p.splits * rec;
  const uint used = decodeSplits().used;
  float m = -3.0e38;
  for (uint s = t; s < used; s += WG) m = max(m, part[base + s * rec]);
  red[t] = m;
  barrier();
  for (uint w = WG / 2u; w > 0u; w >>= 1u) {
    if (t < w) red[t] = max(red[t], red[t + w]);
    barrier();
  }
  const float M = red[0];
  barrier();
  float l = 0.0;
  for (uint s = t; s < used; s += WG) {
    const float ws = exp(part[base + s * rec] - M);
    weight[s] = ws;
    l += ws * part[base + s * rec + 1u];
  }
  red[t] = l;
  barrier();
  for (uint w = WG / 2u; w > 0u; w >>= 1u) {
    if (t < w) red[t] += red[t + w];
    barrier();
  }
  const float L = red[0];
  const float inv = L > 0.0 ? 1.0 / L : 0.0;
  if (d < p.headDim) {
    float a = 0.0;
    for (uint s = 0; s < used; ++s) a += weight[s] * part[base + s * rec + 4u + d];
    o[h * p.headDim + d] = a * inv;
  }
}
