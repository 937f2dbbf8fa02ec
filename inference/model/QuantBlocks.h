#pragma once
// Host-side quantize / dequantize of one row in ggml's block formats, byte-exact to ggml's
// layouts (ggml-common.h), so blocks read from a GGUF file and blocks made here are the same
// bytes the GPU kernels (inference/ops/QuantMatmul.h) read. Little-endian hosts only.
//
//   Q8_0  32 elements, 34 bytes: f16 d, int8 q[32];                       x = d * q
//   Q4_0  32 elements, 18 bytes: f16 d, qs[16] (x[j] low nibble, x[j+16] high); x = d * (q - 8)
//   Q4_K 256 elements, 144 bytes: f16 d, f16 dmin, scales[12], qs[128]
//        8 sub-blocks of 32, 6-bit scale sc and min m each (packed 12 bytes, see packScaleMin);
//        qs: per 64 elements, 32 bytes: low nibbles = sub-block 2j, high nibbles = 2j+1;
//        x = d * sc * q - dmin * m
//   Q5_K 256 elements, 176 bytes: like Q4_K plus qh[32] (bit 2j / 2j+1 of qh[l]: the 5th bit of
//        element l of sub-block 2j / 2j+1), between scales and qs
//   Q6_K 256 elements, 210 bytes: ql[128], qh[64], int8 scales[16], f16 d (last)
//        16 sub-blocks of 16; per 128 elements (n): ql[64n + l] low / high nibble = element
//        l / l+64, ql[64n + 32 + l] = l+32 / l+96; qh[32n + l] bits 0-1, 2-3, 4-5, 6-7 = the top
//        2 bits of elements l, l+32, l+64, l+96; x = d * scale[(128n + i) / 16] * (q - 32)
//   F32 / F16 / BF16: one element per unit (plain little-endian values).
// The quantizers pick scales by min/max per (sub-)block, then re-quantize with the stored
// (rounded) scales; the error bounds are in tests/model/test_quant_blocks.cpp. The block codec
// itself is in inference/ops/QuantCodec.cpp (below this library: the GPU op checks use it too).
#include <cstddef>
#include <cstdint>

#include "inference/model/QuantFormat.h"

namespace gwb::model {

// Whether quantizeRow / dequantizeRow handle this type (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K).
bool hasBlockCodec(GgmlType t);

// n elements of src into rowBytes(t, n) bytes at dst. Throws std::invalid_argument when t has no
// codec or n is not a multiple of blockElements(t).
void quantizeRow(GgmlType t, const float* src, size_t n, void* dst);
// rowBytes(t, n) bytes at src into n floats at dst. Same preconditions.
void dequantizeRow(GgmlType t, const void* src, size_t n, float* dst);

// `rows` rows of n elements each (src row stride n, dst row stride rowBytes(t, n)), spread over
// the host's cores (quantizing a full-size model row by row on one core takes minutes).
void quantizeRows(GgmlType t, const float* src, size_t rows, size_t n, void* dst);

// The 12-byte packing of eight 6-bit (scale, min) pairs used by Q4_K and Q5_K: pairs 0-3 in the
// low 6 bits of bytes 0-3 (scale) and 4-7 (min); pairs 4-7 split into a low nibble in bytes 8-11
// (scale low, min high nibble) and their top 2 bits in bits 6-7 of bytes 0-3 (scale) / 4-7 (min).
void packScaleMin(const uint8_t scale[8], const uint8_t min[8], uint8_t packed[12]);
void unpackScaleMin(const uint8_t packed[12], int j, uint8_t& scale, uint8_t& min);

}  // namespace gwb::model
