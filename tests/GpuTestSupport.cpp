#include "GpuTestSupport.h"

#include "inference/ops/OpCheck.h"

namespace gwb::test {

gpu::Device& testDevice() {
  static std::unique_ptr<gpu::Device> device = [] {
    gpu::DeviceOptions o;
    return gpu::Device::open(o);
  }();
  return *device;
}

void verifyNoValidationMessages() {
  auto& inst = testDevice().instance();
  const auto msgs = inst.validationMessages();
  inst.clearValidationMessages();
  for (const auto& m : msgs) qWarning("validation: %s", m.c_str());
  QVERIFY2(msgs.empty(), "the Vulkan validation layer reported messages (see above)");
}

void runOpFamily(const std::string& family) {
  gpu::Device& dev = testDevice();
  const auto checks = ops::opChecks(dev.info(), family);
  QVERIFY2(!checks.empty(), ("no checks registered for op family " + family).c_str());
  uint64_t seed = 20261122;
  for (const auto& c : checks) {
    const ops::CheckResult r = c.run(dev, seed);
    seed += 7919;
    const std::string what = c.op + " " + c.variant + " " + c.shape + ": max error " + std::to_string(r.maxError) +
                             " (tolerance " + std::to_string(r.tolerance) + ") " + r.note;
    qInfo("%s", what.c_str());
    QVERIFY2(r.pass, what.c_str());
  }
  verifyNoValidationMessages();
}

}  // namespace gwb::test
