#pragma once
// The Vulkan instance, the list of physical devices, and (when asked for) the Khronos
// validation layer with a messenger that records every message so tests can fail on any.
#include <vulkan/vulkan.h>

#include <mutex>
#include <string>
#include <vector>

#include "inference/gpu/DeviceInfo.h"

namespace gwb::gpu {

struct InstanceOptions {
  // Enable VK_LAYER_KHRONOS_validation. Also turned on by GWB_VALIDATION=1 in the environment.
  bool validation = false;
};

class Instance {
 public:
  explicit Instance(const InstanceOptions& options = {});
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  VkInstance handle() const { return instance_; }
  const std::vector<DeviceInfo>& devices() const { return devices_; }
  bool validationEnabled() const { return messenger_ != VK_NULL_HANDLE; }

  // Validation messages (warnings and errors) seen so far.
  std::vector<std::string> validationMessages() const;
  void clearValidationMessages();

 private:
  static VKAPI_ATTR VkBool32 VKAPI_CALL onMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                  VkDebugUtilsMessageTypeFlagsEXT types,
                                                  const VkDebugUtilsMessengerCallbackDataEXT* data, void* self);

  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  std::vector<DeviceInfo> devices_;
  mutable std::mutex messagesMutex_;
  std::vector<std::string> messages_;
};

bool validationRequestedByEnvironment();

}  // namespace gwb::gpu
