#pragma once
// The logical device the engine runs on: chosen physical device, one compute queue, memory,
// pipelines, and blocking transfers between host and device buffers.
#include <vulkan/vulkan.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/DeviceInfo.h"
#include "inference/gpu/Instance.h"
#include "inference/gpu/MemoryAllocator.h"

namespace gwb::gpu {

class PipelineCache;

struct DeviceOptions {
  std::string deviceOverride;  // index or name substring; empty: GWB_DEVICE, else automatic
  bool validation = false;     // also GWB_VALIDATION=1
  std::string cacheDir;        // pipeline cache folder; empty: GWB_CACHE_DIR, else ~/.cache/gemma-workbench
};

class Device {
 public:
  static std::unique_ptr<Device> open(const DeviceOptions& options = {});
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const DeviceInfo& info() const { return info_; }
  const std::string& choiceReason() const { return reason_; }
  Instance& instance() { return *instance_; }
  VkDevice handle() const { return device_; }
  VkQueue queue() const { return queue_; }
  uint32_t queueFamily() const { return queueFamily_; }
  MemoryAllocator& memory() { return *memory_; }
  PipelineCache& pipelines() { return *pipelines_; }

  // Blocking copies through a staging buffer (or directly when the buffer is host-visible).
  void upload(const BufferView& dst, const void* src, size_t bytes);
  void download(const BufferView& src, void* dst, size_t bytes);

  // Submits a recorded command buffer and waits for it; GPU failures become GpuError.
  void submitAndWait(VkCommandBuffer cb);
  // Submits without waiting (CommandRecorder::flush); a later submitAndWait's wait covers it when
  // that later work orders itself after it with a barrier.
  void submitNoWait(VkCommandBuffer cb);
  void waitQueueIdle();
  VkCommandPool commandPool() const { return commandPool_; }

 private:
  Device() = default;
  void createLogicalDevice();
  void copyBuffer(VkBuffer src, VkDeviceSize srcOffset, VkBuffer dst, VkDeviceSize dstOffset, VkDeviceSize bytes);

  std::unique_ptr<Instance> instance_;
  DeviceInfo info_;
  std::string reason_;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  uint32_t queueFamily_ = 0;
  VkCommandPool commandPool_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  std::mutex queueMutex_;
  std::unique_ptr<MemoryAllocator> memory_;
  std::unique_ptr<PipelineCache> pipelines_;
  std::unique_ptr<Buffer> staging_;  // reused for transfers
};

}  // namespace gwb::gpu
