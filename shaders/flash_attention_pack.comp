#version 450
#extension GL_GOOGLE_include_directive : require
// Packs f32 rows [rows, width] (row stride srcStride floats) into a contiguous f16 copy
// [rowsPadded, width] for flash_attention.comp; rows past `rows` are written as 0 so padded
// query rows and key tiles read zeros (never NaN). width is even; one invocation writes 2 halfs.
// Rounding to f16: |x| > 65504 becomes inf, the caller's operands (RMS-normed q, k, v) stay far below.
layout(local_size_x = 256) in;
layout(set = 0, binding = 0) readonly buffer Src { float src[]; };
layout(set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };  // 2 halfs per word, low = even column
layout(push_constant) uniform Params {
  uint rows, rowsPadded, width, srcStride;
} p;

void main() {
  const uint i = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * 256u + gl_LocalInvocationID.x;
  const uint half_width = p.width / 2u;
  if (i >= p.rowsPadded * half_width) return;
  const uint r = i / half_width, c = 2u * (i % half_width);
  vec2 v = vec2(0.0);
  if (r < p.rows) v = vec2(src[r * p.srcStride + c], src[r * p.srcStride + c + 1u]);
  dst[i] = packHalf2x16(v);
}
