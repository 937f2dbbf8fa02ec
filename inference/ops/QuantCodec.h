#pragma once
// The host codec of ggml's block formats, keyed by the device type (byte layouts and quantizer:
// inference/model/QuantBlocks.h, the API the model and GGUF code use). It lives here, below
// gwb_model, because the GPU op checks (QuantMatmul.cpp) quantize random weights and need the
// dequantized values for their references. Quantized device types only (gpu::isQuantized);
// n must be a multiple of the block size.
#include <cstddef>
#include <cstdint>

#include "inference/ops/OpContext.h"

namespace gwb::ops::quant {

void quantizeBlocks(DType t, const float* src, size_t n, void* dst);
void dequantizeBlocks(DType t, const void* src, size_t n, float* dst);

// The 12-byte packing of eight 6-bit (scale, min) pairs of Q4_K / Q5_K (see QuantBlocks.h).
void packScaleMin(const uint8_t scale[8], const uint8_t min[8], uint8_t packed[12]);
void unpackScaleMin(const uint8_t packed[12], int j, uint8_t& scale, uint8_t& min);

}  // namespace gwb::ops::quant
