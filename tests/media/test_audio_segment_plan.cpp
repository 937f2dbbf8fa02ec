// Planning long audio without decoding it whole (inference/media/AudioSegmentPlan.h,
// VoiceActivityDetector): the streaming detector gives exactly the ranges of the original
// whole-signal algorithm (a plain copy of it below) for any block size; planAudioSegments on a
// file gives exactly segmentSpeech() of the whole decoded signal, and AudioSegmentReader the same
// samples; a 3-hour file (low noise, three espeak-ng phrases at known times, written here) is
// planned with peak memory far below its 691 MB of decoded samples, and the phrases are found.
#include "MediaTestSupport.h"
#include "PeakMemory.h"
#include "SpeechRecording.h"
#include "WavReader.h"

#include "inference/media/AudioDecoder.h"
#include "inference/media/AudioSegmentPlan.h"
#include "inference/media/MediaError.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

constexpr int kRate = 16000;

// The whole-signal detector as it was before it streamed: all frame levels first, the starting
// floor from the 10th percentile of the first 1000, then floor tracking, run merging, bridging of
// gaps < minSilence and dropping of ranges < 0.1 s.
std::vector<SampleRange> referenceDetectSpeech(std::span<const float> samples, int rate, double minSilence) {
  const size_t hop = size_t(rate) / 100, window = 2 * hop;
  std::vector<double> levels;
  for (size_t begin = 0; begin < samples.size(); begin += hop) {
    const size_t end = std::min(samples.size(), begin + window);
    double sum = 0;
    for (size_t i = begin; i < end; ++i) {
      const double s = std::isfinite(samples[i]) ? double(samples[i]) : 0.0;
      sum += s * s;
    }
    levels.push_back(10.0 * std::log10(sum / double(end - begin) + 1e-12));
  }
  if (levels.empty()) return {};
  std::vector<double> head(levels.begin(), levels.begin() + std::ptrdiff_t(std::min<size_t>(1000, levels.size())));
  std::nth_element(head.begin(), head.begin() + std::ptrdiff_t(head.size() / 10), head.end());
  double floor = std::max(head[head.size() / 10], -90.0);
  std::vector<SampleRange> runs;
  for (size_t f = 0; f < levels.size(); ++f) {
    const double e = levels[f];
    const bool speech = e > std::max(floor + 10.0, -60.0);
    if (e < floor) floor += 0.3 * (e - floor);
    else if (!speech) floor += 0.02 * (e - floor);
    else floor += 1.0 * double(hop) / rate;
    floor = std::max(floor, -90.0);
    if (!speech) continue;
    const size_t begin = f * hop, end = std::min(samples.size(), f * hop + window);
    if (!runs.empty() && begin <= runs.back().end) runs.back().end = end;
    else runs.push_back({begin, end});
  }
  const auto minGap = size_t(std::llround(minSilence * rate));
  std::vector<SampleRange> bridged;
  for (const SampleRange& r : runs) {
    if (!bridged.empty() && r.start - bridged.back().end < minGap) bridged.back().end = r.end;
    else bridged.push_back(r);
  }
  std::erase_if(bridged, [&](const SampleRange& r) { return r.end - r.start < size_t(0.1 * rate); });
  return bridged;
}

// Noise, tone bursts of random length and level with random gaps (some shorter than the minimum
// silence, some clicks shorter than 0.1 s), a rise of the noise floor half-way.
std::vector<float> randomSignal(double seconds, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<float> x(size_t(seconds * kRate));
  for (size_t i = 0; i < x.size(); ++i) x[i] = noise(rng) * (i < x.size() / 2 ? 0.003f : 0.02f);
  for (double t = u(rng) * 2; t < seconds;) {
    const double len = u(rng) < 0.2 ? 0.02 + 0.08 * u(rng) : 0.2 + 3.0 * u(rng);
    const double amp = 0.05 + 0.4 * u(rng), hz = 150 + 800 * u(rng);
    for (size_t i = size_t(t * kRate); i < size_t((t + len) * kRate) && i < x.size(); ++i)
      x[i] += float(amp * std::sin(2 * 3.14159265358979 * hz * double(i) / kRate));
    t += len + (u(rng) < 0.4 ? 0.05 + 0.3 * u(rng) : 0.4 + 3.0 * u(rng));
  }
  if (x.size() > 100) x[x.size() / 3] = std::numeric_limits<float>::quiet_NaN();  // counts as silence
  return x;
}

bool sameRanges(const std::vector<SampleRange>& a, const std::vector<SampleRange>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].start != b[i].start || a[i].end != b[i].end) return false;
  return true;
}

bool sameSegments(const std::vector<AudioSegment>& a, const std::vector<AudioSegment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].hardCut != b[i].hardCut) return false;
  return true;
}

void writeLe(std::ofstream& f, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) f.put(char((v >> (8 * i)) & 0xFF));
}

}  // namespace

class TestAudioSegmentPlan : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  std::string path(const char* name) const { return tmp_.filePath(name).toStdString(); }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  // Block sizes from 1 sample to a whole minute, on signals shorter and longer than the 10 s the
  // starting floor is taken from, and at rates other than 16 kHz.
  void streamingDetectorMatchesWholeSignal() {
    for (unsigned seed = 1; seed <= 4; ++seed) {
      for (const double seconds : {0.005, 3.7, 9.99, 10.0, 10.013, 75.3}) {
        const std::vector<float> x = randomSignal(seconds, seed);
        for (const int rate : {16000, 8000}) {
          for (const double minSilence : {0.0, 0.3}) {
            const std::vector<SampleRange> ref = referenceDetectSpeech(x, rate, minSilence);
            QVERIFY(detectSpeech(x, rate, minSilence).size() == ref.size());
            QVERIFY(sameRanges(detectSpeech(x, rate, minSilence), ref));
            std::mt19937 rng(seed * 7 + unsigned(seconds));
            for (const size_t block : {size_t(1), size_t(7), size_t(160), size_t(320), size_t(16000), size_t(960000), size_t(0)}) {
              if (block == 1 && x.size() > 200000) continue;  // one sample at a time: short signals only
              VoiceActivityDetector vad(rate, minSilence);
              std::vector<SampleRange> got;
              for (size_t at = 0; at < x.size();) {
                const size_t n = block ? block : 1 + rng() % 5000;  // 0: random sizes
                const size_t take = std::min(n, x.size() - at);
                vad.push(std::span<const float>(x.data() + at, take));
                // Ranges handed out early never change later.
                for (const SampleRange& r : vad.takeRanges()) got.push_back(r);
                at += take;
              }
              vad.finish();
              for (const SampleRange& r : vad.takeRanges()) got.push_back(r);
              QVERIFY2(sameRanges(got, ref), qPrintable(QString("seed %1, %2 s, %3 Hz, block %4: %5 vs %6 ranges")
                                                            .arg(seed).arg(seconds).arg(rate).arg(block)
                                                            .arg(got.size()).arg(ref.size())));
            }
          }
        }
      }
    }
  }

  // The five-minute recording (pauses, two > 30 s stretches of continuous speech, noise, a tone):
  // the streamed plan is segmentSpeech of the whole decoded signal, cut for cut, and the reader
  // hands out exactly the decoded samples of every segment.
  void planMatchesWholeSignalSegmentation() {
    QVERIFY(QDir().mkpath(tmp_.filePath("rec5")));
    const gwb::test::SpeechRecording made = gwb::test::makeSpeechRecording(tmp_.filePath("rec5"));
    QVERIFY2(made.error.isEmpty(), qPrintable(made.error));
    const AudioClip whole = decodeAudioFile(made.path.toStdString());
    const std::vector<AudioSegment> expected = segmentSpeech(whole.samples);
    const AudioSegmentPlan plan = planAudioSegments(made.path.toStdString());
    QCOMPARE(plan.totalSamples, whole.samples.size());
    QVERIFY(expected.size() >= 10);
    QVERIFY(sameSegments(plan.segments, expected));
    AudioSegmentReader reader(made.path.toStdString());
    for (const AudioSegment& s : plan.segments) {
      const std::span<const float> got = reader.read(s.start, s.end);
      QCOMPARE(got.size(), s.end - s.start);
      QVERIFY(std::memcmp(got.data(), whole.samples.data() + s.start, got.size() * sizeof(float)) == 0);
      QVERIFY(reader.bufferedSamples() <= size_t(31 * kRate));
    }
    QVERIFY_THROWS_EXCEPTION(MediaError, reader.read(whole.samples.size(), whole.samples.size() + 1));
  }

  void planRejectsWhatTheDecoderRejects() {
    QVERIFY(writeFile(path("empty.wav"), ""));
    QVERIFY_THROWS_EXCEPTION(MediaError, planAudioSegments(path("empty.wav")));
    QVERIFY(writeFile(path("text.wav"), "this is not audio at all, just words\n"));
    QVERIFY_THROWS_EXCEPTION(MediaError, planAudioSegments(path("text.wav")));
    QCOMPARE(runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", tmp_.filePath("silent.wav"), "trim", "0", "5"}), QString());
    try {
      planAudioSegments(path("silent.wav"));
      QFAIL("silence accepted");
    } catch (const MediaError& e) {
      QVERIFY(QString(e.what()).contains("silent"));
    }
  }

  // 3 hours: noise at about -50 dBFS with three espeak-ng phrases at 0:20:00, 1:30:00 and 2:59:00.
  // The WAV is written here block by block (sox would need the same 345 MB plus temporaries).
  void threeHourFileIsPlannedInBoundedMemory() {
    QCOMPARE(runTool("espeak-ng", {"-v", "en-us", "-w", tmp_.filePath("phrase-raw.wav"), "Hello, this is a test of a very long recording."}), QString());
    QCOMPARE(runTool("sox", {tmp_.filePath("phrase-raw.wav"), "-r", "16000", "-c", "1", "-b", "16", tmp_.filePath("phrase.wav")}), QString());
    PcmWav phrase;
    QVERIFY(readPcm16Wav(path("phrase.wav"), phrase));
    QVERIFY(phrase.samples.size() > size_t(kRate));
    const size_t total = size_t(3 * 3600) * kRate;
    const size_t at[] = {size_t(20 * 60) * kRate, size_t(90 * 60) * kRate, size_t(179 * 60) * kRate};
    {
      std::ofstream f(path("3h.wav"), std::ios::binary);
      f.write("RIFF", 4);
      writeLe(f, uint32_t(36 + total * 2), 4);
      f.write("WAVEfmt ", 8);
      writeLe(f, 16, 4);
      writeLe(f, 1, 2);
      writeLe(f, 1, 2);
      writeLe(f, kRate, 4);
      writeLe(f, kRate * 2, 4);
      writeLe(f, 2, 2);
      writeLe(f, 16, 2);
      f.write("data", 4);
      writeLe(f, uint32_t(total * 2), 4);
      uint64_t state = 0x9E3779B97F4A7C15ull;
      std::vector<int16_t> block(kRate * 60);
      for (size_t begin = 0; begin < total; begin += block.size()) {
        for (size_t i = 0; i < block.size(); ++i) {
          state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
          int v = int(state % 201) - 100;                                   // ±100: about -50 dBFS
          const size_t t = begin + i;
          for (const size_t a : at)
            if (t >= a && t < a + phrase.samples.size()) v += phrase.samples[t - a];
          block[i] = int16_t(std::clamp(v, -32768, 32767));
        }
        f.write(reinterpret_cast<const char*>(block.data()), std::streamsize(block.size() * 2));
      }
      QVERIFY(f.good());
    }
    {  // the measurement itself sees an allocation of that order
      const long base = resetPeakResident();
      std::vector<char> touched(64 << 20, 1);
      QVERIFY(peakResidentSinceResetKiB() - base > 60 * 1024 && touched[12345] == 1);
    }
    const long before = resetPeakResident();
    QElapsedTimer timer;
    timer.start();
    AudioPlanOptions options;
    int progressCalls = 0;
    options.onProgress = [&](double done, double stated) {
      ++progressCalls;
      QVERIFY(done <= stated + 1e-9);
    };
    const AudioSegmentPlan plan = planAudioSegments(path("3h.wav"), options);
    const long grown = peakResidentSinceResetKiB() - before;
    qInfo("3 h planned in %lld ms, %zu segments, peak RSS grew by %ld KiB (decoded: %zu MiB)", timer.elapsed(),
          plan.segments.size(), grown, total * sizeof(float) >> 20);
    QCOMPARE(plan.totalSamples, total);
    QVERIFY(progressCalls > 1000);  // one per 10 s block
    // Decoded it is 659 MiB; planning holds one 10 s block (+ the allocator's slack, PeakMemory.h).
    QVERIFY2(grown < 32 * 1024 + kAllocatorSlackKiB, "planning must not hold the recording");
    QCOMPARE(plan.segments.size(), std::size(at));
    for (size_t i = 0; i < std::size(at); ++i) {
      const AudioSegment& s = plan.segments[i];
      qInfo("  phrase at %zu s: segment %.2f-%.2f s", at[i] / kRate, double(s.start) / kRate, double(s.end) / kRate);
      QVERIFY(s.start <= at[i] + size_t(kRate) / 5 && s.end + size_t(kRate) / 2 >= at[i] + phrase.samples.size());
      QVERIFY(s.end - s.start < size_t(10 * kRate));
    }
    // Reading the planned segments back skips the hours between them without keeping them.
    resetPeakResident();
    AudioSegmentReader reader(path("3h.wav"));
    for (const AudioSegment& s : plan.segments) QCOMPARE(reader.read(s.start, s.end).size(), s.end - s.start);
    QVERIFY(peakResidentSinceResetKiB() - before < 32 * 1024 + kAllocatorSlackKiB);
    QFile::remove(tmp_.filePath("3h.wav"));
  }
};

QTEST_GUILESS_MAIN(TestAudioSegmentPlan)
#include "test_audio_segment_plan.moc"
