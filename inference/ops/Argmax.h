#pragma once
// Argmax on the GPU, for greedy decoding: the index of the largest of n f32 values (the lower
// index on ties, like torch.argmax), written as (value, index) to `out` (2 words: f32, u32), so
// a decode step reads 8 bytes back instead of the whole vocabulary's logits.
//   values: f32 [n]; workspace: argmaxWorkspaceBytes(); out: [value f32, index u32]
#include <span>

#include "inference/ops/OpCheck.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

uint64_t argmaxWorkspaceBytes();
void argmax(OpContext& ctx, BufferView values, uint32_t n, BufferView workspace, BufferView out);

namespace ref {
uint32_t argmax(std::span<const float> values);
}

void addArgmaxChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
