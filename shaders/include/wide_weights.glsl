// 128-bit weight loads of the decode matvecs (matvec_wide.comp, matvec_project.comp): one load
// carries VEC consecutive weights of a row, 4 f32 (WVEC = vec4) or 8 f16 / bf16 (WVEC = uvec4).
// The includer defines WTYPE (0 f32, 1 f16, 2 bf16) and declares its weight bindings as WVEC[].
#if WTYPE == 0
#define WVEC vec4
const uint VEC = 4;  // weights per 128-bit load
#else
#define WVEC uvec4
const uint VEC = 8;
#endif

// Widens one 128-bit load of 16-bit weights into its two groups of 4 (lo: k..k+3, hi: k+4..k+7).
void unpack(uvec4 u, out vec4 lo, out vec4 hi) {
#if WTYPE == 1
  lo = vec4(unpackHalf2x16(u.x), unpackHalf2x16(u.y));
  hi = vec4(unpackHalf2x16(u.z), unpackHalf2x16(u.w));
#else
  // bf16, little endian: the low half of each word is the lower k
  lo = uintBitsToFloat(uvec4(u.x << 16, u.x & 0xffff0000u, u.y << 16, u.y & 0xffff0000u));
  hi = uintBitsToFloat(uvec4(u.z << 16, u.z & 0xffff0000u, u.w << 16, u.w & 0xffff0000u));
#endif
}
