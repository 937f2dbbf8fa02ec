// The per-segment answer budget of transcribe / translate (SpeechAnswerBudget.h): 6 tokens per
// second of speech, rounded up, plus 16; no length gives the overhead alone. The audio-task path
// that applies it is checked in test_media_tasks (transcribeBudgetFollowsSegmentLength).
#include <QTest>

#include <limits>
#include <random>

#include "inference/runtime/SpeechAnswerBudget.h"

using namespace gwb::runtime;

class TestSpeechAnswerBudget : public QObject {
  Q_OBJECT
 private slots:
  void knownLengths() {
    QCOMPARE(speechAnswerBudget(30.0), 196);  // the encoder's longest segment
    QCOMPARE(speechAnswerBudget(3.0), 34);
    QCOMPARE(speechAnswerBudget(0.1), 17);  // 0.6 rounds up to 1
    QCOMPARE(speechAnswerBudget(600.0), 3616);
  }
  void noLengthGivesTheOverhead() {
    QCOMPARE(speechAnswerBudget(0.0), kSpeechAnswerOverheadTokens);
    QCOMPARE(speechAnswerBudget(-5.0), kSpeechAnswerOverheadTokens);
    QCOMPARE(speechAnswerBudget(std::numeric_limits<double>::quiet_NaN()), kSpeechAnswerOverheadTokens);
    QVERIFY(speechAnswerBudget(std::numeric_limits<double>::infinity()) > 0);  // clamped, no overflow
  }
  // Random lengths up to 30 s: never below 6 tokens per second (+16), at most one token above
  // (the rounding), and never shorter for a longer segment.
  void randomLengthsFollowTheRate() {
    std::mt19937 rng(8);
    std::uniform_real_distribution<double> d(0.0, 30.0);
    for (int i = 0; i < 1000; ++i) {
      const double a = d(rng), b = d(rng);
      const int budget = speechAnswerBudget(a);
      QVERIFY2(budget >= kSpeechTokensPerSecond * a + kSpeechAnswerOverheadTokens, qPrintable(QString::number(a)));
      QVERIFY2(budget < kSpeechTokensPerSecond * a + kSpeechAnswerOverheadTokens + 1, qPrintable(QString::number(a)));
      if (a <= b) QVERIFY(speechAnswerBudget(a) <= speechAnswerBudget(b));
    }
  }
};

QTEST_GUILESS_MAIN(TestSpeechAnswerBudget)
#include "test_speech_answer_budget.moc"
