#include "inference/model/PleTableDevice.h"

#include <algorithm>
#include <cstdio>

#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/DType.h"
#include "inference/gpu/VulkanError.h"
#include "inference/ops/FillRandom.h"

namespace gwb::model {

namespace {

std::string sizeText(uint64_t bytes) {
  char s[32];
  if (bytes < 1000000000ull) {
    std::snprintf(s, sizeof s, "%.1f MB", double(bytes) / 1e6);
  } else {
    std::snprintf(s, sizeof s, "%.2f GB", double(bytes) / 1e9);
  }
  return s;
}

gpu::DType deviceTypeFor(const PleTable& table) {
  if (table.storedRows()) return table.storageType();
  return uint64_t(table.rows()) * uint64_t(table.width()) * 4 <= kRandomF32Bytes ? gpu::DType::F32
                                                                                : gpu::DType::BF16;
}

// Rows per device buffer: as many whole rows as one buffer and one allocation may hold.
uint64_t rowsPerBuffer(const gpu::DeviceInfo& info, uint64_t rowBytes) {
  uint64_t limit = ~0ull;
  if (info.maxBufferSize) limit = std::min(limit, info.maxBufferSize);
  if (info.maxAllocationSize) limit = std::min(limit, info.maxAllocationSize);
  return limit / rowBytes;
}

// Rows [first, first + n) as stored, or drawn on the GPU (random tables: the values
// PleTable::gather draws on the host, ops::fillRandomRows), into dst.
void uploadRows(gpu::Device& device, const PleTable& table, gpu::DType type, uint64_t first, uint64_t n,
                gpu::BufferView dst) {
  if (table.storedRows()) {
    device.upload(dst, table.storedRows() + first * table.rowBytes(), n * table.rowBytes());
    return;
  }
  gpu::CommandRecorder rec(device);
  ops::OpContext ctx{device, rec};
  ops::fillRandomRows(ctx, dst, type, uint32_t(first), uint32_t(n), uint32_t(table.width()), table.randomSeed(),
                      table.randomAmplitude());
  rec.submit();
}

}  // namespace

uint64_t devicePleTableBytes(const PleTable& table) {
  if (table.storedRows()) return uint64_t(table.rows()) * table.rowBytes();
  return uint64_t(table.rows()) * uint64_t(table.width()) * gpu::dtypeSize(deviceTypeFor(table));
}

PlePlacement decidePlePlacement(const gpu::DeviceInfo& info, uint64_t tableBytes, uint64_t rowBytes,
                                uint64_t weightBytes) {
  PlePlacement p;
  if (rowsPerBuffer(info, rowBytes) == 0) {
    p.reason = "in host memory: one row of the table exceeds the device's largest buffer";
  } else if (info.deviceLocalBytes == 0 || tableBytes + weightBytes > info.deviceLocalBytes / 2) {
    p.reason = "in host memory: the " + sizeText(tableBytes) + " table and " + sizeText(weightBytes) +
               " of other weights would take more than half of the device's " + sizeText(info.deviceLocalBytes);
  } else {
    p.onDevice = true;
    p.deviceBytes = tableBytes;
    p.reason = "on the device (" + sizeText(tableBytes) + "; token rows gathered on the GPU)";
  }
  return p;
}

void placePleTable(gpu::Device& device, TextDecoderWeights& w, bool allowDevice) {
  w.deviceBytes -= w.plePlacement.deviceBytes;  // a table placed before
  w.pleTableDevice = {};
  w.plePlacement = {};
  if (!w.pleTable) return;
  const PleTable& table = *w.pleTable;
  const uint64_t bytes = devicePleTableBytes(table);
  if (!allowDevice) {
    w.plePlacement.reason = "in host memory (asked for)";
    return;
  }
  const gpu::DType type = deviceTypeFor(table);
  const uint64_t rowBytes = bytes / uint64_t(table.rows());
  PlePlacement decided = decidePlePlacement(device.info(), bytes, rowBytes, w.deviceBytes);
  if (decided.onDevice) {
    DevicePleTable dev;
    dev.dtype = type;
    const uint64_t perBuffer = rowsPerBuffer(device.info(), rowBytes);
    try {
      for (uint64_t first = 0; first < uint64_t(table.rows()); first += perBuffer) {
        const uint64_t n = std::min<uint64_t>(perBuffer, uint64_t(table.rows()) - first);
        dev.buffers.emplace_back(device, n * rowBytes, gpu::MemoryUsage::DeviceLocal, "per-layer embedding table");
        dev.firstRows.push_back(uint32_t(first));
        dev.rows.push_back(uint32_t(n));
      }
    } catch (const gpu::GpuError& e) {
      if (e.kind() != gpu::GpuErrorKind::OutOfDeviceMemory) throw;
      w.plePlacement.reason = "in host memory: the device could not allocate the " + sizeText(bytes) + " table";
      return;
    }
    for (size_t i = 0; i < dev.buffers.size(); ++i) {
      uploadRows(device, table, type, dev.firstRows[i], dev.rows[i], dev.buffers[i].view());
    }
    w.pleTableDevice = std::move(dev);
    w.deviceBytes += bytes;
  }
  w.plePlacement = std::move(decided);
}

}  // namespace gwb::model
