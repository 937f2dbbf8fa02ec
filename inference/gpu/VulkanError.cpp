#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

const char* gpuErrorKindName(GpuErrorKind kind) {
  switch (kind) {
    case GpuErrorKind::NoDriver: return "no Vulkan driver";
    case GpuErrorKind::NoDevice: return "no usable GPU";
    case GpuErrorKind::MissingFeature: return "missing GPU feature";
    case GpuErrorKind::OutOfDeviceMemory: return "out of GPU memory";
    case GpuErrorKind::OutOfHostMemory: return "out of host memory";
    case GpuErrorKind::DeviceLost: return "GPU device lost";
    case GpuErrorKind::InvalidArgument: return "invalid GPU request";
    case GpuErrorKind::Other: return "GPU error";
  }
  return "GPU error";
}

GpuError::GpuError(GpuErrorKind kind, const std::string& message, VkResult result)
    : std::runtime_error(message), kind_(kind), result_(result) {}

const char* vkResultName(VkResult r) {
  switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_INCOMPLETE: return "VK_INCOMPLETE";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
    case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
    case VK_ERROR_FORMAT_NOT_SUPPORTED: return "VK_ERROR_FORMAT_NOT_SUPPORTED";
    case VK_ERROR_FRAGMENTED_POOL: return "VK_ERROR_FRAGMENTED_POOL";
    case VK_ERROR_OUT_OF_POOL_MEMORY: return "VK_ERROR_OUT_OF_POOL_MEMORY";
    case VK_ERROR_INVALID_SHADER_NV: return "VK_ERROR_INVALID_SHADER_NV";
    default: return "VK_ERROR_UNKNOWN";
  }
}

namespace {
GpuErrorKind kindOf(VkResult r) {
  switch (r) {
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return GpuErrorKind::OutOfDeviceMemory;
    case VK_ERROR_OUT_OF_HOST_MEMORY: return GpuErrorKind::OutOfHostMemory;
    case VK_ERROR_DEVICE_LOST: return GpuErrorKind::DeviceLost;
    case VK_ERROR_INCOMPATIBLE_DRIVER: return GpuErrorKind::NoDriver;
    case VK_ERROR_EXTENSION_NOT_PRESENT:
    case VK_ERROR_FEATURE_NOT_PRESENT:
    case VK_ERROR_LAYER_NOT_PRESENT: return GpuErrorKind::MissingFeature;
    default: return GpuErrorKind::Other;
  }
}

std::string advice(GpuErrorKind k) {
  switch (k) {
    case GpuErrorKind::OutOfDeviceMemory:
      return " Close other GPU programs, pick a smaller model or context, or choose another device with --device.";
    case GpuErrorKind::DeviceLost:
      return " The GPU driver reset or the GPU hung; restart the program. If it repeats, update the driver.";
    case GpuErrorKind::NoDriver:
      return " Install a Vulkan driver (on Debian: mesa-vulkan-drivers, or your GPU vendor's driver) and libvulkan1.";
    default: return "";
  }
}
}  // namespace

void checkVk(VkResult r, const char* what) {
  if (r >= 0) return;
  GpuErrorKind k = kindOf(r);
  throw GpuError(k, std::string(gpuErrorKindName(k)) + ": " + what + " failed (" + vkResultName(r) + ")." + advice(k), r);
}

void checkVk(VkResult r, const std::string& what) { checkVk(r, what.c_str()); }

}  // namespace gwb::gpu
