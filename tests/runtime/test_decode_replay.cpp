// Replayed decode steps (TextDecoder records a one-token step once and replays it, reading the
// position, token id, RoPE row and PLE rows from mapped step buffers) against steps recorded
// afresh, on random weights with the tiny fixture's config widened to head dims the split
// decode attention runs on lavapipe (32 / 64 with 8-wide subgroups). Both paths are f32; they
// differ only in how the split attention spreads keys over its splits, so logits agree to 1e-5
// of max|logit| (the decode attention check's bound) and the greedy ids exactly.
#include <QTest>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/KvCache.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoder.h"
#include "inference/model/TextDecoderWeights.h"

using namespace gwb;

namespace {
// The fixture's text config with head_dim 32 and global_head_dim 64 (the first occurrences after
// "text_config"); every other shape is read from the file as it is.
model::ModelConfig widenedConfig(const std::filesystem::path& dir) {
  std::ifstream in(dir / "config.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const size_t textAt = text.find("\"text_config\"");
  auto setFirst = [&](const std::string& key, const std::string& value) {
    const size_t k = text.find("\"" + key + "\":", textAt);
    if (textAt == std::string::npos || k == std::string::npos) throw std::runtime_error("no " + key + " in the text config");
    const size_t v0 = text.find_first_of("0123456789", k + key.size() + 3), v1 = text.find_first_of(",}\n", v0);
    text.replace(v0, v1 - v0, value);
  };
  setFirst("global_head_dim", "64");
  setFirst("head_dim", "32");
  return model::ModelConfig::parse(text, "widened tiny config");
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
};

QTEST_GUILESS_MAIN(TestDecodeReplay)
#include "test_decode_replay.moc"
