#pragma once
// What every op entry point takes: the device (for pipelines and capabilities) and the recorder
// the dispatch goes into. Ops record; they never submit.
#include <cstdint>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/DType.h"
#include "inference/gpu/Device.h"
#include "inference/gpu/PipelineCache.h"

namespace gwb::ops {

using gpu::BufferView;
using gpu::DType;

// Scratch for prefill matmuls over block-quantized weights on tensor-core GPUs (QuantMatmul.h):
// room for an f16 copy of one weight at a time, and the range bit of QuantDequantize.h. A caller
// that sets it checks the bit after its submit. Empty: quantized matmuls use the f32 kernels.
struct DequantScratch {
  BufferView f16;
  BufferView status;
};

struct OpContext {
  gpu::Device& device;
  gpu::CommandRecorder& rec;
  DequantScratch dequant{};
  // Scratch for cooperative-matrix matmuls split over k across workgroups (MatmulSplitK.h): a
  // matmul whose split needs more than this runs unsplit. Empty: no split.
  BufferView splitK{};
};

// Shader variant of an op. Auto picks the fastest one the device supports; the others force a
// variant (selftest and tests run each one the device supports).
enum class Variant : uint8_t { Auto, Portable, Fp16, CoopMat };
const char* variantName(Variant v);

// A weight matrix or vector on the device with its storage type.
struct WeightView {
  BufferView view;
  DType dtype = DType::F32;
  bool bands = false;  // in column bands (32 columns of every row side by side, WeightBands.h), not [N, K] rows
};

// Workgroups needed to cover n items with groups of size g.
constexpr uint32_t groupsFor(uint64_t n, uint32_t g) { return uint32_t((n + g - 1) / g); }

}  // namespace gwb::ops
