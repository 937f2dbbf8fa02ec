#include "inference/gpu/DeviceInfo.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "inference/gpu/KhrCoopMatTypes.h"

namespace gwb::gpu {

std::string DeviceInfo::typeName() const {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
    default: return "other";
  }
}

std::string DeviceInfo::apiVersionString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%u.%u", VK_API_VERSION_MAJOR(apiVersion), VK_API_VERSION_MINOR(apiVersion),
                VK_API_VERSION_PATCH(apiVersion));
  return buf;
}

namespace {
bool hasF16Acc32(const std::vector<CoopMatShape>& shapes, uint32_t m, uint32_t n, uint32_t k) {
  return std::any_of(shapes.begin(), shapes.end(), [&](const CoopMatShape& s) {
    return s.m == m && s.n == n && s.k == k && s.aType == VK_COMPONENT_TYPE_FLOAT16_NV &&
           s.bType == VK_COMPONENT_TYPE_FLOAT16_NV && s.cType == VK_COMPONENT_TYPE_FLOAT32_NV &&
           s.dType == VK_COMPONENT_TYPE_FLOAT32_NV;
  });
}
}  // namespace

bool DeviceInfo::hasCoopMatF16Acc32(uint32_t m, uint32_t n, uint32_t k) const {
  return hasF16Acc32(coopMatShapes, m, n, k);
}

bool DeviceInfo::hasCoopMatKhrF16Acc32(uint32_t m, uint32_t n, uint32_t k) const {
  return coopMatKHR && hasF16Acc32(coopMatKhrShapes, m, n, k);
}

namespace {

bool hasExtension(VkPhysicalDevice pd, const char* name) {
  uint32_t n = 0;
  vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, nullptr);
  std::vector<VkExtensionProperties> exts(n);
  vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, exts.data());
  return std::any_of(exts.begin(), exts.end(),
                     [&](const VkExtensionProperties& e) { return std::strcmp(e.extensionName, name) == 0; });
}

}  // namespace

DeviceInfo queryDeviceInfo(VkInstance instance, VkPhysicalDevice pd, uint32_t index) {
  DeviceInfo d;
  d.index = index;
  d.physical = pd;

  VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
  VkPhysicalDeviceSubgroupSizeControlProperties sizeControl{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES};
  VkPhysicalDeviceMaintenance3Properties maint3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
  VkPhysicalDeviceMaintenance4Properties maint4{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_4_PROPERTIES};
  driver.pNext = &subgroup;
  subgroup.pNext = &sizeControl;
  sizeControl.pNext = &maint3;
  maint3.pNext = &maint4;
  // NVIDIA's SM count: decode matvecs size their grids to what the GPU holds at once.
  VkPhysicalDeviceShaderSMBuiltinsPropertiesNV sms{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_SM_BUILTINS_PROPERTIES_NV};
  if (hasExtension(pd, VK_NV_SHADER_SM_BUILTINS_EXTENSION_NAME)) maint4.pNext = &sms;
  VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &driver, {}};
  vkGetPhysicalDeviceProperties2(pd, &props);
  const VkPhysicalDeviceProperties& p = props.properties;

  d.name = p.deviceName;
  d.type = p.deviceType;
  d.vendorId = p.vendorID;
  d.deviceId = p.deviceID;
  d.apiVersion = p.apiVersion;
  d.driverVersion = p.driverVersion;
  std::memcpy(d.pipelineCacheUuid, p.pipelineCacheUUID, VK_UUID_SIZE);
  d.driverId = driver.driverID;
  d.driverName = driver.driverName;
  d.driverInfo = driver.driverInfo;
  d.subgroupSize = subgroup.subgroupSize;
  d.subgroupArithmetic = (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) &&
                         (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT);
  d.subgroupShuffle = (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT) &&
                      (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT);
  d.minSubgroupSize = sizeControl.minSubgroupSize;
  d.maxSubgroupSize = sizeControl.maxSubgroupSize;
  d.maxSharedMemory = p.limits.maxComputeSharedMemorySize;
  d.maxWorkgroupInvocations = p.limits.maxComputeWorkGroupInvocations;
  for (int i = 0; i < 3; ++i) d.maxWorkgroupCount[i] = p.limits.maxComputeWorkGroupCount[i];
  d.maxStorageBufferRange = p.limits.maxStorageBufferRange;
  d.maxAllocationSize = maint3.maxMemoryAllocationSize;
  d.maxBufferSize = maint4.maxBufferSize;
  d.minStorageBufferOffsetAlignment = p.limits.minStorageBufferOffsetAlignment;
  d.maxPushConstantsSize = p.limits.maxPushConstantsSize;
  d.timestampPeriodNs = p.limits.timestampPeriod;
  d.multiprocessors = sms.shaderSMCount;

  uint32_t qn = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &qn, nullptr);
  std::vector<VkQueueFamilyProperties> qs(qn);
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &qn, qs.data());
  for (const auto& q : qs) {
    if ((q.queueFlags & VK_QUEUE_COMPUTE_BIT) && q.timestampValidBits > 0) d.timestamps = true;
  }

  VkPhysicalDeviceMemoryProperties mem;
  vkGetPhysicalDeviceMemoryProperties(pd, &mem);
  for (uint32_t h = 0; h < mem.memoryHeapCount; ++h) {
    if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
      d.deviceLocalBytes = std::max<uint64_t>(d.deviceLocalBytes, mem.memoryHeaps[h].size);
    }
  }
  for (uint32_t t = 0; t < mem.memoryTypeCount; ++t) {
    const auto f = mem.memoryTypes[t].propertyFlags;
    if ((f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) && (f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) {
      d.hostVisibleDeviceLocalBytes =
          std::max<uint64_t>(d.hostVisibleDeviceLocalBytes, mem.memoryHeaps[mem.memoryTypes[t].heapIndex].size);
    }
  }

  VkPhysicalDeviceCooperativeMatrixFeaturesNV coop{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
  khr::CoopMatFeatures coopKhr;
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
  const bool coopExt = hasExtension(pd, VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
  f11.pNext = &f12;
  f12.pNext = &f13;
  const bool coopKhrExt = hasExtension(pd, khr::kCoopMatExtension);
  f13.pNext = coopExt ? &coop : nullptr;
  if (coopKhrExt) {
    coopKhr.pNext = f13.pNext;
    f13.pNext = &coopKhr;
  }
  VkPhysicalDeviceShaderAtomicFloatFeaturesEXT atomicFloat{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT};
  const bool atomicFloatExt = hasExtension(pd, VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME);
  if (atomicFloatExt) {
    atomicFloat.pNext = f13.pNext;
    f13.pNext = &atomicFloat;
  }
  VkPhysicalDeviceFeatures2 feats{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f11, {}};
  vkGetPhysicalDeviceFeatures2(pd, &feats);
  d.shaderInt16 = feats.features.shaderInt16;
  d.storageBuffer16Bit = f11.storageBuffer16BitAccess;
  d.shaderFloat16 = f12.shaderFloat16;
  d.shaderInt8 = f12.shaderInt8;
  d.storageBuffer8Bit = f12.storageBuffer8BitAccess;
  d.subgroupSizeControl = f13.subgroupSizeControl && f13.computeFullSubgroups;
  d.maintenance4 = f13.maintenance4;
  d.bufferFloatAtomicAdd = atomicFloatExt && atomicFloat.shaderBufferFloat32AtomicAdd;
  // GLSL cooperative-matrix shaders need gl_ScopeSubgroup, so glslang emits the Vulkan memory model.
  d.coopMatNV = coopExt && coop.cooperativeMatrix && f12.vulkanMemoryModel;

  if (d.coopMatNV) {
    auto getProps = reinterpret_cast<PFN_vkGetPhysicalDeviceCooperativeMatrixPropertiesNV>(
        vkGetInstanceProcAddr(instance, "vkGetPhysicalDeviceCooperativeMatrixPropertiesNV"));
    if (getProps) {
      uint32_t n = 0;
      getProps(pd, &n, nullptr);
      std::vector<VkCooperativeMatrixPropertiesNV> cps(n, {VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_NV});
      getProps(pd, &n, cps.data());
      for (const auto& c : cps) {
        if (c.scope != VK_SCOPE_SUBGROUP_NV) continue;
        d.coopMatShapes.push_back({c.MSize, c.NSize, c.KSize, c.AType, c.BType, c.CType, c.DType});
      }
    }
  }
  const char* khrEnv = std::getenv("GWB_COOPMAT_KHR");
  d.coopMatKhrDisabled = khrEnv != nullptr && std::strcmp(khrEnv, "0") == 0;
  if (coopKhrExt && coopKhr.cooperativeMatrix && f12.vulkanMemoryModel && !d.coopMatKhrDisabled) {
    auto getProps = reinterpret_cast<khr::GetCoopMatProperties>(
        vkGetInstanceProcAddr(instance, "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR"));
    if (getProps) {
      uint32_t n = 0;
      getProps(pd, &n, nullptr);
      std::vector<khr::CoopMatProperties> cps(n);
      getProps(pd, &n, cps.data());
      for (const auto& c : cps) {
        if (c.scope != VK_SCOPE_SUBGROUP_NV) continue;
        d.coopMatKhrShapes.push_back({c.MSize, c.NSize, c.KSize, c.AType, c.BType, c.CType, c.ResultType});
      }
    }
  }
  d.coopMatKHR = !d.coopMatKhrShapes.empty();
  return d;
}

std::string formatDeviceTable(const std::vector<DeviceInfo>& devices) {
  std::ostringstream o;
  for (const DeviceInfo& d : devices) {
    char line[512];
    std::snprintf(line, sizeof line, "[%u] %s\n", d.index, d.name.c_str());
    o << line;
    std::snprintf(line, sizeof line,
                  "    type %s, driver %s (%s), Vulkan %s, vendor 0x%04x device 0x%04x\n", d.typeName().c_str(),
                  d.driverName.c_str(), d.driverInfo.c_str(), d.apiVersionString().c_str(), d.vendorId, d.deviceId);
    o << line;
    std::snprintf(line, sizeof line,
                  "    memory %.1f GiB device-local, subgroup %u (%u..%u), shared memory %u KiB, "
                  "max storage binding %.0f MiB\n",
                  double(d.deviceLocalBytes) / (1024.0 * 1024 * 1024), d.subgroupSize, d.minSubgroupSize,
                  d.maxSubgroupSize, d.maxSharedMemory / 1024, double(d.maxStorageBufferRange) / (1024.0 * 1024));
    o << line;
    std::snprintf(line, sizeof line,
                  "    fp16 %s, int8 %s, 16-bit storage %s, 8-bit storage %s, cooperative matrix (NV) %s%s, "
                  "(KHR) %s%s, timestamps %s\n",
                  d.shaderFloat16 ? "yes" : "no", d.shaderInt8 ? "yes" : "no", d.storageBuffer16Bit ? "yes" : "no",
                  d.storageBuffer8Bit ? "yes" : "no", d.coopMatNV ? "yes" : "no",
                  d.coopMatNV ? (" (" + std::to_string(d.coopMatShapes.size()) + " shapes)").c_str() : "",
                  d.coopMatKHR ? "yes" : d.coopMatKhrDisabled ? "off (GWB_COOPMAT_KHR=0)" : "no",
                  d.coopMatKHR ? (" (" + std::to_string(d.coopMatKhrShapes.size()) + " shapes)").c_str() : "",
                  d.timestamps ? "yes" : "no");
    o << line;
  }
  return o.str();
}

}  // namespace gwb::gpu
