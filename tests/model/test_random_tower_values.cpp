// The random media towers' matrix values (model/RandomMediaTowers.h: fillUniformBf16): drawn on all
// cores with jumps into the middle of each block's xorshift32 sequence, they must equal bit for bit
// what one thread walking each block in order draws (the definition, written out plainly here).
#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "inference/gpu/DType.h"
#include "inference/model/RandomMediaTowers.h"

using namespace gwb;

namespace {

// The definition: per block of 2^22 values, xorshift32 (13, 17, 5) from (seed ^ block·0x9E3779B9) | 1.
std::vector<uint16_t> sequentialValues(size_t count, float a, uint32_t seed) {
  constexpr size_t kBlock = size_t(1) << 22;
  std::vector<uint16_t> v(count);
  for (size_t b = 0; b * kBlock < count; ++b) {
    uint32_t state = (seed ^ uint32_t(b * 0x9E3779B9u)) | 1u;
    for (size_t i = b * kBlock; i < std::min(count, (b + 1) * kBlock); ++i) {
      state ^= state << 13, state ^= state >> 17, state ^= state << 5;
      v[i] = gpu::f32ToBf16(a * (float(state >> 8) * (2.0f / 16777216.0f) - 1.0f));
    }
  }
  return v;
}

}  // namespace

class TestRandomTowerValues : public QObject {
  Q_OBJECT

 private slots:
  void allCoresMatchOneThreadPerBlock() {
    // Two whole blocks and a ragged third (ends mid-chunk), one chunk and a bit, a few values, none.
    const std::vector<size_t> sizes = {(size_t(1) << 23) + 12345, 70001, 5, 0};
    const std::vector<float> bounds = {0.03125f, 0.5f, 1.7f, 1.0f};
    const std::vector<uint32_t> seeds = {3499211612u, 7u, 0u, 42u};
    std::vector<std::vector<uint16_t>> values(sizes.size());
    std::vector<model::UniformBf16Fill> fills;
    for (size_t f = 0; f < sizes.size(); ++f) {
      values[f].assign(sizes[f], 0xFFFFu);  // a NaN pattern the fill must overwrite everywhere
      fills.push_back({values[f], bounds[f], seeds[f]});
    }
    model::fillUniformBf16(fills);
    for (size_t f = 0; f < sizes.size(); ++f) {
      const std::vector<uint16_t> expected = sequentialValues(sizes[f], bounds[f], seeds[f]);
      QVERIFY2(values[f] == expected, ("fill " + std::to_string(f) + " differs from the sequential draw").c_str());
      float lo = 1e9f, hi = -1e9f;
      for (uint16_t x : values[f]) lo = std::min(lo, gpu::bf16ToF32(x)), hi = std::max(hi, gpu::bf16ToF32(x));
      if (sizes[f] > 1000) {
        // U(-a, a): the extremes come close to ±a and stay inside it (bf16 rounding may reach a itself).
        QVERIFY(lo >= -bounds[f] * 1.004f && hi <= bounds[f] * 1.004f);
        QVERIFY(lo < -0.95f * bounds[f] && hi > 0.95f * bounds[f]);
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestRandomTowerValues)
#include "test_random_tower_values.moc"
