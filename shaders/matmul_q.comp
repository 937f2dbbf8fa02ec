#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Tiled matmul over a weight in a ggml block format (prefill, M > a few rows). Workgroup
// TX x TY invocations computes a 4TY x 4TX block of y (invocation (tx, ty) owns rows ty + i*TY
// and columns tx + j*TX); per 32 k the workgroup stages x (f32) and W (dequantized once, to f32)
// in shared memory, so each block is read and decoded once per workgroup, then runs the 4 x 4
// register-blocked inner product of matmul.comp. K % 32 == 0 for every block format, so k never
// runs past the row. Shared memory: 2 x 8 KiB at 16 x 16 invocations.
#include "quant_io.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 0) const uint TX = 8;
layout(constant_id = 1) const uint TY = 8;
const uint BN = TX * 4, BM = TY * 4;
const uint BK4 = 8;  // 32 k per step

// [k group][row]: consecutive rows of one k group are adjacent.
shared vec4 sx[BK4 * BM];
shared vec4 sw[BK4 * BN];

void main() {
  const uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y;
  const uint m0 = gl_WorkGroupID.y * BM, n0 = gl_WorkGroupID.x * BN;
  const uint tid = ty * TX + tx;
  const uint K4 = p.K >> 2;

  float acc[4][4];
  [[unroll]] for (uint i = 0; i < 4; ++i) {
    [[unroll]] for (uint j = 0; j < 4; ++j) acc[i][j] = 0.0;
  }

  for (uint k0 = 0; k0 < p.K; k0 += 4 * BK4) {
    barrier();  // the previous tile has been read
    for (uint e = tid; e < BM * BK4; e += TX * TY) {
      const uint r = e / BK4, q = e % BK4;
      sx[q * BM + r] = x4[min(m0 + r, p.M - 1) * K4 + (k0 >> 2) + q];
    }
    for (uint e = tid; e < BN * BK4; e += TX * TY) {
      const uint r = e / BK4, q = e % BK4;
      sw[q * BN + r] = loadQ4(min(n0 + r, p.N - 1), k0 + 4 * q);
    }
    barrier();
    [[unroll]] for (uint q = 0; q < BK4; ++q) {
      vec4 a[4], b[4];
      [[unroll]] for (uint i = 0; i < 4; ++i) a[i] = sx[q * BM + ty + i * TY];
      [[unroll]] for (uint j = 0; j < 4; ++j) b[j] = sw[q * BN + tx + j * TX];
      [[unroll]] for (uint i = 0; i < 4; ++i) {
        [[unroll]] for (uint j = 0; j < 4; ++j) acc[i][j] += dot(a[i], b[j]);
      }
    }
  }

  [[unroll]] for (uint i = 0; i < 4; ++i) {
    const uint m = m0 + ty + i * TY;
    if (m >= p.M) continue;
    [[unroll]] for (uint j = 0; j < 4; ++j) {
      const uint n = n0 + tx + j * TX;
      if (n < p.N) storeY(m, n, acc[i][j]);
    }
  }
}
