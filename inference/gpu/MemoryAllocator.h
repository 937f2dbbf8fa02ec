#pragma once
// A small sub-allocator over large VkDeviceMemory blocks (Debian 12 has no VMA). Buffers are
// carved out of 256 MiB blocks per memory type with first-fit and coalescing; very large
// buffers get their own allocation. Host-visible blocks stay mapped for their whole life.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "inference/gpu/DeviceInfo.h"

namespace gwb::gpu {

enum class MemoryUsage {
  DeviceLocal,   // weights, activations, KV cache
  HostUpload,    // staging for uploads: host-visible, coherent
  HostReadback,  // read-back: host-visible, cached if possible
};

struct MemoryBlock;

struct Allocation {
  MemoryBlock* block = nullptr;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;
  std::byte* mapped = nullptr;  // non-null when host-visible
  bool hostCoherent = true;
  explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

struct MemoryStats {
  uint64_t bytesInUse = 0;
  uint64_t peakBytesInUse = 0;
  uint64_t bytesReserved = 0;  // sum of VkDeviceMemory allocations
  uint32_t blocks = 0;
};

class MemoryAllocator {
 public:
  MemoryAllocator(VkDevice device, const DeviceInfo& info);
  ~MemoryAllocator();
  MemoryAllocator(const MemoryAllocator&) = delete;
  MemoryAllocator& operator=(const MemoryAllocator&) = delete;

  // `what` names the buffer in the out-of-memory message.
  Allocation allocate(const VkMemoryRequirements& req, MemoryUsage usage, const std::string& what);
  void free(Allocation& a);
  MemoryStats stats() const;

 private:
  uint32_t pickMemoryType(uint32_t typeBits, MemoryUsage usage) const;
  MemoryBlock* newBlock(uint32_t type, VkDeviceSize size, const std::string& what);

  VkDevice device_;
  VkPhysicalDeviceMemoryProperties props_{};
  VkDeviceSize maxAllocation_;
  std::vector<std::unique_ptr<MemoryBlock>> blocks_;
  mutable std::mutex mutex_;
  MemoryStats stats_;
};

}  // namespace gwb::gpu
