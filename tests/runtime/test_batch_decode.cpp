// Batch decoding (TextDecoder::forwardBatch, runtime::BatchDecode) against decoding each sequence
// alone, on lavapipe:
//  - the fixture model as stored (f32, and quantized on load to Q8_0): its head dims (16 / 32)
//    keep the portable attention, so each batch step is recorded afresh;
//  - random weights with the fixture's config widened to head dims the split decode attention runs
//    on lavapipe, so the batch step is recorded once and replayed (as single decode steps are).
// Sequences have different prompt lengths (so different positions, some past the sliding
// window), one leaves the batch early, and the greedy ids must match exactly. Tolerance of the
// logits: the batch runs the same kernels on each sequence's row as a single step (matvecs treat
// every row of x alone up to 8 rows, the attention of each sequence is its own dispatch with the
// same split count), so the rows agree bit for bit here (the measured error is logged); the bound
// 1e-5 of max |logit| is the decode attention check's, for a device whose kernels would split
// differently (any real divergence, e.g. a wrong position or cache, is of order 1).
#include <QTest>

#include <algorithm>
#include <atomic>

#include "FixtureConfig.h"
#include "FixtureSets.h"
#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/model/KvCache.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/TextDecoder.h"
#include "inference/model/TextDecoderWeights.h"
#include "inference/runtime/BatchDecode.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Session.h"

using namespace gwb;

namespace {

constexpr double kLogitTolerance = 1e-5;

// The fixture's text config with head_dim 32 and global_head_dim 64 (as test_decode_replay).
model::ModelConfig widenedConfig(const std::filesystem::path& dir) {
  return test::fixtureConfigWithText(dir, {{"global_head_dim", "64"}, {"head_dim", "32"}});
}

std::vector<int32_t> prompt(size_t n, uint32_t seed, uint32_t vocab) {
  std::vector<int32_t> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = int32_t((i * 7919 + seed * 104729 + 13) % vocab);
  return ids;
}

int32_t argmaxOf(std::span<const float> row) { return int32_t(std::max_element(row.begin(), row.end()) - row.begin()); }

// Greedy decoding of `steps` tokens after each prompt: alone (forward(), one sequence at a time),
// then all together (forwardBatch with All logits), sequence `leaver` leaving after `leaveAfter`
// steps; ids and logits of every step must agree. Also checks LastArgmax against the All rows.
void checkBatchMatchesAlone(gpu::Device& dev, const model::ModelConfig& cfg, const model::TextDecoderWeights& w,
                            const std::string& label, bool expectReplay) {
  const uint32_t V = uint32_t(cfg.text.vocabSize);
  const uint32_t window = uint32_t(cfg.text.slidingWindow);
  // Prompt lengths: inside the window, just past it, far past it.
  const std::vector<size_t> lengths = {3, size_t(window) + 2, 3 * size_t(window) + 5, 7};
  const size_t B = lengths.size(), leaver = 1;
  const int steps = 10, leaveAfter = 3;
  const uint32_t capacity = uint32_t(lengths[2]) + steps + 4;
  model::TextDecoder dec(dev, cfg, w, 64);

  // Alone: logits of every step, [B][step][V].
  std::vector<std::vector<std::vector<float>>> aloneLogits(B);
  std::vector<std::vector<int32_t>> aloneIds(B);
  for (size_t b = 0; b < B; ++b) {
    model::KvCache cache(dev, cfg.text, capacity);
    const auto p = prompt(lengths[b], uint32_t(b), V);
    auto logits = dec.forward(cache, {p, 0}, model::LogitsRows::Last);
    const int n = b == leaver ? leaveAfter : steps;
    for (int s = 0; s < n; ++s) {
      const int32_t next = argmaxOf(logits);
      aloneIds[b].push_back(next);
      const int32_t one[1] = {next};
      logits = dec.forward(cache, {one, cache.length()}, model::LogitsRows::Last);
      aloneLogits[b].push_back(logits);
    }
  }

  // Together.
  std::vector<std::unique_ptr<model::KvCache>> caches;
  std::vector<int32_t> next(B);
  for (size_t b = 0; b < B; ++b) {
    caches.push_back(std::make_unique<model::KvCache>(dev, cfg.text, capacity));
    const auto p = prompt(lengths[b], uint32_t(b), V);
    next[b] = argmaxOf(dec.forward(*caches[b], {p, 0}, model::LogitsRows::Last));
  }
  double worst = 0;
  for (int s = 0; s < steps; ++s) {
    std::vector<model::KvCache*> active;
    std::vector<int32_t> ids;
    std::vector<size_t> who;
    for (size_t b = 0; b < B; ++b) {
      if (b == leaver && s >= leaveAfter) continue;
      QCOMPARE(next[b], aloneIds[b][size_t(s)]);
      active.push_back(caches[b].get());
      ids.push_back(next[b]);
      who.push_back(b);
    }
    const std::vector<float> logits = dec.forwardBatch(active, ids, model::LogitsRows::All);
    QCOMPARE(logits.size(), who.size() * V);
    for (size_t k = 0; k < who.size(); ++k) {
      const size_t b = who[k];
      const std::span<const float> row(logits.data() + k * V, V);
      const std::vector<float>& want = aloneLogits[b][size_t(s)];
      worst = std::max(worst, test::relError(row, want));
      const std::string what = label + " step " + std::to_string(s) + " sequence " + std::to_string(b);
      QVERIFY2(test::relError(row, want) <= kLogitTolerance, what.c_str());
      next[b] = argmaxOf(row);
      QCOMPARE(caches[b]->length(), uint32_t(lengths[b]) + uint32_t(s) + 1);
    }
  }
  qInfo("%s: batch of %zu vs alone, worst max|diff| / max|logit| = %.3e (tolerance %.1e)", label.c_str(), B, worst,
        kLogitTolerance);

  // LastArgmax: the GPU's ids are the argmax of the All rows, and a repeated step is replayed
  // where the attention reads its position on the GPU.
  std::vector<std::unique_ptr<model::KvCache>> a, b2;
  std::vector<model::KvCache*> pa, pb;
  std::vector<int32_t> ids;
  for (size_t b = 0; b < B; ++b) {
    a.push_back(std::make_unique<model::KvCache>(dev, cfg.text, capacity));
    b2.push_back(std::make_unique<model::KvCache>(dev, cfg.text, capacity));
    const auto p = prompt(lengths[b], uint32_t(b), V);
    ids.push_back(argmaxOf(dec.forward(*a[b], {p, 0}, model::LogitsRows::Last)));
    dec.forward(*b2[b], {p, 0}, model::LogitsRows::Last);
    pa.push_back(a[b].get());
    pb.push_back(b2[b].get());
  }
  const std::vector<int32_t> first = ids;
  std::vector<std::vector<int32_t>> greedySteps;
  for (int s = 0; s < 4; ++s) {
    dec.forwardBatch(pa, ids, model::LogitsRows::LastArgmax);
    QCOMPARE(dec.lastStepReplayed(), expectReplay && s > 0);
    greedySteps.push_back(dec.greedyIds());
    QCOMPARE(greedySteps.back().size(), B);
    ids = greedySteps.back();
  }
  ids = first;
  for (int s = 0; s < 4; ++s) {
    const std::vector<float> logits = dec.forwardBatch(pb, ids, model::LogitsRows::All);
    for (size_t b = 0; b < B; ++b) {
      QCOMPARE(greedySteps[size_t(s)][b], argmaxOf(std::span<const float>(logits.data() + b * V, V)));
    }
    ids = greedySteps[size_t(s)];
  }
}

}  // namespace

class TestBatchDecode : public QObject {
  Q_OBJECT

  std::filesystem::path fixture() {
    const auto sets = test::fixtureSets();
    if (sets.empty()) qFatal("no fixture sets found in ../shared/fixtures");
    return sets.front();
  }

 private slots:
  void fixtureModelBatchMatchesAlone() {
    auto m = runtime::LoadedModel::load(test::testDevice(), fixture());
    checkBatchMatchesAlone(test::testDevice(), m->config(), m->textWeights(), "fixture f32", false);
    test::verifyNoValidationMessages();
  }

  void quantizedBatchMatchesAlone() {
    auto m = runtime::LoadedModel::load(test::testDevice(), fixture(), std::nullopt, model::GgmlType::Q8_0);
    QVERIFY2(m->textWeights().storageSummary.find("q8_0") != std::string::npos, m->textWeights().storageSummary.c_str());
    checkBatchMatchesAlone(test::testDevice(), m->config(), m->textWeights(), "fixture q8_0", false);
    test::verifyNoValidationMessages();
  }

  void replayedBatchMatchesAlone() {
    gpu::Device& dev = test::testDevice();
    const model::ModelConfig cfg = widenedConfig(fixture());
    const auto weights = model::randomTextDecoderWeights(dev, cfg, gpu::DType::F32, 11);
    checkBatchMatchesAlone(dev, cfg, weights, "widened random f32 (replayed)", true);
    test::verifyNoValidationMessages();
  }

  void badBatchesAreRefused() {
    gpu::Device& dev = test::testDevice();
    auto m = runtime::LoadedModel::load(dev, fixture());
    model::TextDecoder dec(dev, m->config(), m->textWeights(), 4);
    model::KvCache c(dev, m->config().text, 8);
    const int32_t one[1] = {5};
    dec.forward(c, {one, 0}, model::LogitsRows::None);
    model::KvCache* same[2] = {&c, &c};
    const int32_t two[2] = {5, 6};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dec.forwardBatch(same, two, model::LogitsRows::All));
    model::KvCache* onlyOne[1] = {&c};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dec.forwardBatch(onlyOne, two, model::LogitsRows::All));
    const int32_t outside[1] = {int32_t(m->config().text.vocabSize)};
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, dec.forwardBatch(onlyOne, outside, model::LogitsRows::All));
    QCOMPARE(c.length(), 1u);
  }

  // BatchDecode vs Session::generate on each request alone: same ids, text and stop reason, with
  // different prompts, token limits (one ends early), a sampled sequence among greedy ones, and
  // one whose context ends first.
  void batchDecodeMatchesGenerate() {
    gpu::Device& dev = test::testDevice();
    auto m = runtime::LoadedModel::load(dev, fixture());
    const uint32_t V = uint32_t(m->config().text.vocabSize);
    std::vector<runtime::GenerateRequest> reqs(4);
    for (size_t i = 0; i < reqs.size(); ++i) {
      reqs[i].promptIds = prompt(4 + 5 * i, uint32_t(i) + 20, V);
      reqs[i].maxNewTokens = 9;
      reqs[i].ignoreStopIds = true;  // random weights: EOS would end sequences at random
    }
    reqs[1].maxNewTokens = 2;  // leaves after two tokens
    reqs[2].sampling.temperature = 0.8f, reqs[2].sampling.topK = 20, reqs[2].sampling.seed = 5;
    reqs[3].ignoreStopIds = false;
    reqs[3].stopIds = {int32_t(V) - 1, 7, 9, 11};
    std::vector<uint32_t> contexts = {64, 64, 64, uint32_t(reqs[3].promptIds.size()) + 4};  // [3]: context ends

    std::vector<runtime::GenerateResult> alone;
    for (size_t i = 0; i < reqs.size(); ++i) {
      runtime::Session s(*m, contexts[i]);
      alone.push_back(s.generate(reqs[i]));
    }
    std::vector<std::unique_ptr<runtime::Session>> sessions;
    runtime::BatchDecode batch(*m);
    std::vector<std::string> streamed(reqs.size());
    for (size_t i = 0; i < reqs.size(); ++i) {
      sessions.push_back(std::make_unique<runtime::Session>(*m, contexts[i]));
      runtime::StreamCallbacks cb;
      cb.onAnswer = [&streamed, i](const std::string& piece) { streamed[i] += piece; };
      QCOMPARE(batch.add(*sessions[i], reqs[i], cb), i);
    }
    std::vector<size_t> finished;
    batch.run(nullptr, [&](size_t i) { finished.push_back(i); });
    QCOMPARE(finished.size(), reqs.size());
    QCOMPARE(finished.front(), size_t(1));  // the two-token limit ends first
    for (size_t i = 0; i < reqs.size(); ++i) {
      const runtime::GenerateResult& r = batch.result(i);
      qInfo("sequence %zu: %zu ids, reason %d", i, r.ids.size(), int(r.reason));
      QCOMPARE(r.ids, alone[i].ids);
      QCOMPARE(r.answer, alone[i].answer);
      QCOMPARE(r.thinking, alone[i].thinking);
      QCOMPARE(int(r.reason), int(alone[i].reason));
      QCOMPARE(r.promptTokens, alone[i].promptTokens);
      QCOMPARE(streamed[i], r.answer);
    }
    QCOMPARE(int(alone[1].reason), int(runtime::StopReason::MaxTokens));
    QCOMPARE(alone[1].ids.size(), size_t(2));
    test::verifyNoValidationMessages();
  }

  // Cancel set when the first sequence ends: the others end Cancelled at the next step, keeping
  // what they had.
  void batchDecodeCancels() {
    gpu::Device& dev = test::testDevice();
    auto m = runtime::LoadedModel::load(dev, fixture());
    const uint32_t V = uint32_t(m->config().text.vocabSize);
    std::vector<std::unique_ptr<runtime::Session>> sessions;
    runtime::BatchDecode batch(*m);
    for (size_t i = 0; i < 3; ++i) {
      runtime::GenerateRequest r;
      r.promptIds = prompt(5 + i, uint32_t(i), V);
      r.maxNewTokens = i == 0 ? 3 : 50;
      r.ignoreStopIds = true;
      sessions.push_back(std::make_unique<runtime::Session>(*m, 80));
      batch.add(*sessions.back(), r);
    }
    std::atomic<bool> cancel{false};
    batch.run(&cancel, [&](size_t) { cancel = true; });
    QCOMPARE(int(batch.result(0).reason), int(runtime::StopReason::MaxTokens));
    for (size_t i : {1, 2}) {
      QCOMPARE(int(batch.result(i).reason), int(runtime::StopReason::Cancelled));
      QCOMPARE(batch.result(i).ids.size(), size_t(3));  // the step that ended sequence 0 picked their third
    }
  }
};

QTEST_GUILESS_MAIN(TestBatchDecode)
#include "test_batch_decode.moc"
