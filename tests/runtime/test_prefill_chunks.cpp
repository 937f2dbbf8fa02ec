// A long prompt in one chunk — its host-made inputs (ids, RoPE rows, PLE rows: > 1 MiB here) are
// written straight into mapped staging memory and copied by the chunk's own submit — against
// the same prompt in 32-token chunks, whose inputs go inside the command buffer. Random f32
// weights on the first fixture set's config with 256-wide per-layer inputs (so ~200 tokens pass
// 1 MiB; every other shape read from the file) and the PLE table in host memory, lavapipe. Both paths
// compute every row with the same f32 kernels; only the attention's key blocking differs with the
// chunking, so the last row's logits agree to 1e-5 of max|logit| and the greedy id exactly.
#include <QTest>

#include <algorithm>
#include <cmath>

#include "FixtureConfig.h"
#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "inference/model/KvCache.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/PleTableDevice.h"
#include "inference/model/TextDecoder.h"
#include "inference/model/TextDecoderWeights.h"

using namespace gwb;

class TestPrefillChunks : public QObject {
  Q_OBJECT
 private slots:
  void oneStagedChunkEqualsManyInlineChunks() {
    const auto sets = test::fixtureSets();
    QVERIFY2(!sets.empty(), "no fixture sets found");
    gpu::Device& dev = test::testDevice();
    const model::ModelConfig cfg = test::fixtureConfigWithText(sets.front(), {{"hidden_size_per_layer_input", "256"}});
    auto weights = model::randomTextDecoderWeights(dev, cfg, gpu::DType::F32, 11);
    model::placePleTable(dev, weights, false);  // the PLE rows are host inputs only when gathered on the host
    const model::TextConfig& t = cfg.text;
    // Enough tokens that the chunk's inputs pass the 1 MiB inline limit (TextDecoder.cpp).
    uint64_t bytesPerToken = 4 + uint64_t(t.numLayers) * uint64_t(t.hiddenSizePerLayerInput) * 4;
    for (const model::TextLayer& l : t.layers) bytesPerToken = std::max<uint64_t>(bytesPerToken, 4 + uint64_t(l.headDim) * 4);
    const uint32_t T = std::min<uint32_t>(uint32_t((1u << 20) / bytesPerToken) + 64, uint32_t(t.maxPositionEmbeddings) - 1);
    QVERIFY2(uint64_t(T) * bytesPerToken > (1u << 20), "the fixture's context is too short to stage 1 MiB of inputs");

    std::vector<int32_t> prompt(T);
    for (uint32_t i = 0; i < T; ++i) prompt[i] = int32_t((i * 7919u + 13u) % uint32_t(t.vocabSize));
    model::TextDecoder longChunk(dev, cfg, weights, T), shortChunks(dev, cfg, weights, 32);
    model::KvCache a(dev, t, T + 1), b(dev, t, T + 1);
    const std::vector<float> staged = longChunk.forward(a, {prompt, 0}, model::LogitsRows::Last);
    std::vector<float> inlined;
    for (uint32_t s = 0; s < T; s += 32) {
      const uint32_t n = std::min<uint32_t>(32, T - s);
      inlined = shortChunks.forward(b, {std::span<const int32_t>(prompt).subspan(s, n), s},
                                    s + n == T ? model::LogitsRows::Last : model::LogitsRows::None);
    }
    QCOMPARE(staged.size(), inlined.size());
    float maxRef = 0, maxDiff = 0;
    for (size_t i = 0; i < staged.size(); ++i) {
      maxRef = std::max(maxRef, std::fabs(inlined[i]));
      maxDiff = std::max(maxDiff, std::fabs(staged[i] - inlined[i]));
    }
    QVERIFY(maxRef > 0);
    QVERIFY2(maxDiff <= 1e-5f * maxRef, qPrintable(QString("max|diff| %1 of max|logit| %2").arg(maxDiff).arg(maxRef)));
    const auto argmax = [](const std::vector<float>& v) { return std::max_element(v.begin(), v.end()) - v.begin(); };
    QCOMPARE(argmax(staged), argmax(inlined));
  }
};

QTEST_GUILESS_MAIN(TestPrefillChunks)
#include "test_prefill_chunks.moc"
