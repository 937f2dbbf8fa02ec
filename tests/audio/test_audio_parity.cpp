// The audio encoder (conformer) on the GPU (lavapipe in CI) against Hugging Face transformers'
// outputs for every fixture set with an audio tower, in the order the data flows so the first
// diverging tensor is named: audio.subsample_out, audio.tower_out, audio.embed_audio (valid rows),
// then the full model's audio.logits with the soft tokens spliced in at the audio placeholders.
// Inputs: the reference log-mel features, and (with GWB_MEDIA) audio.wav through the media front end.
// Tolerance: max |Δ| ≤ 1e-4 · max |ref| for every tensor (the bound).
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"
#ifdef GWB_HAS_MEDIA
#include "inference/media/AudioDecoder.h"
#include "inference/media/LogMelFeatures.h"
#endif

using namespace gwb;
using test::idsOf;
using test::relError;

namespace {

constexpr double kTolerance = 1e-4;


bool expectClose(const std::string& what, std::span<const float> got, std::span<const float> want, double tol) {
  if (test::closeEnough(what, got, want, tol)) return true;
  QTest::qFail((what + " diverges").c_str(), __FILE__, __LINE__);
  return false;
}


std::vector<uint8_t> bytesOf(const model::TensorView& t) {
  const auto* p = reinterpret_cast<const uint8_t*>(t.data);
  return std::vector<uint8_t>(p, p + t.numel());
}

// The rows of a [rows, width] reference tensor whose mask entry is 1, in order.
std::vector<float> validRows(const model::TensorView& t, const std::vector<uint8_t>& mask) {
  const std::vector<float> all = t.toFloat();
  const size_t width = size_t(t.shape.back());
  std::vector<float> out;
  for (size_t r = 0; r < mask.size(); ++r) {
    if (mask[r]) out.insert(out.end(), all.begin() + r * width, all.begin() + (r + 1) * width);
  }
  return out;
}

struct AudioFixture {
  std::filesystem::path dir;
  std::unique_ptr<model::SafetensorsFile> ref;
  model::ModelConfig config;
  std::vector<float> features;
  std::vector<uint8_t> featureMask;
  uint32_t bins = 0;
  std::vector<uint8_t> towerMask;
};

// Fixture sets whose config has an audio tower and whose references hold the audio case.
std::vector<AudioFixture> audioFixtures() {
  std::vector<AudioFixture> out;
  for (const auto& dir : test::fixtureSets()) {
    AudioFixture f;
    f.dir = dir;
    f.config = model::ModelConfig::load(dir);
    if (!f.config.audio) continue;
    f.ref = std::make_unique<model::SafetensorsFile>(dir / "reference.safetensors");
    if (!f.ref->find("audio.input_features")) continue;
    const model::TensorView& feat = f.ref->tensor("audio.input_features");
    f.features = feat.toFloat();
    f.bins = uint32_t(feat.shape.back());
    f.featureMask = bytesOf(f.ref->tensor("audio.input_features_mask"));
    f.towerMask = bytesOf(f.ref->tensor("audio.tower_mask"));
    out.push_back(std::move(f));
  }
  return out;
}

// The three encoder tensors against the references (valid rows); false at the first divergence.
bool compareEncoder(const AudioFixture& f, const model::AudioEncoding& e, const std::string& source) {
  const auto count = uint32_t(std::count(f.towerMask.begin(), f.towerMask.end(), uint8_t(1)));
  qInfo("%s [%s]: %u mel frames (%u valid) -> %u tokens (reference: %zu rows, %u valid), GPU %.1f ms",
        f.dir.filename().c_str(), source.c_str(), e.frames, e.validFrames, e.tokens, f.towerMask.size(), count,
        e.gpuMs);
  if (e.tokens != count || e.rows != f.towerMask.size()) {
    QTest::qFail("token count differs from the reference's tower mask", __FILE__, __LINE__);
    return false;
  }
  const std::string tag = " [" + source + "]";
  return expectClose("audio.subsample_out" + tag, e.subsampleOut,
                     validRows(f.ref->tensor("audio.subsample_out"), f.towerMask), kTolerance) &&
         expectClose("audio.tower_out" + tag, e.towerOut, validRows(f.ref->tensor("audio.tower_out"), f.towerMask),
                     kTolerance) &&
         expectClose("audio.embed_audio" + tag, e.embeddings,
                     validRows(f.ref->tensor("audio.embed_audio"), f.towerMask), kTolerance);
}

}  // namespace

class TestAudioParity : public QObject {
  Q_OBJECT
 private slots:
  void fixturesExist() {
    QVERIFY2(!audioFixtures().empty(), "no fixture set with an audio case in ../shared/fixtures");
  }

  void tokenCountRule() {
    // t -> (t + 2 - 3) // 2 + 1 twice (HF mask[::2] twice on a prefix mask).
    QCOMPARE(model::audioTokenCount(0), 0u);
    QCOMPARE(model::audioTokenCount(1), 1u);
    QCOMPARE(model::audioTokenCount(4), 1u);
    QCOMPARE(model::audioTokenCount(5), 2u);
    QCOMPARE(model::audioTokenCount(299), 75u);
    QCOMPARE(model::audioTokenCount(2999), 750u);
    for (const AudioFixture& f : audioFixtures()) {
      const auto valid = uint32_t(std::count(f.featureMask.begin(), f.featureMask.end(), uint8_t(1)));
      const auto tokens = uint32_t(std::count(f.towerMask.begin(), f.towerMask.end(), uint8_t(1)));
      QCOMPARE(model::audioTokenCount(valid), tokens);
      QCOMPARE(model::audioTokenCount(uint32_t(f.featureMask.size())), uint32_t(f.towerMask.size()));
      const auto ids = idsOf(f.ref->tensor("audio.input_ids"));
      QCOMPARE(uint32_t(std::count(ids.begin(), ids.end(), int32_t(f.config.tokens.audio))), tokens);
    }
  }

  void encoderFromReferenceFeatures() {
    for (const AudioFixture& f : audioFixtures()) {
      model::Checkpoint ckpt(f.dir);
      const auto weights = model::loadAudioEncoderWeights(test::testDevice(), f.config, ckpt);
      const model::AudioEncoder enc(test::testDevice(), weights);
      const auto e = enc.encode(f.features, f.bins, f.featureMask, true);
      QVERIFY(compareEncoder(f, e, "reference features"));
    }
    test::verifyNoValidationMessages();
  }

  // Padding frames past the valid ones (mask 0) change the row count HF reports, never the valid
  // tokens; a mask that is not a prefix is refused.
  void paddingFramesAreMasked() {
    for (const AudioFixture& f : audioFixtures()) {
      model::Checkpoint ckpt(f.dir);
      const auto weights = model::loadAudioEncoderWeights(test::testDevice(), f.config, ckpt);
      const model::AudioEncoder enc(test::testDevice(), weights);
      const auto base = enc.encode(f.features, f.bins, f.featureMask);
      std::vector<float> padded = f.features;
      std::vector<uint8_t> mask = f.featureMask;
      for (int i = 0; i < 7; ++i) {
        padded.insert(padded.end(), f.bins, 0.0f);
        mask.push_back(0);
      }
      const auto e = enc.encode(padded, f.bins, mask);
      QCOMPARE(e.tokens, base.tokens);
      QCOMPARE(e.rows, model::audioTokenCount(uint32_t(mask.size())));
      QVERIFY(expectClose("embed_audio with 7 padding frames", e.embeddings, base.embeddings, 0.0));
      mask[1] = 0;
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, enc.encode(padded, f.bins, mask));
    }
    test::verifyNoValidationMessages();
  }

  // The fixtures' clamps are finite (3 % / 97 % quantiles): without them the encoder must fail.
  void clampsAreNeeded() {
    for (const AudioFixture& f : audioFixtures()) {
      if (!f.config.audio->useClippedLinears) continue;
      model::Checkpoint ckpt(f.dir);
      auto weights = model::loadAudioEncoderWeights(test::testDevice(), f.config, ckpt);
      for (auto& l : weights.layers) {
        for (model::ClippedLinearWeight* c : {&l.ff1.up, &l.ff1.down, &l.ff2.up, &l.ff2.down, &l.q, &l.k, &l.v, &l.post,
                                              &l.linearStartValue, &l.linearStartGate, &l.linearEnd}) {
          c->bounds = ops::ClipBounds{};
        }
      }
      const model::AudioEncoder enc(test::testDevice(), weights);
      const auto e = enc.encode(f.features, f.bins, f.featureMask);
      const double err = relError(e.towerOut, validRows(f.ref->tensor("audio.tower_out"), f.towerMask));
      qInfo("tower_out without the clamps: %.3e", err);
      QVERIFY(err > 100 * kTolerance);
    }
  }

#ifdef GWB_HAS_MEDIA
  void encoderFromWav() {
    for (const AudioFixture& f : audioFixtures()) {
      if (!std::filesystem::exists(f.dir / "audio.wav")) continue;
      const media::AudioClip clip = media::decodeAudioFile((f.dir / "audio.wav").string());
      const media::LogMelFeatures mel = media::logMelFeatures(clip.samples);
      QCOMPARE(size_t(mel.numFrames), f.featureMask.size());
      QVERIFY(expectClose("audio.input_features [wav]", mel.values, f.features, kTolerance));
      model::Checkpoint ckpt(f.dir);
      const auto weights = model::loadAudioEncoderWeights(test::testDevice(), f.config, ckpt);
      const model::AudioEncoder enc(test::testDevice(), weights);
      const auto e = enc.encode(mel.values, uint32_t(mel.numBins), mel.mask, true);
      QVERIFY(compareEncoder(f, e, "audio.wav"));
    }
    test::verifyNoValidationMessages();
  }
#endif

  void fullModelLogits() {
    for (const AudioFixture& f : audioFixtures()) {
      auto m = runtime::LoadedModel::load(test::testDevice(), f.dir);
      model::Checkpoint ckpt(f.dir);
      const auto weights = model::loadAudioEncoderWeights(test::testDevice(), m->config(), ckpt);
      const model::AudioEncoder enc(test::testDevice(), weights);
      const auto e = enc.encode(f.features, f.bins, f.featureMask);
      const auto ids = idsOf(f.ref->tensor("audio.input_ids"));
      std::vector<int32_t> softRow(ids.size(), -1);
      int32_t next = 0;
      for (size_t t = 0; t < ids.size(); ++t) {
        if (ids[t] == int32_t(m->config().tokens.audio)) softRow[t] = next++;
      }
      QCOMPARE(uint32_t(next), e.tokens);
      runtime::Session s(*m, uint32_t(ids.size()) + 8, 32);  // chunked prefill across the audio
      const auto logits = s.prefillWithEmbeddings(ids, e.embeddings, softRow, true);
      QVERIFY(expectClose("audio.logits", logits, f.ref->tensor("audio.logits").toFloat(), kTolerance));
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestAudioParity)
#include "test_audio_parity.moc"
