// `convert` on the tiny fixture, read back through the GGUF checkpoint: the config rebuilt from
// llama.cpp's metadata keys equals config.json's, every Hugging Face tensor comes back under its
// name with the same shape, dtype and bytes (F32 and BF16 conversions are bit-exact; the audio
// per-dim scale comes back as softplus of the original, as llama.cpp stores it), the mmproj beside
// the text file is found under either naming, and a Q8_0 conversion lists its blocks and passes the
// text weight manifest.
#include <QtTest>

#include <cmath>
#include <cstring>

#include "ModelTestSupport.h"
#include "inference/model/GenerationConfig.h"
#include "inference/model/GgufConvert.h"
#include "inference/model/GgufGemma4Config.h"
#include "inference/model/GgufGemma4Names.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/ModelFootprint.h"
#include "inference/model/QuantBlocks.h"
#include "inference/model/TextWeightManifest.h"

using namespace gwb::model;

namespace {

void compareText(const TextConfig& a, const TextConfig& b) {
  QCOMPARE(a.vocabSize, b.vocabSize);
  QCOMPARE(a.hiddenSize, b.hiddenSize);
  QCOMPARE(a.intermediateSize, b.intermediateSize);
  QCOMPARE(a.numLayers, b.numLayers);
  QCOMPARE(a.numAttentionHeads, b.numAttentionHeads);
  QCOMPARE(a.numKeyValueHeads, b.numKeyValueHeads);
  QCOMPARE(a.headDim, b.headDim);
  QCOMPARE(a.globalHeadDim, b.globalHeadDim);
  QCOMPARE(a.attentionKEqV, b.attentionKEqV);
  QCOMPARE(a.maxPositionEmbeddings, b.maxPositionEmbeddings);
  QCOMPARE(float(a.rmsNormEps), float(b.rmsNormEps));  // GGUF stores it as f32, the engine uses it as f32
  QCOMPARE(a.slidingWindow, b.slidingWindow);
  QCOMPARE(a.finalLogitSoftcapping, b.finalLogitSoftcapping);
  QCOMPARE(a.hiddenSizePerLayerInput, b.hiddenSizePerLayerInput);
  QCOMPARE(a.vocabSizePerLayerInput, b.vocabSizePerLayerInput);
  QCOMPARE(a.numKvSharedLayers, b.numKvSharedLayers);
  QCOMPARE(a.useDoubleWideMlp, b.useDoubleWideMlp);
  QCOMPARE(a.tieWordEmbeddings, b.tieWordEmbeddings);
  QCOMPARE(a.bosTokenId, b.bosTokenId);
  QCOMPARE(a.padTokenId, b.padTokenId);
  QCOMPARE(a.slidingRope.theta, b.slidingRope.theta);
  QCOMPARE(a.fullRope.theta, b.fullRope.theta);
  QCOMPARE(a.fullRope.type, b.fullRope.type);
  QCOMPARE(a.layers.size(), b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    const TextLayer &x = a.layers[i], &y = b.layers[i];
    QCOMPARE(x.isFull, y.isFull);
    QCOMPARE(x.headDim, y.headDim);
    QCOMPARE(x.numKvHeads, y.numKvHeads);
    QCOMPARE(x.hasVProj, y.hasVProj);
    QCOMPARE(x.ropeTheta, y.ropeTheta);
    QCOMPARE(x.ropeAngles, y.ropeAngles);
    QCOMPARE(x.kvShared, y.kvShared);
    QCOMPARE(x.kvSourceLayer, y.kvSourceLayer);
    QCOMPARE(x.mlpWidth, y.mlpWidth);
  }
}

void compareConfigs(const ModelConfig& got, const ModelConfig& want) {
  compareText(got.text, want.text);
  QCOMPARE(got.layout, want.layout);
  QCOMPARE(got.tokens.boi, want.tokens.boi);
  QCOMPARE(got.tokens.eoi, want.tokens.eoi);
  QCOMPARE(got.tokens.image, want.tokens.image);
  QCOMPARE(got.tokens.video, want.tokens.video);
  QCOMPARE(got.tokens.boa, want.tokens.boa);
  QCOMPARE(got.tokens.eoa, want.tokens.eoa);
  QCOMPARE(got.tokens.audio, want.tokens.audio);
  QCOMPARE(got.vision.has_value(), want.vision.has_value());
  if (want.vision) {
    const VisionConfig &a = *got.vision, &b = *want.vision;
    QCOMPARE(a.hiddenSize, b.hiddenSize);
    QCOMPARE(a.intermediateSize, b.intermediateSize);
    QCOMPARE(a.numLayers, b.numLayers);
    QCOMPARE(a.numAttentionHeads, b.numAttentionHeads);
    QCOMPARE(a.numKeyValueHeads, b.numKeyValueHeads);
    QCOMPARE(a.headDim, b.headDim);
    QCOMPARE(float(a.rmsNormEps), float(b.rmsNormEps));
    QCOMPARE(a.ropeType, b.ropeType);
    QCOMPARE(a.ropeTheta, b.ropeTheta);
    QCOMPARE(a.poolingKernelSize, b.poolingKernelSize);
    QCOMPARE(a.patchSize, b.patchSize);
    QCOMPARE(a.positionEmbeddingSize, b.positionEmbeddingSize);
    QCOMPARE(a.useClippedLinears, b.useClippedLinears);
    QCOMPARE(a.standardize, b.standardize);
    QCOMPARE(a.defaultOutputLength, b.defaultOutputLength);
  }
  QCOMPARE(got.audio.has_value(), want.audio.has_value());
  if (want.audio) {
    const AudioConfig &a = *got.audio, &b = *want.audio;
    QCOMPARE(a.hiddenSize, b.hiddenSize);
    QCOMPARE(a.numLayers, b.numLayers);
    QCOMPARE(a.numAttentionHeads, b.numAttentionHeads);
    QCOMPARE(a.subsamplingConvChannels, b.subsamplingConvChannels);
    QCOMPARE(a.convKernelSize, b.convKernelSize);
    QCOMPARE(a.residualWeight, b.residualWeight);
    QCOMPARE(a.attentionChunkSize, b.attentionChunkSize);
    QCOMPARE(a.attentionContextLeft, b.attentionContextLeft);
    QCOMPARE(a.attentionContextRight, b.attentionContextRight);
    QCOMPARE(a.attentionLogitCap, b.attentionLogitCap);
    QCOMPARE(a.useClippedLinears, b.useClippedLinears);
    QCOMPARE(a.rmsNormEps, b.rmsNormEps);
    QCOMPARE(a.outputProjDims, b.outputProjDims);
  }
}

double softplus(double x) { return x > 20.0 ? x : std::log1p(std::exp(x)); }

// Every tensor of `src` is in `gguf` with the same bytes (the per-dim scales as their softplus).
void compareTensors(const Checkpoint& gguf, const Checkpoint& src) {
  size_t seen = 0;
  for (const TensorView* t : src.tensors()) {
    const bool pds = ggufNameForHf(t->name)->transform == GgufTransform::Softplus;
    const TensorView* g = gguf.find(pds ? softplusPerDimScaleName(t->name) : t->name);
    QVERIFY2(g != nullptr, t->name.c_str());
    QCOMPARE(g->shape, t->shape);
    QCOMPARE(g->dtype, t->dtype);
    QCOMPARE(g->bytes, t->bytes);
    if (pds) {
      const auto raw = t->toFloat();
      const auto sp = g->toFloat();
      for (size_t i = 0; i < raw.size(); ++i) QCOMPARE(sp[i], float(softplus(raw[i])));
    } else {
      QVERIFY2(std::memcmp(g->data, t->data, t->bytes) == 0, t->name.c_str());
    }
    ++seen;
  }
  QCOMPARE(gguf.tensorCount(), seen);
}

}  // namespace

class TestGgufConvert : public QObject {
  Q_OBJECT
 private slots:
  void f32RoundTripIsExact() {
    QTemporaryDir tmp;
    const auto out = std::filesystem::path(tmp.path().toStdString()) / "tiny.gguf";
    const GgufConvertResult r = convertToGguf(test::tinyDir(), out, {GgmlType::F32, MmprojNaming::Suffix, true});
    QVERIFY(r.mmproj.has_value());
    QCOMPARE(r.mmproj->filename().string(), std::string("tiny-mmproj.gguf"));
    QVERIFY(r.fallbacks.empty());

    const Checkpoint src(test::tinyDir());
    const Checkpoint gguf(out);  // finds tiny-mmproj.gguf by itself
    QVERIFY(gguf.gguf() != nullptr && gguf.gguf()->mmprojFile() != nullptr);
    compareTensors(gguf, src);
    QVERIFY(gguf.gguf()->quantized().empty());

    const ModelConfig want = ModelConfig::load(test::tinyDir());
    const ModelConfig got = modelConfigFromGguf(gguf.gguf()->textFile(), gguf.gguf()->mmprojFile());
    compareConfigs(got, want);
    const GenerationConfig gen = generationConfigFromGguf(gguf.gguf()->textFile(), got);
    QCOMPARE(gen.eosTokenIds, GenerationConfig::loadOrDefault(test::tinyDir(), want).eosTokenIds);

    // Text file alone: no towers.
    const Checkpoint textOnly(out, std::nullopt);
    const ModelConfig noMedia = modelConfigFromGguf(textOnly.gguf()->textFile(), nullptr);
    QVERIFY(!noMedia.vision && !noMedia.audio);
    QVERIFY(textOnly.find("model.vision_tower.patch_embedder.input_proj.weight") == nullptr);
  }

  void bf16KeepsItsBytesAndLlamaNaming() {
    QTemporaryDir tmp;
    const auto out = std::filesystem::path(tmp.path().toStdString()) / "tiny-bf16.gguf";
    const GgufConvertResult r = convertToGguf(test::tinyBf16Dir(), out, {std::nullopt, MmprojNaming::LlamaPrefix, true});
    QCOMPARE(r.mmproj->filename().string(), std::string("mmproj-tiny-bf16.gguf"));
    const Checkpoint gguf(out);
    QVERIFY(gguf.gguf()->mmprojFile() != nullptr);
    QCOMPARE(gguf.gguf()->textFile().getInt("general.file_type"), int64_t(32));
    // 2-D text matrices stay BF16 byte for byte; 1-D tensors are F32 as llama.cpp writes norms.
    const Checkpoint src(test::tinyBf16Dir());
    const TensorView& q = gguf.tensor("model.language_model.layers.0.self_attn.q_proj.weight");
    const TensorView& qs = src.tensor("model.language_model.layers.0.self_attn.q_proj.weight");
    QCOMPARE(q.dtype, DType::BF16);
    QVERIFY(std::memcmp(q.data, qs.data, qs.bytes) == 0);
    const TensorView& n = gguf.tensor("model.language_model.norm.weight");
    QCOMPARE(n.dtype, DType::F32);
    QCOMPARE(n.toFloat(), src.tensor("model.language_model.norm.weight").toFloat());
  }

  void q8ListsBlocksAndFallsBack() {
    QTemporaryDir tmp;
    const auto out = std::filesystem::path(tmp.path().toStdString()) / "q8.gguf";
    const GgufConvertResult r = convertToGguf(test::tinyDir(), out, {GgmlType::Q8_0, MmprojNaming::Suffix, true});
    const Checkpoint gguf(out);
    const QuantizedTensorView* q = gguf.findQuantized("model.language_model.layers.0.self_attn.q_proj.weight");
    QVERIFY(q != nullptr);
    QCOMPARE(q->type, GgmlType::Q8_0);
    QCOMPARE(q->shape, (std::vector<int64_t>{64, 64}));
    QCOMPARE(q->bytes, size_t(64 * 2 * 34));
    // Dequantized blocks are close to the source (Q8_0: |err| <= d/2 per element, d = amax/127).
    const auto want = Checkpoint(test::tinyDir()).tensor(q->name).toFloat();
    std::vector<float> row(64);
    for (size_t rIdx = 0; rIdx < 64; ++rIdx) {
      dequantizeRow(GgmlType::Q8_0, q->data + rIdx * 68, 64, row.data());
      float amax = 0;
      for (size_t i = 0; i < 64; ++i) amax = std::max(amax, std::abs(want[rIdx * 64 + i]));
      for (size_t i = 0; i < 64; ++i) QVERIFY(std::abs(row[i] - want[rIdx * 64 + i]) <= amax / 127.0f * 0.51f + 1e-7f);
    }
    // The engine's F32-only readers get a clear error for a quantized tensor.
    try {
      (void)gguf.tensor(q->name);
      QFAIL("a quantized tensor was returned as a float view");
    } catch (const CheckpointError& e) {
      QVERIFY2(std::string(e.what()).find("Q8_0-quantized") != std::string::npos, e.what());
    }
    // Q4_K needs 256-element rows; the tiny model's 64-wide rows fall back to Q8_0, said per tensor.
    const auto out4 = std::filesystem::path(tmp.path().toStdString()) / "q4k.gguf";
    const GgufConvertResult r4 = convertToGguf(test::tinyDir(), out4, {GgmlType::Q4_K, MmprojNaming::Suffix, false});
    QVERIFY(!r4.mmproj);
    QVERIFY(!r4.fallbacks.empty());
    QVERIFY(r4.fallbacks.front().find("Q4_K -> Q8_0") != std::string::npos);
    // The footprint counts the quantized tensors.
    const ModelFootprint f = measureCheckpoint(gguf, modelConfigFromGguf(gguf.gguf()->textFile(), gguf.gguf()->mmprojFile()));
    QVERIFY(f.quantizedBytes.count(GgmlType::Q8_0) == 1);
    QVERIFY(f.text.parameters > 0);
    (void)r;
  }

  // `info` and the loader check the text tensors against the manifest: tensors present as GGUF
  // blocks count as present (no false "lacks tensor"), and their shapes are still checked.
  void manifestAcceptsQuantizedTensors() {
    QTemporaryDir tmp;
    const auto out = std::filesystem::path(tmp.path().toStdString()) / "q8.gguf";
    convertToGguf(test::tinyDir(), out, {GgmlType::Q8_0, MmprojNaming::Suffix, false});
    const Checkpoint gguf(out);
    const ModelConfig cfg = modelConfigFromGguf(gguf.gguf()->textFile(), nullptr);
    const std::string prefix = TextWeightManifest::detectTextPrefix(gguf, cfg.layout);
    const TextWeightManifest manifest(cfg.text, prefix);
    size_t quantized = 0;
    for (const WeightSpec& w : manifest.weights()) quantized += gguf.findQuantized(w.name) != nullptr ? 1 : 0;
    QVERIFY2(quantized > 0, "the Q8_0 conversion has no quantized text tensor");
    const auto problem = manifest.firstProblem(gguf);
    QVERIFY2(!problem, problem ? problem->c_str() : "");

    // A config whose MLP is wider than the file's: the quantized gate_proj is named with its type.
    TextConfig wider = cfg.text;
    wider.intermediateSize *= 2;
    deriveTextLayers(wider, "wider");
    const auto widerProblem = TextWeightManifest(wider, prefix).firstProblem(gguf);
    QVERIFY(widerProblem.has_value());
    QVERIFY2(widerProblem->find("Q8_0") != std::string::npos && widerProblem->find("mlp") != std::string::npos,
             widerProblem->c_str());
  }

  void mmprojDiscovery() {
    QTemporaryDir tmp;
    const auto dir = std::filesystem::path(tmp.path().toStdString());
    test::writeFile(dir / "model.gguf", "x");
    QVERIFY(!findMmprojBeside(dir / "model.gguf"));
    test::writeFile(dir / "mmproj-F16.gguf", "x");
    QCOMPARE(findMmprojBeside(dir / "model.gguf")->filename().string(), std::string("mmproj-F16.gguf"));
    test::writeFile(dir / "other-mmproj.gguf", "x");
    QVERIFY_THROWS_EXCEPTION(CheckpointError, findMmprojBeside(dir / "model.gguf"));
    test::writeFile(dir / "model-mmproj.gguf", "x");  // the exact companion name wins
    QCOMPARE(findMmprojBeside(dir / "model.gguf")->filename().string(), std::string("model-mmproj.gguf"));
  }

  void wrongFilesGiveClearErrors() {
    QTemporaryDir tmp;
    const auto out = std::filesystem::path(tmp.path().toStdString()) / "t.gguf";
    convertToGguf(test::tinyDir(), out, {GgmlType::F32, MmprojNaming::Suffix, true});
    const auto mm = std::filesystem::path(tmp.path().toStdString()) / "t-mmproj.gguf";
    // The mmproj opened as the text model.
    try {
      const Checkpoint swapped(mm, std::nullopt);
      QFAIL("an mmproj was accepted as a text model");
    } catch (const CheckpointError& e) {
      QVERIFY2(std::string(e.what()).find("--mmproj") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(CheckpointError, Checkpoint(out, std::optional<std::filesystem::path>(out)));
  }
};

QTEST_GUILESS_MAIN(TestGgufConvert)
#include "test_gguf_convert.moc"
