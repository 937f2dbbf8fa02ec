#pragma once
// How many prompt tokens one decoder forward() takes. Long chunks keep the tensor cores' grid full
// (E2B 4096-token prefill on an H100: 610 ms in chunks of 512, 482 ms in chunks of 2048 in
// session 3; 183 ms in one chunk of 4096 against 190 in two of 2048 in session 7 —
// docs/benchmarks.md), but the decoder's scratch grows with the chunk (~280 KB per token for E2B,
// TextDecoder's buffers), so small GPUs and the portable kernels keep short chunks.
#include <cstdint>

#include "inference/gpu/DeviceInfo.h"
#include "inference/model/TextConfig.h"

namespace gwb::runtime {

uint32_t preferredPrefillChunk(const gpu::DeviceInfo& device, const model::TextConfig& config);

}  // namespace gwb::runtime
