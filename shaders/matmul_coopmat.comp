#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_NV_cooperative_matrix : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// Tiled matmul on tensor cores through GL_NV_cooperative_matrix: f16 x f16 -> f32 shapes
// 16x16x16 (or 16 x CM_N x 16 with CM_N = 8). Needs a device that lists the shape (DeviceInfo::
// hasCoopMatF16Acc32) and 32-wide subgroups; lavapipe has none, so this only compiles here.
//
// Block tile BM x BN of y per workgroup of WARPS_M x WARPS_N subgroups; subgroup (wm, wn) owns the
// TM x TN = (BM / WARPS_M) x (BN / WARPS_N) sub-block as FM x FN f32 accumulators (register
// blocking: each A fragment is reused FN times, each B fragment FM times).
// Per BK k the workgroup stages x[BM x BK] and W[BN x BK] as f16 in shared memory, 8 halfs (one
// 16-byte uvec4) per store: x rounded from f32; W widened from f16 exactly, from bf16 exactly
// within f16's range, from f32 rounded. Rows are padded by 16 bytes so the 8 rows a fragment load
// reads at a time fall into distinct banks. The next step's tiles are loaded into registers while
// this step's MMAs run (register prefetch); DBUF = 1 double-buffers the shared tiles so one barrier
// per step suffices (DBUF = 0: one buffer, two barriers).
// KSPLIT > 1 splits k inside the workgroup (for grids too small to fill the GPU): KSPLIT groups of
// WARPS_M x WARPS_N subgroups, each with its own shared tiles, take the k steps g, g + KSPLIT, ...
// for the same block; group 0 then adds the others' accumulators through shared memory in a fixed
// order (deterministic) and runs the epilogue. More warps per block keep more loads in flight.
// Rows past M / N and k past K are staged as 0, so any M, N, K works; K % 8 == 0 takes 16-byte
// global loads, other K per-element guarded loads.
// KLAYERS = 1: a grid of S > 1 layers along z splits k across workgroups (grids of too few blocks: the down and
// o projections of a 512-token prefill): layer z takes one S-th of the k steps (whole KSPLIT * BK
// steps) and stores its partial sums as rows z * M .. z * M + M - 1 of y, which is then the
// caller's [S, M, N] scratch (ldy N, no bias, no accumulate); matmul_splitk_reduce.comp adds the
// layers in order (deterministic) into the real y. (Only in KLAYERS builds: the k-range
// arithmetic made the plain 64 x 128 build a third slower at M = 2048.)
// XHALF = 1: x arrives as f16 [M, K] (rounded once by its producer, ops::matmul's MatmulParams::
// xType, with the same packHalf2x16 this kernel applies to f32 x), so staging x is one 16-byte
// copy per 8 values instead of two vec4 loads and four conversions: the same products.
// Caveat: f16 tops out at 65504. x or W values beyond become +-inf (bf16 weights can in principle
// hold up to 3e38; Gemma's are far below 65504, but large activations must be checked by the
// caller's choice of variant); values below 6e-8 flush to 0 and below 6e-5 lose precision.
// Epilogue per 16 x CM_N fragment: inside y and without bias it is stored straight into y (after
// adding the old y when accumulating); edge fragments and bias go element by element through a
// per-subgroup f32 scratch that reuses the tile memory.
// GEGLU = 1 (the prefill MLP, ops::matmulGeglu): W is the stacked [2N, K] gate / up weight (gate
// rows, then up rows) and y the f16 [M, N] product u = gelu_tanh(x gate^T) * (x up^T) (row stride
// ldy, N and ldy multiples of 8, no bias or accumulation). A block covers BN / 2 outputs: each
// subgroup stages its TN / 2 gate rows and the matching TN / 2 up rows, so its fragments j < FN / 2
// hold gate columns and j + FN / 2 the up columns of the same outputs, and the epilogue pairs them
// element by element (both have one type, so one element mapping). This replaces an f32 [M, 2N]
// write and read-back and a separate GeGLU pass; the sums are the same as the plain tile's.
// ATTN = 1 / 2 (ops/AttentionGemm.h): attention's two products for a slab of query rows of one KV
// head. Row m is query attnPos + m / attnGroup (the attnGroup query heads of the KV head follow each
// other) and sees keys [keyStart(m), keyEnd(m)) (causal and window masks, at most attnKeys).
// ATTN = 1, scores S = Q K^T: x = Q f16 [M, hd], W = K f16 [keys, hd], y = S f32 [M, ldy]; a block
// whose rows see none of its keys returns at once (that part of S is never read).
// ATTN = 2, O = P V: x = P f16 [M, K] (the softmax weights, K = P's row stride), W = V^T f16
// [hd, K]; the k steps span only the block's keys and P outside a row's keys is staged as 0 (the
// softmax leaves it unwritten). y row m lies at (m / attnGroup) * ldyOuter + (m % attnGroup) * ldy
// + nOffset ([queries, heads, hd] for the query heads of one KV head), f32 or f16 (flags bit 2).
#include "matmul_io.glsl"
#include "activation.glsl"
#include "attention_keys.glsl"

// W's layout, a constant (not the flags bit the portable kernels test: the staging loads are
// issue-bound on the H100, and a runtime test there cost up to a third of a banded matmul,
// docs/benchmarks.md session 20): 0 rows; 1 column bands (matmul_io.glsl's bandElement,
// ops/WeightBands.h); 2 bands with K % 32 == 0, where a chunk's element at step k is
// k * N + its fixed offset (bandChunk), one multiply per step instead of the band arithmetic per load.
layout(constant_id = 0) const uint BANDS = 0;

#ifndef CM_N
#define CM_N 16
#endif
#ifndef BM
#define BM 128
#endif
#ifndef BN
#define BN 128
#endif
#ifndef BK
#define BK 32
#endif
#ifndef WARPS_M
#define WARPS_M 2
#endif
#ifndef WARPS_N
#define WARPS_N 4
#endif
#ifndef DBUF
#define DBUF 1
#endif
// NOLOAD = 1 (bench-matmul's throughput probe only, wrong results): no global loads after step 0.
// NOLOAD = 2: neither global nor fragment loads after step 0 (the MMAs alone); NOLOAD = 3:
// fragment loads from the shared tile and MMAs, no staging or barriers.
#ifndef NOLOAD
#define NOLOAD 0
#endif
#ifndef KLAYERS
#define KLAYERS 0
#endif
#ifndef XHALF
#define XHALF 0
#endif
#ifndef BHOIST
#define BHOIST 0
#endif
#ifndef KSPLIT
#define KSPLIT 1
#endif
#ifndef GEGLU
#define GEGLU 0
#endif
#ifndef ATTN
#define ATTN 0
#endif

#define GROUP_SIZE (WARPS_M * WARPS_N * 32)  // invocations of one k group
#define WG_SIZE (GROUP_SIZE * KSPLIT)
layout(local_size_x = WG_SIZE) in;

// 8-wide views of x and W for the 16-byte loads (K % 8 == 0 keeps every row 16-byte aligned for
// 16-bit weights, and a pair of vec4 aligned for f32).
layout(set = 0, binding = 1) readonly buffer W8 { uvec4 w8[]; };
#if XHALF
layout(set = 0, binding = 0) readonly buffer XH { uint16_t xh[]; };
layout(set = 0, binding = 0) readonly buffer XH8 { uvec4 xh8[]; };
#endif
#if GEGLU || ATTN == 2
layout(set = 0, binding = 3) writeonly buffer YH8 { uvec4 yh8[]; };  // f16 y, 8 per element
#endif
#if ATTN == 2
layout(set = 0, binding = 3) writeonly buffer YH { uint16_t yh[]; };
#endif

const uint TM = BM / WARPS_M, TN = BN / WARPS_N;  // one subgroup's sub-block
const uint FM = TM / 16, FN = TN / CM_N;          // its accumulator grid
const uint LDV = (BK + 8) / 8;                    // shared row stride in uvec4 (BK halfs + 16 bytes)
const uint CH = BK / 8;                           // uvec4 chunks per tile row
const uint TILE = (BM + BN) * LDV;                // one buffer: A rows [0, BM), then B rows
const uint NBUF = DBUF != 0 ? 2 : 1;
const uint PA = BM * CH / GROUP_SIZE, PB = BN * CH / GROUP_SIZE;  // chunks each invocation stages per step
const uint SCRATCH = 16 * CM_N / 4;                               // uvec4 of one f32 fragment
const uint GROUP_SUBGROUPS = WARPS_M * WARPS_N;
const uint LDR = TN / 4;  // k-split reduction: uvec4 per row of one subgroup's 16 x TN f32 slab
shared uvec4 sh[KSPLIT * NBUF * TILE];

// The staging must divide evenly among the invocations and every subgroup's epilogue scratch
// must fit in the tile memory it reuses.
#if (BM * BK / 8) % GROUP_SIZE != 0 || (BN * BK / 8) % GROUP_SIZE != 0 || (BM / WARPS_M) % 16 != 0 || (BN / WARPS_N) % CM_N != 0
#error "matmul_coopmat: tile sizes do not divide"
#endif
#if WARPS_M * WARPS_N * 4 * CM_N > (DBUF + 1) * (BM + BN) * (BK + 8) / 8
#error "matmul_coopmat: epilogue scratch does not fit in the tile memory"
#endif
#if KSPLIT > 1 && WARPS_M * WARPS_N * 16 * (BN / WARPS_N) / 4 > KSPLIT * (DBUF + 1) * (BM + BN) * (BK + 8) / 8
#error "matmul_coopmat: k-split reduction slabs do not fit in the tile memory"
#endif
#if GEGLU && (KLAYERS || (BN / WARPS_N / CM_N) % 2 != 0 || (BN / WARPS_N / 2) % 8 != 0)
#error "matmul_coopmat: GEGLU needs whole k and an even number of 8-aligned gate / up fragments per subgroup"
#endif
#if GEGLU && WARPS_M * WARPS_N * 16 * (BN / WARPS_N / 2) / 4 > (DBUF + 1) * (BM + BN) * (BK + 8) / 8
#error "matmul_coopmat: the GEGLU epilogue scratch does not fit in the tile memory"
#endif
#if BK % 32 != 0
#error "matmul_coopmat: steps must start on a column band (BANDS == 2)"
#endif
#if ATTN != 0 && (XHALF == 0 || KLAYERS || GEGLU || KSPLIT > 1 || NOLOAD)
#error "matmul_coopmat: ATTN takes x in f16 and the plain tile"
#endif

uint packPair(float a, float b) { return packHalf2x16(vec2(a, b)); }

#if ATTN != 0
uint rowQuery(uint m) { return p.attnPos + m / p.attnGroup; }
uint keyStart(uint m) { return visibleKeyStart(rowQuery(m), p.attnWindow); }
uint keyEnd(uint m) { return visibleKeyEnd(rowQuery(m), p.attnKeys, p.attnCausal != 0u); }
#endif

// ATTN = 2: the 8 halfs of P row m at k.. outside the row's keys set to 0.
uvec4 maskKeys(uvec4 v, uint m, uint k) {
#if ATTN == 2
  const uint lo = keyStart(m), hi = keyEnd(m);
  if (k >= lo && k + 8u <= hi) return v;
  [[unroll]] for (uint j = 0; j < 4; ++j) {
    const uint k0 = k + 2u * j;
    if (k0 < lo || k0 >= hi) v[j] &= 0xffff0000u;
    if (k0 + 1u < lo || k0 + 1u >= hi) v[j] &= 0x0000ffffu;
  }
#endif
  return v;
}

// 8 consecutive x[m, k..k+7] as f16 (zeros past M or K).
uvec4 loadX8(uint m, uint k, bool aligned) {
  if (m >= p.M) return uvec4(0);
#if XHALF
  if (aligned) return maskKeys(k < p.K ? xh8[(m * p.K + k) >> 3] : uvec4(0), m, k);
  uint h[8];
  [[unroll]] for (uint j = 0; j < 8; ++j) h[j] = k + j < p.K ? uint(xh[m * p.K + k + j]) : 0u;
  return maskKeys(uvec4(h[0] | (h[1] << 16), h[2] | (h[3] << 16), h[4] | (h[5] << 16), h[6] | (h[7] << 16)), m, k);
#else
  if (aligned) {
    if (k >= p.K) return uvec4(0);
    const uint i = (m * p.K + k) >> 2;
    const vec4 a = x4[i], b = x4[i + 1];
    return uvec4(packPair(a.x, a.y), packPair(a.z, a.w), packPair(b.x, b.y), packPair(b.z, b.w));
  }
  float v[8];
  [[unroll]] for (uint j = 0; j < 8; ++j) v[j] = k + j < p.K ? x[m * p.K + k + j] : 0.0;
  return uvec4(packPair(v[0], v[1]), packPair(v[2], v[3]), packPair(v[4], v[5]), packPair(v[6], v[7]));
#endif
}

// Rows of W: N, or gate and up rows (GEGLU).
uint weightRows() { return GEGLU != 0 ? 2 * p.N : p.N; }

// The W row that feeds row r of the block's B tile (the block's first output column n0).
// GEGLU: subgroup column s = r / TN takes gate rows n0 + s * TN / 2 ... and then the same up rows;
// past N it is weightRows() (staged as zeros).
uint blockWeightRow(uint n0, uint r) {
#if GEGLU
  const uint hw = TN / 2, q = r % TN, col = n0 + (r / TN) * hw + q % hw;
  return col >= p.N ? weightRows() : q < hw ? col : p.N + col;
#else
  return n0 + r;
#endif
}

// 8 consecutive weights from element e of W (a multiple of 8) as f16.
uvec4 widenW8(uint e) {
#if WTYPE == 0
  const uint i = e >> 2;
  const vec4 a = w4[i], b = w4[i + 1];
  return uvec4(packPair(a.x, a.y), packPair(a.z, a.w), packPair(b.x, b.y), packPair(b.z, b.w));
#elif WTYPE == 1
  return w8[e >> 3];
#else
  // bf16 pairs, the lower k in the low half: widen to f32 (exact), round to f16.
  const uvec4 u = w8[e >> 3];
  uvec4 r;
  [[unroll]] for (uint j = 0; j < 4; ++j) {
    r[j] = packPair(uintBitsToFloat(u[j] << 16), uintBitsToFloat(u[j] & 0xffff0000u));
  }
  return r;
#endif
}

// 8 consecutive W[n, k..k+7] as f16 (zeros past the rows or K).
uvec4 loadW8(uint n, uint k, bool aligned) {
  if (n >= weightRows()) return uvec4(0);
  if (aligned) return k < p.K ? widenW8(BANDS != 0u ? bandElement(n, k) : n * p.K + k) : uvec4(0);
  float v[8];
  [[unroll]] for (uint j = 0; j < 8; ++j) {
    v[j] = k + j < p.K ? wScalar(BANDS != 0u ? bandElement(n, k + j) : n * p.K + k + j) : 0.0;
  }
  return uvec4(packPair(v[0], v[1]), packPair(v[2], v[3]), packPair(v[4], v[5]), packPair(v[6], v[7]));
}

// Chunk of W row n at k offset c of the step from k: through bandChunk where BANDS == 2.
uvec4 loadW8Step(uint bandChunk, uint n, uint k, uint c, bool aligned) {
  if (BANDS == 2u) return bandChunk != ~0u && k + c < p.K ? widenW8(k * p.N + bandChunk) : uvec4(0);
  return loadW8(n, k + c, aligned);
}

void main() {
  // Staging by invocation: group sg of GROUP_SIZE invocations fills buffer set sg. MMAs by
  // subgroup: group kg of GROUP_SUBGROUPS subgroups reads buffer set kg (barriers separate both).
  const uint tid = gl_LocalInvocationID.x % GROUP_SIZE, sg = gl_LocalInvocationID.x / GROUP_SIZE;
  const uint sid = gl_SubgroupID % GROUP_SUBGROUPS, kg = gl_SubgroupID / GROUP_SUBGROUPS;
  // n0: the block's first column of y (GEGLU: BN / 2 outputs per block).
  const uint m0 = gl_WorkGroupID.y * BM, n0 = gl_WorkGroupID.x * (GEGLU != 0 ? BN / 2 : BN);
  const uint wm = sid / WARPS_N, wn = sid % WARPS_N;
  const uint KSTEP = KSPLIT * BK, totalSteps = (p.K + KSTEP - 1) / KSTEP;
#if KLAYERS
  // k split across workgroups: this layer's k range starts at kStart and spans `steps` steps.
  const uint layers = gl_NumWorkGroups.z, layerSteps = (totalSteps + layers - 1) / layers;
  const uint firstStep = min(totalSteps, gl_WorkGroupID.z * layerSteps);
  const uint kStart = firstStep * KSTEP;
  const uint steps = min(layerSteps, totalSteps - firstStep);  // 0 for an empty last layer: zeros
  const uint zRow = gl_WorkGroupID.z * p.M;  // this layer's first row in y
#elif ATTN == 2
  // Only the k steps that hold the block's keys (P outside them is 0).
  const uint blockLo = keyStart(m0), blockHi = max(keyEnd(min(m0 + BM, p.M) - 1u), blockLo);
  const uint kStart = blockLo / KSTEP * KSTEP, steps = (blockHi - kStart + KSTEP - 1u) / KSTEP, zRow = 0;
#else
  const uint kStart = 0, steps = totalSteps, zRow = 0;
#endif
#if ATTN == 1
  // No row of the block sees any of its keys: its scores are never read.
  if (n0 >= keyEnd(min(m0 + BM, p.M) - 1u) || n0 + BN <= keyStart(m0)) return;
#endif
  const bool aligned = (p.K & 7u) == 0u;
  // BANDS == 2: chunk i's W element at step k (a multiple of 32) is k * N + bandChunk[i] (~0u:
  // a row past the weight's, staged as zeros).
  uint bandChunk[PB];
  [[unroll]] for (uint i = 0; i < PB; ++i) {
    const uint e = tid + i * GROUP_SIZE, n = blockWeightRow(n0, e / CH), c = 8u * (e % CH);
    bandChunk[i] = BANDS == 2u && n < weightRows() ? (c & ~31u) * p.N + (n << 5) + (c & 31u) : ~0u;
  }
  const uint sBase = sg * NBUF * TILE, kBase = kg * NBUF * TILE;  // buffer sets staged / read

  fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N> acc[FM][FN];
  [[unroll]] for (uint i = 0; i < FM; ++i) {
    [[unroll]] for (uint j = 0; j < FN; ++j) acc[i][j] = fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N>(0.0);
  }

  // Chunk e of a tile: row e / CH, k offset 8 * (e % CH).
  uvec4 ra[PA], rb[PB];
  [[unroll]] for (uint i = 0; i < PA; ++i) {
    const uint e = tid + i * GROUP_SIZE;
    ra[i] = loadX8(m0 + e / CH, kStart + sg * BK + 8 * (e % CH), aligned);
  }
  [[unroll]] for (uint i = 0; i < PB; ++i) {
    const uint e = tid + i * GROUP_SIZE;
    rb[i] = loadW8Step(bandChunk[i], blockWeightRow(n0, e / CH), kStart + sg * BK, 8u * (e % CH), aligned);
  }
  [[unroll]] for (uint i = 0; i < PA; ++i) {
    const uint e = tid + i * GROUP_SIZE;
    sh[sBase + (e / CH) * LDV + e % CH] = ra[i];
  }
  [[unroll]] for (uint i = 0; i < PB; ++i) {
    const uint e = tid + i * GROUP_SIZE;
    sh[sBase + (BM + e / CH) * LDV + e % CH] = rb[i];
  }
  barrier();

#if NOLOAD >= 2
  // Throughput probes (bench-matmul only, wrong results): the loop without staging or barriers,
  // its MMAs on fragments loaded once (NOLOAD = 2) or loaded from the shared tile each k (3).
#if NOLOAD == 2
  fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> pa[FM][BK / 16];
  fcoopmatNV<16, gl_ScopeSubgroup, 16, CM_N> pb[FN][BK / 16];
  [[unroll]] for (uint kk = 0; kk < BK / 16; ++kk) {
    [[unroll]] for (uint i = 0; i < FM; ++i) {
      coopMatLoadNV(pa[i][kk], sh, kBase + (wm * TM + i * 16) * LDV + 2 * kk, LDV, false);
    }
    [[unroll]] for (uint j = 0; j < FN; ++j) {
      coopMatLoadNV(pb[j][kk], sh, kBase + (BM + wn * TN + j * CM_N) * LDV + 2 * kk, LDV, true);
    }
  }
#endif
  for (uint t = 0; t < steps; ++t) {
    [[unroll]] for (uint kk = 0; kk < BK / 16; ++kk) {
#if NOLOAD == 3
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> pa[FM][1];
      fcoopmatNV<16, gl_ScopeSubgroup, 16, CM_N> pb[FN][1];
      [[unroll]] for (uint i = 0; i < FM; ++i) {
        coopMatLoadNV(pa[i][0], sh, kBase + (wm * TM + i * 16) * LDV + 2 * kk, LDV, false);
      }
      [[unroll]] for (uint j = 0; j < FN; ++j) {
        coopMatLoadNV(pb[j][0], sh, kBase + (BM + wn * TN + j * CM_N) * LDV + 2 * kk, LDV, true);
      }
      const uint at = 0;
#else
      const uint at = kk;
#endif
      [[unroll]] for (uint j = 0; j < FN; ++j) {
        [[unroll]] for (uint i = 0; i < FM; ++i) acc[i][j] = coopMatMulAddNV(pa[i][at], pb[j][at], acc[i][j]);
      }
    }
  }
#else
  // Every group runs the same number of steps (uniform barriers); steps past K stage zeros.
  for (uint t = 0; t < steps; ++t) {
    const uint cur = kBase + (DBUF != 0 ? (t & 1u) * TILE : 0u);
    const bool more = t + 1 < steps;
    if (more && NOLOAD == 0) {  // next step's tiles, in flight while the MMAs below run
      const uint k1 = kStart + ((t + 1) * KSPLIT + sg) * BK;
      [[unroll]] for (uint i = 0; i < PA; ++i) {
        const uint e = tid + i * GROUP_SIZE;
        ra[i] = loadX8(m0 + e / CH, k1 + 8 * (e % CH), aligned);
      }
      [[unroll]] for (uint i = 0; i < PB; ++i) {
        const uint e = tid + i * GROUP_SIZE;
        rb[i] = loadW8Step(bandChunk[i], blockWeightRow(n0, e / CH), k1, 8u * (e % CH), aligned);
      }
    }
    [[unroll]] for (uint kk = 0; kk < BK; kk += 16) {
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a[FM];
      [[unroll]] for (uint i = 0; i < FM; ++i) {
        coopMatLoadNV(a[i], sh, cur + (wm * TM + i * 16) * LDV + kk / 8, LDV, false);
      }
#if BHOIST
      // Every B fragment loaded before the first MMA (more registers, no load-to-use stall per j).
      fcoopmatNV<16, gl_ScopeSubgroup, 16, CM_N> b[FN];
      [[unroll]] for (uint j = 0; j < FN; ++j) {
        coopMatLoadNV(b[j], sh, cur + (BM + wn * TN + j * CM_N) * LDV + kk / 8, LDV, true);
      }
      [[unroll]] for (uint j = 0; j < FN; ++j) {
        [[unroll]] for (uint i = 0; i < FM; ++i) acc[i][j] = coopMatMulAddNV(a[i], b[j], acc[i][j]);
      }
#else
      [[unroll]] for (uint j = 0; j < FN; ++j) {
        fcoopmatNV<16, gl_ScopeSubgroup, 16, CM_N> b;  // W rows [n][k] = B (K x N) column-major
        coopMatLoadNV(b, sh, cur + (BM + wn * TN + j * CM_N) * LDV + kk / 8, LDV, true);
        [[unroll]] for (uint i = 0; i < FM; ++i) acc[i][j] = coopMatMulAddNV(a[i], b, acc[i][j]);
      }
#endif
    }
    if (more) {
      const uint nxt = sBase + (DBUF != 0 ? ((t + 1) & 1u) * TILE : 0u);
      if (DBUF == 0) barrier();  // every subgroup is done reading the one buffer
      [[unroll]] for (uint i = 0; i < PA; ++i) {
        const uint e = tid + i * GROUP_SIZE;
        sh[nxt + (e / CH) * LDV + e % CH] = ra[i];
      }
      [[unroll]] for (uint i = 0; i < PB; ++i) {
        const uint e = tid + i * GROUP_SIZE;
        sh[nxt + (BM + e / CH) * LDV + e % CH] = rb[i];
      }
      barrier();
    }
  }

#endif
  barrier();  // the tile memory becomes the subgroups' reduction / epilogue scratch
#if KSPLIT > 1
  // Group 0 adds groups 1 .. KSPLIT-1 in order, one accumulator row i (16 x TN per subgroup) at a time.
  const uint slab = sid * 16 * LDR;
  [[unroll]] for (uint g = 1; g < KSPLIT; ++g) {
    [[unroll]] for (uint i = 0; i < FM; ++i) {
      if (kg == g) {
        [[unroll]] for (uint j = 0; j < FN; ++j) coopMatStoreNV(acc[i][j], sh, slab + j * CM_N / 4, LDR, false);
      }
      barrier();
      if (kg == 0) {
        [[unroll]] for (uint j = 0; j < FN; ++j) {
          fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N> part;
          coopMatLoadNV(part, sh, slab + j * CM_N / 4, LDR, false);
          acc[i][j] = acc[i][j] + part;
        }
      }
      barrier();
    }
  }
  if (kg != 0) return;
#endif
#if GEGLU
  // u = gelu_tanh(gate) * up for 16 rows x TN / 2 outputs at a time through this subgroup's
  // f32 scratch, then 8 outputs per invocation rounded to f16 and stored as one 16-byte write.
  const uint HALF = TN / 2, LDG = HALF / 4;                  // outputs per subgroup; scratch row in uvec4
  const uint gm = m0 + wm * TM, gn = n0 + wn * HALF;         // this subgroup's first row / output
  const uint gsc = gl_SubgroupID * 16 * LDG;
  [[unroll]] for (uint i = 0; i < FM; ++i) {
    if (gm + i * 16 >= p.M) break;
    [[unroll]] for (uint j = 0; j < FN / 2; ++j) {
      fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N> u = acc[i][j];
      for (int e = 0; e < u.length(); ++e) u[e] = geluTanh(acc[i][j][e]) * acc[i][j + FN / 2][e];
      coopMatStoreNV(u, sh, gsc + j * CM_N / 4, LDG, false);
    }
    subgroupMemoryBarrierShared();
    subgroupBarrier();
    for (uint e = gl_SubgroupInvocationID; e < 16 * HALF / 8; e += gl_SubgroupSize) {
      const uint r = e / (HALF / 8), c = 8 * (e % (HALF / 8)), m = gm + i * 16 + r, n = gn + c;
      if (m >= p.M || n >= p.N) continue;
      const uvec4 a = sh[gsc + r * LDG + c / 4], b = sh[gsc + r * LDG + c / 4 + 1];
      yh8[(m * p.ldy + n) >> 3] = uvec4(packPair(uintBitsToFloat(a.x), uintBitsToFloat(a.y)),
                                        packPair(uintBitsToFloat(a.z), uintBitsToFloat(a.w)),
                                        packPair(uintBitsToFloat(b.x), uintBitsToFloat(b.y)),
                                        packPair(uintBitsToFloat(b.z), uintBitsToFloat(b.w)));
    }
    subgroupBarrier();  // scratch read before the next row of fragments overwrites it
  }
#elif ATTN == 2
  // O through the subgroup's scratch a fragment at a time, its rows mapped to [queries, heads, hd]:
  // 16-byte rows of 8 halfs where aligned, else element by element.
  const uint mw = m0 + wm * TM, nw = n0 + wn * TN, sc = gl_SubgroupID * SCRATCH;
  const bool outHalf = (p.flags & 4u) != 0u;
  const bool rows8 = outHalf && CM_N == 8 && ((p.ldy | p.ldyOuter | p.nOffset) & 7u) == 0u;
  [[unroll]] for (uint i = 0; i < FM; ++i) {
    [[unroll]] for (uint j = 0; j < FN; ++j) {
      const uint fm = mw + i * 16, fn = nw + j * CM_N;
      if (fm >= p.M || fn >= p.N) continue;
      coopMatStoreNV(acc[i][j], sh, sc, CM_N / 4, false);
      subgroupMemoryBarrierShared();
      subgroupBarrier();
      if (rows8 && fn + 8u <= p.N) {
        const uint r = gl_SubgroupInvocationID, m = fm + r;
        if (r < 16u && m < p.M) {
          const uvec4 a = sh[sc + 2u * r], b = sh[sc + 2u * r + 1u];
          const uint at = (m / p.attnGroup) * p.ldyOuter + (m % p.attnGroup) * p.ldy + p.nOffset + fn;
          yh8[at >> 3] = uvec4(packPair(uintBitsToFloat(a.x), uintBitsToFloat(a.y)),
                               packPair(uintBitsToFloat(a.z), uintBitsToFloat(a.w)),
                               packPair(uintBitsToFloat(b.x), uintBitsToFloat(b.y)),
                               packPair(uintBitsToFloat(b.z), uintBitsToFloat(b.w)));
        }
      } else {
        for (uint e = gl_SubgroupInvocationID; e < 16 * CM_N; e += gl_SubgroupSize) {
          const uint m = fm + e / CM_N, n = fn + e % CM_N;
          if (m >= p.M || n >= p.N) continue;
          const uint at = (m / p.attnGroup) * p.ldyOuter + (m % p.attnGroup) * p.ldy + p.nOffset + n;
          const float v = uintBitsToFloat(sh[sc + e / 4][e % 4]);
          if (outHalf) {
            yh[at] = uint16_t(packHalf2x16(vec2(v, 0.0)) & 0xffffu);
          } else {
            y[at] = v;
          }
        }
      }
      subgroupBarrier();  // scratch read before the next store overwrites it
    }
  }
#else
  const uint mw = m0 + wm * TM, nw = n0 + wn * TN;  // this subgroup's sub-block
  const bool plain = (p.flags & 1u) == 0u && (p.ldy & 3u) == 0u && (p.nOffset & 3u) == 0u;
  const uint sc = gl_SubgroupID * SCRATCH;
  [[unroll]] for (uint i = 0; i < FM; ++i) {
    [[unroll]] for (uint j = 0; j < FN; ++j) {
      const uint fm = mw + i * 16, fn = nw + j * CM_N;
      if (fm >= p.M || fn >= p.N) continue;
      if (plain && fm + 16 <= p.M && fn + CM_N <= p.N) {
        const uint at = (zRow + fm) * p.ldy + p.nOffset + fn;
        if ((p.flags & 2u) != 0u) {
          fcoopmatNV<32, gl_ScopeSubgroup, 16, CM_N> old;
          coopMatLoadNV(old, y, at, p.ldy, false);
          acc[i][j] = acc[i][j] + old;
        }
        coopMatStoreNV(acc[i][j], y, at, p.ldy, false);
        continue;
      }
      coopMatStoreNV(acc[i][j], sh, sc, CM_N / 4, false);
      subgroupMemoryBarrierShared();
      subgroupBarrier();
      for (uint e = gl_SubgroupInvocationID; e < 16 * CM_N; e += gl_SubgroupSize) {
        const uint m = fm + e / CM_N, n = fn + e % CM_N;
        if (m < p.M && n < p.N) storeY(zRow + m, n, uintBitsToFloat(sh[sc + e / 4][e % 4]));
      }
      subgroupBarrier();  // scratch read before the next store overwrites it
    }
  }
#endif
}
