#pragma once
// Where the per-layer-embedding table lives and why (PleTableDevice.h decides; `info`, `bench`
// and the model panel show the reason), and its device copy.
#include <cstdint>
#include <string>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/ops/Gather.h"

namespace gwb::model {

struct PlePlacement {
  bool onDevice = false;
  uint64_t deviceBytes = 0;  // the device copy's size
  std::string reason;
};

// The table on the device, in buffers of whole rows (one allocation holds at most ~4 GiB on
// NVIDIA's driver and others; E2B's table is 4.7 GB): buffer i holds rows [firstRows[i], + rows[i]).
struct DevicePleTable {
  gpu::DType dtype = gpu::DType::F32;
  std::vector<gpu::Buffer> buffers;
  std::vector<uint32_t> firstRows, rows;

  explicit operator bool() const { return !buffers.empty(); }
  // The pieces for ops::embeddingGather.
  std::vector<ops::TablePiece> pieces() const {
    std::vector<ops::TablePiece> p;
    for (size_t i = 0; i < buffers.size(); ++i) p.push_back({{buffers[i].view(), dtype}, firstRows[i], rows[i]});
    return p;
  }
};

}  // namespace gwb::model
