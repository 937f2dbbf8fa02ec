// ggml block formats read in place (byte layouts: inference/model/QuantBlocks.h). QTYPE picks
// the format: 0 Q8_0, 1 Q4_0, 2 Q4_K, 3 Q5_K, 4 Q6_K. The weight binding is one run of whole
// rows; blocks are addressed by index in it. Q8_0 (34 B), Q4_0 (18 B) and Q6_K (210 B) blocks
// are only 2-byte aligned, so they are read as 16-bit words; Q4_K (144 B) and Q5_K (176 B) as
// 32-bit words.
//   dequant4(block, k): elements k..k+3 of that block (k % 4 == 0), widened to f32.
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require

#ifndef QTYPE
#define QTYPE 0
#endif
#ifndef QBINDING
#define QBINDING 1
#endif

#if QTYPE == 0
const uint QK = 32;
#elif QTYPE == 1
const uint QK = 32;
#else
const uint QK = 256;
#endif

layout(set = 0, binding = QBINDING) readonly buffer WQ16 { uint16_t wq16[]; };
layout(set = 0, binding = QBINDING) readonly buffer WQ32 { uint wq32[]; };

float halfAt(uint i16) { return unpackHalf2x16(uint(wq16[i16])).x; }
// 4 consecutive bytes starting at an even byte offset (two 16-bit words) as one little-endian uint.
uint bytes4At16(uint i16) { return uint(wq16[i16]) | (uint(wq16[i16 + 1]) << 16); }
vec4 nibbles(uint v, uint shift) {
  return vec4(uvec4(v >> shift, v >> (shift + 8u), v >> (shift + 16u), v >> (shift + 24u)) & 0xFu);
}

#if QTYPE == 2 || QTYPE == 3
// 6-bit scale and min of sub-block j from the 12 packed bytes at 32-bit word `w` (ggml's
// get_scale_min_k4): j < 4 in the low 6 bits of bytes j / j+4; j >= 4 split over byte j+4's
// nibbles and the top 2 bits of bytes j-4 / j.
uint scaleByte(uint w, uint i) { return (wq32[w + (i >> 2)] >> (8u * (i & 3u))) & 0xFFu; }
vec2 scaleMin(uint w, uint j) {
  if (j < 4u) return vec2(scaleByte(w, j) & 63u, scaleByte(w, j + 4u) & 63u);
  const uint b = scaleByte(w, j + 4u);
  return vec2((b & 0xFu) | ((scaleByte(w, j - 4u) >> 6) << 4), (b >> 4) | ((scaleByte(w, j) >> 6) << 4));
}
#endif

vec4 dequant4(uint block, uint k) {
#if QTYPE == 0
  // f16 d, int8 q[32]: x = d q
  const uint base = block * 17u;
  const float d = halfAt(base);
  const uint v = bytes4At16(base + 1u + (k >> 1));
  const ivec4 q = ivec4(bitfieldExtract(int(v), 0, 8), bitfieldExtract(int(v), 8, 8), bitfieldExtract(int(v), 16, 8),
                        bitfieldExtract(int(v), 24, 8));
  return d * vec4(q);
#elif QTYPE == 1
  // f16 d, qs[16]: byte j holds element j (low nibble) and j + 16 (high); x = d (q - 8)
  const uint base = block * 9u;
  const float d = halfAt(base);
  const uint j = k & 15u;
  const uint v = bytes4At16(base + 1u + (j >> 1));
  return d * (nibbles(v, k >= 16u ? 4u : 0u) - 8.0);
#elif QTYPE == 2
  // f16 d, f16 dmin, scales[12], qs[128]: per 64 elements 32 bytes, low nibbles sub-block 2j,
  // high nibbles 2j+1; x = d sc q - dmin m
  const uint base = block * 36u;
  const vec2 dm = unpackHalf2x16(wq32[base]);
  const uint sub = k >> 5, l = k & 31u;
  const vec2 sm = scaleMin(base + 1u, sub);
  const uint v = wq32[base + 4u + (sub >> 1) * 8u + (l >> 2)];
  return dm.x * sm.x * nibbles(v, (sub & 1u) * 4u) - dm.y * sm.y;
#elif QTYPE == 3
  // as Q4_K with qh[32] (bytes 16-47) before qs: bit `sub` of qh[l] is the 5th bit
  const uint base = block * 44u;
  const vec2 dm = unpackHalf2x16(wq32[base]);
  const uint sub = k >> 5, l = k & 31u;
  const vec2 sm = scaleMin(base + 1u, sub);
  const uint v = wq32[base + 12u + (sub >> 1) * 8u + (l >> 2)];
  const uint h = wq32[base + 4u + (l >> 2)];
  const vec4 q = nibbles(v, (sub & 1u) * 4u) +
                 16.0 * vec4(uvec4(h >> sub, h >> (sub + 8u), h >> (sub + 16u), h >> (sub + 24u)) & 1u);
  return dm.x * sm.x * q - dm.y * sm.y;
#else
  // ql[128], qh[64], int8 scales[16], f16 d: element 128n + 32qd + l has its low nibble in
  // ql[64n + 32(qd & 1) + l] (high nibble when qd >= 2), its top 2 bits at bit 2qd of
  // qh[32n + l]; x = d scale[(128n + 32qd + l) / 16] (q - 32)
  const uint base = block * 105u;
  const uint n = k >> 7, qd = (k >> 5) & 3u, l = k & 31u;
  const uint lo = bytes4At16(base + ((64u * n + 32u * (qd & 1u) + l) >> 1));
  const uint hi = bytes4At16(base + ((128u + 32u * n + l) >> 1));
  const uint si = 8u * n + (l >> 4) + 2u * qd;
  const float sc = float(bitfieldExtract(int(uint(wq16[base + 96u + (si >> 1)])), int(8u * (si & 1u)), 8));
  const float d = halfAt(base + 104u);
  const uint s = 2u * qd;
  const vec4 q = nibbles(lo, qd >= 2u ? 4u : 0u) +
                 16.0 * vec4(uvec4(hi >> s, hi >> (s + 8u), hi >> (s + 16u), hi >> (s + 24u)) & 3u);
  return d * sc * (q - 32.0);
#endif
}
