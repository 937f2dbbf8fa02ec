// TextWeightManifest (and the media manifests) against the tiny checkpoints and the spec's E2B
// tensor table, plus checkpoints made broken by the test (missing tensor, wrong shape, wrong
// dtype) and legitimate variations (unused KV-shared tensors present, text-only prefix).
#include <QtTest>

#include <map>
#include <set>

#include "inference/model/MediaWeightManifest.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/TextWeightManifest.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;
namespace fs = std::filesystem;

namespace {

std::string validationError(const TextWeightManifest& m, const fs::path& ckptPath) {
  Checkpoint c(ckptPath);
  try {
    m.validate(c);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

// Name -> shape of every tensor of `ckpt` whose name starts with one of `prefixes`.
std::map<std::string, std::vector<int64_t>> tensorsUnder(const Checkpoint& ckpt, std::vector<std::string> prefixes) {
  std::map<std::string, std::vector<int64_t>> out;
  for (const TensorView* t : ckpt.tensors()) {
    for (const auto& p : prefixes) {
      if (t->name.rfind(p, 0) == 0) out[t->name] = t->shape;
    }
  }
  return out;
}

std::map<std::string, std::vector<int64_t>> specsAsMap(const std::vector<WeightSpec>& specs, bool usedOnly) {
  std::map<std::string, std::vector<int64_t>> out;
  for (const auto& s : specs) {
    if (s.used || !usedOnly) out[s.name] = s.shape;
  }
  return out;
}

}  // namespace

class TestTextWeightManifest : public QObject {
  Q_OBJECT

 private:
  ModelConfig tiny_ = ModelConfig::load(tinyDir());

 private slots:
  void tinyCheckpointsValidate() {
    for (const auto& dir : {tinyDir(), tinyBf16Dir()}) {
      Checkpoint c(dir);
      const std::string prefix = TextWeightManifest::detectTextPrefix(c, tiny_.layout);
      QCOMPARE(prefix, std::string(kConditionalTextPrefix));
      const TextWeightManifest m(tiny_.text, prefix);
      const auto problem = m.firstProblem(c);
      QVERIFY2(!problem, problem.value_or("").c_str());
    }
  }

  // The manifest's used tensors are exactly the checkpoint's language-model tensors (the tiny
  // model was re-saved by transformers, so its KV-shared layers have no k/v tensors).
  void manifestEqualsTheTinyTensorTable() {
    Checkpoint c(tinyDir());
    const TextWeightManifest m(tiny_.text, kConditionalTextPrefix);
    const auto expected = specsAsMap(m.weights(), true);
    const auto actual = tensorsUnder(c, {kConditionalTextPrefix});
    QCOMPARE(expected.size(), actual.size());
    QVERIFY(expected == actual);
    QCOMPARE(m.find(WeightRole::KProj, 5)->used, false);
    QCOMPARE(m.find(WeightRole::QProj, 5)->shape, (std::vector<int64_t>{64, 64}));
    QVERIFY(m.find(WeightRole::VProj, 2) != nullptr);
  }

  // The media manifests describe the tiny towers exactly (names and shapes).
  void mediaManifestsEqualTheTinyTowers() {
    Checkpoint c(tinyDir());
    const auto vision = specsAsMap(visionWeights(*tiny_.vision, tiny_.text.hiddenSize), false);
    QVERIFY(vision == tensorsUnder(c, {"model.vision_tower.", "model.embed_vision."}));
    const auto audio = specsAsMap(audioWeights(*tiny_.audio, tiny_.text.hiddenSize), false);
    QVERIFY(audio == tensorsUnder(c, {"model.audio_tower.", "model.embed_audio."}));
  }

  // design/gemma4-text.md §6.1: 17 tensors x 35 layers + 5 = 600 language-model tensors for E2B,
  // all 35 layers with q/k/v; design/gemma4-media.md §8: 658 vision_tower and 751 audio_tower keys.
  void e2bManifestMatchesTheSpecTable() {
    const ModelConfig e2b = ModelConfig::load(e2bConfig());
    const TextWeightManifest m(e2b.text, kConditionalTextPrefix);
    QCOMPARE(m.weights().size(), size_t{600});
    QCOMPARE(m.find(WeightRole::PleTable)->shape, (std::vector<int64_t>{262144, 8960}));
    QCOMPARE(m.find(WeightRole::PleModelProjection)->shape, (std::vector<int64_t>{8960, 1536}));
    QCOMPARE(m.find(WeightRole::QProj, 0)->shape, (std::vector<int64_t>{2048, 1536}));
    QCOMPARE(m.find(WeightRole::QProj, 4)->shape, (std::vector<int64_t>{4096, 1536}));
    QCOMPARE(m.find(WeightRole::KProj, 4)->shape, (std::vector<int64_t>{512, 1536}));
    QCOMPARE(m.find(WeightRole::VProj, 3)->shape, (std::vector<int64_t>{256, 1536}));
    QCOMPARE(m.find(WeightRole::OProj, 9)->shape, (std::vector<int64_t>{1536, 4096}));
    QCOMPARE(m.find(WeightRole::MlpGate, 14)->shape, (std::vector<int64_t>{6144, 1536}));
    QCOMPARE(m.find(WeightRole::MlpDown, 15)->shape, (std::vector<int64_t>{1536, 12288}));
    QCOMPARE(m.find(WeightRole::LayerScalar, 34)->name, std::string("model.language_model.layers.34.layer_scalar"));
    int unused = 0;
    for (const auto& w : m.weights()) unused += w.used ? 0 : 1;
    QCOMPARE(unused, 20 * 3);  // k_proj, v_proj, k_norm of layers 15-34
    const auto vision = visionWeights(*e2b.vision, e2b.text.hiddenSize);
    const auto audio = audioWeights(*e2b.audio, e2b.text.hiddenSize);
    QCOMPARE(vision.size(), size_t{658 + 1});  // + embed_vision
    QCOMPARE(audio.size(), size_t{751 + 1});   // + embed_audio
    QCOMPARE(vision.back().shape, (std::vector<int64_t>{1536, 768}));
    QCOMPARE(audio.back().shape, (std::vector<int64_t>{1536, 1536}));
  }

  void moeManifestHasExperts() {
    const ModelConfig moe = ModelConfig::parse(
        R"({"model_type":"gemma4_text","hidden_size":2816,"num_hidden_layers":30,"num_attention_heads":16,
            "num_key_value_heads":8,"num_global_key_value_heads":2,"attention_k_eq_v":true,"intermediate_size":2112,
            "enable_moe_block":true,"num_experts":128,"top_k_experts":8,"moe_intermediate_size":704,
            "hidden_size_per_layer_input":0})", "26b.json");
    const TextWeightManifest m(moe.text, kCausalLmTextPrefix);
    QCOMPARE(m.find(WeightRole::ExpertsGateUp, 0)->shape, (std::vector<int64_t>{128, 1408, 2816}));
    QCOMPARE(m.find(WeightRole::ExpertsDown, 0)->shape, (std::vector<int64_t>{128, 2816, 704}));
    QCOMPARE(m.find(WeightRole::RouterProj, 7)->shape, (std::vector<int64_t>{128, 2816}));
    QCOMPARE(m.find(WeightRole::MlpGate, 0)->shape, (std::vector<int64_t>{2112, 2816}));
    QCOMPARE(m.find(WeightRole::KProj, 5)->shape, (std::vector<int64_t>{1024, 2816}));
    QVERIFY(m.find(WeightRole::VProj, 5) == nullptr);  // K = V on full layers
    QVERIFY(m.find(WeightRole::PleTable) == nullptr);
  }

  // Real E2B/E4B checkpoints still store k_proj/v_proj/k_norm on KV-shared layers; they are
  // tolerated (and skipped, even with a nonsense shape).
  void unusedSharedTensorsAreTolerated() {
    QTemporaryDir dir;
    const auto out = tempPath(dir, "model.safetensors");
    Checkpoint src(tinyDir());
    SafetensorsWriter w;
    for (const TensorView* t : src.tensors()) {
      w.addRaw(t->name, t->dtype, t->shape, std::span<const std::byte>(t->data, t->bytes));
    }
    const std::vector<float> kv(16 * 64, 0.25f), knorm(16, 1.5f), odd(3, 2.f);
    w.addF32("model.language_model.layers.5.self_attn.k_proj.weight", {16, 64}, kv);
    w.addF32("model.language_model.layers.5.self_attn.v_proj.weight", {16, 64}, kv);
    w.addF32("model.language_model.layers.5.self_attn.k_norm.weight", {16}, knorm);
    w.addF32("model.language_model.layers.6.self_attn.k_proj.weight", {3}, odd);
    w.write(out);
    const TextWeightManifest m(tiny_.text, kConditionalTextPrefix);
    QCOMPARE(validationError(m, out), std::string());
  }

  void missingTensorIsNamed() {
    QTemporaryDir dir;
    const auto out = tempPath(dir, "model.safetensors");
    const std::string victim = "model.language_model.layers.3.mlp.up_proj.weight";
    copyCheckpoint(Checkpoint(tinyDir()), out, [&](const std::string& n) { return TensorEdit{n == victim}; });
    const std::string msg = validationError(TextWeightManifest(tiny_.text, kConditionalTextPrefix), out);
    GWB_VERIFY_CONTAINS(msg, "lacks tensor '" + victim + "'");
    GWB_VERIFY_CONTAINS(msg, "layer 3");
    GWB_VERIFY_CONTAINS(msg, "[96, 64]");
  }

  // A checkpoint whose shared layers lack the double-wide MLP.
  void wrongShapeIsNamedWithExpectedAndFound() {
    QTemporaryDir dir;
    const auto out = tempPath(dir, "model.safetensors");
    const std::string victim = "model.language_model.layers.5.mlp.gate_proj.weight";
    copyCheckpoint(Checkpoint(tinyDir()), out, [&](const std::string& n) {
      TensorEdit e;
      if (n == victim) e.shape = std::vector<int64_t>{96, 64};
      return e;
    });
    const std::string msg = validationError(TextWeightManifest(tiny_.text, kConditionalTextPrefix), out);
    GWB_VERIFY_CONTAINS(msg, "tensor '" + victim + "'");
    GWB_VERIFY_CONTAINS(msg, "has shape [96, 64], expected [192, 64]");
  }

  void nonFloatDTypeIsRejected() {
    QTemporaryDir dir;
    const auto out = tempPath(dir, "model.safetensors");
    const std::string victim = "model.language_model.norm.weight";
    copyCheckpoint(Checkpoint(tinyDir()), out, [&](const std::string& n) {
      TensorEdit e;
      if (n == victim) e.dtype = DType::I32;  // same 4-byte elements, wrong type
      return e;
    });
    const std::string msg = validationError(TextWeightManifest(tiny_.text, kConditionalTextPrefix), out);
    GWB_VERIFY_CONTAINS(msg, "tensor '" + victim + "'");
    GWB_VERIFY_CONTAINS(msg, "dtype I32, expected F32, F16 or BF16");
  }

  // A Gemma4ForCausalLM save keeps the decoder under "model." instead of "model.language_model.".
  void textOnlyPrefixIsDetected() {
    QTemporaryDir dir;
    const auto out = tempPath(dir, "model.safetensors");
    const std::string from = kConditionalTextPrefix;
    copyCheckpoint(Checkpoint(tinyDir()), out, [&](const std::string& n) {
      TensorEdit e;
      if (n.rfind(from, 0) == 0) {
        e.rename = std::string(kCausalLmTextPrefix) + n.substr(from.size());
      } else {
        e.drop = true;  // a text-only save has no towers
      }
      return e;
    });
    Checkpoint c(out);
    const std::string prefix = TextWeightManifest::detectTextPrefix(c, ConfigLayout::ConditionalGeneration);
    QCOMPARE(prefix, std::string(kCausalLmTextPrefix));
    const TextWeightManifest m(tiny_.text, prefix);
    QVERIFY(!m.firstProblem(c));
    // The conditional-generation prefix would find nothing.
    GWB_VERIFY_CONTAINS(validationError(TextWeightManifest(tiny_.text, kConditionalTextPrefix), out),
                        "lacks tensor 'model.language_model.embed_tokens.weight'");
  }
};

QTEST_GUILESS_MAIN(TestTextWeightManifest)
#include "test_text_weight_manifest.moc"
