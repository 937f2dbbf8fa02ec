// The sub-allocator: many buffers share blocks, freed space coalesces and is reused, very large
// buffers get their own allocation, and the statistics add up.
#include <QTest>

#include <random>

#include "GpuTestSupport.h"
#include "inference/gpu/Buffer.h"

using namespace gwb;

class TestGpuMemory : public QObject {
  Q_OBJECT
 private slots:
  void suballocatesAndReuses() {
    auto& dev = test::testDevice();
    const auto before = dev.memory().stats();
    {
      std::vector<gpu::Buffer> bufs;
      std::mt19937 rng(1);
      for (int i = 0; i < 200; ++i) {
        bufs.emplace_back(dev, 1000 + rng() % 200000, gpu::MemoryUsage::DeviceLocal, "b" + std::to_string(i));
      }
      const auto mid = dev.memory().stats();
      QVERIFY(mid.bytesInUse > before.bytesInUse);
      QVERIFY(mid.blocks - before.blocks <= 1);  // 200 small buffers fit one 256 MiB block
      // Free every other one, then allocate again: the holes are reused, no new block.
      for (size_t i = 0; i < bufs.size(); i += 2) bufs[i] = gpu::Buffer();
      const auto holes = dev.memory().stats();
      for (int i = 0; i < 100; ++i) bufs.emplace_back(dev, 1000, gpu::MemoryUsage::DeviceLocal, "again");
      QCOMPARE(dev.memory().stats().blocks, holes.blocks);
    }
    const auto after = dev.memory().stats();
    QCOMPARE(after.bytesInUse, before.bytesInUse);
  }

  void largeBuffersAreDedicatedAndReleased() {
    auto& dev = test::testDevice();
    const auto before = dev.memory().stats();
    {
      gpu::Buffer big(dev, 200ull << 20, gpu::MemoryUsage::DeviceLocal, "big");
      QCOMPARE(dev.memory().stats().blocks, before.blocks + 1);
      QVERIFY(dev.memory().stats().peakBytesInUse >= (200ull << 20));
    }
    QCOMPARE(dev.memory().stats().blocks, before.blocks);
    QCOMPARE(dev.memory().stats().bytesReserved, before.bytesReserved);
  }

  void dataSurvivesNeighbours() {
    // Writing one buffer must not touch its neighbours in the same block.
    auto& dev = test::testDevice();
    std::vector<gpu::Buffer> bufs;
    for (int i = 0; i < 8; ++i) {
      bufs.emplace_back(dev, 4096 + 4 * i, gpu::MemoryUsage::DeviceLocal, "n");
      std::vector<uint8_t> fill(bufs.back().size(), uint8_t(i + 1));
      dev.upload(bufs.back().view(), fill.data(), fill.size());
    }
    for (int i = 0; i < 8; ++i) {
      std::vector<uint8_t> back(bufs[i].size());
      dev.download(bufs[i].view(), back.data(), back.size());
      for (uint8_t v : back) QCOMPARE(int(v), i + 1);
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestGpuMemory)
#include "test_gpu_memory.moc"
