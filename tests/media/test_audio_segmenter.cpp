// segmentSpeech (inference/media/AudioSegmenter.h) on synthetic signals — tone bursts with gaps
// over a white-noise floor, 45 s of speech-like sound with no pause, silence — and on real speech
// made by espeak-ng at test time: the cut must land in the pause between two sentences; and a
// five-minute recording (SpeechRecording.h) with noise and a tone under it: every cut that is not
// a hard cut falls inside a known pause, hard cuts only inside the continuous stretches.
#include "MediaTestSupport.h"
#include "SpeechRecording.h"
#include "WavReader.h"

#include "inference/media/AudioSegmenter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>
#include <stdexcept>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

constexpr int kRate = 16000;
constexpr double kPi = 3.14159265358979323846;

size_t at(double seconds) { return size_t(std::llround(seconds * kRate)); }
double secs(size_t samples) { return double(samples) / kRate; }

std::vector<float> noise(double seconds, double rms, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0.0f, float(rms));
  std::vector<float> out(at(seconds));
  for (float& s : out) s = n(rng);
  return out;
}

void addTone(std::vector<float>& x, double from, double to, double amplitude, double hz = 440) {
  for (size_t i = at(from); i < at(to) && i < x.size(); ++i) x[i] += float(amplitude * std::sin(2 * kPi * hz * double(i) / kRate));
}

// Noise shaped like running speech: syllables at ~4 Hz whose level dips 25 dB between them, for
// only ~60 ms, never long enough to be a pause.
std::vector<float> speechLike(double seconds) {
  std::vector<float> x = noise(seconds, 0.1, 7);
  for (size_t i = 0; i < x.size(); ++i) {
    const double phase = std::fmod(double(i) / kRate * 4.0, 1.0);
    x[i] *= float(phase < 0.75 ? 1.0 : 0.056);
  }
  return x;
}

QString describe(const std::vector<AudioSegment>& segs) {
  QString s;
  for (const AudioSegment& g : segs)
    s += QString("[%1..%2%3] ").arg(secs(g.start), 0, 'f', 2).arg(secs(g.end), 0, 'f', 2).arg(g.hardCut ? " hard" : "");
  return s;
}

}  // namespace

class TestAudioSegmenter : public QObject {
  Q_OBJECT

 private slots:
  void silenceGivesNothing() {
    QVERIFY(segmentSpeech(std::vector<float>(at(20), 0.0f)).empty());
    QVERIFY(segmentSpeech({}).empty());
    QVERIFY(segmentSpeech(noise(20, 0.01)).empty());   // a steady noise floor is not speech
    QVERIFY(segmentSpeech(noise(20, 0.0001)).empty());  // nor is faint hiss, under the absolute gate
  }

  void toneBurstsOverNoise() {
    std::vector<float> x = noise(8, 0.005);
    addTone(x, 1.0, 2.5, 0.3);
    addTone(x, 4.0, 5.0, 0.3);   // 1.5 s pause before: its own segment
    addTone(x, 5.2, 6.0, 0.3);   // 0.2 s gap: the same segment
    const auto segs = segmentSpeech(x);
    QVERIFY2(segs.size() == 2, qPrintable(describe(segs)));
    QVERIFY2(std::abs(secs(segs[0].start) - 0.9) < 0.05 && std::abs(secs(segs[0].end) - 2.7) < 0.05, qPrintable(describe(segs)));
    QVERIFY2(std::abs(secs(segs[1].start) - 3.9) < 0.05 && std::abs(secs(segs[1].end) - 6.2) < 0.05, qPrintable(describe(segs)));
    QVERIFY(!segs[0].hardCut && !segs[1].hardCut);
  }

  void continuousSpeechGetsHardCutWithOverlap() {
    const auto segs = segmentSpeech(speechLike(45));
    QVERIFY2(segs.size() == 2, qPrintable(describe(segs)));
    QVERIFY(segs[0].hardCut);
    QVERIFY(!segs[1].hardCut);
    QVERIFY(segs[0].start < at(0.05));
    QCOMPARE(segs[0].end - segs[0].start, at(30));
    QCOMPARE(segs[1].start, segs[0].end - at(1.0));  // one second heard twice
    QVERIFY2(std::abs(secs(segs[1].end) - 45.0) < 0.05, qPrintable(describe(segs)));
  }

  void cutsAtTheLongestPauseNearTheLimit() {
    // Speech from 0 to 40 s with short pauses: 0.5 s at 12 s (outside the 8 s search window),
    // 0.4 s at 23 s and 0.8 s at 27 s (inside it). The cut must take the 0.8 s one.
    std::vector<float> x = speechLike(40);
    for (auto [from, to] : {std::pair{12.0, 12.5}, {23.0, 23.4}, {27.0, 27.8}})
      for (size_t i = at(from); i < at(to); ++i) x[i] = 0;
    const auto segs = segmentSpeech(x);
    QVERIFY2(segs.size() == 2, qPrintable(describe(segs)));
    QVERIFY(!segs[0].hardCut);
    QVERIFY2(secs(segs[0].end) > 26.9 && secs(segs[0].end) < 27.45, qPrintable(describe(segs)));
    QVERIFY2(secs(segs[1].start) > 27.35 && secs(segs[1].start) < 27.85, qPrintable(describe(segs)));
    QVERIFY(segs[0].end <= segs[1].start);
  }

  void everySegmentFitsTheLimit() {
    std::vector<float> x = speechLike(200);
    for (double t = 17; t < 200; t += 23.7)
      for (size_t i = at(t); i < at(t + 0.35) && i < x.size(); ++i) x[i] = 0;
    SegmenterOptions o;
    o.maxSegmentSeconds = 12;
    const auto segs = segmentSpeech(x, o);
    QVERIFY(!segs.empty());
    for (size_t k = 0; k < segs.size(); ++k) {
      QVERIFY(segs[k].end > segs[k].start);
      QVERIFY2(segs[k].end - segs[k].start <= at(12), qPrintable(describe(segs)));
      if (k > 0) QVERIFY(segs[k].start >= segs[k - 1].end - (segs[k - 1].hardCut ? at(1.0) : 0));
    }
    QCOMPARE(segs.back().end, x.size());
  }

  void badInput() {
    std::vector<float> x = speechLike(3);
    x[100] = std::nanf("");
    x[200] = INFINITY;
    QCOMPARE(segmentSpeech(x).size(), size_t(1));
    SegmenterOptions o;
    o.overlapSeconds = 20;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, segmentSpeech(x, o));
    o = {};
    o.sampleRate = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, segmentSpeech(x, o));
    o = {};
    o.maxSegmentSeconds = std::nan("");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, segmentSpeech(x, o));
  }

  // Two espeak-ng sentences with 1.5 s of silence between them; 16 kHz mono via sox.
  void realSpeechCutInThePause() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = dir.filePath("a.wav"), b = dir.filePath("b.wav"), gap = dir.filePath("gap.wav");
    const QString out = dir.filePath("speech.wav");
    QCOMPARE(runTool("espeak-ng", {"-v", "en-us", "-s", "150", "-w", a, "The quick brown fox jumps over the lazy dog near the river bank."}), QString());
    QCOMPARE(runTool("espeak-ng", {"-v", "en-us", "-s", "150", "-w", b, "Then it runs into the forest and is never seen again."}), QString());
    QCOMPARE(runTool("sox", {"-n", "-r", "22050", "-c", "1", "-b", "16", gap, "trim", "0", "1.5"}), QString());
    QCOMPARE(runTool("sox", {a, gap, b, "-r", "16000", "-c", "1", "-b", "16", out}), QString());
    PcmWav first, wav;
    QVERIFY(readPcm16Wav(a.toStdString(), first));
    QVERIFY(readPcm16Wav(out.toStdString(), wav));
    QCOMPARE(wav.sampleRate, kRate);
    std::vector<float> x(wav.samples.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(wav.samples[i]) / 32768.0f;
    // The pause starts where the first file ends (espeak adds a little silence of its own).
    const double pauseStart = double(first.samples.size()) / first.sampleRate;
    const double pauseEnd = pauseStart + 1.5;

    for (double maxSeconds : {30.0, pauseEnd + 1.0}) {  // a long pause splits; so does the limit
      SegmenterOptions o;
      o.maxSegmentSeconds = maxSeconds;
      o.splitPauseSeconds = maxSeconds == 30.0 ? 1.0 : 100.0;
      const auto segs = segmentSpeech(x, o);
      const QString d = describe(segs) + QString(" pause %1..%2").arg(pauseStart).arg(pauseEnd);
      QVERIFY2(segs.size() == 2, qPrintable(d));
      QVERIFY2(!segs[0].hardCut, qPrintable(d));
      QVERIFY2(secs(segs[0].end) > pauseStart - 0.5 && secs(segs[0].end) < pauseEnd, qPrintable(d));
      QVERIFY2(secs(segs[1].start) > pauseStart && secs(segs[1].start) < pauseEnd, qPrintable(d));
      QVERIFY2(secs(segs[1].start) - secs(segs[0].end) > 0.8, qPrintable(d));  // the silence is skipped
      QVERIFY2(secs(segs[0].start) < 0.3 && secs(segs[1].end) > secs(x.size()) - 0.6, qPrintable(d));
    }
  }

  void fiveMinutesWithNoiseAndTone() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const gwb::test::SpeechRecording rec = gwb::test::makeSpeechRecording(dir.path());
    QVERIFY2(rec.error.isEmpty(), qPrintable(rec.error));
    QCOMPARE(rec.continuous.size(), size_t(2));
    for (const auto& [from, to] : rec.continuous) QVERIFY2(to - from > 30.5, qPrintable(QString::number(to - from)));
    PcmWav wav;
    QVERIFY(readPcm16Wav(rec.path.toStdString(), wav));
    QCOMPARE(wav.sampleRate, kRate);
    std::vector<float> x(wav.samples.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(wav.samples[i]) / 32768.0f;
    QVERIFY(std::abs(secs(x.size()) - 300.0) < 0.01);

    const auto segs = segmentSpeech(x);
    QString d = describe(segs) + " pauses";
    for (const auto& [from, to] : rec.pauses) d += QString(" %1..%2").arg(from, 0, 'f', 2).arg(to, 0, 'f', 2);
    QVERIFY2(segs.size() >= rec.speech.size() + rec.continuous.size(), qPrintable(d));
    auto inside = [](double t, const std::vector<std::pair<double, double>>& spans, double tolerance) {
      for (const auto& [from, to] : spans)
        if (t >= from - tolerance && t <= to + tolerance) return true;
      return false;
    };
    size_t hardCuts = 0;
    for (size_t k = 0; k < segs.size(); ++k) {
      QVERIFY2(segs[k].end > segs[k].start && segs[k].end - segs[k].start <= at(30), qPrintable(d));
      if (k + 1 == segs.size()) continue;
      const double cutFrom = secs(segs[k].end), cutTo = secs(segs[k + 1].start);
      if (segs[k].hardCut) {
        ++hardCuts;
        QVERIFY2(inside(cutFrom, rec.continuous, 0) && inside(cutTo, rec.continuous, 0), qPrintable(d));
        continue;
      }
      // The whole stretch between two segments is silence of one known pause (0.1 s of slack for
      // where the detector puts the edge of a soft final or initial sound).
      bool inPause = false;
      for (const auto& [from, to] : rec.pauses) inPause |= cutFrom >= from - 0.1 && cutTo <= to + 0.1 && cutFrom < cutTo;
      QVERIFY2(inPause, qPrintable(QString("cut %1..%2: ").arg(cutFrom).arg(cutTo) + d));
    }
    QVERIFY2(hardCuts >= rec.continuous.size(), qPrintable(d));  // > 30 s without a pause: cut anyway
    // Every spoken piece is in a segment; the speech-free last two minutes are in none.
    for (const auto& [from, to] : rec.speech) {
      bool covered = false;
      for (const AudioSegment& g : segs) covered |= secs(g.start) <= (from + to) / 2 && secs(g.end) >= (from + to) / 2;
      QVERIFY2(covered, qPrintable(QString("speech %1..%2 not covered: ").arg(from).arg(to) + d));
    }
    QVERIFY2(secs(segs.back().end) < rec.pauses.back().first + 0.5, qPrintable(d));
    QVERIFY(inside(secs(segs.front().start), rec.pauses, 0.1));
  }
};

QTEST_GUILESS_MAIN(TestAudioSegmenter)
#include "test_audio_segmenter.moc"
