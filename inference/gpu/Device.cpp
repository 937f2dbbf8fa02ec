#include "inference/gpu/Device.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "inference/gpu/DeviceSelection.h"
#include "inference/gpu/KhrCoopMatTypes.h"
#include "inference/gpu/PipelineCache.h"
#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

namespace {
constexpr VkDeviceSize kStagingBytes = 64ull << 20;
constexpr std::chrono::microseconds kFencePollTime{5000};
}

std::unique_ptr<Device> Device::open(const DeviceOptions& options) {
  std::unique_ptr<Device> d(new Device());
  InstanceOptions io;
  io.validation = options.validation;
  d->instance_ = std::make_unique<Instance>(io);
  const std::string override =
      options.deviceOverride.empty() ? deviceOverrideFromEnvironment() : options.deviceOverride;
  const DeviceChoice choice = chooseDevice(d->instance_->devices(), override);
  d->info_ = d->instance_->devices()[choice.position];
  d->reason_ = choice.reason;
  d->createLogicalDevice();
  d->memory_ = std::make_unique<MemoryAllocator>(d->device_, d->info_);
  d->pipelines_ = std::make_unique<PipelineCache>(*d, options.cacheDir);
  return d;
}

void Device::createLogicalDevice() {
  const DeviceInfo& i = info_;
  auto missing = [&](const char* what) {
    throw GpuError(GpuErrorKind::MissingFeature,
                   "the GPU '" + i.name + "' lacks " + what + ", which Gemma Workbench needs. Update the driver or " +
                       "choose another device with --device.");
  };
  if (!i.storageBuffer16Bit) missing("16-bit storage buffers (storageBuffer16BitAccess)");
  if (!i.maintenance4) missing("Vulkan 1.3 maintenance4");
  if (!i.subgroupArithmetic) missing("subgroup arithmetic in compute shaders");

  uint32_t qn = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(i.physical, &qn, nullptr);
  std::vector<VkQueueFamilyProperties> qs(qn);
  vkGetPhysicalDeviceQueueFamilyProperties(i.physical, &qn, qs.data());
  bool found = false;
  // Prefer a compute queue that also does graphics (the "universal" queue has timestamps everywhere).
  for (uint32_t f = 0; f < qn && !found; ++f) {
    if ((qs[f].queueFlags & VK_QUEUE_COMPUTE_BIT) && (qs[f].queueFlags & VK_QUEUE_GRAPHICS_BIT)) {
      queueFamily_ = f;
      found = true;
    }
  }
  for (uint32_t f = 0; f < qn && !found; ++f) {
    if (qs[f].queueFlags & VK_QUEUE_COMPUTE_BIT) {
      queueFamily_ = f;
      found = true;
    }
  }
  if (!found) missing("a compute queue");

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = queueFamily_;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;

  VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceCooperativeMatrixFeaturesNV coop{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
  f11.pNext = &f12;
  f12.pNext = &f13;
  f11.storageBuffer16BitAccess = VK_TRUE;
  f12.shaderFloat16 = i.shaderFloat16;
  f12.shaderInt8 = i.shaderInt8;
  f12.storageBuffer8BitAccess = i.storageBuffer8Bit;
  f12.vulkanMemoryModel = i.coopMatNV;  // the coopmat shaders use it (DeviceInfo requires it for coopMatNV)
  f13.maintenance4 = VK_TRUE;
  f13.subgroupSizeControl = i.subgroupSizeControl;
  f13.computeFullSubgroups = i.subgroupSizeControl;
  std::vector<const char*> exts;
  if (i.coopMatNV) {
    coop.cooperativeMatrix = VK_TRUE;
    f13.pNext = &coop;
    exts.push_back(VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
  }
  khr::CoopMatFeatures coopKhr;
  if (i.coopMatKHR) {  // beside the NV one: tiles run in either form (MatmulCoopMatTiles.h)
    f12.vulkanMemoryModel = VK_TRUE;
    coopKhr.cooperativeMatrix = VK_TRUE;
    coopKhr.pNext = f13.pNext;
    f13.pNext = &coopKhr;
    exts.push_back(khr::kCoopMatExtension);
  }
  VkPhysicalDeviceShaderAtomicFloatFeaturesEXT atomicFloat{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT};
  if (i.bufferFloatAtomicAdd) {
    atomicFloat.shaderBufferFloat32AtomicAdd = VK_TRUE;
    atomicFloat.pNext = f13.pNext;
    f13.pNext = &atomicFloat;
    exts.push_back(VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME);
  }
  VkPhysicalDeviceFeatures2 feats{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f11, {}};
  feats.features.shaderInt16 = i.shaderInt16;

  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  dci.pNext = &feats;
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  dci.enabledExtensionCount = uint32_t(exts.size());
  dci.ppEnabledExtensionNames = exts.data();
  checkVk(vkCreateDevice(i.physical, &dci, nullptr, &device_), "creating the Vulkan device on " + i.name);
  vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);

  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pci.queueFamilyIndex = queueFamily_;
  checkVk(vkCreateCommandPool(device_, &pci, nullptr, &commandPool_), "creating a command pool");
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  checkVk(vkCreateFence(device_, &fci, nullptr, &fence_), "creating a fence");
}

Device::~Device() {
  if (device_ != VK_NULL_HANDLE) vkDeviceWaitIdle(device_);
  staging_.reset();
  pipelines_.reset();
  memory_.reset();
  if (fence_) vkDestroyFence(device_, fence_, nullptr);
  if (commandPool_) vkDestroyCommandPool(device_, commandPool_, nullptr);
  if (device_) vkDestroyDevice(device_, nullptr);
}

void Device::submitAndWait(VkCommandBuffer cb) {
  std::lock_guard lock(queueMutex_);
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cb;
  checkVk(vkResetFences(device_, 1, &fence_), "resetting a fence");
  checkVk(vkQueueSubmit(queue_, 1, &si, fence_), "submitting GPU work");
  // Poll the fence for the first few milliseconds before blocking: a decode step is a few ms of
  // GPU work, and a blocked thread wakes tens of microseconds after the fence signals (H100, E2B
  // decode: 296 -> 305 tok/s, docs/benchmarks.md). Longer work (prefill, encoders) then blocks.
  // Not on CPU implementations, whose work needs the core the poll would take.
  const auto start = std::chrono::steady_clock::now();
  const bool poll = info_.type != VK_PHYSICAL_DEVICE_TYPE_CPU;
  while (poll && std::chrono::steady_clock::now() - start < kFencePollTime) {
    const VkResult r = vkGetFenceStatus(device_, fence_);
    if (r == VK_SUCCESS) return;
    if (r != VK_NOT_READY) checkVk(r, "waiting for the GPU");
  }
  checkVk(vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX), "waiting for the GPU");
}

void Device::submitNoWait(VkCommandBuffer cb) {
  std::lock_guard lock(queueMutex_);
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cb;
  checkVk(vkQueueSubmit(queue_, 1, &si, VK_NULL_HANDLE), "submitting GPU work");
}

void Device::waitQueueIdle() {
  std::lock_guard lock(queueMutex_);
  checkVk(vkQueueWaitIdle(queue_), "waiting for the GPU");
}

void Device::copyBuffer(VkBuffer src, VkDeviceSize srcOffset, VkBuffer dst, VkDeviceSize dstOffset,
                        VkDeviceSize bytes) {
  VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  ai.commandPool = commandPool_;
  ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  ai.commandBufferCount = 1;
  VkCommandBuffer cb;
  checkVk(vkAllocateCommandBuffers(device_, &ai, &cb), "allocating a command buffer");
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  vkBeginCommandBuffer(cb, &bi);
  // Earlier dispatches may still write the source or read the destination.
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                       VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &mb, 0, nullptr, 0, nullptr);
  VkBufferCopy region{srcOffset, dstOffset, bytes};
  vkCmdCopyBuffer(cb, src, dst, 1, &region);
  mb.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
  vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT,
                       VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, nullptr, 0,
                       nullptr);
  vkEndCommandBuffer(cb);
  try {
    submitAndWait(cb);
  } catch (...) {
    vkFreeCommandBuffers(device_, commandPool_, 1, &cb);
    throw;
  }
  vkFreeCommandBuffers(device_, commandPool_, 1, &cb);
}

void Device::upload(const BufferView& dst, const void* src, size_t bytes) {
  if (bytes > dst.size) throw GpuError(GpuErrorKind::InvalidArgument, "upload larger than its destination view");
  if (bytes == 0) return;
  const Buffer& b = *dst.buffer;
  if (b.mapped()) {
    std::memcpy(b.mapped() + dst.offset, src, bytes);
    if (!b.hostCoherent()) {
      // Mapped non-coherent memory is rare for our usages; a full device wait keeps it simple.
      vkDeviceWaitIdle(device_);
    }
    return;
  }
  if (!staging_) staging_ = std::make_unique<Buffer>(*this, kStagingBytes, MemoryUsage::HostUpload, "staging buffer");
  const auto* p = static_cast<const std::byte*>(src);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min<size_t>(bytes - done, kStagingBytes);
    std::memcpy(staging_->mapped(), p + done, n);
    copyBuffer(staging_->handle(), 0, b.handle(), dst.offset + done, n);
    done += n;
  }
}

void Device::download(const BufferView& src, void* dst, size_t bytes) {
  if (bytes > src.size) throw GpuError(GpuErrorKind::InvalidArgument, "download larger than its source view");
  if (bytes == 0) return;
  const Buffer& b = *src.buffer;
  if (b.mapped()) {
    std::memcpy(dst, b.mapped() + src.offset, bytes);
    return;
  }
  if (!staging_) staging_ = std::make_unique<Buffer>(*this, kStagingBytes, MemoryUsage::HostUpload, "staging buffer");
  auto* p = static_cast<std::byte*>(dst);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min<size_t>(bytes - done, kStagingBytes);
    copyBuffer(b.handle(), src.offset + done, staging_->handle(), 0, n);
    std::memcpy(p + done, staging_->mapped(), n);
    done += n;
  }
}

}  // namespace gwb::gpu
