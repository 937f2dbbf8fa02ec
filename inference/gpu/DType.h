#pragma once
// Element types of tensors on the device and their conversions. bf16 and f16 are stored as raw
// 16-bit words (Debian's glslang has no bf16 type; shaders widen them by hand).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace gwb::gpu {

// F32 / F16 / BF16 store one element per unit; the others are ggml's block formats (byte-exact
// ggml layouts, see inference/model/QuantBlocks.h): a row of K elements is K / blockElements
// blocks of blockBytes, read directly by the quantized kernels (inference/ops/QuantMatmul.h).
enum class DType : uint8_t { F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K };

constexpr bool isQuantized(DType t) { return t >= DType::Q8_0; }
// Bytes per element of the plain types only (quantized types have no per-element size: use dtypeRowBytes).
constexpr size_t dtypeSize(DType t) { return t == DType::F32 ? 4 : t == DType::F16 || t == DType::BF16 ? 2 : 0; }
// Elements per block: 1 for the plain types, 32 for Q8_0 / Q4_0, 256 for the K-quants.
constexpr uint32_t dtypeBlockElements(DType t) {
  return t == DType::Q8_0 || t == DType::Q4_0 ? 32 : isQuantized(t) ? 256 : 1;
}
// Bytes per block (ggml's type_size): f16 d + 32 int8 (Q8_0), f16 d + 16 nibble bytes (Q4_0),
// f16 d, dmin + 12 scale bytes + 128 nibble bytes (+ 32 high-bit bytes for Q5_K), 128 + 64 + 16 + 2 (Q6_K).
constexpr uint32_t dtypeBlockBytes(DType t) {
  switch (t) {
    case DType::F32: return 4;
    case DType::F16:
    case DType::BF16: return 2;
    case DType::Q8_0: return 34;
    case DType::Q4_0: return 18;
    case DType::Q4_K: return 144;
    case DType::Q5_K: return 176;
    case DType::Q6_K: return 210;
  }
  return 0;
}
// Bytes of one row of k elements (k a multiple of dtypeBlockElements(t)).
constexpr uint64_t dtypeRowBytes(DType t, uint64_t k) { return k / dtypeBlockElements(t) * dtypeBlockBytes(t); }
constexpr std::string_view dtypeName(DType t) {
  switch (t) {
    case DType::F32: return "f32";
    case DType::F16: return "f16";
    case DType::BF16: return "bf16";
    case DType::Q8_0: return "q8_0";
    case DType::Q4_0: return "q4_0";
    case DType::Q4_K: return "q4_k";
    case DType::Q5_K: return "q5_k";
    case DType::Q6_K: return "q6_k";
  }
  return "?";
}

inline float bf16ToF32(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

// Round to nearest even, as torch does when casting to bfloat16. NaN stays NaN.
inline uint16_t f32ToBf16(float f) {
  uint32_t u = std::bit_cast<uint32_t>(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1u);
  return uint16_t(u >> 16);
}

inline float f16ToF32(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400u) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3ffu;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  }
  return std::bit_cast<float>(bits);
}

// Round to nearest even; overflow goes to infinity.
inline uint16_t f32ToF16(float f) {
  const uint32_t u = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (u >> 16) & 0x8000u;
  const uint32_t absu = u & 0x7fffffffu;
  if (absu > 0x7f800000u) return uint16_t(sign | 0x7e00u);         // NaN
  if (absu >= 0x477ff000u) return uint16_t(sign | 0x7c00u);        // rounds to >= 65520: inf
  if (absu < 0x38800000u) {                                        // subnormal or zero in f16
    if (absu < 0x33000000u) return uint16_t(sign);                 // below half the smallest subnormal
    // value = M * 2^(e-150) and an f16 subnormal counts units of 2^-24, so shift M by 126 - e.
    const uint32_t e = absu >> 23;
    const uint32_t m = (absu & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126 - e;
    uint32_t r = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    if (rem > half || (rem == half && (r & 1u))) ++r;
    return uint16_t(sign | r);
  }
  uint32_t r = ((absu - 0x38000000u) >> 13);
  const uint32_t rem = absu & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (r & 1u))) ++r;
  return uint16_t(sign | r);
}

}  // namespace gwb::gpu
