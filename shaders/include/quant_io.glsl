// Bindings and push constants of the quantized linear-layer shaders (matvec_q / matmul_q), the
// same contract as matmul_io.glsl with W in a ggml block format (quant_blocks.glsl):
//   y[m, nOffset + n] (row stride ldy) = sum_k x[m, k] * W[n, k]  (+ bias[nOffset + n]) (+ old y)
//   x: f32 [M, K]; W: N rows of K / QK blocks; bias, y: f32. K % QK == 0 (checked by the op).
#include "common.glsl"
#include "quant_blocks.glsl"

layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(set = 0, binding = 2) readonly buffer Bias { float bias[]; };
layout(set = 0, binding = 3) buffer Y { float y[]; };

layout(push_constant) uniform Params {
  uint M, N, K;
  uint ldy;
  uint nOffset;
  uint flags;  // bit 0: add bias, bit 1: accumulate into y (bits 2-5: norm_prologue.glsl)
#ifdef NORM_PROLOGUE
  float eps, scalar;  // norm_prologue.glsl
  uint mulStride;
#endif
} p;

// W[row, k..k+3] (k % 4 == 0, k < K).
vec4 loadQ4(uint row, uint k) { return dequant4(row * (p.K / QK) + k / QK, k % QK); }

void storeY(uint m, uint n, float v) {
  if ((p.flags & 1u) != 0u) v += bias[p.nOffset + n];
  const uint i = m * p.ldy + p.nOffset + n;
  if ((p.flags & 2u) != 0u) v += y[i];
  y[i] = v;
}
