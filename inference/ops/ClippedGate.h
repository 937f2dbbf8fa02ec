#pragma once
// The encoders' activation between two ClippableLinears in one pass: the producing linears'
// output clamps, the activation and the consuming linear's input clamp.
//   a' = clamp(a, aMin, aMax), b' = clamp(b, bMin, bMax)
//   GeluMul: y = gelu_tanh(a') · b'  (vision GeGLU MLP)     Silu: y = silu(a')  (audio FFW)
//   Glu:     y = a' · sigmoid(b')    (audio light conv: a = value half, b = gate half)
//   y = clamp(y, yMin, yMax)
// a, b, y: f32 [n] dense; y may alias a or b. Same f32 arithmetic as the elementwise ops.
// yType F16: y holds f16 (the rounding matmul_coopmat.comp applies to f32 x) for a matmul that
// reads x in f16 (matmulReadsHalfX); y then must not overlap a or b.
#include <limits>

#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

enum class GateKind : uint32_t { GeluMul = 0, Silu = 1, Glu = 2 };

struct ClippedGateParams {
  uint32_t n = 0;
  GateKind kind = GateKind::GeluMul;
  float aMin = -std::numeric_limits<float>::infinity(), aMax = std::numeric_limits<float>::infinity();
  float bMin = -std::numeric_limits<float>::infinity(), bMax = std::numeric_limits<float>::infinity();
  float yMin = -std::numeric_limits<float>::infinity(), yMax = std::numeric_limits<float>::infinity();
  gpu::DType yType = gpu::DType::F32;  // F32 or F16
};

// b may be empty for Silu.
void clippedGate(OpContext& ctx, BufferView a, BufferView b, BufferView y, const ClippedGateParams& p);

namespace ref {
void clippedGate(const float* a, const float* b, float* y, const ClippedGateParams& p);
}

// Registered under the "elementwise" family.
void addClippedGateChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
