#pragma once
// Decode matvec (one token) whose input is the decoder's residual step, done by the matvec
// itself instead of a residualNorm dispatch before it (ResidualNorm.h has the same arithmetic):
//   h' = (h + rmsnorm(a) * wa) * scalar         (a, wa empty: h' = h, no residual step)
//   x  = rmsnorm(h') * wx                       (wx empty: x = h')
//   y  = epilogue(x · W^T)
//     Plain:   y[n] = x · W[n]                                    W: [N, K]
//     Geglu:   y[n] = gelu_tanh(x · W[n]) * (x · W[N + n])        W: [2N, K] (gate rows; up rows)
//     GeluMul: y[n] = gelu_tanh(x · W[n]) * mul[n]                W: [N, K] (the PLE gate)
// h, a, hOut, x: f32 [K]; wa, wx: f32 [K]; mul, y: f32 [N]; W f32 / f16 / bf16 (matvec_wide.comp)
// or a ggml block format (matvec_q.comp). Every workgroup recomputes h' and x from h and a (a few
// KB that stay in L2) into shared memory; one workgroup stores h' to hOut, which must be another
// buffer than h (the other workgroups still read h): the decoder ping-pongs h between two buffers.
#include <array>

#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct NormPrologue {
  BufferView h;         // residual stream in
  BufferView a, wa;     // branch output and its post norm weight (both or neither)
  float scalar = 1.0f;  // layer scalar of the residual step (1 without one)
  BufferView hOut;      // h' out (empty: not stored, e.g. a second matvec of the same prologue)
  BufferView wx;        // the next block's input norm weight (empty: x = h')
  float eps = 1e-6f;
};

// What the fused matvecs (here and MatvecProject.h) share about norm_prologue.glsl: the checks of
// pro for x of K floats (throws InvalidArgument naming `op`), its flags, and its bindings 4-8
// (a, wa, h, wx, hOut; absent inputs bound to h and never read, hOut without a store to h, read-only).
void validateNormPrologue(const NormPrologue& pro, uint32_t K, const char* op);
uint32_t normPrologueFlags(const NormPrologue& pro);
std::array<gpu::Binding, 5> normPrologueBindings(const NormPrologue& pro);

enum class MatvecEpilogue { Plain, Geglu, GeluMul };

struct NormedMatvecParams {
  uint32_t N = 0, K = 0;
  MatvecEpilogue epilogue = MatvecEpilogue::Plain;
};

// Whether the fused kernel runs this weight here: subgroup arithmetic, K whole 128-bit loads (or
// blocks), K floats of shared memory, and the whole weight in one storage binding.
bool normedMatvecSupported(const gpu::DeviceInfo& device, const WeightView& w, const NormedMatvecParams& p);

// mul: f32 [N] for GeluMul (else ignored). Throws MissingFeature where unsupported.
void normedMatvec(OpContext& ctx, const NormPrologue& pro, const WeightView& w, BufferView mul, BufferView y,
                  const NormedMatvecParams& p);

// The GeGLU matvec without a prologue (x: f32 [M, K], y: f32 [M, N]; 8 rows of x per pass) for block-quantized
// weights (matvec_q.comp with GEGLU); MatmulGeglu.h routes quantized decode here.
bool quantGegluMatvecSupported(const gpu::DeviceInfo& device, const WeightView& gateUp, uint32_t N, uint32_t K);
void quantGegluMatvec(OpContext& ctx, BufferView x, const WeightView& gateUp, BufferView y, uint32_t M, uint32_t N,
                      uint32_t K);

// Registered under the "matmul" (f32 / f16 / bf16 weights) and "quantmatmul" (block formats) families.
void addNormedMatvecChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
