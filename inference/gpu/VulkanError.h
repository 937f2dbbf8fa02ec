#pragma once
// Every Vulkan failure becomes a GpuError with a kind the caller can act on and a message a user
// can read ("the GPU ran out of memory while allocating 512 MiB for ..."), never an abort.
#include <vulkan/vulkan.h>

#include <stdexcept>
#include <string>

namespace gwb::gpu {

enum class GpuErrorKind {
  NoDriver,           // no Vulkan loader or no ICD at all
  NoDevice,           // drivers load but no usable device (or the override matched none)
  MissingFeature,     // the device lacks something the engine needs
  OutOfDeviceMemory,
  OutOfHostMemory,
  DeviceLost,         // driver reset, GPU hang, or the device was removed
  InvalidArgument,    // a caller asked for something impossible (binding too large, ...)
  Other,
};

const char* gpuErrorKindName(GpuErrorKind kind);

class GpuError : public std::runtime_error {
 public:
  GpuError(GpuErrorKind kind, const std::string& message, VkResult result = VK_SUCCESS);
  GpuErrorKind kind() const { return kind_; }
  VkResult result() const { return result_; }

 private:
  GpuErrorKind kind_;
  VkResult result_;
};

const char* vkResultName(VkResult r);

// Throws GpuError if r is an error code; `what` says what was being done.
void checkVk(VkResult r, const char* what);
void checkVk(VkResult r, const std::string& what);

}  // namespace gwb::gpu
