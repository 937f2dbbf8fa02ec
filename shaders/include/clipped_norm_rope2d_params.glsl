// Push constants of clipped_norm_rope2d.comp and clipped_norm_rope2d_vec4.comp (ops/ClippedNormRope2d.cpp).
layout(push_constant) uniform Params {
  uint tokens, headDim, axes, pairs;
  uint heads0, heads1, heads2;
  uint flags;  // per stream s: bit s = has weight, bit 4 + s = rotates
  float min0, max0, min1, max1, min2, max2;
  float eps;
} p;

// Stream s of a head row index over all streams (q heads, then k, then v) and its head.
uint streamOf(uint headRow, out uint head) {
  head = headRow;
  if (head < p.heads0) return 0u;
  head -= p.heads0;
  if (head < p.heads1) return 1u;
  head -= p.heads1;
  return 2u;
}
