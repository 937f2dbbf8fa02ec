#pragma once
// The per-layer-embedding table (PleTable.h) copied to the device where it fits comfortably, so a
// chunk's token rows are gathered on the GPU (ops::embeddingGather, every stored type including
// the ggml block formats) instead of on the host: a 512-token E2B prefill chunk's rows are 4.6 M
// values, ~2.5 ms of host gather and upload before its first layer could start.
//
// The copy keeps the stored type (E2B: 262144 x 8960 bf16 = 4.7 GB; E4B 5.6 GB). Random tables
// (--random-weights) are drawn on the GPU with PleTable::gather's values (ops::fillRandomRows):
// as f32 up to kRandomF32Bytes (the test models: bit for bit the host rows), as bf16 above (what
// a real checkpoint's table weighs).
#include <cstdint>
#include <string>

#include "inference/gpu/Device.h"
#include "inference/gpu/DeviceInfo.h"
#include "inference/model/PlePlacement.h"
#include "inference/model/TextDecoderWeights.h"

namespace gwb::model {

inline constexpr uint64_t kRandomF32Bytes = 256ull << 20;

// The device copy's size for a table of rows x width stored in `type` (random tables: as above).
uint64_t devicePleTableBytes(const PleTable& table);

// The policy, without touching the device: on the device when the table plus the decoder's other
// weights take at most half of the largest device-local heap (the rest stays for the KV cache,
// the encoders, the scratch and other programs), in buffers of whole rows each within the
// device's buffer and allocation limits; in host memory otherwise.
PlePlacement decidePlePlacement(const gpu::DeviceInfo& info, uint64_t tableBytes, uint64_t rowBytes,
                                uint64_t weightBytes);

// Applies the policy to w.pleTable: fills w.pleTableDevice (or leaves it empty) and
// w.plePlacement. A device allocation that fails keeps the table in host memory and says so in
// the reason (the host path is complete, only slower). `allowDevice` false: host memory.
void placePleTable(gpu::Device& device, TextDecoderWeights& w, bool allowDevice = true);

}  // namespace gwb::model
