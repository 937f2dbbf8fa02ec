#include "inference/gpu/MemoryAllocator.h"

#include <algorithm>
#include <cstdio>

#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

namespace {
constexpr VkDeviceSize kBlockSize = 256ull << 20;
constexpr VkDeviceSize kHostBlockSize = 64ull << 20;

VkDeviceSize alignUp(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

std::string mib(VkDeviceSize bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1024.0 * 1024.0));
  return buf;
}
}  // namespace

// One VkDeviceMemory with a sorted list of free ranges.
struct MemoryBlock {
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint32_t type = 0;
  VkDeviceSize size = 0;
  std::byte* mapped = nullptr;
  bool coherent = true;
  bool dedicated = false;
  struct Range {
    VkDeviceSize offset, size;
  };
  std::vector<Range> freeRanges;

  // First fit; returns the offset or ~0 when nothing fits.
  VkDeviceSize take(VkDeviceSize bytes, VkDeviceSize alignment) {
    for (size_t i = 0; i < freeRanges.size(); ++i) {
      Range& r = freeRanges[i];
      const VkDeviceSize start = alignUp(r.offset, alignment);
      if (start + bytes > r.offset + r.size) continue;
      const Range before{r.offset, start - r.offset};
      const Range after{start + bytes, r.offset + r.size - (start + bytes)};
      freeRanges.erase(freeRanges.begin() + ptrdiff_t(i));
      if (after.size) freeRanges.insert(freeRanges.begin() + ptrdiff_t(i), after);
      if (before.size) freeRanges.insert(freeRanges.begin() + ptrdiff_t(i), before);
      return start;
    }
    return ~VkDeviceSize(0);
  }

  void give(VkDeviceSize offset, VkDeviceSize bytes) {
    auto it = std::lower_bound(freeRanges.begin(), freeRanges.end(), offset,
                               [](const Range& r, VkDeviceSize o) { return r.offset < o; });
    it = freeRanges.insert(it, Range{offset, bytes});
    // Coalesce with the next, then with the previous range.
    if (it + 1 != freeRanges.end() && it->offset + it->size == (it + 1)->offset) {
      it->size += (it + 1)->size;
      freeRanges.erase(it + 1);
    }
    if (it != freeRanges.begin() && (it - 1)->offset + (it - 1)->size == it->offset) {
      (it - 1)->size += it->size;
      freeRanges.erase(it);
    }
  }
};

MemoryAllocator::MemoryAllocator(VkDevice device, const DeviceInfo& info)
    : device_(device), maxAllocation_(info.maxAllocationSize ? info.maxAllocationSize : (1ull << 31)) {
  vkGetPhysicalDeviceMemoryProperties(info.physical, &props_);
}

MemoryAllocator::~MemoryAllocator() {
  for (auto& b : blocks_) {
    if (b->mapped) vkUnmapMemory(device_, b->memory);
    vkFreeMemory(device_, b->memory, nullptr);
  }
}

uint32_t MemoryAllocator::pickMemoryType(uint32_t typeBits, MemoryUsage usage) const {
  // Preferred flags first, then acceptable ones.
  std::vector<VkMemoryPropertyFlags> wants;
  switch (usage) {
    case MemoryUsage::DeviceLocal: wants = {VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0}; break;
    case MemoryUsage::HostUpload:
      wants = {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
               VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT};
      break;
    case MemoryUsage::HostReadback:
      // Coherent so that reads after a fence need no invalidate (Vulkan guarantees a
      // HOST_VISIBLE|HOST_COHERENT type for buffers); cached when possible.
      wants = {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT |
                   VK_MEMORY_PROPERTY_HOST_CACHED_BIT,
               VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT};
      break;
  }
  for (VkMemoryPropertyFlags want : wants) {
    for (uint32_t t = 0; t < props_.memoryTypeCount; ++t) {
      if (!(typeBits & (1u << t))) continue;
      if ((props_.memoryTypes[t].propertyFlags & want) == want) return t;
    }
  }
  throw GpuError(GpuErrorKind::MissingFeature, "no suitable Vulkan memory type for a buffer");
}

MemoryBlock* MemoryAllocator::newBlock(uint32_t type, VkDeviceSize size, const std::string& what) {
  if (size > maxAllocation_) {
    throw GpuError(GpuErrorKind::OutOfDeviceMemory,
                   "out of GPU memory: " + what + " needs " + mib(size) + " in one piece, more than the device's " +
                       "largest allocation (" + mib(maxAllocation_) + ")");
  }
  VkMemoryAllocateInfo ai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  ai.allocationSize = size;
  ai.memoryTypeIndex = type;
  auto block = std::make_unique<MemoryBlock>();
  const VkResult r = vkAllocateMemory(device_, &ai, nullptr, &block->memory);
  if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY) {
    throw GpuError(r == VK_ERROR_OUT_OF_DEVICE_MEMORY ? GpuErrorKind::OutOfDeviceMemory : GpuErrorKind::OutOfHostMemory,
                   std::string(r == VK_ERROR_OUT_OF_DEVICE_MEMORY ? "out of GPU memory" : "out of host memory") +
                       " while allocating " + mib(size) + " for " + what + " (" + mib(stats_.bytesReserved) +
                       " already in use by Gemma Workbench). Close other GPU programs, use a smaller model or "
                       "context, or pick another device with --device.",
                   r);
  }
  checkVk(r, "allocating GPU memory for " + what);
  block->type = type;
  block->size = size;
  const auto flags = props_.memoryTypes[type].propertyFlags;
  block->coherent = flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  if (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
    void* p = nullptr;
    checkVk(vkMapMemory(device_, block->memory, 0, VK_WHOLE_SIZE, 0, &p), "mapping GPU memory");
    block->mapped = static_cast<std::byte*>(p);
  }
  block->freeRanges.push_back({0, size});
  stats_.bytesReserved += size;
  stats_.blocks++;
  blocks_.push_back(std::move(block));
  return blocks_.back().get();
}

Allocation MemoryAllocator::allocate(const VkMemoryRequirements& req, MemoryUsage usage, const std::string& what) {
  std::lock_guard lock(mutex_);
  const uint32_t type = pickMemoryType(req.memoryTypeBits, usage);
  const VkDeviceSize blockSize = usage == MemoryUsage::DeviceLocal ? kBlockSize : kHostBlockSize;
  MemoryBlock* block = nullptr;
  VkDeviceSize offset = ~VkDeviceSize(0);
  if (req.size > blockSize / 2) {
    block = newBlock(type, req.size, what);
    block->dedicated = true;
    offset = block->take(req.size, req.alignment);
  } else {
    for (auto& b : blocks_) {
      if (b->type != type || b->dedicated) continue;
      offset = b->take(req.size, req.alignment);
      if (offset != ~VkDeviceSize(0)) {
        block = b.get();
        break;
      }
    }
    if (!block) {
      block = newBlock(type, blockSize, what);
      offset = block->take(req.size, req.alignment);
    }
  }
  stats_.bytesInUse += req.size;
  stats_.peakBytesInUse = std::max(stats_.peakBytesInUse, stats_.bytesInUse);
  Allocation a;
  a.block = block;
  a.memory = block->memory;
  a.offset = offset;
  a.size = req.size;
  a.mapped = block->mapped ? block->mapped + offset : nullptr;
  a.hostCoherent = block->coherent;
  return a;
}

void MemoryAllocator::free(Allocation& a) {
  if (!a) return;
  std::lock_guard lock(mutex_);
  stats_.bytesInUse -= a.size;
  MemoryBlock* b = a.block;
  b->give(a.offset, a.size);
  if (b->dedicated) {
    auto it = std::find_if(blocks_.begin(), blocks_.end(), [&](const auto& p) { return p.get() == b; });
    if (b->mapped) vkUnmapMemory(device_, b->memory);
    vkFreeMemory(device_, b->memory, nullptr);
    stats_.bytesReserved -= b->size;
    stats_.blocks--;
    blocks_.erase(it);
  }
  a = Allocation{};
}

MemoryStats MemoryAllocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace gwb::gpu
