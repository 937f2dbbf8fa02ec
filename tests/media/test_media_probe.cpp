// probeMediaFile: routing of images, audio, videos with and without sound, cover-art MP3s, and
// unreadable files; durations and stream parameters from files made at test time.
#include "MediaTestSupport.h"

#include "inference/media/MediaError.h"
#include "inference/media/MediaProbe.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace gwb::media;
using namespace gwb::media::test;

class TestMediaProbe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void kindsAndFacts();
    void unreadableFilesAreUnknownWithAReason();
    void missingFileThrows();

private:
    QTemporaryDir dir_;
    QString q(const char* n) const { return dir_.filePath(n); }
    std::string p(const char* n) const { return q(n).toStdString(); }
};

void TestMediaProbe::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString wav = QString::fromStdString(fixturePath("audio.wav"));
    const QString png = QString::fromStdString(fixturePath("image.png"));
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25", "-i", wav,
                                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", q("av.mp4")}),
             QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=duration=2:size=160x90:rate=10", "-c:v",
                                "libx264", "-pix_fmt", "yuv420p", q("mute.mp4")}),
             QString());
    QCOMPARE(runFfmpeg({"-i", wav, "-i", png, "-map", "0", "-map", "1", "-c:a", "libmp3lame", "-c:v",
                                "png", "-disposition:v", "attached_pic", q("cover.mp3")}),
             QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1", q("anim.gif")}),
             QString());
    QCOMPARE(runFfmpeg({"-i", png, "-q:v", "3", q("photo.jpg")}), QString());
}

void TestMediaProbe::kindsAndFacts() {
    const MediaInfo image = probeMediaFile(fixturePath("image.png"));
    QCOMPARE(image.kind, MediaKind::Image);
    QCOMPARE(image.width, 300);
    QCOMPARE(image.height, 200);
    QCOMPARE(image.videoCodec, std::string("png"));

    const MediaInfo jpeg = probeMediaFile(p("photo.jpg"));
    QCOMPARE(jpeg.kind, MediaKind::Image);
    QCOMPARE(jpeg.width, 300);

    const MediaInfo gif = probeMediaFile(p("anim.gif"));
    QCOMPARE(gif.kind, MediaKind::Image);
    QCOMPARE(gif.width, 64);

    const MediaInfo audio = probeMediaFile(fixturePath("audio.wav"));
    QCOMPARE(audio.kind, MediaKind::Audio);
    QCOMPARE(audio.sampleRate, 16000);
    QCOMPARE(audio.channels, 1);
    QCOMPARE(audio.audioCodec, std::string("pcm_s16le"));
    QVERIFY(std::abs(audio.durationSeconds - 3.0) < 1e-3);

    const MediaInfo cover = probeMediaFile(p("cover.mp3"));
    QCOMPARE(cover.kind, MediaKind::Audio); // the attached picture is not a video
    QVERIFY(std::abs(cover.durationSeconds - 3.0) < 0.1);

    const MediaInfo av = probeMediaFile(p("av.mp4"));
    QCOMPARE(av.kind, MediaKind::VideoWithAudio);
    QCOMPARE(av.width, 320);
    QCOMPARE(av.height, 240);
    QCOMPARE(av.videoCodec, std::string("h264"));
    QCOMPARE(av.audioCodec, std::string("aac"));
    QVERIFY(std::abs(av.frameRate - 25.0) < 1e-6);
    QVERIFY(std::abs(av.durationSeconds - 3.0) < 0.1);

    const MediaInfo mute = probeMediaFile(p("mute.mp4"));
    QCOMPARE(mute.kind, MediaKind::Video);
    QVERIFY(std::abs(mute.durationSeconds - 2.0) < 0.1);
    QCOMPARE(std::string(mediaKindName(mute.kind)), std::string("video"));
}

void TestMediaProbe::unreadableFilesAreUnknownWithAReason() {
    QVERIFY(writeFile(p("notes.txt"), "just some text\n"));
    const MediaInfo text = probeMediaFile(p("notes.txt"));
    QCOMPARE(text.kind, MediaKind::Unknown);
    qInfo("%s", text.reason.c_str());
    QVERIFY(text.reason.find("notes.txt") != std::string::npos);

    const std::string png = readFile(fixturePath("image.png"));
    QVERIFY(writeFile(p("broken.png"), png.substr(0, 60)));
    const MediaInfo broken = probeMediaFile(p("broken.png"));
    qInfo("%s", broken.reason.c_str());
    QCOMPARE(broken.kind, MediaKind::Unknown);
    QVERIFY(!broken.reason.empty());
}

void TestMediaProbe::missingFileThrows() {
    QVERIFY_THROWS_EXCEPTION(MediaError, probeMediaFile(p("nope.wav")));
    QVERIFY(writeFile(p("empty.mp4"), ""));
    QVERIFY_THROWS_EXCEPTION(MediaError, probeMediaFile(p("empty.mp4")));
}

QTEST_APPLESS_MAIN(TestMediaProbe)
#include "test_media_probe.moc"
