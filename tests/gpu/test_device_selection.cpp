// Device choice is a pure function of the device list and the override: test it with made-up
// devices so every branch is covered without the hardware.
#include <QTest>

#include "inference/gpu/DeviceSelection.h"
#include "inference/gpu/VulkanError.h"

using namespace gwb::gpu;

namespace {
DeviceInfo fake(uint32_t index, const char* name, VkPhysicalDeviceType type, uint64_t memGiB,
                VkDriverId driver = VK_DRIVER_ID_NVIDIA_PROPRIETARY) {
  DeviceInfo d;
  d.index = index;
  d.name = name;
  d.type = type;
  d.deviceLocalBytes = memGiB << 30;
  d.driverId = driver;
  return d;
}
}  // namespace

class TestDeviceSelection : public QObject {
  Q_OBJECT
 private slots:
  void prefersDiscreteThenMemory() {
    std::vector<DeviceInfo> d = {
        fake(0, "llvmpipe (LLVM 15)", VK_PHYSICAL_DEVICE_TYPE_CPU, 2, VK_DRIVER_ID_MESA_LLVMPIPE),
        fake(1, "Intel UHD 770", VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU, 16),
        fake(2, "NVIDIA RTX 4060", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, 8),
        fake(3, "NVIDIA RTX 4090", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, 24),
    };
    const DeviceChoice c = chooseDevice(d, "");
    QCOMPARE(c.position, size_t(3));
    QVERIFY(c.reason.find("discrete") != std::string::npos);
  }
  void integratedBeatsLavapipe() {
    std::vector<DeviceInfo> d = {
        fake(0, "llvmpipe", VK_PHYSICAL_DEVICE_TYPE_CPU, 64, VK_DRIVER_ID_MESA_LLVMPIPE),
        fake(1, "AMD Radeon 780M", VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU, 4, VK_DRIVER_ID_MESA_RADV),
    };
    QCOMPARE(chooseDevice(d, "").position, size_t(1));
  }
  void lavapipeAloneSaysSo() {
    std::vector<DeviceInfo> d = {fake(0, "llvmpipe", VK_PHYSICAL_DEVICE_TYPE_CPU, 2, VK_DRIVER_ID_MESA_LLVMPIPE)};
    const DeviceChoice c = chooseDevice(d, "");
    QCOMPARE(c.position, size_t(0));
    QVERIFY2(c.reason.find("lavapipe") != std::string::npos, c.reason.c_str());
  }
  void overrideByIndexAndName() {
    std::vector<DeviceInfo> d = {
        fake(0, "NVIDIA H100", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, 80),
        fake(1, "llvmpipe", VK_PHYSICAL_DEVICE_TYPE_CPU, 2, VK_DRIVER_ID_MESA_LLVMPIPE),
    };
    QCOMPARE(chooseDevice(d, "1").position, size_t(1));
    QCOMPARE(chooseDevice(d, "LLVM").position, size_t(1));
    QCOMPARE(chooseDevice(d, "h100").position, size_t(0));
    QVERIFY(chooseDevice(d, "h100").reason.find("user") != std::string::npos);
  }
  void badOverrideListsDevices() {
    std::vector<DeviceInfo> d = {fake(0, "NVIDIA H100", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, 80)};
    try {
      chooseDevice(d, "radeon");
      QFAIL("expected an error");
    } catch (const GpuError& e) {
      QCOMPARE(e.kind(), GpuErrorKind::NoDevice);
      QVERIFY(std::string(e.what()).find("NVIDIA H100") != std::string::npos);
    }
    QVERIFY_THROWS_EXCEPTION(GpuError, chooseDevice(d, "7"));
  }
  void noDevicesIsClearError() {
    try {
      chooseDevice({}, "");
      QFAIL("expected an error");
    } catch (const GpuError& e) {
      QCOMPARE(e.kind(), GpuErrorKind::NoDevice);
      QVERIFY(std::string(e.what()).find("driver") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(TestDeviceSelection)
#include "test_device_selection.moc"
