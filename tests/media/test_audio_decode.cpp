// Audio decoding through FFmpeg: formats and rates made at test time by espeak-ng / sox / ffmpeg,
// the fixture audio.wav (must be exactly int16/32768), streaming in chunks, limits and bad input.
#include "MediaTestSupport.h"
#include "WavReader.h"

#include "inference/media/AudioDecoder.h"
#include "inference/media/AudioReader.h"
#include "inference/media/MediaError.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

// Normalised cross-correlation of a and b over their common length, at the best lag in [−maxLag, maxLag].
struct Match {
    double correlation = 0;
    int lag = 0;
};
Match bestMatch(const std::vector<float>& a, const std::vector<float>& b, int maxLag) {
    Match best;
    for (int lag = -maxLag; lag <= maxLag; ++lag) {
        double ab = 0, aa = 0, bb = 0;
        for (size_t i = size_t(std::max(0, lag)); i < a.size(); ++i) {
            const long j = long(i) - lag;
            if (j < 0 || size_t(j) >= b.size()) continue;
            ab += double(a[i]) * b[size_t(j)];
            aa += double(a[i]) * a[i];
            bb += double(b[size_t(j)]) * b[size_t(j)];
        }
        const double c = ab / std::sqrt(aa * bb + 1e-30);
        if (c > best.correlation) best = {c, lag};
    }
    return best;
}

} // namespace

class TestAudioDecode : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtureWavIsExactlyInt16Over32768();
    void formatsDecodeToTheSameSpeech_data();
    void formatsDecodeToTheSameSpeech();
    void stereoIsAveragedToMono();
    void readerStreamsInChunksIdenticalToWholeFile();
    void longFileIsStreamedAndRefusedWhole();
    void badInputGivesClearErrors_data();
    void badInputGivesClearErrors();

private:
    QTemporaryDir dir_;
    std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }
    std::vector<float> reference_; // speech.wav (espeak-ng, 22050 Hz) decoded to 16 kHz
};

void TestAudioDecode::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString speech = dir_.filePath("speech.wav");
    QCOMPARE(runTool("espeak-ng", {"-v", "en-us", "-s", "150", "-w", speech,
                                   "Gemma reads audio files of many kinds, one chunk at a time."}),
             QString());
    struct Job {
        const char* name;
        QStringList args;
    };
    const QList<Job> jobs = {
        {"s44_stereo.wav", {"-ar", "44100", "-ac", "2"}},
        {"s.mp3", {"-c:a", "libmp3lame", "-b:a", "64k"}},
        {"s.flac", {"-c:a", "flac"}},
        {"s.opus", {"-c:a", "libopus", "-b:a", "48k"}},
        {"s.ogg", {"-c:a", "libvorbis"}},
        {"s.m4a", {"-c:a", "aac", "-b:a", "96k"}},
    };
    for (const Job& j : jobs) {
        QCOMPARE(runFfmpeg(QStringList{"-i", speech} + j.args + QStringList{dir_.filePath(j.name)}),
                 QString());
    }
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=duration=6:size=160x120:rate=10", "-i",
                                speech, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                                dir_.filePath("s.mp4")}),
             QString());
    reference_ = decodeAudioFile(path("speech.wav")).samples;
    QVERIFY(reference_.size() > 16000 * 2);
}

void TestAudioDecode::fixtureWavIsExactlyInt16Over32768() {
    PcmWav wav;
    QVERIFY(readPcm16Wav(fixturePath("audio.wav"), wav));
    const AudioClip clip = decodeAudioFile(fixturePath("audio.wav"));
    QCOMPARE(clip.samples.size(), wav.samples.size());
    QCOMPARE(clip.samples.size(), size_t(48000));
    float maxErr = 0;
    for (size_t i = 0; i < wav.samples.size(); ++i)
        maxErr = std::max(maxErr, std::abs(clip.samples[i] - float(wav.samples[i]) / 32768.0f));
    qInfo("audio.wav: 48000 samples, max abs error vs int16/32768 = %g", double(maxErr));
    QCOMPARE(maxErr, 0.0f);
}

void TestAudioDecode::formatsDecodeToTheSameSpeech_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("minCorrelation");
    // Lossless paths must be near-identical to the reference decode; lossy codecs at these bitrates
    // keep speech waveforms well above 0.9. The lag (encoder delay left untrimmed) must be ≤ 2 samples
    // so that subtitles stay aligned.
    QTest::newRow("wav 44.1k stereo") << "s44_stereo.wav" << 0.999;
    QTest::newRow("flac") << "s.flac" << 0.9999;
    QTest::newRow("mp3") << "s.mp3" << 0.95;
    QTest::newRow("ogg opus") << "s.opus" << 0.9;
    QTest::newRow("ogg vorbis") << "s.ogg" << 0.95;
    QTest::newRow("m4a aac") << "s.m4a" << 0.95;
    QTest::newRow("mp4 video+aac") << "s.mp4" << 0.95;
}

void TestAudioDecode::formatsDecodeToTheSameSpeech() {
    QFETCH(QString, file);
    QFETCH(double, minCorrelation);
    const std::string p = path(file.toStdString().c_str());
    const AudioClip clip = decodeAudioFile(p);
    const double refSeconds = double(reference_.size()) / 16000.0;
    const Match m = bestMatch(clip.samples, reference_, 64);
    qInfo("%s: %.3f s (reference %.3f s), correlation %.5f at lag %d", qPrintable(file), clip.seconds(), refSeconds,
          m.correlation, m.lag);
    // AAC pads to whole 1024-sample frames; every other codec trims to the exact length.
    QVERIFY(std::abs(clip.seconds() - refSeconds) <= 0.07);
    QVERIFY(m.correlation >= minCorrelation);
    QVERIFY(std::abs(m.lag) <= 2);
    AudioReader reader(p);
    QVERIFY(reader.estimatedDurationSeconds() > refSeconds - 0.1);
    QVERIFY(!reader.codecName().empty());
}

void TestAudioDecode::stereoIsAveragedToMono() {
    // Left: a 440 Hz sine at amplitude 0.5; right: silence. Mono must be (L + R)/2 → peak 0.25.
    QCOMPARE(runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", dir_.filePath("l.wav"), "synth", "1", "sine", "440",
                             "vol", "0.5"}),
             QString());
    QCOMPARE(runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", dir_.filePath("r.wav"), "trim", "0", "1"}), QString());
    QCOMPARE(runTool("sox", {"-M", dir_.filePath("l.wav"), dir_.filePath("r.wav"), dir_.filePath("lr.wav")}), QString());
    const AudioClip clip = decodeAudioFile(path("lr.wav"));
    QCOMPARE(clip.samples.size(), size_t(16000));
    float peak = 0;
    for (float v : clip.samples) peak = std::max(peak, std::abs(v));
    qInfo("left-only stereo → mono peak %.4f (expected 0.25)", double(peak));
    QVERIFY(std::abs(peak - 0.25f) < 0.005f);
}

void TestAudioDecode::readerStreamsInChunksIdenticalToWholeFile() {
    for (const char* name : {"s.flac", "s.mp3", "s.opus"}) {
        const AudioClip whole = decodeAudioFile(path(name));
        AudioReader reader(path(name));
        std::vector<float> joined;
        int chunks = 0;
        while (true) {
            const std::vector<float> chunk = reader.readChunk(0.7);
            if (chunk.empty()) break;
            ++chunks;
            if (joined.size() + chunk.size() < whole.samples.size()) QCOMPARE(chunk.size(), size_t(11200)); // full chunks until the end
            joined.insert(joined.end(), chunk.begin(), chunk.end());
        }
        QVERIFY(chunks >= 4);
        QCOMPARE(reader.samplesRead(), joined.size());
        QVERIFY(joined == whole.samples);
        QCOMPARE(reader.readChunk(1.0).size(), size_t(0)); // stays at the end
    }
}

void TestAudioDecode::longFileIsStreamedAndRefusedWhole() {
    // Ten minutes of a tone as FLAC: read in 30 s chunks with bounded memory.
    QCOMPARE(runTool("sox", {"-n", "-r", "22050", "-c", "2", dir_.filePath("long.flac"), "synth", "600", "sine", "300", "vol",
                             "0.3"}),
             QString());
    AudioReader reader(path("long.flac"));
    QVERIFY(std::abs(reader.estimatedDurationSeconds() - 600.0) < 0.01);
    size_t total = 0;
    std::vector<float> chunk(30 * 16000);
    while (size_t got = reader.read(chunk.data(), chunk.size())) total += got;
    QVERIFY(std::abs(long(total) - 600L * 16000L) <= 2);

    AudioDecodeOptions limit;
    limit.maxSeconds = 60;
    try {
        decodeAudioFile(path("long.flac"), limit);
        QFAIL("a 600 s file must be refused with a 60 s limit");
    } catch (const MediaError& e) {
        qInfo("%s", e.what());
        QVERIFY(QString(e.what()).contains("600.0 s long"));
        QVERIFY(QString(e.what()).contains("AudioReader"));
    }
    // Stated duration under the limit but the data runs past it: caught while decoding.
    limit.maxSeconds = 599.5;
    QVERIFY_THROWS_EXCEPTION(MediaError, decodeAudioFile(path("long.flac"), limit));
}

void TestAudioDecode::badInputGivesClearErrors_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // a phrase the message must contain
    QTest::newRow("missing") << "missing.wav" << "does not exist";
    QTest::newRow("empty") << "empty.mp3" << "empty";
    QTest::newRow("text") << "text.mp3" << "not a media file";
    QTest::newRow("random bytes") << "random.wav" << "not a media file";
    QTest::newRow("truncated header") << "truncated.wav" << "not a media file";
    QTest::newRow("image") << "picture.png" << "image";
    QTest::newRow("video without sound") << "mute.mp4" << "no audio track";
    QTest::newRow("silence") << "silence.wav" << "silent";
    QTest::newRow("zero samples") << "zero.wav" << "no samples";
    QTest::newRow("corrupt flac") << "corrupt.flac" << "corrupt";
}

void TestAudioDecode::badInputGivesClearErrors() {
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const std::string p = path(file.toStdString().c_str());
    std::mt19937 rng(42);
    std::string random(20000, '\0');
    for (char& c : random) c = char(rng());
    if (file == "empty.mp3") QVERIFY(writeFile(p, ""));
    if (file == "text.mp3") QVERIFY(writeFile(p, "This is a text file, not an MP3.\n"));
    if (file == "random.wav") QVERIFY(writeFile(p, random));
    if (file == "truncated.wav") QVERIFY(writeFile(p, readFile(path("speech.wav")).substr(0, 30)));
    if (file == "picture.png") QVERIFY(writeFile(p, readFile(fixturePath("image.png"))));
    if (file == "mute.mp4")
        QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=5", "-c:v",
                                    "libx264", "-pix_fmt", "yuv420p", QString::fromStdString(p)}),
                 QString());
    if (file == "silence.wav")
        QCOMPARE(runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", QString::fromStdString(p), "trim", "0", "2"}), QString());
    if (file == "zero.wav")
        QCOMPARE(runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", QString::fromStdString(p), "trim", "0", "0"}), QString());
    if (file == "corrupt.flac") {
        // A real FLAC header (first 4 KiB) followed by random bytes instead of audio frames.
        QVERIFY(writeFile(p, readFile(path("s.flac")).substr(0, 4096) + random));
    }
    try {
        const AudioClip clip = decodeAudioFile(p);
        QFAIL(qPrintable(QString("no error; decoded %1 samples").arg(clip.samples.size())));
    } catch (const MediaError& e) {
        qInfo("%s", e.what());
        const QString message = QString::fromUtf8(e.what());
        QVERIFY(message.startsWith(QString::fromStdString(p) + ": "));
        QVERIFY(message.mid(int(p.size())).contains(expected)); // in the reason, not the file name
    }
}

QTEST_APPLESS_MAIN(TestAudioDecode)
#include "test_audio_decode.moc"
