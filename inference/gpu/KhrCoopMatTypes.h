#pragma once
// VK_KHR_cooperative_matrix's structures and entry point, under our own names: Debian 12's Vulkan
// headers (1.3.239) predate the extension (1.3.255), and a build against newer headers must not
// see two definitions. Values from the Vulkan registry (extension number 507, revision 2).
#include <vulkan/vulkan.h>

namespace gwb::gpu::khr {

inline constexpr const char* kCoopMatExtension = "VK_KHR_cooperative_matrix";
inline constexpr VkStructureType kCoopMatFeaturesType = VkStructureType(1000506000);
inline constexpr VkStructureType kCoopMatPropertiesType = VkStructureType(1000506001);

// VkPhysicalDeviceCooperativeMatrixFeaturesKHR
struct CoopMatFeatures {
  VkStructureType sType = kCoopMatFeaturesType;
  void* pNext = nullptr;
  VkBool32 cooperativeMatrix = VK_FALSE;
  VkBool32 cooperativeMatrixRobustBufferAccess = VK_FALSE;
};

// VkCooperativeMatrixPropertiesKHR (component types share VkComponentTypeNV's values; scope 3 is
// the subgroup, as in VkScopeNV).
struct CoopMatProperties {
  VkStructureType sType = kCoopMatPropertiesType;
  void* pNext = nullptr;
  uint32_t MSize = 0, NSize = 0, KSize = 0;
  VkComponentTypeNV AType{}, BType{}, CType{}, ResultType{};
  VkBool32 saturatingAccumulation = VK_FALSE;
  VkScopeNV scope{};
};

// vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR
using GetCoopMatProperties = VkResult(VKAPI_PTR*)(VkPhysicalDevice, uint32_t*, CoopMatProperties*);

}  // namespace gwb::gpu::khr
