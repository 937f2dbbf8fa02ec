#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
// Decode attention, split over key ranges (flash decoding), pass 1 of 2 (ops/DecodeAttention.h).
// One workgroup = one subgroup: GH query heads that share one KV head, over the keys of one
// split. Each lane owns VECS vec4 of the head dim (lane + i * S: coalesced row loads), so a key
// row is read once for all GH heads; each score is one subgroupAdd. Online softmax in f32 per
// head; the split's (max, sum, acc[headDim]) go to the partials for attention_decode_merge.comp.
//   q: [heads, headDim]; k, v: [keys, kvHeads, headDim] (row stride kvStride floats)
//   partials: [heads, splits, headDim + 4] floats = (max, sum, 0, 0, acc...)
// Visible keys of the query at position queryPos: j <= queryPos && (window == 0 || j + window > queryPos).
layout(local_size_x_id = 0) in;                 // the subgroup size
layout(constant_id = 1) const uint VECS = 2;    // headDim / (4 * subgroup size)
layout(constant_id = 2) const uint GH = 4;      // query heads per workgroup

layout(set = 0, binding = 0) readonly buffer Q { vec4 q4[]; };
layout(set = 0, binding = 1) readonly buffer K { vec4 k4[]; };
layout(set = 0, binding = 2) readonly buffer V { vec4 v4[]; };
layout(set = 0, binding = 3) writeonly buffer Part { vec4 part4[]; };
// Replayed decode steps: the query position comes from a host-written step buffer (uint at
// stepIndex; keys = position + 1) and the visible keys are spread over the fixed split count.
layout(set = 0, binding = 4) readonly buffer Step { uint step[]; };
layout(push_constant) uniform Params {
  uint heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, kvStride;
  float scale;
  uint stepIndex;  // 0xffffffff: keys / queryPos / keysPerSplit as pushed
} p;

const float START_MAX = -1.0e30;

void main() {
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize;
  const uint group = p.heads / p.kvHeads;      // query heads per KV head
  const uint headGroups = group / GH;
  const uint kvh = gl_WorkGroupID.x / headGroups;
  const uint h0 = kvh * group + (gl_WorkGroupID.x % headGroups) * GH;
  const uint split = gl_WorkGroupID.y;
  const bool stepped = p.stepIndex != 0xffffffffu;
  const uint queryPos = stepped ? step[p.stepIndex] : p.queryPos;
  const uint keys = stepped ? queryPos + 1u : p.keys;
  const uint lo = (p.window != 0u && queryPos + 1u > p.window) ? queryPos + 1u - p.window : 0u;
  const uint hi = min(keys, queryPos + 1u);
  const uint keysPerSplit = stepped ? max(1u, (hi - lo + p.splits - 1u) / p.splits) : p.keysPerSplit;
  const uint j0 = lo + split * keysPerSplit;
  const uint j1 = min(hi, j0 + keysPerSplit);
  const uint hd4 = p.headDim >> 2;
  const uint kvStride4 = p.kvStride >> 2;
  const uint kvBase = kvh * hd4 + lane;

  vec4 qv[GH][VECS], acc[GH][VECS];
  float runMax[GH], runSum[GH];
  [[unroll]] for (uint h = 0; h < GH; ++h) {
    [[unroll]] for (uint i = 0; i < VECS; ++i) {
      qv[h][i] = q4[(h0 + h) * hd4 + lane + i * S] * p.scale;
      acc[h][i] = vec4(0.0);
    }
    runMax[h] = START_MAX;
    runSum[h] = 0.0;
  }

  for (uint j = j0; j < j1; ++j) {
    const uint row = j * kvStride4 + kvBase;
    vec4 kv[VECS], vv[VECS];
    [[unroll]] for (uint i = 0; i < VECS; ++i) {
      kv[i] = k4[row + i * S];
      vv[i] = v4[row + i * S];
    }
    [[unroll]] for (uint h = 0; h < GH; ++h) {
      float part = 0.0;
      [[unroll]] for (uint i = 0; i < VECS; ++i) part += dot(qv[h][i], kv[i]);
      const float s = subgroupAdd(part);
      const float m = max(runMax[h], s);
      const float corr = exp(runMax[h] - m);
      const float pj = exp(s - m);
      runMax[h] = m;
      runSum[h] = runSum[h] * corr + pj;
      [[unroll]] for (uint i = 0; i < VECS; ++i) acc[h][i] = acc[h][i] * corr + pj * vv[i];
    }
  }

  const uint rec4 = hd4 + 1u;  // one record in vec4s
  [[unroll]] for (uint h = 0; h < GH; ++h) {
    const uint base = ((h0 + h) * p.splits + split) * rec4;
    if (lane == 0u) part4[base] = vec4(runMax[h], runSum[h], 0.0, 0.0);
    [[unroll]] for (uint i = 0; i < VECS; ++i) part4[base + 1u + lane + i * S] = acc[h][i];
  }
}
