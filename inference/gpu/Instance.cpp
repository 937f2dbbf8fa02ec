#include "inference/gpu/Instance.h"

#include <cstdlib>
#include <cstring>

#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

bool layerAvailable(const char* name) {
  uint32_t n = 0;
  vkEnumerateInstanceLayerProperties(&n, nullptr);
  std::vector<VkLayerProperties> layers(n);
  vkEnumerateInstanceLayerProperties(&n, layers.data());
  for (const auto& l : layers) {
    if (std::strcmp(l.layerName, name) == 0) return true;
  }
  return false;
}

}  // namespace

bool validationRequestedByEnvironment() {
  const char* v = std::getenv("GWB_VALIDATION");
  return v && std::strcmp(v, "0") != 0 && *v != '\0';
}

Instance::Instance(const InstanceOptions& options) {
  const bool wantValidation = options.validation || validationRequestedByEnvironment();
  if (wantValidation && !layerAvailable(kValidationLayer)) {
    throw GpuError(GpuErrorKind::MissingFeature,
                   "validation was requested (GWB_VALIDATION) but VK_LAYER_KHRONOS_validation is not installed "
                   "(Debian: vulkan-validationlayers)");
  }

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "Gemma Workbench";
  app.applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
  app.pEngineName = "gwb";
  app.apiVersion = VK_API_VERSION_1_3;

  std::vector<const char*> layers;
  std::vector<const char*> extensions;
  VkDebugUtilsMessengerCreateInfoEXT dbg{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  dbg.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  dbg.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  dbg.pfnUserCallback = &Instance::onMessage;
  dbg.pUserData = this;
  if (wantValidation) {
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  }

  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ci.pApplicationInfo = &app;
  ci.enabledLayerCount = uint32_t(layers.size());
  ci.ppEnabledLayerNames = layers.data();
  ci.enabledExtensionCount = uint32_t(extensions.size());
  ci.ppEnabledExtensionNames = extensions.data();
  ci.pNext = wantValidation ? &dbg : nullptr;
  const VkResult r = vkCreateInstance(&ci, nullptr, &instance_);
  if (r == VK_ERROR_INCOMPATIBLE_DRIVER) {
    throw GpuError(GpuErrorKind::NoDriver,
                   "no Vulkan 1.3 driver found. Install your GPU's Vulkan driver (or mesa-vulkan-drivers for the CPU "
                   "fallback) and libvulkan1.",
                   r);
  }
  checkVk(r, "creating the Vulkan instance");

  if (wantValidation) {
    auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
    if (create) checkVk(create(instance_, &dbg, nullptr, &messenger_), "creating the validation messenger");
  }

  uint32_t n = 0;
  checkVk(vkEnumeratePhysicalDevices(instance_, &n, nullptr), "listing Vulkan devices");
  std::vector<VkPhysicalDevice> pds(n);
  checkVk(vkEnumeratePhysicalDevices(instance_, &n, pds.data()), "listing Vulkan devices");
  for (uint32_t i = 0; i < n; ++i) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(pds[i], &p);
    // The engine needs Vulkan 1.3 (maintenance4, subgroup size control, 16-bit storage).
    if (p.apiVersion < VK_API_VERSION_1_3) continue;
    devices_.push_back(queryDeviceInfo(instance_, pds[i], i));
  }
}

Instance::~Instance() {
  if (messenger_ != VK_NULL_HANDLE) {
    auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
    if (destroy) destroy(instance_, messenger_, nullptr);
  }
  if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
}

std::vector<std::string> Instance::validationMessages() const {
  std::lock_guard lock(messagesMutex_);
  return messages_;
}

void Instance::clearValidationMessages() {
  std::lock_guard lock(messagesMutex_);
  messages_.clear();
}

VKAPI_ATTR VkBool32 VKAPI_CALL Instance::onMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void* self) {
  auto* inst = static_cast<Instance*>(self);
  std::string msg = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) ? "[error] " : "[warning] ";
  msg += data && data->pMessage ? data->pMessage : "(no text)";
  std::lock_guard lock(inst->messagesMutex_);
  inst->messages_.push_back(std::move(msg));
  return VK_FALSE;
}

}  // namespace gwb::gpu
