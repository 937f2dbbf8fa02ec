// Video frame sampling: the time rules alone (VideoFrameTimes), then frames decoded from videos the
// ffmpeg CLI makes at test time. Each test video paints its own time into every frame as a solid
// colour, R = floor(t)·K and G = floor(10·frac(t))·25, so a sampled frame's pixels say which moment
// it really is; every check compares that with the time the sampler reports and the time it wanted.
#include "MediaTestSupport.h"

#include "inference/media/MediaError.h"
#include "inference/media/VideoSampler.h"
#include "inference/media/VisionTargetSize.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <fstream>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

// The colour code of the test videos (see the file comment); kSecondStep is K.
constexpr int kSecondStep = 3;
constexpr int kLossyStep = 80;  // for lossy codecs: seconds 0, 1, 2 as red 0, 80, 160
QString timeColour(int width, int height, double rate, double seconds, int secondStep = kSecondStep) {
  return QString("color=c=black:s=%1x%2:r=%3:d=%4,format=rgb24,geq=r='floor(T)*%5':g='floor(mod(T,1)*10)*25':b='128'")
      .arg(width).arg(height).arg(rate).arg(seconds).arg(secondStep);
}

// The moment a frame shows, decoded from its centre pixel (tenths of a second).
double paintedTime(const RgbImage& img) {
  const int r = img.at(img.width / 2, img.height / 2, 0);
  const int g = img.at(img.width / 2, img.height / 2, 1);
  return std::lround(double(r) / kSecondStep) + std::lround(double(g) / 25.0) / 10.0;
}

}  // namespace

class TestVideoSampler : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString q(const char* n) const { return dir_.filePath(n); }
  std::string p(const char* n) const { return q(n).toStdString(); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const QString wav = QString::fromStdString(fixturePath("audio.wav"));
    // Lossless colour-coded clips: 5 s at 10 fps (FFV1 in MKV, exact RGB) and 70 s at 2 fps (H.264
    // lossless, key frame every 10 frames, so reaching late times needs seeks).
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", timeColour(32, 32, 10, 5), "-c:v", "ffv1", "-pix_fmt", "bgr0", q("cfr.mkv")}),
             QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", timeColour(32, 32, 2, 70), "-c:v", "libx264", "-qp", "0", "-pix_fmt",
                     "yuv444p", "-g", "10", q("long.mp4")}),
             QString());
    // Variable frame rate: ten frames 0.0–0.9 s, then one every 0.7 s from 1.0 s (1.0, 1.7, 2.4, ..., 7.3).
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i",
                     "color=c=black:s=32x32:r=10:d=2,settb=1/1000,setpts='if(lt(N,10),N*0.1,1.0+(N-10)*0.7)/TB',"
                     "format=rgb24,geq=r='floor(T)*3':g='floor(mod(T,1)*10)*25':b='128'",
                     "-fps_mode", "passthrough", "-c:v", "ffv1", "-pix_fmt", "bgr0", q("vfr.mkv")}),
             QString());
    // Every container the product lists, 3 s at 5 fps, lossy codecs; the MP4 has a soundtrack.
    const QString src = timeColour(64, 48, 5, 3, kLossyStep);
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", src, "-i", wav, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                     "-shortest", q("av.mp4")}),
             QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", src, "-c:v", "libvpx", "-b:v", "1M", q("clip.webm")}), QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", src, "-c:v", "libx264", "-pix_fmt", "yuv420p", q("clip.mov")}), QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", src, "-c:v", "mpeg4", "-q:v", "2", q("clip.avi")}), QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", src, q("clip.gif")}), QString());
    // Rotation metadata: a 64×48 picture, left half red, right half blue, shown rotated (FFmpeg's
    // own player turns it to 48×64 with blue on top, red at the bottom).
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i",
                     "color=c=red:s=32x48:r=5:d=2[a];color=c=blue:s=32x48:r=5:d=2[b];[a][b]hstack", "-c:v",
                     "libx264", "-pix_fmt", "yuv444p", "-qp", "0", q("flat.mp4")}),
             QString());
    QCOMPARE(runFfmpeg({"-i", q("flat.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90", q("rotated.mp4")}), QString());
  }

  void frameTimeRules() {
    VideoSamplingOptions o;  // 1 fps, ≤ 60 frames, whole length
    auto w = planVideoWindows(5.0, 30, 150, o);
    QCOMPARE(w.size(), size_t(1));
    QCOMPARE(w[0].seconds, (std::vector<double>{0, 1, 2, 3, 4}));
    QCOMPARE(planVideoWindows(4.5, 30, 0, o)[0].seconds.size(), size_t(5));  // 4.0 < 4.5 still counts
    // 90 s: whole length spreads 60 frames evenly (every 1.5 s); windows keep 1 fps in 60 + 30 frames.
    w = planVideoWindows(90.0, 25, 0, o);
    QCOMPARE(w.size(), size_t(1));
    QCOMPARE(w[0].seconds.size(), size_t(60));
    QCOMPARE(w[0].seconds[1], 1.5);
    QCOMPARE(w[0].seconds.back(), 88.5);
    o.coverage = VideoCoverage::Windows;
    w = planVideoWindows(90.0, 25, 0, o);
    QCOMPARE(w.size(), size_t(2));
    QCOMPARE(w[0].seconds.size(), size_t(60));
    QCOMPARE(w[1].seconds.front(), 60.0);
    QCOMPARE(w[0].end, 60.0);
    QCOMPARE(w[1].start, 60.0);
    QCOMPARE(w[1].end, 90.0);
    // The reference's uniform sampling: 32 of 300 frames at 30 fps, index = int(k · 9.375).
    o = {};
    o.numFrames = 32;
    w = planVideoWindows(10.0, 30, 300, o);
    QCOMPARE(w[0].seconds.size(), size_t(32));
    QCOMPARE(w[0].seconds[1], 9.0 / 30.0);
    QCOMPARE(w[0].seconds[3], 28.0 / 30.0);
    QCOMPARE(uniformFrameIndices(10, 3), (std::vector<int64_t>{0, 3, 6}));
    QCOMPARE(uniformFrameIndices(4, 32), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
                                                               2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3}));
    QCOMPARE(planVideoWindows(4.0 / 30.0, 30, 4, o)[0].seconds.size(), size_t(4));  // more wanted than exist: all
    o = {};
    o.fps = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planVideoWindows(5.0, 30, 0, o));
    o = {};
    o.frameBudget = 100;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planVideoWindows(5.0, 30, 0, o));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planVideoWindows(0.0, 30, 0, VideoSamplingOptions{}));
  }

  // 1 fps and 2.5 fps on an exact-colour clip: the frame at each wanted time, its content agreeing.
  void constantRateTimesAndContent() {
    const VideoInfo info = probeVideo(p("cfr.mkv"));
    QCOMPARE(info.width, 32);
    QCOMPARE(info.durationSeconds, 5.0);
    QVERIFY(!info.hasAudio);
    VideoSamplingOptions o;
    o.resizeForBudget = false;
    auto frames = sampleVideoFrames(p("cfr.mkv"), o);
    QCOMPARE(frames.size(), size_t(5));
    for (size_t i = 0; i < frames.size(); ++i) {
      QCOMPARE(frames[i].seconds, double(i));
      QCOMPARE(paintedTime(frames[i].image), double(i));
      QCOMPARE(int(frames[i].image.at(3, 3, 2)), 128);
    }
    o.fps = 2.5;  // 0, 0.4, 0.8, ...: frames exist every 0.1 s, so exactly those
    frames = sampleVideoFrames(p("cfr.mkv"), o);
    QCOMPARE(frames.size(), size_t(13));
    for (size_t i = 0; i < frames.size(); ++i) {
      QVERIFY(std::abs(frames[i].seconds - double(i) * 0.4) < 1e-9);
      QCOMPARE(paintedTime(frames[i].image), std::round(double(i) * 4.0) / 10.0);
    }
    // Default: frames come out at the budget's vision size (what the processor resizes to).
    o = {};
    frames = sampleVideoFrames(p("cfr.mkv"), o);
    const TargetSize t = visionTargetSize(32, 32, 70);
    QCOMPARE(frames[0].image.width, t.width);
    QCOMPARE(frames[0].image.height, t.height);
  }

  // 70 s: whole length gives 60 frames every 70/60 s (reached by seeking), windows give 60 + 10 at 1 fps.
  void longVideoSeeksAndWindows() {
    VideoSamplingOptions o;
    o.resizeForBudget = false;
    auto frames = sampleVideoFrames(p("long.mp4"), o);
    QCOMPARE(frames.size(), size_t(60));
    for (size_t i = 0; i < frames.size(); ++i) {
      const double want = double(i) * 70.0 / 60.0;
      // Frames every 0.5 s: the first at or after `want`.
      QCOMPARE(frames[i].seconds, std::ceil(want * 2.0 - 1e-9) / 2.0);
      QCOMPARE(paintedTime(frames[i].image), frames[i].seconds);
    }
    o.coverage = VideoCoverage::Windows;
    const VideoInfo info = probeVideo(p("long.mp4"));
    const auto windows = planVideoWindows(info.durationSeconds, info.frameRate, info.frameCount, o);
    QCOMPARE(windows.size(), size_t(2));
    QCOMPARE(windows[1].seconds.size(), size_t(10));
    frames = sampleVideoFramesAt(p("long.mp4"), windows[1].seconds, o);
    QCOMPARE(frames.size(), size_t(10));
    QCOMPARE(frames.front().seconds, 60.0);
    QCOMPARE(paintedTime(frames.back().image), 69.0);
  }

  // Variable frame rate: each wanted second lands on the first frame at or after it, by timestamp.
  void variableFrameRate() {
    VideoSamplingOptions o;
    o.resizeForBudget = false;
    const auto frames = sampleVideoFrames(p("vfr.mkv"), o);
    const std::vector<double> want = {0.0, 1.0, 2.4, 3.1, 4.5, 5.2, 6.6, 7.3};
    QCOMPARE(frames.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      QVERIFY2(std::abs(frames[i].seconds - want[i]) < 1e-6, qPrintable(QString::number(frames[i].seconds)));
      // geq's floor(mod(T, 1) · 10) can land a tenth low (2.4 → 2.3 in floating point).
      QVERIFY(std::abs(paintedTime(frames[i].image) - want[i]) < 0.1 + 1e-9);
    }
  }

  // Every listed container: three frames at 0, 1, 2 s whose (lossy) colour says the right second.
  void containers() {
    for (const char* name : {"av.mp4", "clip.webm", "clip.mov", "clip.avi", "clip.gif"}) {
      const VideoInfo info = probeVideo(p(name));
      QVERIFY2(std::abs(info.durationSeconds - 3.0) < 0.25, name);
      QCOMPARE(info.hasAudio, std::string(name) == "av.mp4");
      VideoSamplingOptions o;
      o.resizeForBudget = false;
      const auto frames = sampleVideoFrames(p(name), o);
      QVERIFY2(frames.size() == 3, name);
      for (size_t i = 0; i < 3; ++i) {
        QVERIFY2(std::abs(frames[i].seconds - double(i)) < 0.011,
                 qPrintable(QString("%1 frame %2 at %3 s").arg(name).arg(i).arg(frames[i].seconds)));
        QCOMPARE(frames[i].image.width, 64);
        if (std::string(name) != "clip.gif") {  // GIF's 8-bit palette is too coarse for the code
          const int r = frames[i].image.at(32, 24, 0);
          QVERIFY2(std::abs(r - int(i) * kLossyStep) <= 20,
                   qPrintable(QString("%1 frame %2: red %3").arg(name).arg(i).arg(r)));
        }
      }
    }
  }

  void rotationMetadata() {
    const VideoInfo info = probeVideo(p("rotated.mp4"));
    QCOMPARE(info.codedWidth, 64);
    QCOMPARE(info.width, 48);
    QCOMPARE(info.height, 64);
    QCOMPARE(info.rotationDegrees, 270);
    VideoSamplingOptions o;
    o.resizeForBudget = false;
    const auto frames = sampleVideoFrames(p("rotated.mp4"), o);
    QCOMPARE(frames.size(), size_t(2));
    const RgbImage& img = frames[0].image;
    QCOMPARE(img.width, 48);
    QCOMPARE(img.height, 64);
    QVERIFY(img.at(24, 4, 2) > 200 && img.at(24, 4, 0) < 40);   // blue on top
    QVERIFY(img.at(24, 59, 0) > 200 && img.at(24, 59, 2) < 40);  // red at the bottom
    // Portrait at the vision size too.
    const auto resized = sampleVideoFrames(p("rotated.mp4"), VideoSamplingOptions{});
    QVERIFY(resized[0].image.height > resized[0].image.width);
  }

  void badInputsAreClearErrors() {
    auto expectError = [](const std::string& path, const char* words) {
      try {
        (void)sampleVideoFrames(path, VideoSamplingOptions{});
        QFAIL(qPrintable(QString::fromStdString(path) + " gave frames"));
      } catch (const MediaError& e) {
        QVERIFY2(std::string(e.what()).find(words) != std::string::npos, e.what());
      }
    };
    expectError(fixturePath("audio.wav"), "only sound");
    expectError(fixturePath("image.png"), "still image");
    QVERIFY(writeFile(p("empty.mp4"), ""));
    expectError(p("empty.mp4"), "empty");
    std::string noise(4096, '\0');
    uint32_t s = 12345;
    for (char& c : noise) c = char((s = s * 1664525u + 1013904223u) >> 24);
    QVERIFY(writeFile(p("noise.mp4"), noise));
    expectError(p("noise.mp4"), "");
    // A real MP4 with its frames' data overwritten: headers parse, nothing decodes.
    std::string damaged = readFile(p("clip.mov"));
    for (size_t i = damaged.size() / 3; i < damaged.size(); ++i) damaged[i] = char(i * 7);
    QVERIFY(writeFile(p("damaged.mov"), damaged));
    try {
      const auto frames = sampleVideoFrames(p("damaged.mov"), VideoSamplingOptions{});
      QVERIFY(frames.size() <= 3);  // a damaged file may still give its intact first frames
    } catch (const MediaError& e) {
      QVERIFY(std::string(e.what()).find("damaged.mov") != std::string::npos);
    }
    expectError(p("missing.mp4"), "does not exist");
  }

  void cancelStopsEarly() {
    std::atomic<bool> cancel{true};
    QVERIFY(sampleVideoFrames(p("cfr.mkv"), VideoSamplingOptions{}, &cancel).empty());
  }
};

QTEST_GUILESS_MAIN(TestVideoSampler)
#include "test_video_sampler.moc"
