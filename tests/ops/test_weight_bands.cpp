// The column-band layout (inference/ops/WeightBands.h) on the host: where each element lands (the
// formula the shaders use, matmul_io.glsl's bandElement), narrower last bands, the round trip
// for 2- and 4-byte elements, and which weights may be stored so.
#include <QTest>

#include <algorithm>
#include <cstring>
#include <vector>

#include "inference/ops/WeightBands.h"

using namespace gwb;

namespace {
// Element (n, k) of a [rows, cols] banded matrix, written out independently of WeightBands.cpp.
uint64_t bandIndex(uint64_t n, uint64_t k, uint64_t rows, uint64_t cols) {
  const uint64_t k0 = k / 32 * 32, w = std::min<uint64_t>(32, cols - k0);
  return k0 * rows + n * w + (k - k0);
}
}  // namespace

class TestWeightBands : public QObject {
  Q_OBJECT
 private slots:
  void elementsLandWhereTheShadersReadThem() {
    // 72 columns: bands of 32, 32 and 8; values are their own row-major index.
    for (uint64_t cols : {32u, 72u, 16u, 96u}) {
      const uint64_t rows = 5;
      std::vector<uint32_t> src(rows * cols), dst(rows * cols, 0xffffffffu);
      for (uint32_t i = 0; i < src.size(); ++i) src[i] = i;
      ops::toColumnBands(reinterpret_cast<const std::byte*>(src.data()), reinterpret_cast<std::byte*>(dst.data()),
                         rows, cols, 4);
      for (uint64_t n = 0; n < rows; ++n) {
        for (uint64_t k = 0; k < cols; ++k) QCOMPARE(dst[bandIndex(n, k, rows, cols)], uint32_t(n * cols + k));
      }
    }
  }

  void roundTripsForSixteenBitElements() {
    const uint64_t rows = 7, cols = 40;
    std::vector<uint16_t> src(rows * cols), bands(src.size()), back(src.size());
    for (size_t i = 0; i < src.size(); ++i) src[i] = uint16_t(i * 2654435761u >> 7);
    ops::toColumnBands(reinterpret_cast<const std::byte*>(src.data()), reinterpret_cast<std::byte*>(bands.data()), rows,
                       cols, 2);
    QVERIFY(bands != src);  // a narrower last band still moves every row but the first
    ops::fromColumnBands(reinterpret_cast<const std::byte*>(bands.data()), reinterpret_cast<std::byte*>(back.data()),
                         rows, cols, 2);
    QCOMPARE(back, src);
  }

  void onlyWholeStorableWeightsFit() {
    gpu::DeviceInfo d;
    d.maxStorageBufferRange = 1u << 20;
    QVERIFY(ops::bandsFit(d, gpu::DType::BF16, 1536, 256));
    QVERIFY(ops::bandsFit(d, gpu::DType::F32, 64, 16));
    QVERIFY(!ops::bandsFit(d, gpu::DType::F16, 64, 20));       // K % 8 != 0: 16-byte loads would cross a band
    QVERIFY(!ops::bandsFit(d, gpu::DType::Q8_0, 64, 256));     // block formats keep their rows
    QVERIFY(!ops::bandsFit(d, gpu::DType::F32, 1024, 1024));   // more than one binding: it could not be split
  }

  void rowMajorOpsRefuseBands() {
    ops::WeightView w;
    ops::requireRowMajor(w, "test");
    w.bands = true;
    QVERIFY_THROWS_EXCEPTION(std::exception, ops::requireRowMajor(w, "test"));
  }
};

QTEST_GUILESS_MAIN(TestWeightBands)
#include "test_weight_bands.moc"
