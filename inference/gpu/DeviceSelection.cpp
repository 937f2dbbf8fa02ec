#include "inference/gpu/DeviceSelection.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

namespace {

int typeRank(const DeviceInfo& d) {
  if (d.isLavapipe()) return 0;
  switch (d.type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    default: return 1;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

std::string listNames(const std::vector<DeviceInfo>& devices) {
  std::string s;
  for (const auto& d : devices) s += "\n  [" + std::to_string(d.index) + "] " + d.name + " (" + d.typeName() + ")";
  return s;
}

bool isAllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

DeviceChoice chooseDevice(const std::vector<DeviceInfo>& devices, std::string_view userOverride) {
  if (devices.empty()) {
    throw GpuError(GpuErrorKind::NoDevice,
                   "no Vulkan device found. Install a Vulkan driver for your GPU, or mesa-vulkan-drivers for the "
                   "CPU fallback (lavapipe).");
  }
  if (!userOverride.empty()) {
    if (isAllDigits(userOverride)) {
      const unsigned long want = std::strtoul(std::string(userOverride).c_str(), nullptr, 10);
      for (size_t i = 0; i < devices.size(); ++i) {
        if (devices[i].index == want) return {i, "chosen by the user (device index " + std::string(userOverride) + ")"};
      }
    } else {
      const std::string needle = lower(userOverride);
      for (size_t i = 0; i < devices.size(); ++i) {
        if (lower(devices[i].name).find(needle) != std::string::npos) {
          return {i, "chosen by the user (name matches '" + std::string(userOverride) + "')"};
        }
      }
    }
    throw GpuError(GpuErrorKind::NoDevice,
                   "no Vulkan device matches '" + std::string(userOverride) + "' (from --device or GWB_DEVICE). " +
                       "Devices:" + listNames(devices));
  }
  size_t best = 0;
  for (size_t i = 1; i < devices.size(); ++i) {
    const auto& a = devices[i];
    const auto& b = devices[best];
    if (typeRank(a) > typeRank(b) || (typeRank(a) == typeRank(b) && a.deviceLocalBytes > b.deviceLocalBytes)) best = i;
  }
  const DeviceInfo& d = devices[best];
  std::string why;
  if (d.isLavapipe()) {
    why = "no GPU found: using lavapipe, Mesa's CPU implementation of Vulkan (correct, but much slower than a GPU)";
  } else if (d.type == VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU) {
    why = "the discrete GPU with the most memory";
  } else if (d.type == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU) {
    why = "no discrete GPU found: using the integrated GPU";
  } else {
    why = "no discrete or integrated GPU found: using a " + d.typeName() + " device";
  }
  return {best, why};
}

std::string deviceOverrideFromEnvironment() {
  const char* v = std::getenv("GWB_DEVICE");
  return v ? std::string(v) : std::string();
}

}  // namespace gwb::gpu
