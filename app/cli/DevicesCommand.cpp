// `devices`: every Vulkan device with its capabilities, and which one would be used and why.
#include <cstdio>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/gpu/DeviceSelection.h"
#include "inference/gpu/Instance.h"

namespace gwb::cli {

std::string devicesUsage() {
  static const OptionHelp kOptions[] = {
      {"--device INDEX|NAME", "the device to report as chosen (default: GWB_DEVICE, else the best one found)"},
  };
  return "usage: gemma-workbench-cli devices [--device INDEX|NAME]\n\n"
         "Lists every Vulkan device with its capabilities, and which one would be used and why.\n\n" +
         formatOptions("options", kOptions);
}

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
