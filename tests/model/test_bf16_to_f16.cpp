// bf16 matrices stored as f16 on tensor-core GPUs (inference/model/Bf16ToF16.h): every normal
// value in f16's range converts exactly, subnormal-range values round to the nearest f16, and a
// matrix holding a value beyond ±65504 (or inf / nan) is refused so it keeps bf16.
#include <QTest>

#include <cmath>
#include <cstring>
#include <random>

#include "inference/gpu/DType.h"
#include "inference/model/Bf16ToF16.h"

using namespace gwb;

class TestBf16ToF16 : public QObject {
  Q_OBJECT
 private slots:
  void normalValuesConvertExactly() {
    // Random bf16 bit patterns with exponents inside f16's normal range, both signs; enough
    // values that the conversion runs on several threads.
    std::mt19937 rng(5);
    std::vector<uint16_t> in(300000);
    for (uint16_t& b : in) {
      const uint32_t exponent = 127 - 14 + rng() % 30;  // 2^-14 .. 2^15
      b = uint16_t(((rng() & 1u) << 15) | (exponent << 7) | (rng() & 0x7fu));
    }
    const auto out = model::bf16ToF16Checked(in.data(), in.size());
    QVERIFY(out.has_value());
    QCOMPARE(out->size(), in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      if (gpu::f16ToF32((*out)[i]) != gpu::bf16ToF32(in[i])) {
        QFAIL(qPrintable(QString("value %1 (%2) became %3").arg(i).arg(gpu::bf16ToF32(in[i])).arg(gpu::f16ToF32((*out)[i]))));
      }
    }
  }

  void tinyValuesRoundToNearestF16() {
    const float values[] = {1e-6f, -3e-7f, 6e-8f, 2e-9f, 5e-5f};
    for (float v : values) {
      const uint16_t b = gpu::f32ToBf16(v);
      const auto out = model::bf16ToF16Checked(&b, 1);
      QVERIFY(out.has_value());
      const float exact = gpu::bf16ToF32(b), got = gpu::f16ToF32((*out)[0]);
      QVERIFY2(std::fabs(got - exact) <= 3e-8f, qPrintable(QString("%1 became %2").arg(exact).arg(got)));
    }
  }

  void valuesBeyondF16AreRefused() {
    std::vector<uint16_t> in(70000, gpu::f32ToBf16(0.25f));
    in[1234] = gpu::f32ToBf16(65280.0f);  // the largest bf16 below f16's limit of 65504: still fine
    QVERIFY(model::bf16ToF16Checked(in.data(), in.size()).has_value());
    for (float bad : {65536.0f, -1e6f, INFINITY, NAN}) {
      in[69999] = gpu::f32ToBf16(bad);
      QVERIFY2(!model::bf16ToF16Checked(in.data(), in.size()).has_value(), qPrintable(QString::number(bad)));
    }
  }
};

QTEST_GUILESS_MAIN(TestBf16ToF16)
#include "test_bf16_to_f16.moc"
