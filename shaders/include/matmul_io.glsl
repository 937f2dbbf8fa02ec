// Bindings, push constants and loads shared by the matvec / matmul / matmul_coopmat shaders.
//   y[m, nOffset + n] (row stride ldy) = sum_k x[m, k] * W[n, k]  (+ bias[nOffset + n]) (+ old y)
//   x: f32 [M, K]; W: [N, K] rows in WTYPE (0 f32, 1 f16, 2 bf16), the (chunk of the) weight view;
//   bias: f32, indexed from nOffset; y: f32. nOffset lets a weight split along N write its
//   columns without re-binding y or bias at unaligned offsets.
// Loads come in groups of 4 consecutive k: one vec4 (f32) or uvec2 (4 x 16 bit) when K % 4 == 0
// (then every row starts 16- resp. 8-byte aligned), otherwise 4 guarded scalar loads. Both
// return 0 past the end of the row, so tiles padded in k add nothing.
#include "common.glsl"

#ifndef WTYPE
#define WTYPE 0
#endif

layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
#if WTYPE == 0
layout(set = 0, binding = 1) readonly buffer W { float w[]; };
layout(set = 0, binding = 1) readonly buffer W4 { vec4 w4[]; };
#else
layout(set = 0, binding = 1) readonly buffer W { uint16_t w[]; };
layout(set = 0, binding = 1) readonly buffer W4 { uvec2 w4[]; };
#endif
layout(set = 0, binding = 2) readonly buffer Bias { float bias[]; };
layout(set = 0, binding = 3) buffer Y { float y[]; };

layout(push_constant) uniform Params {
  uint M, N, K;
  uint ldy;
  uint nOffset;
  uint flags;  // bit 0: add bias, bit 1: accumulate into y (bits 2-5: norm_prologue.glsl), bit 6: W_BANDS
#ifdef NORM_PROLOGUE
  float eps, scalar;  // norm_prologue.glsl
  uint mulStride;
#endif
#ifdef PROJECT
  uint outRows;  // matvec_project.comp: rows J of the second weight and of y
#endif
#if defined(ATTN) && ATTN != 0
  // matmul_coopmat.comp's attention products: the rows' visible keys, the output row map
  uint attnPos, attnGroup, attnWindow, attnKeys, attnCausal, ldyOuter;
#endif
} p;

// flags bit 6: W is stored in column bands (ops/WeightBands.h), not [N, K] rows: the band from
// column k0 = 32 b holds columns [k0, k0 + w) of every row as [N][w], w = min(32, K - k0), from
// element k0 * N. Element (n, k) of W; 4 or 8 consecutive k from a multiple of 4 resp. 8 stay in one
// band (K % 8 == 0). p.N is then the whole weight's row count (bands are never split along N).
// (matmul_coopmat.comp takes the layout as a specialization constant instead: bandElement.)
const uint W_BANDS = 64u;
uint bandElement(uint n, uint k) {
  const uint k0 = k & ~31u;
  return k0 * p.N + n * min(32u, p.K - k0) + (k - k0);
}
uint wElement(uint n, uint k) { return (p.flags & W_BANDS) != 0u ? bandElement(n, k) : n * p.K + k; }

float wScalar(uint i) {
#if WTYPE == 0
  return w[i];
#elif WTYPE == 1
  return f16ToFloat(w[i]);
#else
  return bf16ToFloat(w[i]);
#endif
}

vec4 wVec4(uint i4) {
#if WTYPE == 0
  return w4[i4];
#elif WTYPE == 1
  const uvec2 u = w4[i4];
  return vec4(unpackHalf2x16(u.x), unpackHalf2x16(u.y));
#else
  // little endian: the low half of each word is the lower k
  const uvec2 u = w4[i4];
  return uintBitsToFloat(uvec4(u.x << 16, u.x & 0xffff0000u, u.y << 16, u.y & 0xffff0000u));
#endif
}

// 4 weights W[row, k..k+3] (zeros past K). `aligned` must be (K % 4 == 0).
vec4 loadW4(uint row, uint k, bool aligned) {
  if (aligned) return k < p.K ? wVec4(wElement(row, k) >> 2) : vec4(0.0);
  vec4 v = vec4(0.0);
  [[unroll]] for (uint i = 0; i < 4; ++i) {
    if (k + i < p.K) v[i] = wScalar(wElement(row, k + i));
  }
  return v;
}

vec4 loadX4(uint row, uint k, bool aligned) {
  if (aligned) return k < p.K ? x4[(row * p.K + k) >> 2] : vec4(0.0);
  vec4 v = vec4(0.0);
  const uint base = row * p.K;
  [[unroll]] for (uint i = 0; i < 4; ++i) {
    if (k + i < p.K) v[i] = x[base + k + i];
  }
  return v;
}

// Epilogue of one output element (m < M, n < N of this chunk).
void storeY(uint m, uint n, float v) {
  if ((p.flags & 1u) != 0u) v += bias[p.nOffset + n];
  const uint i = m * p.ldy + p.nOffset + n;
  if ((p.flags & 2u) != 0u) v += y[i];
  y[i] = v;
}
