#version 450
#extension GL_GOOGLE_include_directive : require
// Packs f32 rows into contiguous f16 copies for flash_attention.comp:
//   dst [groups, rowsPadded, width], row r of group g = src row r / fold, columns starting at
//   (g * fold + r % fold) * width (src row stride srcStride floats).
// Keys / values: groups = fold = 1, width = kvHeads * headDim. Queries: groups = kvHeads,
// fold = heads / kvHeads, width = headDim, so the rows of one KV head's query heads lie together.
// dst is stored as 16 x 16 blocks, each contiguous (row-major inside), the blocks in row-major
// order (rowsPadded and width multiples of 16): (row R = g * rowsPadded + r, column c) lies at
//   ((R / 16 * width / 16 + c / 16) * 16 + R % 16) * 16 + c % 16,
// so one cooperative-matrix fragment is 512 contiguous bytes. Rows r >= rows of each group are
// written as 0 so padded query rows and key tiles read zeros (never NaN). One invocation writes
// 2 halfs.
// Rounding to f16: |x| > 65504 becomes inf, the caller's operands (RMS-normed q, k, v) stay far below.
layout(local_size_x = 256) in;
layout(set = 0, binding = 0) readonly buffer Src { float src[]; };
layout(set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };  // 2 halfs per word, low = even column
layout(push_constant) uniform Params {
  uint rows, rowsPadded, width, srcStride, groups, fold;
} p;

void main() {
  const uint i = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 256u + gl_LocalInvocationID.x;
  const uint halfWidth = p.width / 2u;
  if (i >= p.groups * p.rowsPadded * halfWidth) return;
  // i = pair w % 8 of row w / 8 in block i / 128.
  const uint block = i / 128u, w = i % 128u, blocksPerRow = p.width / 16u;
  const uint gr = (block / blocksPerRow) * 16u + w / 8u, c = (block % blocksPerRow) * 16u + 2u * (w % 8u);
  const uint g = gr / p.rowsPadded, r = gr % p.rowsPadded;
  vec2 v = vec2(0.0);
  if (r < p.rows) {
    const uint at = (r / p.fold) * p.srcStride + (g * p.fold + r % p.fold) * p.width + c;
    v = vec2(src[at], src[at + 1u]);
  }
  dst[i] = packHalf2x16(v);
}
