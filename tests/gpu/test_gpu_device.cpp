// The Vulkan core on the test device (lavapipe in CI): device facts, transfers, recorder
// barriers between dependent dispatches, timestamps, the pipeline cache file, typed errors.
#include <QTest>

#include <cmath>
#include <filesystem>
#include <vector>

#include "GpuTestSupport.h"
#include "inference/gpu/CommandRecorder.h"
#include "inference/gpu/PipelineCache.h"
#include "inference/gpu/VulkanError.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/OpCheck.h"

using namespace gwb;

namespace {
// x -> (x+x) -> *3 -> +x, three times over: t1 ends as 7x, and the last add writes t1 while t1
// was read before (WAR). `after` runs after each op (nothing, or CommandRecorder::flush).
struct SevenXChain {
  std::vector<float> x;
  gpu::Buffer bx, t1, t2;
  SevenXChain(gpu::Device& dev, uint32_t n, uint64_t seed)
      : x(ops::randomFloats(n, seed)), bx(ops::uploadFloats(dev, x, "x")), t1(ops::outputFloats(dev, n, "t1")),
        t2(ops::outputFloats(dev, n, "t2")) {}
  uint32_t n() const { return uint32_t(x.size()); }

  template <class After>
  void record(ops::OpContext& ctx, After&& after) {
    for (int rep = 0; rep < 3; ++rep) {
      ops::add(ctx, bx.view(), bx.view(), t1.view(), n());
      after();
      ops::scale(ctx, t1.view(), t2.view(), n(), 3.0f);
      after();
      ops::add(ctx, t2.view(), bx.view(), t1.view(), n());
      after();
    }
  }
  // Whether t1 holds 7x (after the submit).
  bool holdsSevenX(gpu::Device& dev) const {
    const auto got = ops::downloadFloats(dev, t1.view());
    for (size_t i = 0; i < x.size(); ++i) {
      if (!(std::abs(got[i] - 7.0f * x[i]) <= 1e-5f * std::abs(7.0f * x[i]) + 1e-6f)) return false;
    }
    return true;
  }
};
}  // namespace

class TestGpuDevice : public QObject {
  Q_OBJECT
 private slots:
  void deviceFactsAreSane() {
    const gpu::DeviceInfo& i = test::testDevice().info();
    qInfo("device: %s (%s) subgroup %u shared %u KiB", i.name.c_str(), i.typeName().c_str(), i.subgroupSize,
          i.maxSharedMemory / 1024);
    QVERIFY(!i.name.empty());
    QVERIFY(i.subgroupSize >= 1);
    QVERIFY(i.maxStorageBufferRange >= (1u << 20));
    QVERIFY(i.storageBuffer16Bit);
    QVERIFY(!test::testDevice().choiceReason().empty());
  }

  void uploadDownloadRoundTrip() {
    auto& dev = test::testDevice();
    const auto data = ops::randomFloats(100003, 5);
    gpu::Buffer b(dev, data.size() * 4, gpu::MemoryUsage::DeviceLocal, "roundtrip");
    dev.upload(b.view(), data.data(), data.size() * 4);
    std::vector<float> back(data.size());
    dev.download(b.view(), back.data(), back.size() * 4);
    QVERIFY(back == data);
    // A sub-view round trip lands at the right offset.
    const float x[4] = {1.5f, -2.0f, 3.25f, 7.0f};
    dev.upload(b.view().sub(4096, 16), x, 16);
    float y[4];
    dev.download(b.view().sub(4096, 16), y, 16);
    QCOMPARE(y[2], 3.25f);
  }

  void dependentDispatchesSeeEachOther() {
    // The chain in one submit: wrong barriers give stale values.
    auto& dev = test::testDevice();
    SevenXChain chain(dev, 50000, 11);
    gpu::CommandRecorder rec(dev);
    ops::OpContext ctx{dev, rec};
    chain.record(ctx, [] {});
    rec.submit();
    QVERIFY(chain.holdsSevenX(dev));
    test::verifyNoValidationMessages();
  }

  void flushedPiecesKeepTheirOrder() {
    // The chain above with a flush() after every op: each piece starts on the GPU while the next
    // is recorded; barriers in the later pieces must order them after the flushed ones (lavapipe
    // runs submissions one after another, so there this checks the bookkeeping: pieces, counts,
    // the wait in submit(), discard() of flushed work; GPUs run it through `selftest`-free paths
    // like every prefill chunk, whose parity the H100 fixture dumps check).
    auto& dev = test::testDevice();
    SevenXChain chain(dev, 200000, 12);
    const uint32_t n = chain.n();
    gpu::CommandRecorder rec(dev);
    ops::OpContext ctx{dev, rec};
    for (int round = 0; round < 3; ++round) {
      const size_t before = rec.flushes();
      chain.record(ctx, [&] { rec.flush(); });  // the WAR on t1 now spans a flush
      QCOMPARE(rec.flushes() - before, size_t(9));
      rec.submit();  // nothing recorded since the last flush: still waits for all of it
      QVERIFY(chain.holdsSevenX(dev));
    }
    // Flushed work dropped with discard() (an error while recording the rest) leaves the recorder usable.
    ops::add(ctx, chain.bx.view(), chain.bx.view(), chain.t1.view(), n);
    rec.flush();
    ops::scale(ctx, chain.t1.view(), chain.t2.view(), n, 3.0f);
    rec.discard();
    ops::scale(ctx, chain.bx.view(), chain.t2.view(), n, 2.0f);
    rec.submit();
    const auto got = ops::downloadFloats(dev, chain.t2.view());
    for (uint32_t i = 0; i < n; ++i) QCOMPARE(got[i], 2.0f * chain.x[i]);
    test::verifyNoValidationMessages();
  }

  void updateWritesInsideTheCommandBuffer() {
    // fill -> update (odd size, unaligned-to-16 offset, several 64 KiB pieces) -> dispatch reading
    // it, all in one submit; the result lands in mapped read-back memory.
    auto& dev = test::testDevice();
    const uint32_t n = 60001, first = 3, total = n + first + 5;
    const auto data = ops::randomFloats(n, 21);
    gpu::Buffer b(dev, uint64_t(total) * 4, gpu::MemoryUsage::DeviceLocal, "update target");
    gpu::Buffer y(dev, uint64_t(total) * 4, gpu::MemoryUsage::HostReadback, "update readback");
    QVERIFY(y.mapped() != nullptr);
    QVERIFY(y.hostCoherent());
    gpu::CommandRecorder rec(dev);
    ops::OpContext ctx{dev, rec};
    for (int rep = 0; rep < 2; ++rep) {  // the recorder is reused across submits
      const float s = rep ? -0.5f : 2.0f;
      rec.fill(b.view(), 0x3f800000u);  // 1.0f
      rec.update(b.view().sub(first * 4, uint64_t(n) * 4), data.data(), size_t(n) * 4);
      ops::scale(ctx, b.view(), y.view(), total, s);
      rec.submit();
      std::vector<float> got(total);
      dev.download(y.view(), got.data(), got.size() * 4);
      for (uint32_t i = 0; i < total; ++i) {
        const float want = s * (i >= first && i < first + n ? data[i - first] : 1.0f);
        if (got[i] != want) QFAIL(("mismatch at " + std::to_string(i)).c_str());
      }
    }
    // Sizes or offsets that are not multiples of 4 are refused.
    try {
      rec.update(b.view().sub(2, 8), data.data(), 8);
      QFAIL("expected GpuError");
    } catch (const gpu::GpuError& e) {
      QCOMPARE(e.kind(), gpu::GpuErrorKind::InvalidArgument);
    }
    rec.discard();
    test::verifyNoValidationMessages();
  }

  void timestampsMeasureRegions() {
    auto& dev = test::testDevice();
    if (!dev.info().timestamps) QSKIP("device has no timestamps");
    const uint32_t n = 1 << 20;
    auto a = ops::uploadFloats(dev, ops::randomFloats(n, 3), "a");
    auto y = ops::outputFloats(dev, n, "y");
    gpu::CommandRecorder rec(dev);
    ops::OpContext ctx{dev, rec};
    const uint32_t r = rec.beginRegion("add");
    ops::add(ctx, a.view(), a.view(), y.view(), n);
    rec.endRegion(r);
    rec.submit();
    QCOMPARE(rec.timings().size(), size_t(1));
    QCOMPARE(rec.timings()[0].label, std::string("add"));
    QVERIFY(rec.timings()[0].milliseconds > 0);
  }

  void pipelineCacheIsWritten() {
    auto& dev = test::testDevice();
    dev.pipelines().save();
    const std::string f = dev.pipelines().cacheFile();
    QVERIFY(!f.empty());
    QVERIFY2(std::filesystem::exists(f), f.c_str());
    QVERIFY(std::filesystem::file_size(f) > 16);
  }

  void errorsAreTyped() {
    auto& dev = test::testDevice();
    try {
      dev.pipelines().get({"no_such_shader", 1, 0, {}});
      QFAIL("expected GpuError");
    } catch (const gpu::GpuError& e) {
      QCOMPARE(e.kind(), gpu::GpuErrorKind::MissingFeature);
    }
    // A binding larger than maxStorageBufferRange is refused with a message naming the buffer.
    const uint64_t limit = dev.info().maxStorageBufferRange;
    if (limit <= (256ull << 20)) {
      gpu::Buffer big(dev, limit + 1024, gpu::MemoryUsage::DeviceLocal, "too-big-buffer");
      gpu::CommandRecorder rec(dev);
      ops::OpContext ctx{dev, rec};
      try {
        ops::scale(ctx, big.view(), big.view(), 16, 2.0f);
        QFAIL("expected GpuError");
      } catch (const gpu::GpuError& e) {
        QCOMPARE(e.kind(), gpu::GpuErrorKind::InvalidArgument);
        QVERIFY(std::string(e.what()).find("too-big-buffer") != std::string::npos);
      }
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestGpuDevice)
#include "test_gpu_device.moc"
