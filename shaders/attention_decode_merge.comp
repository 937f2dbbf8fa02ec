#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
// Decode attention, pass 2 of 2 (ops/DecodeAttention.h): merges the splits' partial softmaxes of
// one query head: M = max_s m_s, w_s = exp(m_s - M), out = sum_s w_s acc_s / sum_s w_s l_s.
// Only the splits that hold keys are read (decode_splits.glsl: pass 1 writes nothing past them);
// a head with no visible key at all writes zeros (as the portable kernel).
// Workgroup (head, chunk) writes the DIM4 vec4s of head dims from chunk * DIM4. Its invocations
// are LANES split lanes x DIM4 vec4s (consecutive invocations read consecutive vec4s of one
// split's record): lane j sums splits j, j + LANES, ... with four loads in flight, and the lanes
// meet in a shared-memory tree. One invocation per head dim walking every split took ~120 us
// per E2B full-attention layer on the H100 at depth 32768 with 1024 splits, ~14 us this way
// (docs/benchmarks.md, session 13).
// Every chunk of a head recomputes the split weights: cheap next to the acc reads.
//   partials: [heads, splits, headDim / 4 + 1] vec4 = ((max, sum, 0, 0), acc...); out: [heads, headDim]
layout(local_size_x_id = 0) in;                // LANES * DIM4, LANES a power of two
layout(constant_id = 1) const uint DIM4 = 16;  // vec4s of head dims per workgroup
layout(set = 0, binding = 0) readonly buffer Part { vec4 part4[]; };
layout(set = 0, binding = 1) writeonly buffer Out { vec4 o4[]; };
layout(set = 0, binding = 2) readonly buffer Step { uint step[]; };
// Pass 1's push constants (kvHeads, kvStride and scale unused here).
layout(push_constant) uniform Params {
  uint heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, minKeysPerSplit, kvStride;
  float scale;
  uint stepIndex;
} p;
#include "decode_splits.glsl"

const uint WG = gl_WorkGroupSize.x;
const uint LANES = WG / DIM4;
const uint MAX_SPLITS = 128;  // ops::kDecodeAttentionMaxSplits
const float LOWEST = -3.0e38;
shared float weight[MAX_SPLITS];
shared float subgroupMaxes[WG], subgroupSums[WG];  // one per subgroup
shared vec4 laneAcc[WG];                            // [lane][vec4 of the chunk]

void main() {
  const uint h = gl_WorkGroupID.x, t = gl_LocalInvocationID.x;
  const uint hd4 = p.headDim / 4u, rec4 = hd4 + 1u;
  const uint base = h * p.splits * rec4;
  const uint used = decodeSplits().used;

  float m = LOWEST;
  for (uint s = t; s < used; s += WG) m = max(m, part4[base + s * rec4].x);
  m = subgroupMax(m);
  if (subgroupElect()) subgroupMaxes[gl_SubgroupID] = m;
  barrier();
  float M = LOWEST;
  for (uint i = 0; i < gl_NumSubgroups; ++i) M = max(M, subgroupMaxes[i]);

  float l = 0.0;
  for (uint s = t; s < used; s += WG) {
    const vec2 ml = part4[base + s * rec4].xy;
    const float w = exp(ml.x - M);
    weight[s] = w;
    l += w * ml.y;
  }
  l = subgroupAdd(l);
  if (subgroupElect()) subgroupSums[gl_SubgroupID] = l;
  barrier();  // the weights and the sums
  float L = 0.0;
  for (uint i = 0; i < gl_NumSubgroups; ++i) L += subgroupSums[i];

  const uint lane = t / DIM4, d4 = gl_WorkGroupID.y * DIM4 + t % DIM4;
  const uint col = base + 1u + min(d4, hd4 - 1u);  // past the head dim: a valid vec4, never stored
  vec4 a0 = vec4(0.0), a1 = vec4(0.0), a2 = vec4(0.0), a3 = vec4(0.0);
  uint s = lane;
  for (; s + 3u * LANES < used; s += 4u * LANES) {
    const vec4 x0 = part4[col + s * rec4], x1 = part4[col + (s + LANES) * rec4];
    const vec4 x2 = part4[col + (s + 2u * LANES) * rec4], x3 = part4[col + (s + 3u * LANES) * rec4];
    a0 += weight[s] * x0;
    a1 += weight[s + LANES] * x1;
    a2 += weight[s + 2u * LANES] * x2;
    a3 += weight[s + 3u * LANES] * x3;
  }
  for (; s < used; s += LANES) a0 += weight[s] * part4[col + s * rec4];
  laneAcc[t] = (a0 + a1) + (a2 + a3);
  barrier();
  for (uint w = LANES / 2u; w > 0u; w >>= 1u) {
    if (lane < w) laneAcc[t] += laneAcc[t + w * DIM4];
    barrier();
  }
  if (lane == 0u && d4 < hd4) o4[h * hd4 + d4] = laneAcc[t] * (L > 0.0 ? 1.0 / L : 0.0);
}
