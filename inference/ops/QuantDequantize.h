#pragma once
// A weight in a ggml block format widened to f16 on the GPU (shaders/dequant_f16.comp), so a
// prefill chunk multiplies it on tensor cores: quantMatmul (QuantMatmul.h) widens one matrix at a
// time into the caller's scratch (OpContext::dequant), then runs the f16 cooperative-matrix matmul.
//   w: [rows, k] as rows of k / blockElements blocks; out: f16 [rows, k]; status: one uint whose
//   bit 0 is set (atomically; never cleared here) when a value lay beyond f16's range. Such values
//   are clamped, so the caller must check the bit after the submit and redo the work on the f32
//   kernels (TextDecoder does; Gemma's weights stay far below 65504).
#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

// Whether this device widens this weight: a block format, whole blocks per row, and the weight and
// its f16 copy each in one storage binding.
bool dequantizeToF16Supported(const gpu::DeviceInfo& device, const WeightView& w, uint32_t rows, uint32_t k);

void dequantizeToF16(OpContext& ctx, const WeightView& w, BufferView out, BufferView status, uint32_t rows, uint32_t k);

// Registered under the "quantmatmul" family (QuantMatmul.cpp's addQuantMatmulChecks calls it).
void addQuantDequantizeChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
