// The tiny fixture converted to GGUF F32 (text + mmproj) runs exactly like its safetensors
// original on the GPU (lavapipe in CI): text logits, the vision tower's soft tokens and
// embed_vision rows, image-prompt logits, audio encoder outputs and audio-prompt logits are
// bit-identical (the converted weights are the same bytes, the vision patch embedding is permuted
// back to the same bytes, the audio per-dim scale is stored as the same float the loader
// computes, so every kernel sees identical inputs).
#include <QTest>

#include <QTemporaryDir>
#include <cstring>

#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/GgufConvert.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"
#include "vision/VisionFixtureInputs.h"

using namespace gwb;
using test::idsOf;

namespace {

std::filesystem::path tinyDir() { return std::filesystem::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1"; }

bool bitEqual(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

}  // namespace

class TestGgufParity : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    gguf_ = std::filesystem::path(tmp_.path().toStdString()) / "tiny-f32.gguf";
    model::convertToGguf(tinyDir(), gguf_, {model::GgmlType::F32, model::MmprojNaming::Suffix, true});
  }

  void textLogitsBitIdentical() {
    model::SafetensorsFile ref(tinyDir() / "reference.safetensors");
    const auto ids = idsOf(ref.tensor("text.input_ids"));
    auto st = runtime::LoadedModel::load(test::testDevice(), tinyDir());
    auto gg = runtime::LoadedModel::load(test::testDevice(), gguf_);
    QVERIFY(gg->tokenizer() != nullptr && gg->chatTemplate() != nullptr && gg->audioEncoder() != nullptr &&
            gg->visionEncoder() != nullptr);
    runtime::Session a(*st, uint32_t(ids.size()) + 8, 16);
    runtime::Session b(*gg, uint32_t(ids.size()) + 8, 16);
    const auto la = a.prefill(ids, true);
    const auto lb = b.prefill(ids, true);
    QVERIFY2(bitEqual(la, lb), "GGUF text logits differ from the safetensors ones");
    test::verifyNoValidationMessages();
  }

  // Every budget whose pixels this build has (with gwb_media: the processor's resized PNGs; without:
  // the pixels reference.safetensors stores), then the image prompt with the matching budget's rows.
  void imageBitIdentical() {
    model::SafetensorsFile ref(tinyDir() / "reference.safetensors");
    auto st = runtime::LoadedModel::load(test::testDevice(), tinyDir());
    auto gg = runtime::LoadedModel::load(test::testDevice(), gguf_);
    QVERIFY(st->visionEncoder() != nullptr && gg->visionEncoder() != nullptr);
    const auto ids = idsOf(ref.tensor("image.input_ids"));
    size_t placeholders = 0;
    const auto softRow = test::softRowsFor(ids, gg->config().tokens.image, placeholders);
    std::vector<float> promptRowsSt, promptRowsGg;  // [placeholders, hidden] from each path
    size_t compared = 0;
    for (int b : test::imageBudgets(ref)) {
      const std::string prefix = "image.b" + std::to_string(b);
      const auto patches = test::imagePatches(tinyDir(), ref, b);
      if (!patches) {
        qInfo("%s: this build has no pixels for it (no gwb_media), not compared", prefix.c_str());
        continue;
      }
      const model::VisionOutput ea = st->visionEncoder()->encode(patches->image());
      const model::VisionOutput eb = gg->visionEncoder()->encode(patches->image());
      QVERIFY2(bitEqual(ea.softTokens, eb.softTokens), (prefix + ": GGUF vision soft tokens differ").c_str());
      QVERIFY2(bitEqual(ea.embeddings, eb.embeddings), (prefix + ": GGUF embed_vision differs").c_str());
      // Both paths are the product's: they must also be the reference's (test_vision_parity's bound).
      GWB_EXPECT_CLOSE(prefix + ".embed_vision", eb.embeddings, ref.tensor(prefix + ".embed_vision").toFloat(), 1e-4);
      ++compared;
      if (size_t(eb.tokens) == placeholders) {
        promptRowsSt = ea.embeddings;
        promptRowsGg = eb.embeddings;
      }
    }
    QVERIFY2(compared > 0, "no image budget of the reference could be encoded");
    if (promptRowsGg.empty()) {
      // Without gwb_media the prompt's budget has no pixels here: both decoders get the
      // reference's own embed_vision rows instead, which still checks the spliced prompt exactly.
      qInfo("image prompt: %zu placeholders, no encoded budget matches; using the reference's embed_vision rows",
            placeholders);
      for (int b : test::imageBudgets(ref)) {
        const model::TensorView& e = ref.tensor("image.b" + std::to_string(b) + ".embed_vision");
        if (size_t(e.shape.at(0)) == placeholders) promptRowsSt = promptRowsGg = e.toFloat();
      }
    }
    QVERIFY2(!promptRowsGg.empty(), "no budget of the reference matches the image prompt's placeholders");
    runtime::Session a(*st, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
    runtime::Session b(*gg, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
    const auto la = a.prefillWithEmbeddings(ids, promptRowsSt, softRow, true);
    const auto lb = b.prefillWithEmbeddings(ids, promptRowsGg, softRow, true);
    QVERIFY2(bitEqual(la, lb), "GGUF image-prompt logits differ from the safetensors ones");
    test::verifyNoValidationMessages();
  }

  void audioBitIdentical() {
    model::SafetensorsFile ref(tinyDir() / "reference.safetensors");
    const model::TensorView& feat = ref.tensor("audio.input_features");
    const auto features = feat.toFloat();
    const model::TensorView& maskT = ref.tensor("audio.input_features_mask");
    std::vector<uint8_t> mask(maskT.bytes);
    std::memcpy(mask.data(), maskT.data, maskT.bytes);
    auto st = runtime::LoadedModel::load(test::testDevice(), tinyDir());
    auto gg = runtime::LoadedModel::load(test::testDevice(), gguf_);
    const auto ea = st->audioEncoder()->encode(features, uint32_t(feat.shape.back()), mask);
    const auto eb = gg->audioEncoder()->encode(features, uint32_t(feat.shape.back()), mask);
    QVERIFY2(bitEqual(ea.embeddings, eb.embeddings), "GGUF audio embeddings differ from the safetensors ones");
    const auto ids = idsOf(ref.tensor("audio.input_ids"));
    std::vector<int32_t> softRow(ids.size(), -1);
    int32_t next = 0;
    for (size_t t = 0; t < ids.size(); ++t) {
      if (ids[t] == int32_t(gg->config().tokens.audio)) softRow[t] = next++;
    }
    runtime::Session a(*st, uint32_t(ids.size()) + 8, 32);
    runtime::Session b(*gg, uint32_t(ids.size()) + 8, 32);
    const auto la = a.prefillWithEmbeddings(ids, ea.embeddings, softRow, true);
    const auto lb = b.prefillWithEmbeddings(ids, eb.embeddings, softRow, true);
    QVERIFY2(bitEqual(la, lb), "GGUF audio-prompt logits differ from the safetensors ones");
    test::verifyNoValidationMessages();
  }

 private:
  QTemporaryDir tmp_;
  std::filesystem::path gguf_;
};

QTEST_GUILESS_MAIN(TestGgufParity)
#include "test_gguf_parity.moc"
