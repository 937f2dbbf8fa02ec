// Slots of a ggml block for the decode matvec (matvec_q.comp): a block is cut into LPB slots of
// NV4 x 4 weights; one lane decodes one whole slot. The slot -> element map is chosen so the
// LPB lanes of a block read consecutive words of it and 4 lanes in a row read consecutive vec4s
// of x. Needs quant_blocks.glsl (QTYPE, wq16 / wq32).
//   loadSlot(block, part): the slot's quants widened to exact small floats, plus its scales.
//   slotX4(part, i): vec4 index in the block's x (k / 4 - block * QK / 4) that q[i] multiplies.
//   slotDot(slot, xv): sum over the slot of x * dequantized weight.
// Small integers become floats without int->float conversions (a quarter-rate instruction on
// many GPUs): OR-ing v < 2^23 into the mantissa of 2^23 gives exactly 2^23 + v.

float magic(uint v) { return uintBitsToFloat(v | 0x4B000000u); }
// The 4 bytes of v (each < 2^8, already masked) minus `zero`, exact.
vec4 bytes4(uint v, float zero) {
  return vec4(magic(v & 0xFFu), magic((v >> 8) & 0xFFu), magic((v >> 16) & 0xFFu), magic(v >> 24)) -
         (8388608.0 + zero);
}

#if QTYPE == 0 || QTYPE == 1
// Q8_0 / Q4_0: 4 slots per 32-element block; slot t holds elements 4t..4t+3 and 16+4t..16+4t+3.
const uint LPB = 4, NV4 = 2;
struct Slot {
  vec4 q[NV4];
  float d;
};
uint slotX4(uint part, uint i) { return 4u * i + part; }
Slot loadSlot(uint block, uint part) {
  Slot s;
#if QTYPE == 0
  // f16 d, int8 q[32] (17 16-bit words); signed bytes shifted by 128 to read as unsigned
  const uint base = block * 17u;
  s.d = halfAt(base);
  s.q[0] = bytes4(bytes4At16(base + 1u + 2u * part) ^ 0x80808080u, 128.0);
  s.q[1] = bytes4(bytes4At16(base + 9u + 2u * part) ^ 0x80808080u, 128.0);
#else
  // f16 d, qs[16]: byte j holds element j (low nibble) and j + 16 (high); x = d (q - 8)
  const uint base = block * 9u;
  s.d = halfAt(base);
  const uint v = bytes4At16(base + 1u + 2u * part);
  s.q[0] = bytes4(v & 0x0F0F0F0Fu, 8.0);
  s.q[1] = bytes4((v >> 4) & 0x0F0F0F0Fu, 8.0);
#endif
  return s;
}
float slotDot(Slot s, vec4 xv[NV4]) { return s.d * (dot(xv[0], s.q[0]) + dot(xv[1], s.q[1])); }

#elif QTYPE == 2 || QTYPE == 3
// Q4_K / Q5_K: 16 slots per 256-element block; slot 4c + t reads qs words t and t + 4 of 64-element
// chunk c (bytes 4t.. and 16+4t..), i.e. elements 64c + 4t + 16i (i = 0, 1: low nibbles, sub-block
// 2c) and 64c + 32 + 4t + 16(i - 2) (i = 2, 3: high nibbles, sub-block 2c + 1).
// x = d sc q - dmin m, summed as d sc (x . q) - dmin m (sum x).
const uint LPB = 16, NV4 = 4;
struct Slot {
  vec4 q[NV4];
  vec4 scale;  // d sc and dmin m of sub-blocks 2c, 2c + 1
};
uint slotX4(uint part, uint i) { return 16u * (part >> 2) + 4u * i + (part & 3u); }
Slot loadSlot(uint block, uint part) {
  Slot s;
  const uint c = part >> 2, t = part & 3u;
#if QTYPE == 2
  const uint base = block * 36u, qs = base + 4u;  // f16 d, f16 dmin, scales[12], qs[128]
#else
  const uint base = block * 44u, qs = base + 12u;  // f16 d, f16 dmin, scales[12], qh[32], qs[128]
#endif
  const vec2 dm = unpackHalf2x16(wq32[base]);
  // 6-bit scales / mins of sub-blocks 2c, 2c + 1 (ggml's get_scale_min_k4), two at a time: bytes
  // 2(c & 1) and 2(c & 1) + 1 of the three scale words.
  const uint sh = 16u * (c & 1u);
  const uint a = wq32[base + 1u] >> sh, b = wq32[base + 2u] >> sh, e = wq32[base + 3u] >> sh;
  uint sc, mn;
  if (c < 2u) {
    sc = a & 0x3F3Fu;
    mn = b & 0x3F3Fu;
  } else {
    sc = (e & 0x0F0Fu) | ((a >> 2) & 0x3030u);
    mn = ((e >> 4) & 0x0F0Fu) | ((b >> 2) & 0x3030u);
  }
  s.scale = vec4(dm.x, dm.y, dm.x, dm.y) *
            (vec4(magic(sc & 0xFFu), magic(mn & 0xFFu), magic((sc >> 8) & 0xFFu), magic((mn >> 8) & 0xFFu)) -
             8388608.0);
  const uint wa = wq32[qs + 8u * c + t], wb = wq32[qs + 8u * c + 4u + t];
#if QTYPE == 2
  s.q[0] = bytes4(wa & 0x0F0F0F0Fu, 0.0);
  s.q[1] = bytes4(wb & 0x0F0F0F0Fu, 0.0);
  s.q[2] = bytes4((wa >> 4) & 0x0F0F0F0Fu, 0.0);
  s.q[3] = bytes4((wb >> 4) & 0x0F0F0F0Fu, 0.0);
#else
  // Bit j of qh[l] is the 5th bit of element l of sub-block j (l = 4t.. in word t, 16+4t.. in t + 4).
  const uint ha = wq32[base + 4u + t], hb = wq32[base + 8u + t];
  const uint j0 = 2u * c, j1 = j0 + 1u;
  s.q[0] = bytes4((wa & 0x0F0F0F0Fu) | (((ha >> j0) << 4) & 0x10101010u), 0.0);
  s.q[1] = bytes4((wb & 0x0F0F0F0Fu) | (((hb >> j0) << 4) & 0x10101010u), 0.0);
  s.q[2] = bytes4(((wa >> 4) & 0x0F0F0F0Fu) | (((ha >> j1) << 4) & 0x10101010u), 0.0);
  s.q[3] = bytes4(((wb >> 4) & 0x0F0F0F0Fu) | (((hb >> j1) << 4) & 0x10101010u), 0.0);
#endif
  return s;
}
float slotDot(Slot s, vec4 xv[NV4]) {
  const vec4 one = vec4(1.0);
  return s.scale.x * (dot(xv[0], s.q[0]) + dot(xv[1], s.q[1])) - s.scale.y * dot(xv[0] + xv[1], one) +
         s.scale.z * (dot(xv[2], s.q[2]) + dot(xv[3], s.q[3])) - s.scale.w * dot(xv[2] + xv[3], one);
}

#else
// Q6_K: 16 slots per 256-element block; slot 8n + g holds l = 4g..4g+3 of the four 32-element
// groups qd = 0..3 of half n, i.e. elements 128n + 32i + 4g (i = qd). ql[64n + 4g..] carries the low
// nibbles of qd 0 / 2, ql[64n + 32 + 4g..] those of qd 1 / 3, qh[32n + 4g..] bits 2qd of all four.
// x = d scale[8n + 2qd + l / 16] (q - 32).
const uint LPB = 16, NV4 = 4;
struct Slot {
  vec4 q[NV4];  // q - 32
  vec4 scale;   // d scale of each q[i]
};
uint slotX4(uint part, uint i) { return 32u * (part >> 3) + 8u * i + (part & 7u); }
Slot loadSlot(uint block, uint part) {
  Slot s;
  const uint n = part >> 3, g = part & 7u;
  const uint base = block * 105u;  // ql[128], qh[64], int8 scales[16], f16 d (16-bit words)
  const uint lo = bytes4At16(base + 32u * n + 2u * g), hi = bytes4At16(base + 32u * n + 16u + 2u * g);
  const uint h = bytes4At16(base + 64u + 16u * n + 2u * g);
  s.q[0] = bytes4((lo & 0x0F0F0F0Fu) | ((h << 4) & 0x30303030u), 32.0);
  s.q[1] = bytes4((hi & 0x0F0F0F0Fu) | ((h << 2) & 0x30303030u), 32.0);
  s.q[2] = bytes4(((lo >> 4) & 0x0F0F0F0Fu) | (h & 0x30303030u), 32.0);
  s.q[3] = bytes4(((hi >> 4) & 0x0F0F0F0Fu) | ((h >> 2) & 0x30303030u), 32.0);
  const float d = halfAt(base + 104u);
  const int shift = int(8u * (g >> 2));
  [[unroll]] for (uint i = 0; i < 4u; ++i) {
    s.scale[i] = d * float(bitfieldExtract(int(uint(wq16[base + 96u + 4u * n + i])), shift, 8));
  }
  return s;
}
float slotDot(Slot s, vec4 xv[NV4]) {
  return s.scale.x * dot(xv[0], s.q[0]) + s.scale.y * dot(xv[1], s.q[1]) + s.scale.z * dot(xv[2], s.q[2]) +
         s.scale.w * dot(xv[3], s.q[3]);
}
#endif
