#version 450
#extension GL_GOOGLE_include_directive : require
// Embedding lookup: out[t, c] = table[ids[t] - rowBase, c] * scale for ids in [rowBase, rowEnd),
// zeros for ids outside [0, rows) (written only by the dispatch with rowBase 0), ids of other
// chunks left alone. The table binding is one chunk of rows (see Gather.cpp: big tables exceed
// maxStorageBufferRange, so the op dispatches once per chunk).
// Variants: TABLE_F32 / TABLE_F16 / TABLE_BF16 (f16/bf16 read as 16-bit words, widened here).
#include "common.glsl"

layout(local_size_x_id = 0) in;
#if defined(TABLE_F32)
layout(set = 0, binding = 0) readonly buffer T { float table[]; };
float load(uint i) { return table[i]; }
#elif defined(TABLE_F16)
layout(set = 0, binding = 0) readonly buffer T { uint16_t table[]; };
float load(uint i) { return f16ToFloat(table[i]); }
#else
layout(set = 0, binding = 0) readonly buffer T { uint16_t table[]; };
float load(uint i) { return bf16ToFloat(table[i]); }
#endif
layout(set = 0, binding = 1) readonly buffer Ids { int ids[]; };
layout(set = 0, binding = 2) writeonly buffer Out { float o[]; };
layout(push_constant) uniform Params {
  uint n, rows, dim, rowBase, rowEnd;
  float scale;
} p;

void main() {
  for (uint t = gl_WorkGroupID.y; t < p.n; t += gl_NumWorkGroups.y) {
    const uint id = uint(ids[t]);  // negative ids wrap to >= rows
    const bool here = id >= p.rowBase && id < p.rowEnd;
    const bool zero = id >= p.rows && p.rowBase == 0u;
    if (!here && !zero) continue;
    for (uint c = gl_GlobalInvocationID.x; c < p.dim; c += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      o[t * p.dim + c] = here ? load((id - p.rowBase) * p.dim + c) * p.scale : 0.0;
    }
  }
}
