#pragma once
// RAII storage buffers and views into them. A BufferView is what ops bind: (buffer, offset, size).
#include <vulkan/vulkan.h>

#include <cstddef>
#include <string>

#include "inference/gpu/MemoryAllocator.h"

namespace gwb::gpu {

class Device;
class Buffer;

struct BufferView {
  const Buffer* buffer = nullptr;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;  // bytes
  explicit operator bool() const { return buffer != nullptr; }
  // A sub-range, in bytes relative to this view.
  BufferView sub(VkDeviceSize byteOffset, VkDeviceSize bytes) const;
  // Whether both views reach into the same bytes of one buffer.
  bool overlaps(const BufferView& o) const {
    return buffer && buffer == o.buffer && offset < o.offset + o.size && o.offset < offset + size;
  }
};

class Buffer {
 public:
  Buffer() = default;
  // `name` appears in errors ("out of GPU memory while allocating 805 MiB for embed_tokens").
  Buffer(Device& device, VkDeviceSize bytes, MemoryUsage usage, std::string name);
  ~Buffer();
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  VkBuffer handle() const { return buffer_; }
  VkDeviceSize size() const { return size_; }
  std::byte* mapped() const { return allocation_.mapped; }  // null unless host-visible
  bool hostCoherent() const { return allocation_.hostCoherent; }
  const std::string& name() const { return name_; }
  BufferView view() const { return {this, 0, size_}; }
  BufferView view(VkDeviceSize offset, VkDeviceSize bytes) const { return {this, offset, bytes}; }
  explicit operator bool() const { return buffer_ != VK_NULL_HANDLE; }

 private:
  void release();
  Device* device_ = nullptr;
  VkBuffer buffer_ = VK_NULL_HANDLE;
  VkDeviceSize size_ = 0;
  Allocation allocation_;
  std::string name_;
};

}  // namespace gwb::gpu
