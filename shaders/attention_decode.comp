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
//   partials: [heads, splits, headDim + 4] floats = (max, sum, 0, 0, acc...); a split without
//   keys writes (-1e30, 0, 0, 0) and no acc (without MERGE_LAST)
// Which keys a split reads: decode_splits.glsl. Each subgroup loads its keys' rows KB keys at a
// time before their arithmetic.
//
// MERGE_LAST (few splits, e.g. a sliding layer's window): the workgroup of a head group that
// counts itself last (a counter per head group, left at zero again) merges the group's splits as
// attention_decode_merge.comp does and writes out [heads, headDim]: no second dispatch, no
// barrier between the passes. Partials are coherent: written by other workgroups, read here.
//
// FUSED_INPUT: binding 0 holds the step's raw q/k/v projection instead of q, and every workgroup
// does ops::qkvNormRope's work for what it needs (saving that dispatch and its barrier): q =
// rope(rmsnorm(q) * wq) for its heads; with appendKv, the query's own key k = rope(rmsnorm(k) * wk)
// and value v = rmsnorm(v) are attended from registers by the split that holds them, and one
// workgroup writes them to cache row queryPos (no workgroup reads that row from memory).
//   qkv: [heads + 2 kvHeads (appendKv) or heads, headDim]; wq, wk: [headDim]; cosSin: [rotatedPairs] (cos, sin),
//   rotatedPairs a multiple of 4
// Rotate-half pairs dims d and d + headDim / 2: with VECS even they sit in the same lane, vec4s
// i and i + VECS / 2.
layout(local_size_x_id = 0) in;                 // NSUB * SG
layout(constant_id = 1) const uint VECS = 2;    // headDim / (4 * SG)
layout(constant_id = 2) const uint GH = 4;      // query heads per workgroup
layout(constant_id = 3) const uint NSUB = 4;    // subgroups per workgroup
layout(constant_id = 4) const uint SG = 32;     // the subgroup size (sizes the shared arrays)
layout(constant_id = 5) const bool FUSED_INPUT = false;
layout(constant_id = 6) const bool MERGE_LAST = false;
layout(constant_id = 7) const uint KB = 1;   // keys per load batch of a subgroup (8 / VECS: registers)
layout(constant_id = 8) const uint MERGE_MAX = 16;  // MERGE_LAST: at most this many splits (ops::kMaxSplitsMergedInPass)

layout(set = 0, binding = 0) readonly buffer Q { vec4 q4[]; };
layout(set = 0, binding = 1) readonly buffer K { vec4 k4[]; };
layout(set = 0, binding = 2) readonly buffer V { vec4 v4[]; };
layout(set = 0, binding = 3) coherent buffer Part { vec4 part4[]; };
// Replayed decode steps: the query position comes from a host-written step buffer (uint at
// stepIndex; keys = position + 1) and the visible keys are spread over the recorded splits.
layout(set = 0, binding = 4) readonly buffer Step { uint step[]; };
layout(set = 0, binding = 5) readonly buffer WQ { vec4 wq4[]; };
layout(set = 0, binding = 6) readonly buffer WK { vec4 wk4[]; };
layout(set = 0, binding = 7) readonly buffer CS { vec4 cs4[]; };  // (cos, sin) of pairs 2i, 2i + 1
layout(set = 0, binding = 8) writeonly buffer KW { vec4 kw4[]; };  // binding 1's cache, row queryPos
layout(set = 0, binding = 9) writeonly buffer VW { vec4 vw4[]; };  // binding 2's cache, row queryPos
layout(set = 0, binding = 10) coherent buffer Counters { uint counters[]; };  // MERGE_LAST: one per head group
layout(set = 0, binding = 11) writeonly buffer Out { vec4 out4[]; };            // MERGE_LAST: [heads, headDim]
layout(push_constant) uniform Params {
  uint heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, minKeysPerSplit, kvStride;
  float scale;
  uint stepIndex;  // 0xffffffff: keys / queryPos / keysPerSplit as pushed
  uint rotatedPairs, appendKv;  // FUSED_INPUT only
  float eps;
} p;
#include "decode_splits.glsl"

const float START_MAX = -1.0e30;

shared float subMax[NSUB * GH], subSum[NSUB * GH];
shared bool lastSplit;
shared vec4 subAcc[NSUB * GH * VECS * SG];  // [subgroup][head][headDim / 4]

// This subgroup's online-softmax state per head.
vec4 qv[GH][VECS], acc[GH][VECS];
float runMax[GH], runSum[GH];

void attendKey(vec4 kv[VECS], vec4 vv[VECS]) {
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

// Keys j0, j0 + NSUB, ... (KB of them, those at or past `end` clamped to a valid row and not
// attended) into kb / vb.
void loadKeyBatch(uint j0, uint end, uint kvStride4, uint kvBase, out vec4 kb[KB][VECS], out vec4 vb[KB][VECS]) {
  [[unroll]] for (uint b = 0; b < KB; ++b) {
    const uint row = min(j0 + b * NSUB, end - 1u) * kvStride4 + kvBase;
    [[unroll]] for (uint i = 0; i < VECS; ++i) {
      kb[b][i] = k4[row + i * gl_SubgroupSize];
      vb[b][i] = v4[row + i * gl_SubgroupSize];
    }
  }
}

// FUSED_INPUT: one head's raw projection (vec4 `base` of binding 0), or a norm weight, in the
// lane layout.
void loadHead(uint base, out vec4 x[VECS]) {
  [[unroll]] for (uint i = 0; i < VECS; ++i) x[i] = q4[base + gl_SubgroupInvocationID + i * gl_SubgroupSize];
}
void loadWeight(bool wk, out vec4 w[VECS]) {
  [[unroll]] for (uint i = 0; i < VECS; ++i) {
    const uint c = gl_SubgroupInvocationID + i * gl_SubgroupSize;
    w[i] = wk ? wk4[c] : wq4[c];
  }
}

// FUSED_INPUT: the cos / sin of this lane's pairs (dims 4c..4c+3 of the first half; zero angle
// past rotatedPairs, a multiple of 4).
vec4 ropeCos[(VECS + 1u) / 2u], ropeSin[(VECS + 1u) / 2u];  // (VECS + 1) / 2: no empty array at VECS 1
void loadRope() {
  [[unroll]] for (uint i = 0; i < VECS / 2u; ++i) {
    const uint d0 = 4u * (gl_SubgroupInvocationID + i * gl_SubgroupSize);
    ropeCos[i] = vec4(1.0);
    ropeSin[i] = vec4(0.0);
    if (d0 < p.rotatedPairs) {
      const vec4 a = cs4[d0 / 2u], b = cs4[d0 / 2u + 1u];
      ropeCos[i] = vec4(a.x, a.z, b.x, b.z);
      ropeSin[i] = vec4(a.y, a.w, b.y, b.w);
    }
  }
}

// FUSED_INPUT: x = rmsnorm(x) (times w when weighted), rotated when `rotate`.
void normRope(inout vec4 x[VECS], const vec4 w[VECS], bool weighted, bool rotate) {
  float ss = 0.0;
  [[unroll]] for (uint i = 0; i < VECS; ++i) ss += dot(x[i], x[i]);
  const float inv = inversesqrt(subgroupAdd(ss) / float(p.headDim) + p.eps);
  [[unroll]] for (uint i = 0; i < VECS; ++i) x[i] *= weighted ? inv * w[i] : vec4(inv);
  if (!rotate) return;
  [[unroll]] for (uint i = 0; i < VECS / 2u; ++i) {
    const vec4 x0 = x[i], x1 = x[i + VECS / 2u];
    x[i] = x0 * ropeCos[i] - x1 * ropeSin[i];
    x[i + VECS / 2u] = x1 * ropeCos[i] + x0 * ropeSin[i];
  }
}

void main() {
  const uint lane = gl_SubgroupInvocationID, S = gl_SubgroupSize, sub = gl_SubgroupID;
  const uint group = p.heads / p.kvHeads;      // query heads per KV head
  const uint headGroups = group / GH;
  const uint kvh = gl_WorkGroupID.x / headGroups;
  const uint h0 = kvh * group + (gl_WorkGroupID.x % headGroups) * GH;
  const uint split = gl_WorkGroupID.y;
  const DecodeSplits ds = decodeSplits();
  if (split >= ds.used) {  // no keys here (uniform): the merge dispatch reads only `used` splits, but a
    // consumer that merges every recorded split (ops::matvecProjectAttention) finds an empty record
    if (!MERGE_LAST && gl_LocalInvocationIndex < GH) {
      const uint record = (h0 + gl_LocalInvocationIndex) * p.splits + split;
      part4[record * ((p.headDim >> 2) + 1u)] = vec4(START_MAX, 0.0, 0.0, 0.0);
    }
    return;
  }
  const uint j0 = ds.lo + split * ds.keysPerSplit;
  const uint j1 = min(ds.hi, j0 + ds.keysPerSplit);
  const uint hd4 = p.headDim >> 2;
  const uint kvStride4 = p.kvStride >> 2;
  const uint kvBase = kvh * hd4 + lane;
  // The query's own key comes from registers when this dispatch appends it: the cache loop stops
  // before it.
  const bool ownKey = FUSED_INPUT && p.appendKv != 0u;
  const uint jc = ownKey ? min(j1, ds.queryPos) : j1;

  // Every first load goes out before any arithmetic waits on one: this subgroup's first key rows,
  // then (fused input) the raw q heads and, for the subgroup that attends it, the own key's raw k/v.
  const uint first = j0 + sub;  // this subgroup's keys: first, first + NSUB, ... below jc
  // This subgroup's keys in batches of KB, every row of a batch loaded before its arithmetic (a
  // short split's keys in one batch: one memory latency, not one per key); the first batch here.
  vec4 kb[KB][VECS], vb[KB][VECS];
  if (first < jc) loadKeyBatch(first, jc, kvStride4, kvBase, kb, vb);
  const bool attendsOwnKey = ownKey && jc < j1 && sub == NSUB - 1u;  // the own key is in this split
  vec4 kc[VECS], vc[VECS], w[VECS];
  if (attendsOwnKey) {
    loadHead((p.heads + kvh) * hd4, kc);
    loadHead((p.heads + p.kvHeads + kvh) * hd4, vc);
  }
  if (FUSED_INPUT) {
    [[unroll]] for (uint h = 0; h < GH; ++h) loadHead((h0 + h) * hd4, qv[h]);
    loadWeight(false, w);
    loadRope();
  }
  [[unroll]] for (uint h = 0; h < GH; ++h) {
    if (FUSED_INPUT) {
      normRope(qv[h], w, true, true);
      [[unroll]] for (uint i = 0; i < VECS; ++i) qv[h][i] *= p.scale;
    } else {
      [[unroll]] for (uint i = 0; i < VECS; ++i) qv[h][i] = q4[(h0 + h) * hd4 + lane + i * S] * p.scale;
    }
    [[unroll]] for (uint i = 0; i < VECS; ++i) acc[h][i] = vec4(0.0);
    runMax[h] = START_MAX;
    runSum[h] = 0.0;
  }

  for (uint jb = first; jb < jc; jb += KB * NSUB) {
    if (jb != first) loadKeyBatch(jb, jc, kvStride4, kvBase, kb, vb);
    [[unroll]] for (uint b = 0; b < KB; ++b) {
      if (jb + b * NSUB < jc) attendKey(kb[b], vb[b]);
    }
  }
  // The own key (in the last split): the last subgroup attends it, the first head group's
  // workgroup appends it to the cache.
  if (attendsOwnKey) {
    loadWeight(true, w);
    normRope(kc, w, true, true);
    normRope(vc, w, false, false);
    attendKey(kc, vc);
    if (gl_WorkGroupID.x % headGroups == 0u) {
      const uint row = ds.queryPos * kvStride4 + kvBase;
      [[unroll]] for (uint i = 0; i < VECS; ++i) {
        kw4[row + i * S] = kc[i];
        vw4[row + i * S] = vc[i];
      }
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
  if (!MERGE_LAST) return;
  // Every invocation's partials reach the device before the count; the last split's reads after it.
  memoryBarrierBuffer();
  barrier();
  if (gl_LocalInvocationIndex == 0u) lastSplit = atomicAdd(counters[gl_WorkGroupID.x], 1u) + 1u == ds.used;
  barrier();
  if (!lastSplit) return;  // uniform
  memoryBarrierBuffer();
  // Every split's record loaded at once (unrolled to the most splits merged here), then summed.
  for (uint e = gl_LocalInvocationIndex; e < GH * hd4; e += gl_WorkGroupSize.x) {
    const uint h = e / hd4, d = e % hd4;
    const uint base = (h0 + h) * p.splits * rec4;
    vec4 ml[MERGE_MAX], acc4[MERGE_MAX];
    float M = -3.0e38;
    [[unroll]] for (uint t = 0u; t < MERGE_MAX; ++t) {
      ml[t] = t < ds.used ? part4[base + t * rec4] : vec4(-3.0e38, 0.0, 0.0, 0.0);
      acc4[t] = t < ds.used ? part4[base + t * rec4 + 1u + d] : vec4(0.0);
      M = max(M, ml[t].x);
    }
    float l = 0.0;
    vec4 a = vec4(0.0);
    [[unroll]] for (uint t = 0u; t < MERGE_MAX; ++t) {
      const float w = t < ds.used ? exp(ml[t].x - M) : 0.0;
      l += w * ml[t].y;
      a += w * acc4[t];
    }
    out4[(h0 + h) * hd4 + d] = a * (l > 0.0 ? 1.0 / l : 0.0);
  }
  if (gl_LocalInvocationIndex == 0u) counters[gl_WorkGroupID.x] = 0u;  // ready for the next step
}
