// Sampling rules on hand-made logits: greedy, top-k/top-p cut-offs, repetition penalty, seeds.
#include <QTest>

#include <map>

#include "inference/runtime/Sampler.h"

using namespace gwb::runtime;

class TestSampler : public QObject {
  Q_OBJECT
 private slots:
  void greedyTakesFirstMaximum() {
    Sampler s({});
    const std::vector<float> l = {0.1f, 3.0f, -1.0f, 3.0f};
    QCOMPARE(s.sample(l, {}), 1);
  }
  void topKOneIsGreedy() {
    SamplingOptions o;
    o.temperature = 5.0f;
    o.topK = 1;
    o.seed = 7;
    Sampler s(o);
    const std::vector<float> l = {0.5f, 0.4f, 2.0f, 0.3f};
    for (int i = 0; i < 50; ++i) QCOMPARE(s.sample(l, {}), 2);
  }
  void topPKeepsOnlyTheNucleus() {
    SamplingOptions o;
    o.temperature = 1.0f;
    o.topP = 0.5f;
    o.seed = 3;
    Sampler s(o);
    // p ≈ [0.64, 0.24, 0.09, 0.03]: the nucleus at 0.5 is the first token alone.
    const std::vector<float> l = {3.0f, 2.0f, 1.0f, 0.0f};
    for (int i = 0; i < 100; ++i) QCOMPARE(s.sample(l, {}), 0);
  }
  void temperatureSamplesFollowSoftmax() {
    SamplingOptions o;
    o.temperature = 1.0f;
    o.seed = 11;
    Sampler s(o);
    const std::vector<float> l = {0.0f, std::log(3.0f)};  // p = 1/4, 3/4
    int ones = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) ones += s.sample(l, {});
    QVERIFY2(std::abs(double(ones) / n - 0.75) < 0.03, std::to_string(ones).c_str());
  }
  void sameSeedSameTokens() {
    SamplingOptions o;
    o.temperature = 0.8f;
    o.topK = 40;
    o.seed = 99;
    std::vector<float> l(100);
    for (size_t i = 0; i < l.size(); ++i) l[i] = float((i * 37) % 17) * 0.3f;
    Sampler a(o), b(o);
    for (int i = 0; i < 20; ++i) QCOMPARE(a.sample(l, {}), b.sample(l, {}));
  }
  void repetitionPenaltyDemotesSeenTokens() {
    SamplingOptions o;
    o.repetitionPenalty = 2.0f;
    Sampler s(o);
    const std::vector<float> l = {2.0f, 1.5f, -1.0f};
    const std::vector<int32_t> seen = {0};
    QCOMPARE(s.sample(l, seen), 1);  // 2.0 / 2 = 1.0 < 1.5
    const std::vector<float> neg = {-0.5f, -0.6f};
    const std::vector<int32_t> seen0 = {0};
    QCOMPARE(s.sample(neg, seen0), 1);  // -0.5 * 2 = -1.0 < -0.6
  }
};

QTEST_GUILESS_MAIN(TestSampler)
#include "test_sampler.moc"
