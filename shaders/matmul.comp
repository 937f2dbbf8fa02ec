#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Register-blocked tiled matmul for M > a few rows (prefill, vision/audio encoders).
// Workgroup TX x TY invocations computes a BM x BN = 4TY x 4TX block of y; invocation (tx, ty)
// owns rows ty + i*TY and columns tx + j*TX (i, j < 4): 16 f32 accumulators, each step does
// 4 + 4 vec4 loads for 16 vec4 dot products. Strided ownership keeps y stores and shared reads
// contiguous across tx. Edges: rows past M / N are clamped for loading and never stored; k past K
// loads as 0.
// SHARED (spec constant) picks where operands come from:
//   false: straight from the storage buffers (no shared memory, no barriers). Fastest on CPU
//          implementations (lavapipe: env.md measured 4x4 register blocking without shared memory
//          at ~7 GFLOP/s, shared-memory tiles slower because barriers are expensive there).
//   true:  the workgroup stages BM x 32 and BN x 32 tiles in shared memory (2 barriers per 32 k),
//          so each global element is read once per workgroup: the usual choice for GPUs. With
//          16x16 invocations (64x64 block) the tiles take 2 x 8 KiB (f16: 2 x 4 KiB), well inside
//          lavapipe's 32 KiB.
// FP16 (define): operands are converted to f16 and each 4-term inner product runs in f16
// (packed math on GPUs with fast fp16); the 4-term partials are accumulated in f32.
// Speed: compute-bound for M >= 64. H100 (shared, f32 math, bf16 W): 2.1 TFLOP/s at
// 128x2048x1536, 3.7 at 512x2560x2560, 20 at 2048x2560x10240; the fp16 variant is about the same
// there (the load path, not the FMAs, limits it). lavapipe (direct): ~4 GFLOP/s at 128x256x512.
#if FP16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#endif
#include "matmul_io.glsl"

layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(constant_id = 0) const uint TX = 8;
layout(constant_id = 1) const uint TY = 8;
layout(constant_id = 2) const bool SHARED = false;
const uint BN = TX * 4, BM = TY * 4;
const uint BK4 = 8;  // shared tiles hold 32 k (8 groups of 4)

#if FP16
#define VEC f16vec4
#define DOT(a, b) float(dot(a, b))
#else
#define VEC vec4
#define DOT(a, b) dot(a, b)
#endif

// [k group][row]: consecutive rows of one k group are adjacent, so the inner loop reads
// consecutive addresses across tx (W) and one broadcast address (x).
shared VEC sx[BK4 * BM];
shared VEC sw[BK4 * BN];

void main() {
  const uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y;
  const uint m0 = gl_WorkGroupID.y * BM, n0 = gl_WorkGroupID.x * BN;
  const bool aligned = (p.K & 3u) == 0u;

  float acc[4][4];
  [[unroll]] for (uint i = 0; i < 4; ++i) {
    [[unroll]] for (uint j = 0; j < 4; ++j) acc[i][j] = 0.0;
  }

  if (SHARED) {
    const uint tid = ty * TX + tx;
    for (uint k0 = 0; k0 < p.K; k0 += 4 * BK4) {
      barrier();  // the previous tile has been read
      for (uint e = tid; e < BM * BK4; e += TX * TY) {
        const uint r = e / BK4, q = e % BK4;  // consecutive invocations: consecutive k of a row
        sx[q * BM + r] = VEC(loadX4(min(m0 + r, p.M - 1), k0 + 4 * q, aligned));
      }
      for (uint e = tid; e < BN * BK4; e += TX * TY) {
        const uint r = e / BK4, q = e % BK4;
        sw[q * BN + r] = VEC(loadW4(min(n0 + r, p.N - 1), k0 + 4 * q, aligned));
      }
      barrier();
      [[unroll]] for (uint q = 0; q < BK4; ++q) {
        VEC a[4], b[4];
        [[unroll]] for (uint i = 0; i < 4; ++i) a[i] = sx[q * BM + ty + i * TY];
        [[unroll]] for (uint j = 0; j < 4; ++j) b[j] = sw[q * BN + tx + j * TX];
        [[unroll]] for (uint i = 0; i < 4; ++i) {
          [[unroll]] for (uint j = 0; j < 4; ++j) acc[i][j] += DOT(a[i], b[j]);
        }
      }
    }
  } else {
    uint rx[4], rw[4];
    [[unroll]] for (uint i = 0; i < 4; ++i) {
      rx[i] = min(m0 + ty + i * TY, p.M - 1);
      rw[i] = min(n0 + tx + i * TX, p.N - 1);
    }
    for (uint k = 0; k < p.K; k += 4) {
      VEC a[4], b[4];
      [[unroll]] for (uint i = 0; i < 4; ++i) a[i] = VEC(loadX4(rx[i], k, aligned));
      [[unroll]] for (uint j = 0; j < 4; ++j) b[j] = VEC(loadW4(rw[j], k, aligned));
      [[unroll]] for (uint i = 0; i < 4; ++i) {
        [[unroll]] for (uint j = 0; j < 4; ++j) acc[i][j] += DOT(a[i], b[j]);
      }
    }
  }

  [[unroll]] for (uint i = 0; i < 4; ++i) {
    const uint m = m0 + ty + i * TY;
    [[unroll]] for (uint j = 0; j < 4; ++j) {
      const uint n = n0 + tx + j * TX;
      if (m < p.M && n < p.N) storeY(m, n, acc[i][j]);
    }
  }
}
