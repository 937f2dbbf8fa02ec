#version 450
#extension GL_GOOGLE_include_directive : require
// Packs f32 rows into contiguous f16 copies for attention on tensor cores:
//   element (g, r, c) of group g = src row r / fold, column (g * fold + r % fold) * width + c (src
//   row stride srcStride floats); rows r >= rows are 0, so padded query rows and key tiles read
//   zeros (never NaN).
// Keys / values: fold = 1 (groups = kvHeads, or 1 with width = kvHeads * headDim). Queries:
// groups = kvHeads, fold = heads / kvHeads, width = headDim, so the rows of one KV head's query
// heads lie together.
// order 0 (flash_attention.comp): dst [groups, rowsPadded, width] stored as 16 x 16 blocks, each
// contiguous (row-major inside), the blocks in row-major order (rowsPadded and width multiples of
// 16): (row R = g * rowsPadded + r, column c) lies at ((R / 16 * width / 16 + c / 16) * 16 + R % 16)
// * 16 + c % 16, so one cooperative-matrix fragment is 512 contiguous bytes.
// order 1 (ops/AttentionGemm.h): dst [groups, rowsPadded, width] row-major.
// order 2 (ops/AttentionGemm.h, V^T): dst [groups, width, rowsPadded] (rowsPadded even).
// One invocation writes 2 halfs. Rounding to f16: |x| > 65504 becomes inf, the caller's operands
// (RMS-normed q, k, v) stay far below.
layout(local_size_x = 256) in;
layout(set = 0, binding = 0) readonly buffer Src { float src[]; };
layout(set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };  // 2 halfs per word, low = even column / row
layout(push_constant) uniform Params {
  uint rows, rowsPadded, width, srcStride, groups, fold, order;
} p;

float srcAt(uint g, uint r, uint c) {
  return r < p.rows ? src[(r / p.fold) * p.srcStride + (g * p.fold + r % p.fold) * p.width + c] : 0.0;
}

void main() {
  const uint i = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 256u + gl_LocalInvocationID.x;
  const uint halfWidth = p.width / 2u;
  if (i >= p.groups * p.rowsPadded * halfWidth) return;
  if (p.order == 2u) {
    // i = row pair of column c of group g.
    const uint pairs = p.rowsPadded / 2u, g = i / (p.width * pairs), c = (i / pairs) % p.width;
    const uint r = 2u * (i % pairs);
    dst[i] = packHalf2x16(vec2(srcAt(g, r, c), srcAt(g, r + 1u, c)));
    return;
  }
  uint gr, c;
  if (p.order == 1u) {
    gr = i / halfWidth;
    c = 2u * (i % halfWidth);
  } else {
    // i = pair w % 8 of row w / 8 in block i / 128.
    const uint block = i / 128u, w = i % 128u, blocksPerRow = p.width / 16u;
    gr = (block / blocksPerRow) * 16u + w / 8u;
    c = (block % blocksPerRow) * 16u + 2u * (w % 8u);
  }
  const uint g = gr / p.rowsPadded, r = gr % p.rowsPadded;
  dst[i] = packHalf2x16(vec2(srcAt(g, r, c), srcAt(g, r, c + 1u)));
}
