#version 450
#extension GL_GOOGLE_include_directive : require
// Embedding lookup from a table in a ggml block format (gather.comp's contract):
// out[t, c] = dequant(table[ids[t] - rowBase])[c] * scale for ids in [rowBase, rowEnd), zeros
// for ids outside [0, rows) (written by the dispatch with rowBase 0 only), other ids left alone.
// One invocation per 4 columns; dim % QK == 0 (checked by the op).
#define QBINDING 0
#include "common.glsl"
#include "quant_blocks.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) readonly buffer Ids { int ids[]; };
layout(set = 0, binding = 2) writeonly buffer Out { vec4 o4[]; };
layout(push_constant) uniform Params {
  uint n, rows, dim, rowBase, rowEnd;
  float scale;
} p;

void main() {
  const uint dim4 = p.dim >> 2, nb = p.dim / QK;
  for (uint t = gl_WorkGroupID.y; t < p.n; t += gl_NumWorkGroups.y) {
    const uint id = uint(ids[t]);  // negative ids wrap to >= rows
    const bool here = id >= p.rowBase && id < p.rowEnd;
    const bool zero = id >= p.rows && p.rowBase == 0u;
    if (!here && !zero) continue;
    for (uint c = gl_GlobalInvocationID.x; c < dim4; c += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      o4[t * dim4 + c] = here ? dequant4((id - p.rowBase) * nb + (4u * c) / QK, (4u * c) % QK) * p.scale : vec4(0.0);
    }
  }
}
