#pragma once
// What the engine needs to know about one physical device, read once at start-up.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gwb::gpu {

// One shape VK_NV_cooperative_matrix or VK_KHR_cooperative_matrix supports (e.g. 16x8x16 f16 x f16 -> f32).
struct CoopMatShape {
  uint32_t m = 0, n = 0, k = 0;
  VkComponentTypeNV aType{}, bType{}, cType{}, dType{};
};

struct DeviceInfo {
  uint32_t index = 0;  // position in vkEnumeratePhysicalDevices order
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  std::string name;
  VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
  uint32_t vendorId = 0, deviceId = 0;
  VkDriverId driverId{};
  std::string driverName, driverInfo;
  uint32_t apiVersion = 0, driverVersion = 0;
  uint8_t pipelineCacheUuid[VK_UUID_SIZE] = {};

  uint64_t deviceLocalBytes = 0;   // largest device-local heap
  uint64_t hostVisibleDeviceLocalBytes = 0;
  uint32_t subgroupSize = 0;
  uint32_t minSubgroupSize = 0, maxSubgroupSize = 0;
  uint32_t maxSharedMemory = 0;
  uint32_t maxWorkgroupInvocations = 0;
  uint32_t maxWorkgroupCount[3] = {};
  uint64_t maxStorageBufferRange = 0;
  uint64_t maxAllocationSize = 0;
  uint64_t maxBufferSize = 0;
  uint64_t minStorageBufferOffsetAlignment = 0;
  uint32_t maxPushConstantsSize = 0;
  float timestampPeriodNs = 0;
  bool timestamps = false;  // compute queue has valid timestamp bits
  uint32_t multiprocessors = 0;  // SMs (VK_NV_shader_sm_builtins); 0: not known

  bool shaderFloat16 = false;
  bool shaderInt8 = false;
  bool shaderInt16 = false;
  bool storageBuffer16Bit = false;
  bool storageBuffer8Bit = false;
  bool subgroupArithmetic = false;
  bool subgroupShuffle = false;  // subgroupShuffle / subgroupShuffleXor in compute shaders
  bool subgroupSizeControl = false;
  // VK_EXT_shader_atomic_float's shaderBufferFloat32AtomicAdd: the decode step's fused matvec
  // projections (ops/MatvecProject.h) add their partial sums with it.
  bool bufferFloatAtomicAdd = false;
  bool maintenance4 = false;
  bool coopMatNV = false;
  std::vector<CoopMatShape> coopMatShapes;
  // VK_KHR_cooperative_matrix with at least one subgroup shape: the 16x8x16 matmul tiles run their
  // KHR build (a build-time rewrite of the NV SPIR-V, shaders/spirv/CoopMatKhrRewrite.h).
  // GWB_COOPMAT_KHR=0 in the environment turns it off (coopMatKhrDisabled), for A/B timing or a
  // driver that gets it wrong.
  bool coopMatKHR = false;
  bool coopMatKhrDisabled = false;
  std::vector<CoopMatShape> coopMatKhrShapes;

  bool isLavapipe() const { return driverId == VK_DRIVER_ID_MESA_LLVMPIPE; }
  bool isNvidia() const { return vendorId == 0x10de; }
  std::string typeName() const;
  std::string apiVersionString() const;
  // The 16x16x16 (or 16x8x16) f16 -> f32 shape the matmul coopmat kernels are written for.
  bool hasCoopMatF16Acc32(uint32_t m, uint32_t n, uint32_t k) const;
  // The same shape through VK_KHR_cooperative_matrix (false where coopMatKHR is off).
  bool hasCoopMatKhrF16Acc32(uint32_t m, uint32_t n, uint32_t k) const;
};

DeviceInfo queryDeviceInfo(VkInstance instance, VkPhysicalDevice physical, uint32_t index);

// A human-readable table of all devices (for `devices` and the logs).
std::string formatDeviceTable(const std::vector<DeviceInfo>& devices);

}  // namespace gwb::gpu
