// Quantize-on-load end to end: each fixture set loaded with --quantize q8_0 and q4_k, its text
// prompt prefilled on the GPU (lavapipe in CI), and the logits compared with transformers'
// f32 `text.logits`. The relative L2 error is printed (the closing note of issue 9 reports it)
// and bounded loosely enough for honest quantization noise, tightly enough to catch a kernel that
// reads blocks wrong (that gives errors of order 1). The tiny fixtures' rows (64, 96, 192, ...)
// are not whole 256-element blocks, so q4_k falls back to Q4_0 there (QuantizeOnLoad.h); Q4_K's
// kernels are checked against their references in test_op_quantmatmul.
#include <QTest>

#include <cmath>

#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"

using namespace gwb;
using test::idsOf;

namespace {

double relativeL2(const std::vector<float>& got, const std::vector<float>& want) {
  double num = 0, den = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const double d = double(got[i]) - double(want[i]);
    num += d * d;
    den += double(want[i]) * want[i];
  }
  return std::sqrt(num / den);
}

double quantizedLogitError(const std::filesystem::path& dir, std::optional<model::GgmlType> quantize,
                           std::string& storage) {
  model::SafetensorsFile ref(dir / "reference.safetensors");
  auto m = runtime::LoadedModel::load(test::testDevice(), dir, std::nullopt, quantize);
  storage = m->textWeights().storageSummary;
  const auto ids = idsOf(ref.tensor("text.input_ids"));
  runtime::Session s(*m, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
  const auto logits = s.prefill(ids, true);
  const auto want = ref.tensor("text.logits").toFloat();
  if (logits.size() != want.size()) return INFINITY;
  return relativeL2(logits, want);
}

}  // namespace

class TestQuantizedLogits : public QObject {
  Q_OBJECT
 private slots:
  void logitErrorOfQuantizedWeights() {
    QVERIFY2(!test::fixtureSets().empty(), "no fixture sets found in ../shared/fixtures");
    for (const auto& dir : test::fixtureSets()) {
      std::string storage;
      const double f32 = quantizedLogitError(dir, std::nullopt, storage);
      const double q8 = quantizedLogitError(dir, model::GgmlType::Q8_0, storage);
      QVERIFY2(storage.find("q8_0") != std::string::npos, storage.c_str());
      const std::string q8Storage = storage;
      const double q4 = quantizedLogitError(dir, model::GgmlType::Q4_K, storage);
      QVERIFY2(storage.find("q4_") != std::string::npos, storage.c_str());
      // The fixture's own yardstick: how far transformers' logits move when the weights are
      // merely rounded to bf16 (per-weight relative error <= 2^-9). The tiny random models
      // amplify weight noise strongly (~30x for tiny-s1), so quantization bounds are set against it.
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const double bf16 = relativeL2(ref.tensor("text.logits_bf16_weights").toFloat(), ref.tensor("text.logits").toFloat());
      qInfo("fixture %s: logits relative L2 vs text.logits: f32 %.2e, bf16-rounded weights (transformers) %.4f, "
            "q8_0 %.4f (%s), q4_k %.4f (%s)",
            dir.filename().c_str(), f32, bf16, q8, q8Storage.c_str(), q4, storage.c_str());
      QVERIFY2(f32 < 1e-3, "f32 weights should match transformers");
      // Q8_0's per-weight RMS error (step max|block| / 127, over sqrt(12)) is 2-3x that of bf16
      // rounding on Gaussian-like weights, so its logit error should be a few times the bf16 shift
      // (measured 2.7x on tiny-s1): bound 4x.
      QVERIFY2(q8 < 4 * bf16, qPrintable(QString("q8_0 logit error %1 vs bf16 shift %2").arg(q8).arg(bf16)));
      // 4-bit blocks have ~16x Q8_0's per-weight error: on the tiny models that saturates (measured
      // 0.70 on tiny-s1). The bound only separates "noisy but right" from a kernel that misreads
      // the blocks (uncorrelated logits of the same scale give sqrt(2)).
      QVERIFY2(q4 < 0.9, qPrintable(QString("q4_k logit error %1").arg(q4)));
      QVERIFY2(q8 < q4, "8-bit blocks should be closer than 4-bit ones");
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestQuantizedLogits)
#include "test_quantized_logits.moc"
