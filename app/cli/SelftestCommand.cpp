// `selftest`: every GPU op variant this device supports against its C++ reference on random
// data — the user's proof that their GPU and driver compute correctly.
#include <cstdio>
#include <exception>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/gpu/Device.h"
#include "inference/ops/OpCheck.h"

namespace gwb::cli {

std::string selftestUsage() {
  static const OptionHelp kOptions[] = {
      {"--op FAMILY", "only the checks of this op family (default: all)"},
      {"--seed N", "seed of the random test data (default 1234)"},
      {"--device INDEX|NAME", "the GPU to test (default: GWB_DEVICE, else the best one found)"},
  };
  return "usage: gemma-workbench-cli selftest [--op FAMILY] [--seed N] [--device INDEX|NAME]\n\n"
         "Runs every GPU op variant this device supports against its C++ reference on random data;\n"
         "exits 1 if any fails.\n\n" +
         formatOptions("options", kOptions);
}

int runSelftest(CliArgs& args) {
  gpu::DeviceOptions options;
  options.deviceOverride = args.option("device", "");
  const std::string family = args.option("op", "");
  const uint64_t seed = uint64_t(args.integer("seed", 1234));
  args.rejectUnknown();

  auto device = gpu::Device::open(options);
  const gpu::DeviceInfo& info = device->info();
  std::printf("device: %s (%s, driver %s) — %s\n", info.name.c_str(), info.typeName().c_str(), info.driverInfo.c_str(),
              device->choiceReason().c_str());
  const auto checks = ops::opChecks(info, family);
  if (checks.empty()) {
    std::fprintf(stderr, "no op checks match '%s'\n", family.c_str());
    return 2;
  }
  std::printf("%-12s %-10s %-34s %12s %10s %6s %10s\n", "op", "variant", "shape", "max error", "tolerance", "result",
              "time ms");
  int failed = 0;
  for (size_t i = 0; i < checks.size(); ++i) {
    const ops::OpCheck& c = checks[i];
    ops::CheckResult r;
    try {
      r = c.run(*device, seed + i * 1000);
    } catch (const std::exception& e) {
      r.pass = false;
      r.note = e.what();
    }
    if (!r.pass) ++failed;
    std::printf("%-12s %-10s %-34s %12.3e %10.1e %6s %10.3f\n", c.op.c_str(), c.variant.c_str(), c.shape.c_str(),
                r.maxError, r.tolerance, r.pass ? "pass" : "FAIL", r.milliseconds);
    if (!r.pass && !r.note.empty()) std::printf("    %s\n", r.note.c_str());
    std::fflush(stdout);
  }
  std::printf("\n%zu passed, %d failed\n", checks.size() - size_t(failed), failed);
  return failed ? 1 : 0;
}

}  // namespace gwb::cli
