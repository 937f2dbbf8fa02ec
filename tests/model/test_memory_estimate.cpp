// Parameter counts, weight bytes and KV-cache sizes. Checkpoint measurements are compared with
// config-only estimates on the tiny fixtures; full-size numbers with the spec's KV-owner counts
// (design/gemma4-text.md §1.2: E2B 12 sliding + 3 full, E4B 20 + 4).
#include <QtTest>

#include <cmath>

#include "inference/model/MemoryEstimate.h"
#include "inference/model/ModelFootprint.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;

namespace {

void compareComponent(const ComponentSize& a, const ComponentSize& b, const char* what) {
  QVERIFY2(a.parameters == b.parameters, what);
  QVERIFY2(a.bytes == b.bytes, what);
}

}  // namespace

class TestMemoryEstimate : public QObject {
  Q_OBJECT

 private slots:
  // What the config predicts equals what the checkpoint holds, component by component.
  void tinyEstimateEqualsMeasurement() {
    const ModelConfig cfg = ModelConfig::load(tinyDir());
    for (auto [dir, dtype] : {std::pair{tinyDir(), DType::F32}, std::pair{tinyBf16Dir(), DType::BF16}}) {
      Checkpoint c(dir);
      const ModelFootprint measured = measureCheckpoint(c, cfg);
      const ModelFootprint estimated = estimateFootprint(cfg, dtype);
      compareComponent(measured.text, estimated.text, "text");
      compareComponent(measured.pleTable, estimated.pleTable, "PLE table");
      compareComponent(measured.vision, estimated.vision, "vision");
      compareComponent(measured.audio, estimated.audio, "audio");
      QCOMPARE(measured.textUnused.parameters, int64_t{0});  // re-saved: no unused k/v
      QCOMPARE(measured.other.parameters, int64_t{0});
      QCOMPARE(measured.bytesByDType.size(), size_t{1});
      QCOMPARE(measured.bytesByDType.at(dtype), measured.totalBytes());
      // Everything in the file except the header is tensor data.
      uint64_t headerBytes = c.totalFileBytes() - measured.totalBytes();
      QVERIFY(headerBytes > 8 && headerBytes < 100000);
      QVERIFY(measured.text.parameters > 0 && measured.vision.parameters > 0 && measured.audio.parameters > 0);
    }
  }

  void kvCacheCountsOnlyOwningLayers() {
    const int64_t ctx = 4096;
    const ModelConfig e2b = ModelConfig::load(e2bConfig());
    const ModelConfig e4b = ModelConfig::load(e4bConfig());
    // K and V: 2 x kvHeads x headDim x ctx x element bytes, summed over KV-owning layers.
    const uint64_t e2bF16 = 12ull * 2 * 1 * 256 * ctx * 2 + 3ull * 2 * 1 * 512 * ctx * 2;
    const uint64_t e4bF16 = 20ull * 2 * 2 * 256 * ctx * 2 + 4ull * 2 * 2 * 512 * ctx * 2;
    QCOMPARE(kvCacheBytes(e2b.text, {ctx, DType::F16}), e2bF16);
    QCOMPARE(kvCacheBytes(e2b.text, {ctx, DType::F32}), 2 * e2bF16);
    QCOMPARE(kvCacheBytes(e4b.text, {ctx, DType::F16}), e4bF16);
    // Capped: sliding layers keep only W - 1 + chunk slots (W = 512).
    const uint64_t capped = 12ull * 2 * 1 * 256 * (511 + 64) * 2 + 3ull * 2 * 1 * 512 * ctx * 2;
    QCOMPARE(kvCacheBytes(e2b.text, {ctx, DType::F16, true, 64}), capped);
    // A context shorter than the window is not padded.
    QCOMPARE(kvCacheBytes(e2b.text, {100, DType::F16, true, 64}), kvCacheBytes(e2b.text, {100, DType::F16}));
  }

  // E2B at bf16 from its config alone: the PLE table is 262144 x 35 x 256, the unused KV-shared
  // tensors are counted apart, and the memory estimate excludes them.
  void e2bRandomWeightFootprint() {
    const ModelConfig e2b = ModelConfig::load(e2bConfig());
    const ModelFootprint f = estimateFootprint(e2b, DType::BF16);
    QCOMPARE(f.pleTable.parameters, int64_t{262144} * 35 * 256);
    QCOMPARE(f.pleTable.bytes, uint64_t(f.pleTable.parameters) * 2);
    // k_proj + v_proj + k_norm of 16 shared sliding and 4 shared full layers.
    const int64_t unused = 16 * (2 * 256 * 1536 + 256) + 4 * (2 * 512 * 1536 + 512);
    QCOMPARE(f.textUnused.parameters, unused);
    QCOMPARE(f.totalBytes(), uint64_t(f.totalParameters()) * 2);
    const MemoryEstimate m = estimateMemory(f, e2b.text, {8192, DType::F16});
    QCOMPARE(m.weightBytes, f.totalBytes() - f.textUnused.bytes);
    QCOMPARE(m.total(), m.weightBytes + kvCacheBytes(e2b.text, {8192, DType::F16}));
  }

  // shared/configs/README.md: at bf16 a decode step reads 4.56 GB of weights for E2B and 9.29 GB
  // for E4B (measured by the peer benchmark): the decoder weights without the PLE table (only a
  // row of it is gathered per token), the towers or the unused KV-shared tensors.
  void decodeWeightBytesMatchThePeerNumbers() {
    const ModelFootprint e2b = estimateFootprint(ModelConfig::load(e2bConfig()), DType::BF16);
    const ModelFootprint e4b = estimateFootprint(ModelConfig::load(e4bConfig()), DType::BF16);
    QVERIFY2(std::abs(double(e2b.text.bytes) / 1e9 - 4.56) < 0.006, std::to_string(e2b.text.bytes).c_str());
    QVERIFY2(std::abs(double(e4b.text.bytes) / 1e9 - 9.29) < 0.006, std::to_string(e4b.text.bytes).c_str());
  }
};

QTEST_GUILESS_MAIN(TestMemoryEstimate)
#include "test_memory_estimate.moc"
