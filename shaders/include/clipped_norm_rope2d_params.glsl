// Push constants of clipped_norm_rope2d.comp and clipped_norm_rope2d_vec4.comp (ops/ClippedNormRope2d.cpp).
layout(push_constant) uniform Params {
  uint tokens, headDim, axes, pairs;
  uint heads0, heads1, heads2;
  uint flags;  // per stream s: bit s = has weight, bit 4 + s = rotates
  float min0, max0, min1, max1, min2, max2;
  float eps;
} p;

// What a workgroup's head row (an index over all streams: q heads, then k, then v) works on.
struct StreamRow {
  uint s, head, heads;  // the stream, the head within it, its heads
  float lo, hi;         // its output clamp
  bool hasW, rotates;
};
StreamRow streamRow(uint headRow) {
  StreamRow r;
  r.head = headRow;
  r.s = 0u;
  if (r.head >= p.heads0) {
    r.head -= p.heads0;
    r.s = 1u;
    if (r.head >= p.heads1) r.head -= p.heads1, r.s = 2u;
  }
  const uint s = r.s;
  r.heads = s == 0u ? p.heads0 : (s == 1u ? p.heads1 : p.heads2);
  r.lo = s == 0u ? p.min0 : (s == 1u ? p.min1 : p.min2);
  r.hi = s == 0u ? p.max0 : (s == 1u ? p.max1 : p.max2);
  r.hasW = (p.flags & (1u << s)) != 0u;
  r.rotates = (p.flags & (16u << s)) != 0u;
  return r;
}
