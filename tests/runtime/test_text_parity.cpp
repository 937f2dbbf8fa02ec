// The text decoder on the GPU (lavapipe in CI) against Hugging Face transformers' outputs for
// every fixture set: embeddings, per-layer inputs, each layer's hidden state (to localise a
// divergence), logits with f32 and bf16 weights, and greedy decoding through the KV cache.
// Tolerance: max |Δ| ≤ 1e-4 · max |ref| (the bound; transformers differs from itself by
// ~3e-5 between KV-cache decode and full recompute).
#include <QTest>

#include <algorithm>
#include <cmath>

#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Sampler.h"
#include "inference/runtime/Session.h"

using namespace gwb;
using test::idsOf;

namespace {

constexpr double kTolerance = 1e-4;




}  // namespace

class TestTextParity : public QObject {
  Q_OBJECT
 private slots:
  void fixturesExist() { QVERIFY2(!test::fixtureSets().empty(), "no fixture sets found in ../shared/fixtures"); }

  void f32LayersAndLogits() {
    for (const auto& dir : test::fixtureSets()) {
      qInfo("fixture set %s", dir.filename().c_str());
      model::SafetensorsFile ref(dir / "reference.safetensors");
      auto m = runtime::LoadedModel::load(test::testDevice(), dir);
      const auto& cfg = m->config().text;
      const auto ids = idsOf(ref.tensor("text.input_ids"));
      runtime::Session s(*m, uint32_t(ids.size()) + 8, uint32_t(ids.size()));
      model::DecoderTrace trace;
      const auto logits = s.prefill(ids, true, &trace);
      const size_t T = ids.size(), H = size_t(cfg.hiddenSize);
      GWB_EXPECT_CLOSE("inputs_embeds", trace.inputsEmbeds, ref.tensor("text.inputs_embeds").toFloat(), 1e-6);
      if (cfg.hasPle()) {
        GWB_EXPECT_CLOSE("per_layer_inputs", trace.perLayerInputs, ref.tensor("text.per_layer_inputs").toFloat(), kTolerance);
      }
      // Each layer's output, so the first diverging layer is named.
      const auto hs = ref.tensor("text.hidden_states").toFloat();
      for (int l = 0; l <= cfg.numLayers; ++l) {
        const std::span<const float> got(trace.hiddenStates.data() + size_t(l) * T * H, T * H);
        const std::span<const float> want(hs.data() + size_t(l) * T * H, T * H);
        const std::string what = "hidden_states[" + std::to_string(l) + "]";
        GWB_EXPECT_CLOSE(what.c_str(), got, want, kTolerance);
      }
      GWB_EXPECT_CLOSE("logits", logits, ref.tensor("text.logits").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
  }

  void bf16WeightsWithF32Math() {
    for (const auto& dir : test::fixtureSets()) {
      if (!std::filesystem::exists(dir / "bf16" / "config.json")) continue;
      model::SafetensorsFile ref(dir / "reference.safetensors");
      auto m = runtime::LoadedModel::load(test::testDevice(), dir / "bf16");
      const auto ids = idsOf(ref.tensor("text.input_ids"));
      runtime::Session s(*m, uint32_t(ids.size()) + 8, 16);  // chunked prefill on purpose
      const auto logits = s.prefill(ids, true);
      GWB_EXPECT_CLOSE("logits (bf16 weights)", logits, ref.tensor("text.logits_bf16_weights").toFloat(), kTolerance);
    }
    test::verifyNoValidationMessages();
  }

  void greedyThroughKvCache() { checkGreedyThroughKvCache(/*fused=*/false); }

  // The fused decode step (residual steps and norms in the consuming matvecs' prologues, the PLE
  // gate's gelu-mul epilogue; on by default on GPUs, forced here on lavapipe) through the KV cache
  // against transformers' greedy logits and ids, same tolerance as above.
  void greedyThroughKvCacheFusedDecode() { checkGreedyThroughKvCache(/*fused=*/true); }

 private:
  // Prefill in odd-sized chunks, then one token at a time against the reference's greedy logits
  // and ids; unfused, also Session::generate's greedy ids.
  static void checkGreedyThroughKvCache(bool fused) {
    for (const auto& dir : test::fixtureSets()) {
      model::SafetensorsFile ref(dir / "reference.safetensors");
      auto m = runtime::LoadedModel::load(test::testDevice(), dir);
      const uint32_t V = uint32_t(m->config().text.vocabSize);
      const auto prompt = idsOf(ref.tensor("text.input_ids"));
      const auto want = idsOf(ref.tensor("text.greedy_ids"));
      const auto full = ref.tensor("text.greedy_full_logits").toFloat();
      runtime::Session s(*m, uint32_t(prompt.size() + want.size()) + 4, 11);  // odd chunk size
      s.decoder().setDecodeFusion(fused);
      std::vector<float> logits = s.prefill(prompt);
      for (size_t i = 0; i < want.size(); ++i) {
        const size_t row = prompt.size() - 1 + i;
        const std::string what = std::string(fused ? "fused " : "") + "decode step " + std::to_string(i) + " logits";
        GWB_EXPECT_CLOSE(what.c_str(), logits, std::span<const float>(full.data() + row * V, V), kTolerance);
        const int32_t next = runtime::argmax(logits);
        QCOMPARE(next, want[i]);
        const int32_t one[1] = {next};
        logits = s.prefill(one);
      }
      if (fused) continue;
      // The same through Session::generate (greedy, EOS not special).
      runtime::GenerateRequest req;
      req.promptIds = prompt;
      req.maxNewTokens = int(want.size());
      req.ignoreStopIds = true;
      const auto result = s.generate(req);
      QVERIFY(result.ids == want);
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestTextParity)
#include "test_text_parity.moc"
