// `devices`: every Vulkan device with its capabilities, and which one would be used and why.
#include <cstdio>

#include "app/cli/Commands.h"
#include "inference/gpu/DeviceSelection.h"
#include "inference/gpu/Instance.h"

namespace gwb::cli {

int runDevices(CliArgs& args) {
  const std::string override = args.option("device", gpu::deviceOverrideFromEnvironment());
  args.rejectUnknown();
  gpu::Instance instance;
  const auto& devices = instance.devices();
  std::printf("%s", gpu::formatDeviceTable(devices).c_str());
  const gpu::DeviceChoice choice = gpu::chooseDevice(devices, override);
  const gpu::DeviceInfo& d = devices[choice.position];
  std::printf("\nusing [%u] %s: %s\n", d.index, d.name.c_str(), choice.reason.c_str());
  return 0;
}

}  // namespace gwb::cli
