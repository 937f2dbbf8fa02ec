#include "inference/gpu/Buffer.h"

#include <utility>

#include "inference/gpu/Device.h"
#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

BufferView BufferView::sub(VkDeviceSize byteOffset, VkDeviceSize bytes) const {
  if (byteOffset + bytes > size) {
    throw GpuError(GpuErrorKind::InvalidArgument, "buffer sub-view out of range");
  }
  return {buffer, offset + byteOffset, bytes};
}

Buffer::Buffer(Device& device, VkDeviceSize bytes, MemoryUsage usage, std::string name)
    : device_(&device), size_(bytes), name_(std::move(name)) {
  // Vulkan forbids empty buffers; keep a minimal one so empty tensors still bind.
  const VkDeviceSize real = bytes < 16 ? 16 : bytes;
  VkBufferCreateInfo ci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  ci.size = real;
  ci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  ci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  if (real > device.info().maxBufferSize && device.info().maxBufferSize != 0) {
    throw GpuError(GpuErrorKind::InvalidArgument,
                   "buffer " + name_ + " is larger than the device's largest buffer; split it");
  }
  checkVk(vkCreateBuffer(device.handle(), &ci, nullptr, &buffer_), "creating buffer " + name_);
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(device.handle(), buffer_, &req);
  try {
    allocation_ = device.memory().allocate(req, usage, name_);
  } catch (...) {
    vkDestroyBuffer(device.handle(), buffer_, nullptr);
    buffer_ = VK_NULL_HANDLE;
    throw;
  }
  checkVk(vkBindBufferMemory(device.handle(), buffer_, allocation_.memory, allocation_.offset),
          "binding memory to buffer " + name_);
}

Buffer::~Buffer() { release(); }

void Buffer::release() {
  if (buffer_ != VK_NULL_HANDLE) {
    vkDestroyBuffer(device_->handle(), buffer_, nullptr);
    device_->memory().free(allocation_);
    buffer_ = VK_NULL_HANDLE;
  }
}

Buffer::Buffer(Buffer&& o) noexcept
    : device_(o.device_), buffer_(std::exchange(o.buffer_, VK_NULL_HANDLE)), size_(o.size_),
      allocation_(std::exchange(o.allocation_, Allocation{})), name_(std::move(o.name_)) {}

Buffer& Buffer::operator=(Buffer&& o) noexcept {
  if (this != &o) {
    release();
    device_ = o.device_;
    buffer_ = std::exchange(o.buffer_, VK_NULL_HANDLE);
    size_ = o.size_;
    allocation_ = std::exchange(o.allocation_, Allocation{});
    name_ = std::move(o.name_);
  }
  return *this;
}

}  // namespace gwb::gpu
