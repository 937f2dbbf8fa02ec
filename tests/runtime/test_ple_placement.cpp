// The per-layer-embedding table on the device (model/PleTableDevice.h) against the host gather it
// replaces. First the placement policy on E2B's table and weight sizes; then the same prefill
// chunk and decode steps run with the table on the device and in host memory, which must agree
// bit for bit (both multiply the same stored value by the same scale in f32): the first fixture
// set's checkpoint, random weights (whose device copy is f32 at test sizes), and a GGUF whose
// table is Q8_0 as llama.cpp's quantize writes it (the fixture's 7 x 16 = 112-wide rows are not
// whole Q8_0 blocks, so that model is the fixture with 32-wide per-layer inputs and fresh random
// PLE tensors). That GGUF must also load (a quantized table was refused before) and stay near the
// f32 model it was converted from. GPU: lavapipe in CI.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include "FixtureConfig.h"
#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/GgufConvert.h"
#include "inference/model/GgufFile.h"
#include "inference/model/GgufGemma4Config.h"
#include "inference/model/KvCache.h"
#include "inference/model/PleTableDevice.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/TextDecoder.h"
#include "model/ModelTestSupport.h"

using namespace gwb;
namespace fs = std::filesystem;

namespace {

struct DecoderRun {
  std::vector<float> prefillLogits, perLayerInputs;
  std::vector<std::vector<float>> stepLogits;  // three decode steps after the prefill
};

int32_t argmaxOfLastRow(const std::vector<float>& logits, uint32_t vocab) {
  const auto last = logits.end() - ptrdiff_t(vocab);
  return int32_t(std::max_element(last, logits.end()) - last);
}

DecoderRun runDecoder(const model::ModelConfig& cfg, const model::TextDecoderWeights& w, std::span<const int32_t> ids) {
  gpu::Device& dev = test::testDevice();
  model::TextDecoder dec(dev, cfg, w, uint32_t(ids.size()));
  model::KvCache cache(dev, cfg.text, uint32_t(ids.size()) + 4);
  model::DecoderTrace trace;
  DecoderRun r;
  r.prefillLogits = dec.forward(cache, {ids, 0}, model::LogitsRows::All, &trace);
  r.perLayerInputs = trace.perLayerInputs;
  int32_t next = argmaxOfLastRow(r.prefillLogits, uint32_t(cfg.text.vocabSize));
  for (int s = 0; s < 3; ++s) {
    r.stepLogits.push_back(dec.forward(cache, {std::span<const int32_t>(&next, 1), cache.length()}, model::LogitsRows::Last));
    next = argmaxOfLastRow(r.stepLogits.back(), uint32_t(cfg.text.vocabSize));
  }
  return r;
}

bool bitEqual(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && !a.empty() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

// Runs w with the table on the device (which the policy must choose at test sizes), then in host
// memory; returns the device run.
DecoderRun verifyDeviceEqualsHost(const model::ModelConfig& cfg, model::TextDecoderWeights& w,
                                  std::span<const int32_t> ids) {
  gpu::Device& dev = test::testDevice();
  if (!w.plePlacement.onDevice || !w.pleTableDevice) QTest::qFail(w.plePlacement.reason.c_str(), __FILE__, __LINE__);
  const DecoderRun onDevice = runDecoder(cfg, w, ids);
  model::placePleTable(dev, w, false);
  if (w.pleTableDevice || w.plePlacement.onDevice) QTest::qFail("the table stayed on the device", __FILE__, __LINE__);
  const DecoderRun onHost = runDecoder(cfg, w, ids);
  if (!bitEqual(onDevice.perLayerInputs, onHost.perLayerInputs)) QTest::qFail("per-layer inputs differ", __FILE__, __LINE__);
  if (!bitEqual(onDevice.prefillLogits, onHost.prefillLogits)) QTest::qFail("prefill logits differ", __FILE__, __LINE__);
  for (size_t s = 0; s < onDevice.stepLogits.size(); ++s) {
    if (!bitEqual(onDevice.stepLogits[s], onHost.stepLogits[s])) QTest::qFail("decode step logits differ", __FILE__, __LINE__);
  }
  return onDevice;
}

std::vector<int32_t> promptOf(const fs::path& dir) {
  model::SafetensorsFile ref(dir / "reference.safetensors");
  return test::idsOf(ref.tensor("text.input_ids"));
}

// The fixture with hidden_size_per_layer_input = 32 and random tensors of the new PLE shapes.
fs::path writeWidePleModel(const fs::path& fixture, const fs::path& out) {
  fs::create_directories(out);
  std::ofstream(out / "config.json") << test::fixtureConfigTextWithText(fixture, {{"hidden_size_per_layer_input", "32"}});
  for (const char* f : {"tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "generation_config.json"}) {
    if (fs::exists(fixture / f)) fs::copy_file(fixture / f, out / f);
  }
  const model::ModelConfig cfg = model::ModelConfig::load(fixture);
  const int64_t L = cfg.text.numLayers, H = cfg.text.hiddenSize, P = 32;
  const auto endsWith = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  model::test::copyCheckpoint(model::Checkpoint(fixture), out / "model.safetensors", [&](const std::string& n) {
    model::test::TensorEdit e;
    if (endsWith(n, "embed_tokens_per_layer.weight")) e.shape = std::vector<int64_t>{cfg.text.vocabSizePerLayerInput, L * P};
    if (endsWith(n, "per_layer_model_projection.weight")) e.shape = std::vector<int64_t>{L * P, H};
    if (endsWith(n, "per_layer_projection_norm.weight")) e.shape = std::vector<int64_t>{P};
    if (endsWith(n, ".per_layer_input_gate.weight")) e.shape = std::vector<int64_t>{P, H};
    if (endsWith(n, ".per_layer_projection.weight")) e.shape = std::vector<int64_t>{H, P};
    return e;
  });
  return out;
}

double relativeL2(const std::vector<float>& got, const std::vector<float>& want) {
  double num = 0, den = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    num += (double(got[i]) - want[i]) * (double(got[i]) - want[i]);
    den += double(want[i]) * want[i];
  }
  return std::sqrt(num / den);
}

}  // namespace

class TestPlePlacement : public QObject {
  Q_OBJECT
 private slots:
  void policy() {
    gpu::DeviceInfo info;
    info.maxBufferSize = 1ull << 40;
    info.maxAllocationSize = 4ull << 30;  // NVIDIA's: the 4.7 GB table goes in two buffers
    const uint64_t e2bRow = 35 * 256 * 2, e2bTable = 262144ull * e2bRow, e2bWeights = 4349ull << 20;  // as `bench` loads them
    info.deviceLocalBytes = 80ull << 30;
    const model::PlePlacement h100 = model::decidePlePlacement(info, e2bTable, e2bRow, e2bWeights);
    QVERIFY2(h100.onDevice, h100.reason.c_str());
    QCOMPARE(h100.deviceBytes, e2bTable);
    info.deviceLocalBytes = 24ull << 30;  // 9.3 GB of 25.8: still under half
    QVERIFY(model::decidePlePlacement(info, e2bTable, e2bRow, e2bWeights).onDevice);
    info.deviceLocalBytes = 16ull << 30;  // 9.3 GB of 17.2: the KV cache and encoders need the rest
    const model::PlePlacement small = model::decidePlePlacement(info, e2bTable, e2bRow, e2bWeights);
    QVERIFY(!small.onDevice);
    QCOMPARE(small.deviceBytes, uint64_t(0));
    QVERIFY2(small.reason.find("half of the device") != std::string::npos, small.reason.c_str());
    info.deviceLocalBytes = 80ull << 30;
    info.maxAllocationSize = e2bRow - 1;  // not even one row per buffer
    const model::PlePlacement tiny = model::decidePlePlacement(info, e2bTable, e2bRow, e2bWeights);
    QVERIFY(!tiny.onDevice);
    QVERIFY2(tiny.reason.find("largest buffer") != std::string::npos, tiny.reason.c_str());
    info.maxAllocationSize = 4ull << 30;
    info.deviceLocalBytes = 0;  // no device-local heap reported
    QVERIFY(!model::decidePlePlacement(info, e2bTable, e2bRow, e2bWeights).onDevice);
  }

  void fixtureTableOnDeviceEqualsHost() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    gpu::Device& dev = test::testDevice();
    const fs::path dir = sets.front();
    const model::ModelConfig cfg = model::ModelConfig::load(dir);
    const model::Checkpoint ckpt(dir);
    model::TextDecoderWeights w = model::loadTextDecoderWeights(dev, cfg, ckpt);
    verifyDeviceEqualsHost(cfg, w, promptOf(dir));
  }

  void randomTableOnDeviceEqualsHost() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    const model::ModelConfig cfg = test::fixtureConfigWithText(sets.front(), {{"hidden_size_per_layer_input", "256"}});
    model::TextDecoderWeights w = model::randomTextDecoderWeights(test::testDevice(), cfg, gpu::DType::F32, 11);
    QCOMPARE(w.pleTableDevice.dtype, gpu::DType::F32);
    verifyDeviceEqualsHost(cfg, w, promptOf(sets.front()));
  }

  void quantizedGgufTableLoadsAndMatches() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    gpu::Device& dev = test::testDevice();
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path src = writeWidePleModel(sets.front(), fs::path(tmp.path().toStdString()) / "wide-ple");
    const fs::path gguf = src.parent_path() / "wide-ple-q8_0.gguf";
    model::convertToGguf(src, gguf, {model::GgmlType::Q8_0, model::MmprojNaming::Suffix, false});

    const model::GgufFile file(gguf);
    const model::ModelConfig cfg = model::modelConfigFromGguf(file, nullptr);
    const model::Checkpoint ckpt(gguf, std::nullopt);
    model::TextDecoderWeights w = model::loadTextDecoderWeights(dev, cfg, ckpt);
    QVERIFY(w.pleTable.has_value());
    QCOMPARE(w.pleTable->storageType(), gpu::DType::Q8_0);
    const auto ids = promptOf(sets.front());
    const DecoderRun quantized = verifyDeviceEqualsHost(cfg, w, ids);

    // Against the f32 model it came from: Q8_0 noise on every matrix, not garbage (uncorrelated
    // logits of the same scale give ~1.4).
    const model::ModelConfig srcCfg = model::ModelConfig::load(src);
    const model::Checkpoint srcCkpt(src);
    const model::TextDecoderWeights f32 = model::loadTextDecoderWeights(dev, srcCfg, srcCkpt);
    const DecoderRun reference = runDecoder(srcCfg, f32, ids);
    const double err = relativeL2(quantized.prefillLogits, reference.prefillLogits);
    qInfo("GGUF with a Q8_0 PLE table: prefill logits relative L2 %.4f against its f32 source", err);
    QVERIFY2(err < 0.3, qPrintable(QString("relative L2 %1").arg(err)));
  }
};

QTEST_GUILESS_MAIN(TestPlePlacement)
#include "test_ple_placement.moc"
