#version 450
#extension GL_GOOGLE_include_directive : require
// Rows [firstRow, firstRow + rows) of a random table of `width` columns, each value drawn from
// its (row, column) alone as model::PleTable::random draws them on the host (ops/FillRandom.h
// ref::randomRowValue): the per-layer embedding table of --random-weights runs, made on the GPU
// instead of hashed on the host (E2B's 2.3 G values: seconds there, milliseconds here).
//   out: f32 [rows, width] (OUT_F32: the same values as the host, bit for bit) or bf16 words
//   (truncated, as fill_random.comp)
#include "common.glsl"
#include "random.glsl"

layout(local_size_x_id = 0) in;
#ifdef OUT_F32
layout(set = 0, binding = 0) writeonly buffer Out { float outF[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { uint16_t outH[]; };
#endif
layout(push_constant) uniform Params {
  uint firstRow, rows, width, seed;
  float amplitude;
} p;

void main() {
  const uint count = p.rows * p.width;
  for (uint i = gl_GlobalInvocationID.x; i < count; i += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
    const uint row = p.firstRow + i / p.width, column = i % p.width;
    // The row's seed, then the column hashed against it (ref::randomRowValue).
    const float unit = hashToUnit(column, p.seed ^ (row * 2654435761u));
    // No contraction into an fma: the host computes the product and the sum separately.
    precise float v = -p.amplitude + (p.amplitude - (-p.amplitude)) * unit;
#ifdef OUT_F32
    outF[i] = v;
#else
    outH[i] = uint16_t(floatBitsToUint(v) >> 16);
#endif
  }
}
