#pragma once
// Elementwise ops over [rows, cols] f32 tensors with row strides (elements; 0 means cols).
// b may broadcast a row vector: pass bStride = 0 explicitly via `broadcastB`.
// In-place use (y aliasing a or b) is allowed, except with an f16 y (halfY).
#include "inference/ops/OpContext.h"

namespace gwb::ops {

enum class EwOp : uint32_t {
  Add = 0,       // a + b
  Mul = 1,       // a * b
  Scale = 2,     // a * s0
  Softcap = 3,   // s0 * tanh(a / s0)
  Clamp = 4,     // clamp(a, s0, s1)
  AddScale = 5,  // (a + b) * s0
  Gelu = 6,      // gelu_tanh(a)
  Geglu = 7,     // gelu_tanh(a) * b
  Copy = 8,      // a
  Relu = 9,      // max(a, 0)
  Silu = 10,     // a * sigmoid(a)
  MulScale = 11, // a * b * s0
  Glu = 12,      // a * sigmoid(b)  (torch glu: a = first half, b = second half; audio light conv)
};

struct EwShape {
  uint32_t rows = 1;
  uint32_t cols = 0;
  uint32_t aStride = 0, bStride = 0, yStride = 0;
  bool broadcastB = false;  // b is one row [cols] used for every row
  // y holds f16 (rounded as the tensor-core matmul rounds f32 x: the input of a matmul with
  // MatmulParams::xType F16). y must then not overlap a or b.
  bool halfY = false;
};

void elementwise(OpContext& ctx, EwOp op, BufferView a, BufferView b, BufferView y, const EwShape& shape,
                 float s0 = 0.0f, float s1 = 0.0f);

// Conveniences for flat tensors of n elements.
void add(OpContext& ctx, BufferView a, BufferView b, BufferView y, uint32_t n);
void mul(OpContext& ctx, BufferView a, BufferView b, BufferView y, uint32_t n);
void scale(OpContext& ctx, BufferView x, BufferView y, uint32_t n, float s);
void softcap(OpContext& ctx, BufferView x, BufferView y, uint32_t n, float cap);
void clampValues(OpContext& ctx, BufferView x, BufferView y, uint32_t n, float lo, float hi);
void geluTanh(OpContext& ctx, BufferView x, BufferView y, uint32_t n);
void geglu(OpContext& ctx, BufferView gate, BufferView up, BufferView y, uint32_t n);
// yHalf[rows, cols] = x rounded to f16 (the f16 x of MatmulParams::xType).
void toHalf(OpContext& ctx, BufferView x, BufferView yHalf, uint32_t rows, uint32_t cols);

namespace ref {
float geluTanh(float x);
void elementwise(EwOp op, const float* a, const float* b, float* y, const EwShape& shape, float s0, float s1);
}  // namespace ref

}  // namespace gwb::ops
