// ggml block formats on the host (QuantBlocks.h): block geometry against ggml's published
// structs (ggml-common.h), byte layouts against blocks built by hand from the format
// definitions, and quantize -> dequantize round trips on random data within each format's
// error bound (derived per format below).
#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "inference/model/QuantBlocks.h"

using namespace gwb::model;

namespace {

std::vector<float> randomValues(size_t n, uint64_t seed, float lo, float hi) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Uniform values with a few large outliers (real weight rows have them), never zero.
std::vector<float> weightLikeRow(size_t n, uint64_t seed) {
  std::vector<float> v = randomValues(n, seed, -1.0f, 1.0f);
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
  for (size_t i = 0; i < n / 64; ++i) v[rng() % n] *= 6.0f;
  for (float& x : v) {
    if (x == 0.0f) x = 1e-3f;
  }
  return v;
}

void putF16(std::vector<uint8_t>& b, size_t at, float v) {
  const uint16_t h = gwb::gpu::f32ToF16(v);
  std::memcpy(b.data() + at, &h, 2);
}

double rmsOf(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += double(x) * x;
  return std::sqrt(s / double(v.size()));
}

// Max |x| and (max - min) of x[first, first + count), and max(x) / min(x) there.
struct Range {
  float amax = 0, lo = 0, hi = 0;
};
Range rangeOf(const float* x, size_t count) {
  Range r{0, x[0], x[0]};
  for (size_t i = 0; i < count; ++i) {
    r.amax = std::max(r.amax, std::fabs(x[i]));
    r.lo = std::min(r.lo, x[i]);
    r.hi = std::max(r.hi, x[i]);
  }
  return r;
}

// Per-element error bound of one block of `t` for the input x (blockElements(t) values).
// f16 storage of the block scales adds at most a relative 2^-11 to each scale: 2^-9 of max|x|
// covers it with room.
std::vector<double> errorBounds(GgmlType t, const float* x) {
  const size_t be = blockElements(t);
  std::vector<double> bound(be);
  const Range all = rangeOf(x, be);
  const double slack = all.amax * std::ldexp(1.0, -9);
  switch (t) {
    case GgmlType::Q8_0:
      // d = max|x| / 127, q = round(x / d): half a step.
      for (double& b : bound) b = 0.5 * all.amax / 127.0 + slack;
      break;
    case GgmlType::Q4_0:
      // The largest-magnitude value maps to -8 exactly; the opposite end (+8 d) clamps to 7 d: one step.
      for (double& b : bound) b = all.amax / 8.0 + slack;
      break;
    case GgmlType::Q4_K:
    case GgmlType::Q5_K: {
      // Per sub-block of 32: step = (max - min) / levels, rounded up to a multiple of d = S / 63
      // (S the largest sub-block step) -> half a step plus half of d; the 6-bit min is rounded up
      // to a multiple of dmin = M / 63 (M the largest min), which can push the top value past
      // the grid by at most dmin.
      const double levels = t == GgmlType::Q4_K ? 15.0 : 31.0;
      double S = 0, M = 0;
      for (size_t s = 0; s < 8; ++s) {
        const Range r = rangeOf(x + 32 * s, 32);
        S = std::max(S, (r.hi - std::min(r.lo, 0.0f)) / levels);
        M = std::max(M, double(-std::min(r.lo, 0.0f)));
      }
      for (size_t s = 0; s < 8; ++s) {
        const Range r = rangeOf(x + 32 * s, 32);
        const double step = (r.hi - std::min(r.lo, 0.0f)) / levels + S / 63.0;
        for (size_t i = 0; i < 32; ++i) bound[32 * s + i] = 0.5 * step + M / 63.0 + slack;
      }
      break;
    }
    case GgmlType::Q6_K: {
      // Per sub-block of 16: step = max|x| / 32 (largest magnitude -> -32, the other end clamps at
      // +31: one step), the int8 sub-block scale is off by at most half of d = step_max / 128,
      // i.e. 32 * d / 2 = max|x| / 256 at the ends.
      for (size_t s = 0; s < 16; ++s) {
        const Range r = rangeOf(x + 16 * s, 16);
        for (size_t i = 0; i < 16; ++i) bound[16 * s + i] = r.amax / 32.0 + all.amax / 256.0 + slack;
      }
      break;
    }
    default: break;
  }
  return bound;
}

// Sum over the block's elements of the squared grid step an ideal quantizer of the same
// format would use: max|x| / 127 (Q8_0), max|x| / 8 (Q4_0), sub-block range / 15 or / 31
// (Q4_K, Q5_K), sub-block max|x| / 32 (Q6_K).
double idealStepSquares(GgmlType t, const float* x) {
  double sum = 0;
  const auto add = [&](size_t first, size_t count, double step) { sum += double(count) * step * step; (void)first; };
  switch (t) {
    case GgmlType::Q8_0: add(0, 32, rangeOf(x, 32).amax / 127.0); break;
    case GgmlType::Q4_0: add(0, 32, rangeOf(x, 32).amax / 8.0); break;
    case GgmlType::Q4_K:
    case GgmlType::Q5_K:
      for (size_t s = 0; s < 8; ++s) {
        const Range r = rangeOf(x + 32 * s, 32);
        add(32 * s, 32, (r.hi - std::min(r.lo, 0.0f)) / (t == GgmlType::Q4_K ? 15.0 : 31.0));
      }
      break;
    case GgmlType::Q6_K:
      for (size_t s = 0; s < 16; ++s) add(16 * s, 16, rangeOf(x + 16 * s, 16).amax / 32.0);
      break;
    default: break;
  }
  return sum;
}

const GgmlType kBlockTypes[] = {GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

}  // namespace

class TestQuantBlocks : public QObject {
  Q_OBJECT

 private slots:
  // ggml-common.h: block_q8_0 = half + 32 int8, block_q4_0 = half + 16 bytes, block_q4_K = 2 half +
  // 12 + 128, block_q5_K = 2 half + 12 + 32 + 128, block_q6_K = 128 + 64 + 16 + half; QK_K = 256.
  void blockGeometryIsGgmls() {
    QCOMPARE(blockElements(GgmlType::Q8_0), size_t{32});
    QCOMPARE(blockBytes(GgmlType::Q8_0), size_t{2 + 32});
    QCOMPARE(blockElements(GgmlType::Q4_0), size_t{32});
    QCOMPARE(blockBytes(GgmlType::Q4_0), size_t{2 + 16});
    QCOMPARE(blockElements(GgmlType::Q4_K), size_t{256});
    QCOMPARE(blockBytes(GgmlType::Q4_K), size_t{2 * 2 + 12 + 128});
    QCOMPARE(blockElements(GgmlType::Q5_K), size_t{256});
    QCOMPARE(blockBytes(GgmlType::Q5_K), size_t{2 * 2 + 12 + 32 + 128});
    QCOMPARE(blockElements(GgmlType::Q6_K), size_t{256});
    QCOMPARE(blockBytes(GgmlType::Q6_K), size_t{128 + 64 + 16 + 2});
    QCOMPARE(rowBytes(GgmlType::Q4_K, 1536), size_t{6 * 144});
    // ggml's numeric ids (GGUF tensor infos store them).
    QCOMPARE(uint32_t(GgmlType::F32), 0u);
    QCOMPARE(uint32_t(GgmlType::F16), 1u);
    QCOMPARE(uint32_t(GgmlType::Q4_0), 2u);
    QCOMPARE(uint32_t(GgmlType::Q8_0), 8u);
    QCOMPARE(uint32_t(GgmlType::Q4_K), 12u);
    QCOMPARE(uint32_t(GgmlType::Q5_K), 13u);
    QCOMPARE(uint32_t(GgmlType::Q6_K), 14u);
    QCOMPARE(uint32_t(GgmlType::BF16), 30u);
    // The device types the kernels read are the same bytes.
    for (GgmlType t : kBlockTypes) {
      const auto dt = deviceTypeOf(t);
      QVERIFY(dt.has_value());
      QCOMPARE(size_t(gwb::gpu::dtypeBlockBytes(*dt)), blockBytes(t));
      QCOMPARE(size_t(gwb::gpu::dtypeBlockElements(*dt)), blockElements(t));
      QCOMPARE(ggmlTypeOf(*dt), t);
    }
  }

  // Q4_K / Q5_K scale packing, worked by hand from ggml's get_scale_min_k4 definition:
  // byte j (j < 4) = scale_j | (scale_{j+4} >> 4) << 6, byte j+4 = min_j | (min_{j+4} >> 4) << 6,
  // byte j+8 = (scale_{j+4} & 15) | (min_{j+4} & 15) << 4.
  void scaleMinPackingMatchesHandPacked() {
    const uint8_t sc[8] = {1, 2, 3, 4, 17, 33, 50, 63};
    const uint8_t mn[8] = {0, 5, 10, 20, 31, 40, 48, 62};
    const uint8_t want[12] = {0x41, 0x82, 0xC3, 0xC4, 0x40, 0x85, 0xCA, 0xD4, 0xF1, 0x81, 0x02, 0xEF};
    uint8_t packed[12];
    packScaleMin(sc, mn, packed);
    for (int i = 0; i < 12; ++i) QCOMPARE(int(packed[i]), int(want[i]));
    for (int j = 0; j < 8; ++j) {
      uint8_t s, m;
      unpackScaleMin(want, j, s, m);
      QCOMPARE(int(s), int(sc[j]));
      QCOMPARE(int(m), int(mn[j]));
    }
  }

  // Q8_0: f16 d first, then 32 int8. d = 0.5 (f16 0x3800); max|x| = 63.5 = 127 * 0.5.
  void q8_0LayoutByHand() {
    std::vector<float> x(32);
    for (int i = 0; i < 32; ++i) x[size_t(i)] = 0.5f * float(i * 8 - 121);  // q = 8i - 121: -121 .. 127
    std::vector<uint8_t> b(34);
    quantizeRow(GgmlType::Q8_0, x.data(), 32, b.data());
    QCOMPARE(int(b[0]), 0x00);
    QCOMPARE(int(b[1]), 0x38);
    for (int i = 0; i < 32; ++i) QCOMPARE(int(int8_t(b[size_t(2 + i)])), i * 8 - 121);
    std::vector<float> y(32);
    dequantizeRow(GgmlType::Q8_0, b.data(), 32, y.data());
    for (int i = 0; i < 32; ++i) QCOMPARE(y[size_t(i)], x[size_t(i)]);
  }

  // Q4_0: d = (value of largest magnitude) / -8; byte j = q_j | q_{j+16} << 4, x = d (q - 8).
  void q4_0LayoutByHand() {
    std::vector<float> x(32);
    int q[32];
    for (int i = 0; i < 32; ++i) q[i] = (i * 5 + 3) % 16;
    q[7] = 0;  // -8 d = -2: the largest magnitude, so d = 0.25 (f16 0x3400)
    for (int i = 0; i < 32; ++i) x[size_t(i)] = 0.25f * float(q[i] - 8);
    std::vector<uint8_t> b(18);
    quantizeRow(GgmlType::Q4_0, x.data(), 32, b.data());
    QCOMPARE(int(b[0]), 0x00);
    QCOMPARE(int(b[1]), 0x34);
    for (int j = 0; j < 16; ++j) QCOMPARE(int(b[size_t(2 + j)]), q[j] | (q[j + 16] << 4));
    std::vector<float> y(32);
    dequantizeRow(GgmlType::Q4_0, b.data(), 32, y.data());
    for (int i = 0; i < 32; ++i) QCOMPARE(y[size_t(i)], x[size_t(i)]);
  }

  // Q4_K: d, dmin, 12 packed scale bytes, then per 64 elements 32 bytes whose low nibbles are
  // sub-block 2j and high nibbles sub-block 2j+1: x = d * sc * q - dmin * m.
  void q4_KDequantizesHandBuiltBlock() {
    const uint8_t sc[8] = {1, 2, 3, 4, 17, 33, 50, 63};
    const uint8_t mn[8] = {0, 5, 10, 20, 31, 40, 48, 62};
    std::vector<uint8_t> b(144);
    putF16(b, 0, 0.5f);
    putF16(b, 2, 0.25f);
    packScaleMin(sc, mn, b.data() + 4);
    for (int j = 0; j < 4; ++j) {
      for (int l = 0; l < 32; ++l) b[size_t(16 + 32 * j + l)] = uint8_t((l % 16) | ((15 - l % 16) << 4));
    }
    std::vector<float> y(256);
    dequantizeRow(GgmlType::Q4_K, b.data(), 256, y.data());
    for (int j = 0; j < 4; ++j) {
      for (int l = 0; l < 32; ++l) {
        QCOMPARE(y[size_t(64 * j + l)], 0.5f * sc[2 * j] * float(l % 16) - 0.25f * mn[2 * j]);
        QCOMPARE(y[size_t(64 * j + 32 + l)], 0.5f * sc[2 * j + 1] * float(15 - l % 16) - 0.25f * mn[2 * j + 1]);
      }
    }
  }

  // Q5_K: as Q4_K, with qh[32] before qs: bit 2j (2j+1) of qh[l] is the 5th bit of element l of
  // sub-block 2j (2j+1).
  void q5_KDequantizesHandBuiltBlock() {
    const uint8_t sc[8] = {3, 1, 4, 1, 5, 9, 2, 6};
    const uint8_t mn[8] = {2, 7, 1, 8, 2, 8, 1, 8};
    std::vector<uint8_t> b(176);
    putF16(b, 0, 1.0f);
    putF16(b, 2, 0.5f);
    packScaleMin(sc, mn, b.data() + 4);
    b[16 + 3] = 0x04;              // qh[3] bit 2: element 3 of sub-block 2 (element 64 + 3) gets +16
    b[16 + 5] = 0x80;              // qh[5] bit 7: element 5 of sub-block 7 (element 192 + 32 + 5)
    b[48 + 32 * 1 + 3] = 0x75;     // qs[35]: element 67 low nibble 5, element 99 high nibble 7
    b[48 + 32 * 3 + 5] = 0xA0;     // qs[101]: element 197 low nibble 0, element 229 high nibble 10
    std::vector<float> y(256);
    dequantizeRow(GgmlType::Q5_K, b.data(), 256, y.data());
    QCOMPARE(y[67], 1.0f * 4 * (5 + 16) - 0.5f * 1);   // sub-block 2
    QCOMPARE(y[99], 1.0f * 1 * 7 - 0.5f * 8);          // sub-block 3, no 5th bit
    QCOMPARE(y[197], 1.0f * 2 * 0 - 0.5f * 1);         // sub-block 6
    QCOMPARE(y[229], 1.0f * 6 * (10 + 16) - 0.5f * 8); // sub-block 7
    QCOMPARE(y[0], -0.5f * 2);                         // all-zero quant: just the min
  }

  // Q6_K: ql[128], qh[64], int8 scales[16], f16 d last. For element l (< 32) of half n:
  // ql[64n + l] low/high nibble = elements l / l+64, ql[64n+32+l] = l+32 / l+96, qh[32n + l] bit
  // pairs 0-1/2-3/4-5/6-7 = top bits of l / l+32 / l+64 / l+96; x = d * scale[i / 16] * (q - 32).
  void q6_KDequantizesHandBuiltBlock() {
    std::vector<uint8_t> b(210, 0);
    for (int s = 0; s < 16; ++s) b[size_t(192 + s)] = uint8_t(int8_t(s + 1));
    putF16(b, 208, 0.5f);
    b[0] = 0x21;    // element 0 low 1, element 64 low 2
    b[32] = 0x43;   // element 32 low 3, element 96 low 4
    b[128] = 0xE4;  // top bits: element 0 -> 0, 32 -> 1, 64 -> 2, 96 -> 3
    b[64 + 17] = 0x0F;   // half 1: element 128 + 17 low 15
    b[128 + 32 + 17] = 0x03;  // its top bits 3: q = 63
    std::vector<float> y(256);
    dequantizeRow(GgmlType::Q6_K, b.data(), 256, y.data());
    QCOMPARE(y[0], 0.5f * 1 * (1 - 32));
    QCOMPARE(y[32], 0.5f * 3 * (3 + 16 - 32));
    QCOMPARE(y[64], 0.5f * 5 * (2 + 32 - 32));
    QCOMPARE(y[96], 0.5f * 7 * (4 + 48 - 32));
    QCOMPARE(y[128 + 17], 0.5f * 10 * (63 - 32));
    QCOMPARE(y[1], 0.5f * 1 * -32.0f);
    QCOMPARE(y[255], 0.5f * 16 * -32.0f);
    // The quantizer writes the same layout: quantizing those values gives them back.
    std::vector<float> x = y;
    std::vector<uint8_t> q(210);
    quantizeRow(GgmlType::Q6_K, x.data(), 256, q.data());
    std::vector<float> back(256);
    dequantizeRow(GgmlType::Q6_K, q.data(), 256, back.data());
    const std::vector<double> bound = errorBounds(GgmlType::Q6_K, x.data());
    for (int i = 0; i < 256; ++i) QVERIFY(std::fabs(back[size_t(i)] - x[size_t(i)]) <= bound[size_t(i)]);
  }

  // quantize -> dequantize on random rows: every element within its format's bound (see
  // errorBounds), and the RMS error near the ideal uniform-quantizer error step / sqrt(12).
  void roundTripsWithinBounds() {
    const size_t n = 4096;
    for (GgmlType t : kBlockTypes) {
      for (uint64_t seed = 1; seed <= 3; ++seed) {
        const std::vector<float> x = weightLikeRow(n, seed * 31 + uint64_t(t));
        std::vector<uint8_t> q(rowBytes(t, n));
        quantizeRow(t, x.data(), n, q.data());
        std::vector<float> y(n);
        dequantizeRow(t, q.data(), n, y.data());
        const size_t be = blockElements(t);
        std::vector<float> err(n);
        for (size_t b0 = 0; b0 < n; b0 += be) {
          const std::vector<double> bound = errorBounds(t, x.data() + b0);
          for (size_t i = 0; i < be; ++i) {
            err[b0 + i] = y[b0 + i] - x[b0 + i];
            if (!(std::fabs(err[b0 + i]) <= bound[i])) {
              QFAIL(qPrintable(QString("%1 element %2: x %3 -> %4, error %5 > bound %6")
                                   .arg(QString::fromStdString(std::string(ggmlTypeName(t))))
                                   .arg(b0 + i).arg(double(x[b0 + i])).arg(double(y[b0 + i]))
                                   .arg(double(err[b0 + i])).arg(bound[i])));
            }
          }
        }
        // RMS error near that of an ideal uniform quantizer with each block's own step
        // (step^2 / 12 per element): 1.5x of it at most.
        double ideal = 0;
        for (size_t b0 = 0; b0 < n; b0 += be) ideal += idealStepSquares(t, x.data() + b0) / 12.0;
        const double relRms = rmsOf(err) / rmsOf(x);
        const double limit = 1.5 * std::sqrt(ideal / double(n)) / rmsOf(x);
        QVERIFY2(relRms < limit, qPrintable(QString("%1: relative RMS error %2 >= %3")
                                                .arg(QString::fromStdString(std::string(ggmlTypeName(t))))
                                                .arg(relRms).arg(limit)));
        QVERIFY(relRms > 0);  // really quantized
      }
    }
  }

  // Blocks whose values are all of one sign, or tiny, or one constant: still within the bounds.
  void roundTripsEdgeBlocks() {
    std::vector<std::vector<float>> rows;
    rows.push_back(randomValues(256, 7, 0.5f, 2.0f));      // all positive (Q4_K min clamps to 0)
    rows.push_back(randomValues(256, 8, -3.0f, -1.0f));    // all negative
    rows.push_back(randomValues(256, 9, -1e-3f, 1e-3f));   // small: the K-quant f16 scales are subnormal
    rows.push_back(std::vector<float>(256, 0.37f));        // constant
    for (GgmlType t : kBlockTypes) {
      for (const auto& x : rows) {
        std::vector<uint8_t> q(rowBytes(t, 256));
        quantizeRow(t, x.data(), 256, q.data());
        std::vector<float> y(256);
        dequantizeRow(t, q.data(), 256, y.data());
        for (size_t b0 = 0; b0 < 256; b0 += blockElements(t)) {
          const std::vector<double> bound = errorBounds(t, x.data() + b0);
          // f16 scales below 2^-14 are subnormal (absolute spacing 2^-24): the stored grid can
          // then be off by up to (largest level, 127) x 2^-25 < 2^-17 absolute.
          for (size_t i = 0; i < bound.size(); ++i) {
            QVERIFY2(std::fabs(y[b0 + i] - x[b0 + i]) <= bound[i] + std::ldexp(1.0, -17),
                     qPrintable(QString("%1 edge row element %2").arg(QString::fromStdString(std::string(ggmlTypeName(t)))).arg(b0 + i)));
          }
        }
      }
    }
  }

  // The plain types: F32 exact, F16 / BF16 to the nearest representable value.
  void plainTypesRoundTrip() {
    const std::vector<float> x = randomValues(300, 11, -100.0f, 100.0f);
    for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16}) {
      std::vector<uint8_t> q(rowBytes(t, x.size()));
      quantizeRow(t, x.data(), x.size(), q.data());
      std::vector<float> y(x.size());
      dequantizeRow(t, q.data(), x.size(), y.data());
      const double rel = t == GgmlType::F32 ? 0.0 : t == GgmlType::F16 ? std::ldexp(1.0, -11) : std::ldexp(1.0, -8);
      for (size_t i = 0; i < x.size(); ++i) QVERIFY(std::fabs(y[i] - x[i]) <= rel * std::fabs(x[i]));
    }
  }

  // The threaded row quantizer writes exactly what row-by-row quantizing writes.
  void quantizeRowsMatchesRowByRow() {
    const size_t rows = 96, n = 1024;
    const std::vector<float> x = randomValues(rows * n, 12, -2.0f, 2.0f);
    for (GgmlType t : kBlockTypes) {
      const size_t rb = rowBytes(t, n);
      std::vector<uint8_t> a(rows * rb), b(rows * rb);
      quantizeRows(t, x.data(), rows, n, a.data());
      for (size_t r = 0; r < rows; ++r) quantizeRow(t, x.data() + r * n, n, b.data() + r * rb);
      QVERIFY(a == b);
    }
  }

  void rejectsPartialBlocksAndUnknownTypes() {
    std::vector<float> x(48, 1.0f);
    std::vector<uint8_t> q(1024);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, quantizeRow(GgmlType::Q8_0, x.data(), 48, q.data()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dequantizeRow(GgmlType::Q4_K, q.data(), 32, x.data()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, quantizeRow(GgmlType::Q2_K, x.data(), 256, q.data()));
  }
};

QTEST_GUILESS_MAIN(TestQuantBlocks)
#include "test_quant_blocks.moc"
