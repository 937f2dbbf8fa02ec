// Replayed decode steps (TextDecoder records a one-token step once and replays it, reading the
// position, token id, RoPE row and PLE rows from mapped step buffers) against steps recorded
// afresh, on random weights with the tiny fixture's config widened to head dims the split
// decode attention runs on lavapipe (32 / 64 with 8-wide subgroups). Both paths are f32; they
// differ only in how the split attention spreads keys over its splits, so logits agree to 1e-5
// of max|logit| (the decode attention check's bound) and the greedy ids exactly.
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "FixtureConfig.h"
#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/KvCache.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoder.h"
#include "inference/model/TextDecoderWeights.h"

using namespace gwb;

namespace {
// The fixture's text config with head_dim 32 and global_head_dim 64 (head dims the split decode
// attention runs on lavapipe).
model::ModelConfig widenedConfig(const std::filesystem::path& dir) {
  return test::fixtureConfigWithText(dir, {{"global_head_dim", "64"}, {"head_dim", "32"}});
}

// Copies every owned layer's K/V from one cache to another of the same shape, so that the next
// steps of both start from the same state.
void copyCache(gpu::Device& dev, const model::ModelConfig& cfg, const model::KvCache& from, model::KvCache& to) {
  for (int li = 0; li < cfg.text.numLayers; ++li) {
    if (cfg.text.layers[size_t(li)].kvShared) continue;
    for (bool values : {false, true}) {
      const gpu::Buffer& src = values ? from.values(li) : from.keys(li);
      const gpu::Buffer& dst = values ? to.values(li) : to.keys(li);
      std::vector<uint8_t> bytes(src.size());
      dev.download(src.view(), bytes.data(), bytes.size());
      dev.upload(dst.view(), bytes.data(), bytes.size());
    }
  }
}
}  // namespace

class TestDecodeReplay : public QObject {
  Q_OBJECT
 private slots:
  void replayedStepsMatchRecordedSteps() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    gpu::Device& dev = test::testDevice();
    const model::ModelConfig cfg = widenedConfig(sets.front());
    const auto weights = model::randomTextDecoderWeights(dev, cfg, gpu::DType::F32, 7);
    model::TextDecoder dec(dev, cfg, weights, 16);
    const uint32_t V = uint32_t(cfg.text.vocabSize);
    model::KvCache replayed(dev, cfg.text, 40), recorded(dev, cfg.text, 40);
    std::vector<int32_t> prompt(9);
    for (size_t i = 0; i < prompt.size(); ++i) prompt[i] = int32_t((i * 7919 + 13) % V);
    dec.forward(replayed, {prompt, 0}, model::LogitsRows::Last);
    dec.forward(recorded, {prompt, 0}, model::LogitsRows::Last);
    int32_t next = 3;
    for (uint32_t step = 0; step < 12; ++step) {
      const uint32_t pos = uint32_t(prompt.size()) + step;
      const int32_t one[1] = {next};
      // Last rows of one token: replayed (recorded on the first step); All rows: recorded afresh.
      const auto a = dec.forward(replayed, {one, pos}, model::LogitsRows::Last);
      QVERIFY2(dec.lastStepReplayed(), "a one-token step with Last rows was not replayed");
      const auto b = dec.forward(recorded, {one, pos}, model::LogitsRows::All);
      QVERIFY(!dec.lastStepReplayed());
      const std::string what = "step " + std::to_string(step) + " logits";
      GWB_EXPECT_CLOSE(what.c_str(), a, b, 1e-5);
      const int32_t ia = int32_t(std::max_element(a.begin(), a.end()) - a.begin());
      const int32_t ib = int32_t(std::max_element(b.begin(), b.end()) - b.begin());
      QCOMPARE(ia, ib);
      next = ia;
    }
    test::verifyNoValidationMessages();
  }

  // Fused decode steps (the residual steps and norms done by the consuming matvecs' prologues,
  // ops/NormedMatvec.h; forced on, lavapipe runs unfused by default) against unfused steps of the
  // same weights, f32 and bf16: the same f32 arithmetic summed in another order (workgroup
  // reductions of other sizes, float atomics), so logits agree to 1e-5 of max|logit| as above and
  // the greedy ids exactly. Before each step the fused cache gets the unfused one's K/V, so each
  // comparison is of one step's arithmetic (over a trajectory of separate caches the bf16 weights'
  // differences compound to 9.9e-6 by the fourth step). Replayed and freshly recorded fused steps both run; a fused step records at
  // least 3 dispatches fewer per layer, and layers whose head dim the fused attention input runs
  // (ops::DecodeAttentionInput) have no separate q/k norm + RoPE dispatch. The first four steps
  // run the projected matvecs (ops/MatvecProject.h: GeGLU + down and PLE gate + projection as
  // one dispatch each, the o projection merging the attention's splits; float atomics, which
  // lavapipe has), the last four the fused step without.
  void fusedStepsMatchUnfusedSteps() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    gpu::Device& dev = test::testDevice();
    const model::ModelConfig cfg = widenedConfig(sets.front());
    const uint32_t V = uint32_t(cfg.text.vocabSize), nL = uint32_t(cfg.text.numLayers);
    for (gpu::DType wt : {gpu::DType::F32, gpu::DType::BF16}) {
      const auto weights = model::randomTextDecoderWeights(dev, cfg, wt, 11);
      model::TextDecoder dec(dev, cfg, weights, 16);
      model::KvCache fused(dev, cfg.text, 40), plain(dev, cfg.text, 40);
      std::vector<int32_t> prompt(7);
      for (size_t i = 0; i < prompt.size(); ++i) prompt[i] = int32_t((i * 4099 + 5) % V);
      dec.setDecodeFusion(false);
      dec.forward(plain, {prompt, 0}, model::LogitsRows::Last);
      dec.forward(fused, {prompt, 0}, model::LogitsRows::Last);
      int32_t next = 11;
      for (uint32_t step = 0; step < 8; ++step) {
        const uint32_t pos = uint32_t(prompt.size()) + step;
        const int32_t one[1] = {next};
        copyCache(dev, cfg, plain, fused);
        const bool profile = step == 0 || step == 4;  // dispatch counts (profiling re-records)
        const bool projecting = step < 4;
        dec.setProfiling(profile);
        dec.setDecodeProjection(projecting);
        dec.setDecodeFusion(false);
        const auto b = dec.forward(plain, {one, pos}, model::LogitsRows::All);
        const size_t plainDispatches = dec.lastTimings().size();
        const auto countLabel = [&](const char* label) {
          const auto& t = dec.lastTimings();
          return std::count_if(t.begin(), t.end(), [&](const gpu::RegionTiming& r) { return r.label == label; });
        };
        const auto plainNormRopes = countLabel("qkv_norm_rope");
        dec.setDecodeFusion(true);
        // Odd steps replay (Last), even steps record afresh (All).
        const auto a = dec.forward(fused, {one, pos}, step % 2 ? model::LogitsRows::Last : model::LogitsRows::All);
        QCOMPARE(dec.lastStepReplayed(), step % 2 == 1);
        if (profile) {
          qInfo("decode step dispatches: %zu unfused, %zu fused (%u layers)", plainDispatches, dec.lastTimings().size(), nL);
          // Only the final norm's residual step stays a residual_norm dispatch (PLE models and CPU
          // devices, whose unfused GeGLU is two dispatches, drop more than 3 per layer).
          const auto& timings = dec.lastTimings();
          const auto residualSteps = std::count_if(timings.begin(), timings.end(),
                                                   [](const gpu::RegionTiming& t) { return t.label == "residual_norm"; });
          QCOMPARE(residualSteps, 1);
          QVERIFY(timings.size() + 3 * nL <= plainDispatches);
          // The full-attention layers' head dim (64: two vec4 per 8-wide lane) takes the fused
          // attention input (ops::DecodeAttentionInput): no qkv_norm_rope dispatch of their own.
          QCOMPARE(plainNormRopes, std::ptrdiff_t(nL));
          QVERIFY(countLabel("qkv_norm_rope") < plainNormRopes);
          const auto projected = [&](const char* prefix) {
            return std::count_if(timings.begin(), timings.end(),
                                 [&](const gpu::RegionTiming& t) { return t.label.rfind(prefix, 0) == 0; });
          };
          const std::ptrdiff_t each = projecting && dev.info().bufferFloatAtomicAdd ? std::ptrdiff_t(nL) : 0;
          QCOMPARE(projected("matvec_project_geglu_"), each);
          QCOMPARE(projected("matvec_project_gelu_mul_"), cfg.text.hasPle() ? each : 0);
          // The layers with the fused attention input leave its splits to the o projection, which
          // merges them (ops::matvecProjectAttention; o in column bands).
          const std::ptrdiff_t fusedInputs = plainNormRopes - countLabel("qkv_norm_rope");
          QCOMPARE(projected("matvec_project_attn_"), each ? fusedInputs : 0);
          if (each) QVERIFY(timings.size() + (cfg.text.hasPle() ? 5 : 4) * nL <= plainDispatches);
        }
        const std::string what = std::string(gpu::dtypeName(wt)) + " step " + std::to_string(step) + " logits";
        GWB_EXPECT_CLOSE(what.c_str(), a, b, 1e-5);
        const int32_t ia = int32_t(std::max_element(a.begin(), a.end()) - a.begin());
        const int32_t ib = int32_t(std::max_element(b.begin(), b.end()) - b.begin());
        QCOMPARE(ia, ib);
        next = ia;
      }
      dec.setProfiling(false);
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestDecodeReplay)
#include "test_decode_replay.moc"

