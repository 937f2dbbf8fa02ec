// The vision encoder on the GPU (lavapipe in CI) against Hugging Face transformers' outputs for
// every fixture set: the vision tower's soft tokens and embed_vision for the image at every budget
// the reference holds and for the video frames, then the full model's logits with those rows
// spliced into the prompt. Inputs go through the product's own preprocessing (decode the
// processor's resized PNG, patchify) and are checked against the reference's positions and pixels.
// Tolerance: max |Δ| ≤ 1e-4 · max |ref| (the bound), for every tensor.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "runtime/FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "vision/VisionFixtureInputs.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/VisionEncoder.h"
#include "inference/model/VisionEncoderWeights.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"
#ifdef GWB_HAS_MEDIA
#include <QTemporaryDir>

#include <fstream>

#include "inference/media/ImageDecoder.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/media/VisionTargetSize.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"
#endif

using namespace gwb;
using test::i64Of;
using test::idsOf;
using test::imageBudgets;
using test::imagePatches;
using test::Patches;
using test::relError;
using test::softRowsFor;
#ifdef GWB_HAS_MEDIA
using test::fromMedia;
#endif
namespace fs = std::filesystem;

namespace {

constexpr double kTolerance = 1e-4;

void expectClose(const std::string& what, std::span<const float> got, std::span<const float> want, double tol) {
  QVERIFY2(test::closeEnough(what, got, want, tol), what.c_str());
}

struct Tower {
  std::unique_ptr<runtime::LoadedModel> model;
  std::unique_ptr<model::Checkpoint> checkpoint;
  std::unique_ptr<model::VisionEncoderWeights> weights;
  std::unique_ptr<model::VisionEncoder> encoder;
};

Tower openTower(const fs::path& dir) {
  Tower t;
  gpu::Device& dev = test::testDevice();
  t.model = runtime::LoadedModel::load(dev, dir);
  t.checkpoint = std::make_unique<model::Checkpoint>(dir);
  t.weights = std::make_unique<model::VisionEncoderWeights>(
      model::loadVisionEncoderWeights(dev, t.model->config(), *t.checkpoint));
  t.encoder = std::make_unique<model::VisionEncoder>(dev, *t.weights);
  return t;
}

#ifdef GWB_HAS_MEDIA
// A portrait test picture: red grows to the right, green downwards, so a transposed or rotated
// picture is easy to tell apart.
media::RgbImage portraitPicture(int w, int h) {
  media::RgbImage img(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = img.row(y) + size_t(x) * 3;
      p[0] = uint8_t(x * 255 / (w - 1));
      p[1] = uint8_t(y * 255 / (h - 1));
      p[2] = uint8_t((x + 2 * y) % 256);
    }
  }
  return img;
}

// 24-bit bottom-up BMP (no compression), the simplest file FFmpeg decodes losslessly.
void writeBmp(const fs::path& path, const media::RgbImage& img) {
  const uint32_t rowBytes = (uint32_t(img.width) * 3 + 3) & ~3u;
  const uint32_t dataBytes = rowBytes * uint32_t(img.height);
  std::vector<uint8_t> f(54 + dataBytes, 0);
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) f[at + size_t(i)] = uint8_t(v >> (8 * i));
  };
  f[0] = 'B';
  f[1] = 'M';
  put32(2, uint32_t(f.size()));
  put32(10, 54);
  put32(14, 40);
  put32(18, uint32_t(img.width));
  put32(22, uint32_t(img.height));
  f[26] = 1;
  f[28] = 24;
  put32(34, dataBytes);
  for (int y = 0; y < img.height; ++y) {
    uint8_t* dst = f.data() + 54 + size_t(img.height - 1 - y) * rowBytes;
    for (int x = 0; x < img.width; ++x) {
      const uint8_t* src = img.row(y) + size_t(x) * 3;
      dst[3 * x] = src[2];
      dst[3 * x + 1] = src[1];
      dst[3 * x + 2] = src[0];
    }
  }
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(f.data()), std::streamsize(f.size()));
}

// Mean of channel c over the columns [x0, x1) and rows [y0, y1).
double meanOf(const media::RgbImage& img, int c, int x0, int x1, int y0, int y1) {
  double sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) sum += img.at(x, y, c);
  return sum / double((x1 - x0) * (y1 - y0));
}
#endif

}  // namespace

class TestVisionParity : public QObject {
  Q_OBJECT
 private slots:
  void fixturesExist() { QVERIFY2(!test::fixtureSets().empty(), "no fixture sets found in ../shared/fixtures"); }

  void imageSoftTokensAndEmbeddings() {
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const auto budgets = imageBudgets(ref);
      if (budgets.empty()) continue;
      Tower t = openTower(dir);
      for (int b : budgets) {
        const std::string prefix = "image.b" + std::to_string(b);
        auto patches = imagePatches(dir, ref, b);
        if (!patches) {
          qWarning("%s: %s has no picture this build can read (no gwb_media); skipped", dir.filename().c_str(),
                   prefix.c_str());
          continue;
        }
        const model::VisionOutput out = t.encoder->encode(patches->image());
        qInfo("%s %s: %ux%u patches -> %u soft tokens", dir.filename().c_str(), prefix.c_str(), out.gridW, out.gridH,
              out.tokens);
        expectClose(prefix + ".vision_soft_tokens", out.softTokens, ref.tensor(prefix + ".vision_soft_tokens").toFloat(),
                    kTolerance);
        expectClose(prefix + ".embed_vision", out.embeddings, ref.tensor(prefix + ".embed_vision").toFloat(),
                    kTolerance);
      }
    }
    test::verifyNoValidationMessages();
  }

  // Padding rows and row order must not matter: the same patches shuffled, with padding rows
  // interleaved, give the same soft tokens.
  void paddingAndRowOrderIgnored() {
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const auto budgets = imageBudgets(ref);
      if (budgets.empty()) continue;
      const int b = *std::min_element(budgets.begin(), budgets.end());
      auto patches = imagePatches(dir, ref, b);
      if (!patches) QSKIP("no picture this build can read");
      Tower t = openTower(dir);
      const size_t K = patches->pixelValues.size() / (patches->positionIds.size() / 2);
      const size_t rows = patches->positionIds.size() / 2;
      std::vector<size_t> order(rows);
      for (size_t i = 0; i < rows; ++i) order[i] = (i * 7919) % rows;  // 7919 is prime: a permutation
      std::sort(order.begin(), order.end());
      order.erase(std::unique(order.begin(), order.end()), order.end());
      QCOMPARE(order.size(), rows);
      Patches shuffled;
      for (size_t i = 0; i < rows; ++i) {
        const size_t src = (i * 7919) % rows;
        shuffled.pixelValues.insert(shuffled.pixelValues.end(), patches->pixelValues.begin() + ptrdiff_t(src * K),
                                    patches->pixelValues.begin() + ptrdiff_t((src + 1) * K));
        shuffled.positionIds.push_back(patches->positionIds[2 * src]);
        shuffled.positionIds.push_back(patches->positionIds[2 * src + 1]);
      }
      const std::string prefix = "image.b" + std::to_string(b);
      const model::VisionOutput out = t.encoder->encode(shuffled.image());
      expectClose(prefix + ".vision_soft_tokens (rows shuffled)", out.softTokens,
                  ref.tensor(prefix + ".vision_soft_tokens").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
  }

  void videoFrames() {
#ifndef GWB_HAS_MEDIA
    QSKIP("video frames need gwb_media (GWB_MEDIA=ON) to decode");
#else
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const model::TensorView* pos = ref.find("video.position_ids");
      if (!pos) continue;
      Tower t = openTower(dir);
      const int64_t frames = pos->shape.at(0), maxPatches = pos->shape.at(1);
      const int64_t k = t.weights->config.poolingKernelSize;
      const int budget = int(maxPatches / (k * k));
      const auto wantPos = i64Of(*pos);
      std::vector<Patches> patches;
      for (int64_t f = 0; f < frames; ++f) {
        const fs::path png = dir / ("video_resized_" + std::to_string(f) + ".png");
        QVERIFY2(fs::exists(png), png.c_str());
        patches.push_back(fromMedia(media::preprocessVideoFrame(media::decodeImageFile(png.string()), budget)));
        const std::vector<int64_t> want(wantPos.begin() + f * maxPatches * 2, wantPos.begin() + (f + 1) * maxPatches * 2);
        QVERIFY2(patches.back().positionIds == want, "video frame position ids differ from the reference");
      }
      std::vector<model::VisionImage> images;
      for (const auto& p : patches) images.push_back(p.image());
      const model::VisionOutput out = t.encoder->encodeFrames(images);
      qInfo("%s video: %lld frames at budget %d -> %u soft tokens", dir.filename().c_str(),
            static_cast<long long>(frames), budget, out.tokens);
      expectClose("video.vision_soft_tokens", out.softTokens, ref.tensor("video.vision_soft_tokens").toFloat(),
                  kTolerance);
      expectClose("video.embed_vision", out.embeddings, ref.tensor("video.embed_vision").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
#endif
  }

  // The fixtures' clip bounds are tight (3 %/97 % quantiles of the activations): a tower that skips
  // the ClippableLinear clamps must miss the reference, or the parity above would prove nothing.
  void clampsAreNeeded() {
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const auto budgets = imageBudgets(ref);
      Tower t = openTower(dir);
      if (budgets.empty() || !t.weights->config.useClippedLinears) continue;
      const int b = *std::min_element(budgets.begin(), budgets.end());
      auto patches = imagePatches(dir, ref, b);
      if (!patches) QSKIP("no picture this build can read");
      for (auto& l : t.weights->layers) {
        for (ops::ClipBounds* c : {&l.qClip, &l.kClip, &l.vClip, &l.oClip, &l.gateClip, &l.upClip, &l.downClip}) {
          *c = ops::ClipBounds{};
        }
      }
      const std::string name = "image.b" + std::to_string(b) + ".vision_soft_tokens";
      const double e = relError(t.encoder->encode(patches->image()).softTokens, ref.tensor(name).toFloat());
      qInfo("%s without clamps: max |diff| / max |ref| = %.3e", name.c_str(), e);
      QVERIFY2(e > 100 * kTolerance, "the reference does not depend on the clip bounds");
    }
    test::verifyNoValidationMessages();
  }

  // bf16 checkpoints (the released dtype): matrices and the position table stay bf16 on the device,
  // norms and clip bounds widen exactly. No bf16 vision reference exists, so this checks that the
  // tower loads and runs, and stays near the f32 reference (bf16 rounding of every weight).
  void bf16WeightsLoadAndRun() {
    for (const auto& dir : test::fixtureSets()) {
      if (!fs::exists(dir / "bf16" / "config.json")) continue;
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const auto budgets = imageBudgets(ref);
      if (budgets.empty()) continue;
      const int b = *std::min_element(budgets.begin(), budgets.end());
      auto patches = imagePatches(dir, ref, b);
      if (!patches) QSKIP("no picture this build can read");
      Tower t = openTower(dir / "bf16");
      QCOMPARE(t.weights->patchProjection.dtype, gpu::DType::BF16);
      const model::VisionOutput out = t.encoder->encode(patches->image());
      const std::string name = "image.b" + std::to_string(b) + ".embed_vision";
      const double e = relError(out.embeddings, ref.tensor(name).toFloat());
      qInfo("%s with bf16 weights: max |diff| / max |ref| = %.3e (f32 reference)", name.c_str(), e);
      QVERIFY2(std::isfinite(e) && e < 0.1, "bf16 vision tower far from the f32 reference");
    }
    test::verifyNoValidationMessages();
  }

  // The whole model: image.input_ids with its placeholders replaced by our embed_vision rows.
  void imageLogits() {
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      if (!ref.find("image.logits")) continue;
      Tower t = openTower(dir);
      const auto ids = idsOf(ref.tensor("image.input_ids"));
      size_t count = 0;
      const auto softRow = softRowsFor(ids, t.model->config().tokens.image, count);
      // The budget whose soft-token count matches the prompt's placeholders.
      std::optional<model::VisionOutput> out;
      for (int b : imageBudgets(ref)) {
        if (size_t(ref.tensor("image.b" + std::to_string(b) + ".vision_soft_tokens").shape.at(0)) != count) continue;
        auto patches = imagePatches(dir, ref, b);
        if (!patches) break;
        out = t.encoder->encode(patches->image());
        qInfo("%s image prompt: %zu tokens, %zu image placeholders (budget %d)", dir.filename().c_str(), ids.size(),
              count, b);
        break;
      }
      if (!out) {
        qWarning("%s: no readable budget has %zu soft tokens; image.logits skipped", dir.filename().c_str(), count);
        continue;
      }
      QCOMPARE(size_t(out->tokens), count);
      runtime::Session s(*t.model, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
      const auto logits = s.prefillWithEmbeddings(ids, out->embeddings, softRow, true);
      expectClose("image.logits", logits, ref.tensor("image.logits").toFloat(), kTolerance);
      // Chunked prefill (placeholders split across chunks) must give the same logits.
      runtime::Session chunked(*t.model, uint32_t(ids.size()) + 8, 37);
      const auto logits2 = chunked.prefillWithEmbeddings(ids, out->embeddings, softRow, true);
      expectClose("image.logits (chunks of 37)", logits2, ref.tensor("image.logits").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
  }

  void videoLogits() {
#ifndef GWB_HAS_MEDIA
    QSKIP("video frames need gwb_media (GWB_MEDIA=ON) to decode");
#else
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      const model::TensorView* pos = ref.find("video.position_ids");
      if (!pos || !ref.find("video.logits")) continue;
      Tower t = openTower(dir);
      const int64_t frames = pos->shape.at(0), maxPatches = pos->shape.at(1);
      const int64_t k = t.weights->config.poolingKernelSize;
      std::vector<Patches> patches;
      std::vector<model::VisionImage> images;
      for (int64_t f = 0; f < frames; ++f) {
        const fs::path png = dir / ("video_resized_" + std::to_string(f) + ".png");
        patches.push_back(fromMedia(media::preprocessVideoFrame(media::decodeImageFile(png.string()),
                                                                int(maxPatches / (k * k)))));
      }
      for (const auto& p : patches) images.push_back(p.image());
      const model::VisionOutput out = t.encoder->encodeFrames(images);
      const auto ids = idsOf(ref.tensor("video.input_ids"));
      size_t count = 0;
      const auto softRow = softRowsFor(ids, t.model->config().tokens.video, count);
      QCOMPARE(size_t(out.tokens), count);
      runtime::Session s(*t.model, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
      const auto logits = s.prefillWithEmbeddings(ids, out.embeddings, softRow, true);
      expectClose("video.logits", logits, ref.tensor("video.logits").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
#endif
  }

  // From the original picture (image.png) through the whole product path: decode, resize to the
  // budget, patchify, encode. The resize is transformers' (torchvision) bicubic-antialias on uint8.
  void imageFromOriginalPicture() {
#ifndef GWB_HAS_MEDIA
    QSKIP("needs gwb_media (GWB_MEDIA=ON) to decode image.png");
#else
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      if (!fs::exists(dir / "image.png")) continue;
      const auto budgets = imageBudgets(ref);
      if (budgets.empty()) continue;
      Tower t = openTower(dir);
      const media::RgbImage picture = media::decodeImageFile((dir / "image.png").string());
      for (int b : budgets) {
        const std::string prefix = "image.b" + std::to_string(b);
        const Patches p = fromMedia(media::preprocessImage(picture, b));
        QVERIFY2(p.positionIds == i64Of(ref.tensor(prefix + ".position_ids")), "position ids differ");
        const model::VisionOutput out = t.encoder->encode(p.image());
        expectClose(prefix + ".embed_vision from image.png", out.embeddings,
                    ref.tensor(prefix + ".embed_vision").toFloat(), kTolerance);
      }
    }
    test::verifyNoValidationMessages();
#endif
  }
  // Portrait pictures pass unchanged: a 200×300 picture keeps its orientation through decode and
  // resize, gets the spec's target size (scale √(budget·9·256 / (H·W)), sides floored to multiples
  // of 48: 288×480 at 70, 624×960 at 280), a taller-than-wide patch grid with raster positions,
  // (H/48)·(W/48) soft tokens from the encoder, and runs through the caption task.
  void portraitImage() {
#ifndef GWB_HAS_MEDIA
    QSKIP("needs gwb_media (GWB_MEDIA=ON)");
#else
    const media::RgbImage picture = portraitPicture(200, 300);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path file = fs::path(tmp.path().toStdString()) / "portrait.bmp";
    writeBmp(file, picture);
    const media::RgbImage decoded = media::decodeImageFile(file.string());
    QCOMPARE(decoded.width, 200);
    QCOMPARE(decoded.height, 300);
    QVERIFY2(decoded.pixels == picture.pixels, "the decoded portrait differs from the written one");

    const fs::path dir = test::fixtureSets().front();
    Tower t = openTower(dir);
    struct Case {
      int budget, width, height;
    };
    for (const Case c : {Case{70, 288, 480}, Case{280, 624, 960}}) {
      const media::TargetSize ts = media::visionTargetSize(200, 300, c.budget);
      QCOMPARE(ts.width, c.width);
      QCOMPARE(ts.height, c.height);
      const media::RgbImage resized = media::resizeForVision(decoded, c.budget);
      QCOMPARE(resized.width, c.width);
      QCOMPARE(resized.height, c.height);
      // Still upright: red grows to the right, green downwards.
      QVERIFY(meanOf(resized, 0, c.width - 16, c.width, 0, c.height) > meanOf(resized, 0, 0, 16, 0, c.height) + 100);
      QVERIFY(meanOf(resized, 1, 0, c.width, c.height - 16, c.height) > meanOf(resized, 1, 0, c.width, 0, 16) + 100);

      const media::ImagePatches p = media::preprocessImage(decoded, c.budget);
      QCOMPARE(p.maxPatches, c.budget * 9);
      QCOMPARE(p.patchesW, c.width / 16);
      QCOMPARE(p.patchesH, c.height / 16);
      QVERIFY(p.patchesH > p.patchesW);
      QCOMPARE(p.numPatches, p.patchesW * p.patchesH);
      const int softTokens = (c.height / 48) * (c.width / 48);
      QCOMPARE(p.numSoftTokens, softTokens);
      QCOMPARE(p.positionIds.size(), size_t(p.maxPatches) * 2);
      QCOMPARE(p.pixelValues.size(), size_t(p.maxPatches) * media::kPatchValues);
      for (int r = 0; r < p.maxPatches; ++r) {
        const bool real = r < p.numPatches;
        const int64_t wantX = real ? r % p.patchesW : -1, wantY = real ? r / p.patchesW : -1;
        if (p.positionIds[2 * size_t(r)] != wantX || p.positionIds[2 * size_t(r) + 1] != wantY) {
          QFAIL(qPrintable(QString("budget %1: row %2 has position (%3, %4)")
                               .arg(c.budget)
                               .arg(r)
                               .arg(p.positionIds[2 * size_t(r)])
                               .arg(p.positionIds[2 * size_t(r) + 1])));
        }
      }
      // Patch (px, py) holds resized pixel (16·px + dx, 16·py + dy): check the last real patch's corner.
      const size_t last = size_t(p.numPatches - 1) * media::kPatchValues;
      QCOMPARE(p.pixelValues[last], float(resized.at(c.width - 16, c.height - 16, 0)) * (1.0f / 255.0f));

      const model::VisionOutput out = t.encoder->encode({p.pixelValues, p.positionIds});
      qInfo("portrait 200x300 at budget %d: %dx%d resized, %ux%u patches -> %u soft tokens", c.budget, c.width,
            c.height, out.gridW, out.gridH, out.tokens);
      QCOMPARE(int(out.gridW), p.patchesW);
      QCOMPARE(int(out.gridH), p.patchesH);
      QCOMPARE(int(out.tokens), softTokens);
      QCOMPARE(out.embeddings.size(), size_t(softTokens) * size_t(t.model->config().text.hiddenSize));
      QCOMPARE(out.softTokens.size() % size_t(softTokens), size_t(0));
      QVERIFY(std::all_of(out.softTokens.begin(), out.softTokens.end(), [](float v) { return std::isfinite(v); }));
      QVERIFY(std::all_of(out.embeddings.begin(), out.embeddings.end(), [](float v) { return std::isfinite(v); }));
    }

    runtime::TaskRequest req;
    req.preset = runtime::findTask("caption");
    QVERIFY(req.preset);
    req.images = {file.string()};
    req.budget = 70;
    req.maxNewTokens = 2;
    const runtime::TaskResult r = runtime::runTask(*t.model, req);
    qInfo("caption of the portrait: %d prompt tokens, %d generated", r.promptTokens, r.generatedTokens);
    QCOMPARE(r.imageWidth, 200);
    QCOMPARE(r.imageHeight, 300);
    QVERIFY(r.promptTokens > 60);  // the 6×10 soft tokens and the prompt around them
    QVERIFY(r.generatedTokens >= 1 && r.generatedTokens <= 2);
    QVERIFY(!r.cancelled);
    test::verifyNoValidationMessages();
#endif
  }
};

QTEST_GUILESS_MAIN(TestVisionParity)
#include "test_vision_parity.moc"
