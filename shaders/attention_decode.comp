#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
// Decode attention, split over key ranges (flash decoding), pass 1 of 2 (ops/DecodeAttention.h).
// One workgroup: GH query heads that share one KV head, over the keys of one split, on NSUB
// subgroups that take the split's keys in turn (key j0 + s, j0 + s + NSUB, ...: NSUB rows in
// flight at once, each subgroup's chain of dependent loads NSUB times shorter). Each lane owns
// VECS vec4 of the head dim (lane + i * S: coalesced row loads), so a key row is read once for all
// GH heads; each score is one subgroupAdd. Online softmax in f32 per head and subgroup; the
// subgroups' states are merged in shared memory and the split's (max, sum, acc[headDim]) go to
// the partials for attention_decode_merge.comp.
//   q: [heads, headDim]; k, v: [keys, kvHeads, headDim] (row stride kvStride floats)
//   partials: [heads, splits, headDim + 4] floats = (max, sum, 0, 0, acc...)
// Which keys a split reads: decode_splits.glsl. Each subgroup loads its next key's rows before
// the current key's arithmetic.
layout(local_size_x_id = 0) in;                 // NSUB * SG
layout(constant_id = 1) const uint VECS = 2;    // headDim / (4 * SG)
layout(constant_id = 2) const uint GH = 4;      // query heads per workgroup
layout(constant_id = 3) const uint NSUB = 4;    // subgroups per workgroup
layout(constant_id = 4) const uint SG = 32;     // the subgroup size (sizes the shared arrays)

layout(set = 0, binding = 0) readonly buffer Q { vec4 q4[]; };
layout(set = 0, binding = 1) readonly buffer K { vec4 k4[]; };
layout(set = 0, binding = 2) readonly buffer V { vec4 v4[]; };
layout(set = 0, binding = 3) writeonly buffer Part { vec4 part4[]; };
// Replayed decode steps: the query position comes from a host-written step buffer (uint at
// stepIndex; keys = position + 1) and the visible keys are spread over the recorded splits.
layout(set = 0, binding = 4) readonly buffer Step { uint step[]; };
layout(push_constant) uniform Params {
  uint heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, minKeysPerSplit, kvStride;
  float scale;
  uint stepIndex;  // 0xffffffff: keys / queryPos / keysPerSplit as pushed
} p;
#include "decode_splits.glsl"

const float START_MAX = -1.0e30;

shared float subMax[NSUB * GH], subSum[NSUB * GH];
shared vec4 subAcc[NSUB * GH * VECS * SG];  // [subgroup][head][headDim / 4]

void main() {
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize, sub = gl_SubgroupID;
  const uint group = p.heads / p.kvHeads;      // query heads per KV head
  const uint headGroups = group / GH;
  const uint kvh = gl_WorkGroupID.x / headGroups;
  const uint h0 = kvh * group + (gl_WorkGroupID.x % headGroups) * GH;
  const uint split = gl_WorkGroupID.y;
  const DecodeSplits ds = decodeSplits();
  if (split >= ds.used) return;  // no keys here (uniform); the merge does not read this split
  const uint j0 = ds.lo + split * ds.keysPerSplit;
  const uint j1 = min(ds.hi, j0 + ds.keysPerSplit);
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

  // This subgroup's keys: j0 + sub, j0 + sub + NSUB, ... (none when the split is shorter).
  const uint first = j0 + sub;
  vec4 kn[VECS], vn[VECS];  // the next key's rows, loaded one key ahead
  const uint firstRow = min(first, j1 - 1u) * kvStride4 + kvBase;
  [[unroll]] for (uint i = 0; i < VECS; ++i) {
    kn[i] = k4[firstRow + i * S];
    vn[i] = v4[firstRow + i * S];
  }
  for (uint j = first; j < j1; j += NSUB) {
    vec4 kv[VECS], vv[VECS];
    const uint next = min(j + NSUB, j1 - 1u) * kvStride4 + kvBase;  // past the end: a cached reload
    [[unroll]] for (uint i = 0; i < VECS; ++i) {
      kv[i] = kn[i];
      vv[i] = vn[i];
      kn[i] = k4[next + i * S];
      vn[i] = v4[next + i * S];
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

  // Merge the subgroups' states (a subgroup without keys has max -1e30, sum 0, acc 0: weight 0).
  [[unroll]] for (uint h = 0; h < GH; ++h) {
    if (lane == 0u) {
      subMax[sub * GH + h] = runMax[h];
      subSum[sub * GH + h] = runSum[h];
    }
    [[unroll]] for (uint i = 0; i < VECS; ++i) subAcc[(sub * GH + h) * hd4 + lane + i * S] = acc[h][i];
  }
  barrier();
  const uint rec4 = hd4 + 1u;  // one record in vec4s
  for (uint e = gl_LocalInvocationIndex; e < GH * (hd4 + 1u); e += gl_WorkGroupSize.x) {
    const uint h = e / (hd4 + 1u), d = e % (hd4 + 1u);  // d == 0: the (max, sum) slot
    float M = START_MAX;
    [[unroll]] for (uint t = 0; t < NSUB; ++t) M = max(M, subMax[t * GH + h]);
    vec4 a = vec4(0.0);
    float l = 0.0;
    [[unroll]] for (uint t = 0; t < NSUB; ++t) {
      const float w = exp(subMax[t * GH + h] - M);
      l += w * subSum[t * GH + h];
      if (d > 0u) a += w * subAcc[(t * GH + h) * hd4 + d - 1u];
    }
    part4[((h0 + h) * p.splits + split) * rec4 + d] = d == 0u ? vec4(M, l, 0.0, 0.0) : a;
  }
}
