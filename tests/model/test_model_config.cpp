// ModelConfig parsed from the fixtures' and the full-size configs' config.json, with the derived
// per-layer facts compared against the tables of design/gemma4-text.md §1.2 / §3.7 and the
// fixtures README; plus malformed and foreign configs that must give clear ConfigErrors.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "inference/model/GenerationConfig.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/ModelVariant.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;

namespace {

// One row of the spec's variant table (design/gemma4-text.md §1.2, §3.7).
struct SpecRow {
  const char* name;
  int layers;
  int64_t hidden;
  std::vector<int> fullLayers;
  int firstShared;
  int slidingSource;  // layer the shared sliding layers read
  int fullSource;     // layer the shared full layers read
  int kvHeads;
  int64_t mlpNarrow;
  int64_t mlpShared;  // width on KV-shared layers
  int kvOwningSliding;
  int kvOwningFull;
};

void checkAgainstSpec(const ModelConfig& cfg, const SpecRow& row) {
  const TextConfig& t = cfg.text;
  QCOMPARE(variantName(recognizeVariant(t)), std::string(row.name));
  QCOMPARE(t.numLayers, row.layers);
  QCOMPARE(t.hiddenSize, row.hidden);
  QCOMPARE(static_cast<int>(t.layers.size()), row.layers);
  int owningSliding = 0, owningFull = 0;
  for (int i = 0; i < t.numLayers; ++i) {
    const TextLayer& l = t.layers[i];
    const bool full = std::find(row.fullLayers.begin(), row.fullLayers.end(), i) != row.fullLayers.end();
    QCOMPARE(l.isFull, full);
    QCOMPARE(l.headDim, full ? 512 : 256);
    QCOMPARE(l.numKvHeads, row.kvHeads);
    QVERIFY(l.hasVProj);
    QCOMPARE(l.ropeTheta, full ? 1e6 : 1e4);
    QCOMPARE(l.rotatedDims, full ? 128 : 256);  // proportional 0.25 of 512: dims 0-63 and 256-319
    QCOMPARE(l.kvShared, i >= row.firstShared);
    QCOMPARE(l.kvSourceLayer, i < row.firstShared ? i : (full ? row.fullSource : row.slidingSource));
    QCOMPARE(l.mlpWidth, i < row.firstShared ? row.mlpNarrow : row.mlpShared);
    if (!l.kvShared) (full ? owningFull : owningSliding)++;
  }
  QCOMPARE(owningSliding, row.kvOwningSliding);
  QCOMPARE(owningFull, row.kvOwningFull);
  QCOMPARE(t.numKvOwningLayers(), row.kvOwningSliding + row.kvOwningFull);
  QCOMPARE(t.slidingWindow, int64_t{512});
  QCOMPARE(t.finalLogitSoftcapping.value_or(0.0), 30.0);
  QCOMPARE(t.hiddenSizePerLayerInput, int64_t{256});
  QVERIFY(!unsupportedReason(cfg).has_value());
}

std::string parseError(const std::string& json) {
  try {
    ModelConfig::parse(json, "/m/config.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// The tiny config with one edit applied to its JSON.
std::string tinyWith(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(readFile(tinyDir() / "config.json"));
  edit(j);
  return j.dump();
}

}  // namespace

class TestModelConfig : public QObject {
  Q_OBJECT

 private slots:
  void e2bMatchesTheSpecTable() {
    const ModelConfig cfg = ModelConfig::load(e2bConfig());
    checkAgainstSpec(cfg, {"E2B", 35, 1536, {4, 9, 14, 19, 24, 29, 34}, 15, 13, 14, 1, 6144, 12288, 12, 3});
  }

  void e4bMatchesTheSpecTable() {
    const ModelConfig cfg = ModelConfig::load(e4bConfig());
    checkAgainstSpec(cfg, {"E4B", 42, 2560, {5, 11, 17, 23, 29, 35, 41}, 24, 22, 23, 2, 10240, 10240, 20, 4});
  }

  // design/gemma4-media.md §1.1-1.4 for the E2B towers and token ids.
  void e2bMediaConfig() {
    const ModelConfig cfg = ModelConfig::load(e2bConfig());
    QCOMPARE(cfg.architecture, std::string("Gemma4ForConditionalGeneration"));
    QVERIFY(cfg.layout == ConfigLayout::ConditionalGeneration);
    QVERIFY(cfg.vision && cfg.audio);
    const VisionConfig& v = *cfg.vision;
    QCOMPARE(v.hiddenSize, int64_t{768});
    QCOMPARE(v.intermediateSize, int64_t{3072});
    QCOMPARE(v.numLayers, 16);
    QCOMPARE(v.numAttentionHeads, 12);
    QCOMPARE(v.headDim, 64);
    QCOMPARE(v.patchSize, 16);
    QCOMPARE(v.poolingKernelSize, 3);
    QCOMPARE(v.positionEmbeddingSize, int64_t{10240});
    QCOMPARE(v.ropeTheta, 100.0);
    QVERIFY(v.useClippedLinears);
    QVERIFY(!v.standardize);
    const AudioConfig& a = *cfg.audio;
    QCOMPARE(a.hiddenSize, int64_t{1024});
    QCOMPARE(a.numLayers, 12);
    QCOMPARE(a.headDim(), int64_t{128});
    QCOMPARE(a.subsamplingConvChannels, (std::vector<int64_t>{128, 32}));
    QCOMPARE(a.attentionChunkSize, 12);
    QCOMPARE(a.attentionContextLeft, 13);
    QCOMPARE(a.attentionContextRight, 0);
    QCOMPARE(a.attentionLogitCap, 50.0);
    QCOMPARE(a.attentionInvalidLogitsValue, -1.0e9);
    QCOMPARE(a.residualWeight, 0.5);
    QCOMPARE(a.outputProjDims, int64_t{1536});
    QCOMPARE(a.hiddenAct, std::string("silu"));
    QCOMPARE(cfg.tokens.boi, int64_t{255999});
    QCOMPARE(cfg.tokens.eoi, int64_t{258882});
    QCOMPARE(cfg.tokens.image, int64_t{258880});
    QCOMPARE(cfg.tokens.audio, int64_t{258881});
    QCOMPARE(cfg.tokens.boa, int64_t{256000});
    QCOMPARE(cfg.tokens.eoa, int64_t{258883});
    QCOMPARE(cfg.tokens.video, int64_t{258884});
    QCOMPARE(cfg.eosTokenIds, (std::vector<int64_t>{1, 106}));
  }

  // fixtures/README.md "The tiny model" table.
  void tinyS1Facts() {
    for (const auto& dir : {tinyDir(), tinyBf16Dir()}) {
      const ModelConfig cfg = ModelConfig::load(dir);
      const TextConfig& t = cfg.text;
      QCOMPARE(variantName(recognizeVariant(t)), std::string("custom"));
      QCOMPARE(t.vocabSize, int64_t{512});
      QCOMPARE(t.hiddenSize, int64_t{64});
      const std::vector<LayerType> expectTypes = {LayerType::Sliding, LayerType::Sliding, LayerType::Full,
                                                  LayerType::Sliding, LayerType::Sliding, LayerType::Sliding,
                                                  LayerType::Full};
      QCOMPARE(t.layerTypes, expectTypes);
      QCOMPARE(t.numAttentionHeads, 4);
      for (int i = 0; i < 7; ++i) {
        const TextLayer& l = t.layers[i];
        QCOMPARE(l.numKvHeads, 1);
        QCOMPARE(l.headDim, l.isFull ? 32 : 16);
        QCOMPARE(l.rotatedDims, l.isFull ? 8 : 16);
        QCOMPARE(l.kvShared, i >= 5);
        QCOMPARE(l.mlpWidth, int64_t{i >= 5 ? 192 : 96});
      }
      QCOMPARE(t.layers[5].kvSourceLayer, 4);  // "layers 5 and 6 reuse the K/V of layer 4 resp. 2"
      QCOMPARE(t.layers[6].kvSourceLayer, 2);
      QCOMPARE(t.slidingWindow, int64_t{8});
      QCOMPARE(t.hiddenSizePerLayerInput, int64_t{16});
      QCOMPARE(t.vocabSizePerLayerInput, int64_t{512});
      QCOMPARE(cfg.tokens.boi, int64_t{500});
      QCOMPARE(cfg.tokens.eoa, int64_t{505});  // written as eoa_token_index
      QCOMPARE(cfg.tokens.video, int64_t{506});
      QCOMPARE(cfg.vision->positionEmbeddingSize, int64_t{160});
      QCOMPARE(cfg.vision->ropeType, std::string("axial"));
      QCOMPARE(cfg.audio->subsamplingConvChannels, (std::vector<int64_t>{128, 8}));
      QCOMPARE(cfg.audio->outputProjDims, int64_t{48});
    }
    QCOMPARE(ModelConfig::load(tinyDir()).dtype, std::string("float32"));
    QCOMPARE(ModelConfig::load(tinyBf16Dir()).dtype, std::string("bfloat16"));
  }

  void generationConfig() {
    const ModelConfig cfg = ModelConfig::load(tinyDir());
    const GenerationConfig g = GenerationConfig::loadOrDefault(tinyDir(), cfg);
    const auto j = nlohmann::json::parse(readFile(tinyDir() / "generation_config.json"));
    QCOMPARE(g.eosTokenIds, j["eos_token_id"].get<std::vector<int64_t>>());
    QVERIFY(g.eosTokenIds.size() >= 2);
    QCOMPARE(g.doSample, j["do_sample"].get<bool>());
    QCOMPARE(g.topK, j["top_k"].get<int64_t>());
    QCOMPARE(g.topP, j["top_p"].get<double>());
    // Without the file: the stop tokens come from config.json.
    QTemporaryDir empty;
    const GenerationConfig d = GenerationConfig::loadOrDefault(empty.path().toStdString(), ModelConfig::load(e2bConfig()));
    QCOMPARE(d.eosTokenIds, (std::vector<int64_t>{1, 106}));
    QVERIFY(!d.doSample);
    try {
      GenerationConfig::parse(R"({"top_p": "high"})", "gen.json");
      QFAIL("accepted a string top_p");
    } catch (const ConfigError& e) {
      GWB_VERIFY_CONTAINS(e.what(), "gen.json: top_p: expected a number, got string");
    }
  }

  // A text-only save (Gemma4ForCausalLM): the text fields sit at the top level.
  void textOnlyLayout() {
    nlohmann::json full = nlohmann::json::parse(readFile(tinyDir() / "config.json"));
    nlohmann::json text = full["text_config"];
    text["architectures"] = {"Gemma4ForCausalLM"};
    const ModelConfig cfg = ModelConfig::parse(text.dump(), "text.json");
    QVERIFY(cfg.layout == ConfigLayout::TextOnly);
    QVERIFY(!cfg.vision && !cfg.audio);
    const ModelConfig ref = ModelConfig::load(tinyDir());
    QCOMPARE(cfg.text.layers.size(), ref.text.layers.size());
    for (size_t i = 0; i < cfg.text.layers.size(); ++i) {
      QCOMPARE(cfg.text.layers[i].kvSourceLayer, ref.text.layers[i].kvSourceLayer);
      QCOMPARE(cfg.text.layers[i].headDim, ref.text.layers[i].headDim);
      QCOMPARE(cfg.text.layers[i].mlpWidth, ref.text.layers[i].mlpWidth);
    }
  }

  // Fields left out get HF Gemma4TextConfig's defaults (design/gemma4-text.md §1.1).
  void huggingFaceDefaults() {
    const ModelConfig cfg = ModelConfig::parse(R"({"model_type": "gemma4_text", "num_hidden_layers": 14})", "d.json");
    const TextConfig& t = cfg.text;
    for (int i = 0; i < 14; ++i) {
      // every 6th layer full, and the last one forced to full
      const bool full = (i + 1) % 6 == 0 || i == 13;
      QCOMPARE(t.layers[i].isFull, full);
      QCOMPARE(t.layers[i].headDim, full ? 512 : 256);
      QCOMPARE(t.layers[i].numKvHeads, 4);
      QCOMPARE(t.layers[i].ropeTheta, full ? 1e6 : 1e4);
      QVERIFY(!t.layers[i].kvShared);
    }
    QCOMPARE(t.hiddenSize, int64_t{2304});
    QCOMPARE(t.slidingWindow, int64_t{512});
    QVERIFY(!t.finalLogitSoftcapping);
    QVERIFY(t.tieWordEmbeddings);
    // An explicit pattern whose last layer is sliding is forced to full too.
    const ModelConfig forced = ModelConfig::parse(
        R"({"model_type":"gemma4_text","num_hidden_layers":2,"layer_types":["full_attention","sliding_attention"]})", "f.json");
    QVERIFY(forced.text.layers[1].isFull);
    // use_bidirectional_attention "all" halves the window (W // 2 + 1).
    const ModelConfig all = ModelConfig::parse(
        R"({"model_type":"gemma4_text","sliding_window":1024,"use_bidirectional_attention":"all"})", "a.json");
    QCOMPARE(all.text.slidingWindow, int64_t{513});
  }

  // per_layer_config (newer transformers) instead of global_head_dim.
  void perLayerConfigOverrides() {
    const ModelConfig cfg = ModelConfig::parse(
        R"({"model_type":"gemma4_text","num_hidden_layers":3,"num_attention_heads":8,"num_key_value_heads":4,
            "layer_types":["sliding_attention","full_attention","full_attention"],
            "per_layer_config":{"1":{"head_dim":128,"num_key_value_heads":2},"2":{"head_dim":64}}})", "p.json");
    QCOMPARE(cfg.text.layers[0].headDim, 256);
    QCOMPARE(cfg.text.layers[1].headDim, 128);
    QCOMPARE(cfg.text.layers[1].numKvHeads, 2);
    QCOMPARE(cfg.text.layers[2].headDim, 64);
    QCOMPARE(cfg.text.layers[2].numKvHeads, 4);
  }

  // The 26B-A4B and 31B shapes of the spec table are recognised and reported as not supported yet.
  void largeVariantsAreRecognisedButUnsupported() {
    const auto moe = ModelConfig::parse(
        R"({"model_type":"gemma4_text","hidden_size":2816,"num_hidden_layers":30,"num_attention_heads":16,
            "num_key_value_heads":8,"num_global_key_value_heads":2,"attention_k_eq_v":true,"intermediate_size":2112,
            "enable_moe_block":true,"num_experts":128,"top_k_experts":8,"moe_intermediate_size":704,
            "sliding_window":1024,"hidden_size_per_layer_input":0,"use_bidirectional_attention":"vision"})", "26b.json");
    QCOMPARE(variantName(recognizeVariant(moe.text)), std::string("26B-A4B"));
    QCOMPARE(moe.text.layers[5].numKvHeads, 2);  // full layers: num_global_key_value_heads (K=V gate on)
    QCOMPARE(moe.text.layers[4].numKvHeads, 8);
    QVERIFY(!moe.text.layers[5].hasVProj);
    QVERIFY(moe.text.layers[4].hasVProj);
    const auto reason = unsupportedReason(moe);
    QVERIFY(reason);
    GWB_VERIFY_CONTAINS(*reason, "26B-A4B (mixture of experts) is recognised but not supported yet: ");

    const auto dense = ModelConfig::parse(
        R"({"model_type":"gemma4_text","hidden_size":5376,"num_hidden_layers":60,"num_attention_heads":32,
            "num_key_value_heads":16,"num_global_key_value_heads":4,"attention_k_eq_v":true,
            "intermediate_size":21504,"sliding_window":1024,"hidden_size_per_layer_input":0})", "31b.json");
    QCOMPARE(variantName(recognizeVariant(dense.text)), std::string("31B"));
    QCOMPARE(dense.text.layers[59].numKvHeads * dense.text.layers[59].headDim, 2048);  // k_proj [2048, 5376]
    QCOMPARE(dense.text.layers[0].numKvHeads * dense.text.layers[0].headDim, 4096);
    const auto reason31 = unsupportedReason(dense);
    QVERIFY(reason31);
    GWB_VERIFY_CONTAINS(*reason31, "31B is recognised but not supported yet");
    GWB_VERIFY_CONTAINS(*reason31, "attention_k_eq_v");
  }

  void otherArchitecturesAreNamed() {
    const std::string llama =
        R"({"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":4096,"num_hidden_layers":32})";
    GWB_VERIFY_CONTAINS(parseError(llama),
                        "/m/config.json: this is a LlamaForCausalLM checkpoint; Gemma Workbench runs Gemma 4 "
                        "(Gemma4ForConditionalGeneration)");
    GWB_VERIFY_CONTAINS(parseError(R"({"model_type":"gemma3"})"), "this is a \"gemma3\" (model_type) checkpoint");
    GWB_VERIFY_CONTAINS(parseError(R"({"hidden_size": 8})"), "neither \"architectures\" nor \"model_type\"");
  }

  void malformedConfigsNameTheKey() {
    GWB_VERIFY_CONTAINS(parseError(R"({"architectures": ["Gemma4ForConditionalGeneration"], )"), "not valid JSON");
    GWB_VERIFY_CONTAINS(parseError("[]"), "must be a JSON object");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["hidden_size"] = "64"; })),
                        "text_config.hidden_size: expected an integer, got string");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["num_hidden_layers"] = -3; })),
                        "text_config.num_hidden_layers: must be between 1 and");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["layer_types"].erase(0); })),
                        "text_config.layer_types: has 6 entries but num_hidden_layers is 7");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["layer_types"][1] = "local"; })),
                        "text_config.layer_types: entry 1 is \"local\"");
    GWB_VERIFY_CONTAINS(
        parseError(tinyWith([](auto& j) { j["text_config"]["rope_parameters"]["full_attention"]["rope_type"] = "yarn"; })),
        "text_config.rope_parameters.full_attention.rope_type: \"yarn\" is not supported");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["num_key_value_heads"] = 3; })),
                        "4 query heads cannot be grouped over 3 KV heads");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["num_kv_shared_layers"] = 7; })),
                        "text_config.num_kv_shared_layers: must be between 0 and 6");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["vision_config"] = 5; })),
                        "vision_config: expected an object, got number");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["audio_config"]["subsampling_conv_channels"] = {1, 2, 3}; })),
                        "audio_config.subsampling_conv_channels: must list exactly 2");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["model_type"] = "gemma3_text"; })),
                        "text_config.model_type");
    GWB_VERIFY_CONTAINS(parseError(tinyWith([](auto& j) { j["text_config"]["enable_moe_block"] = true; })),
                        "text_config.enable_moe_block: is true but num_experts");
    try {
      ModelConfig::load("/nonexistent/model");
      QFAIL("loaded a missing config");
    } catch (const ConfigError& e) {
      GWB_VERIFY_CONTAINS(e.what(), "/nonexistent/model");
    }
  }
};

QTEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
