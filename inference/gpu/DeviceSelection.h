#pragma once
// Which device to run on: the user's override (--device / GWB_DEVICE: an index or a name
// substring), else the best discrete GPU, else integrated, else anything else (lavapipe last).
// Pure function over DeviceInfo so it is testable without a GPU.
#include <string>
#include <string_view>
#include <vector>

#include "inference/gpu/DeviceInfo.h"

namespace gwb::gpu {

struct DeviceChoice {
  size_t position = 0;  // index into the vector passed in
  std::string reason;   // one sentence, shown to the user
};

// Throws GpuError(NoDevice) when there is no device, or when an override matches none (the
// message lists the devices).
DeviceChoice chooseDevice(const std::vector<DeviceInfo>& devices, std::string_view userOverride);

// The override from the environment (GWB_DEVICE), or empty.
std::string deviceOverrideFromEnvironment();

}  // namespace gwb::gpu
