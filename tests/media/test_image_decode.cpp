// Image decoding through FFmpeg: every format against an independent reference (the fixture PNG's
// pixels, or the ffmpeg CLI's own rgb24 output), alpha over white, EXIF orientation, size limits,
// huge JPEGs decoded at reduced scale in bounded memory, and bad input.
#include "MediaTestSupport.h"

#include "inference/media/FrameToRgb.h"
#include "inference/media/ImageDecoder.h"
#include "inference/media/ImageOrientation.h"
#include "inference/media/MediaError.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

struct Diff {
    int maxAbs = 0;
    double meanAbs = 0;
};
Diff diffImages(const RgbImage& a, const RgbImage& b) {
    Diff d;
    double sum = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i) {
        const int e = std::abs(int(a.pixels[i]) - int(b.pixels[i]));
        d.maxAbs = std::max(d.maxAbs, e);
        sum += e;
    }
    d.meanAbs = sum / double(a.pixels.size());
    return d;
}

// Four flat quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
RgbImage quadrants(int w, int h) {
    RgbImage img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.row(y) + x * 3;
            const bool right = x >= w / 2, bottom = y >= h / 2;
            const uint8_t c[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
            const int q = (bottom ? 2 : 0) + (right ? 1 : 0);
            p[0] = c[q][0];
            p[1] = c[q][1];
            p[2] = c[q][2];
        }
    return img;
}

std::string ppm(const RgbImage& img) {
    std::string out = "P6\n" + std::to_string(img.width) + " " + std::to_string(img.height) + "\n255\n";
    out.append(reinterpret_cast<const char*>(img.pixels.data()), img.pixels.size());
    return out;
}

// An EXIF APP1 segment with one IFD entry: Orientation (0x0112, SHORT) = value. Big-endian TIFF.
std::string exifOrientationSegment(int value) {
    const char tiff[] = {'M', 'M', 0, 42, 0, 0, 0, 8,                       // header, IFD at offset 8
                         0, 1,                                              // one entry
                         0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, char(value), 0, 0, // tag, SHORT, count 1, value
                         0, 0, 0, 0};                                       // no next IFD
    std::string payload = std::string("Exif\0\0", 6) + std::string(tiff, sizeof tiff);
    const size_t len = payload.size() + 2;
    return std::string{char(0xFF), char(0xE1), char(len >> 8), char(len & 0xFF)} + payload;
}

uint32_t crc32(const std::string& data) {
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

long peakResidentKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

} // namespace

class TestImageDecode : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void formatsMatchIndependentReference_data();
    void formatsMatchIndependentReference();
    void alphaIsFlattenedOnWhite();
    void flattenFormulaMatchesPil();
    void exifOrientationIsApplied_data();
    void exifOrientationIsApplied();
    void largePicturesAreScaledDownToTheOutputLimit();
    void hugeJpegDecodesAtReducedScaleInBoundedMemory();
    void absurdSizesAreRefusedBeforeDecoding_data();
    void absurdSizesAreRefusedBeforeDecoding();
    void badInputGivesClearErrors_data();
    void badInputGivesClearErrors();
    void grayAlphaIsFlattenedOnWhite_data();
    void grayAlphaIsFlattenedOnWhite();

private:
    QTemporaryDir dir_;
    std::string path(const QString& name) const { return (dir_.path() + "/" + name).toStdString(); }
    QString qpath(const QString& name) const { return dir_.filePath(name); }
    // The ffmpeg CLI's rgb24 rendering of a file (first frame), as an independent reference.
    RgbImage cliRgb(const QString& file, int w, int h) {
        const QString raw = qpath(file + ".rgb");
        const QString err = runFfmpeg({"-i", qpath(file), "-frames:v", "1", "-f", "rawvideo",
                                               "-pix_fmt", "rgb24", raw});
        if (!err.isEmpty()) qWarning("%s", qPrintable(err));
        RgbImage img(w, h);
        const std::string bytes = readFile(raw.toStdString());
        if (bytes.size() == img.pixels.size()) std::memcpy(img.pixels.data(), bytes.data(), bytes.size());
        return img;
    }
};

void TestImageDecode::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString src = QString::fromStdString(fixturePath("image.png"));
    struct Job {
        const char* name;
        QStringList args;
    };
    const QList<Job> jobs = {
        {"rgb.bmp", {}},
        {"rgb.tiff", {}},
        {"lossless.webp", {"-c:v", "libwebp", "-lossless", "1"}},
        {"lossy.webp", {"-c:v", "libwebp", "-quality", "90"}},
        {"photo.jpg", {"-q:v", "2"}},
        {"gray.png", {"-pix_fmt", "gray"}},
        {"gray16.png", {"-pix_fmt", "gray16be"}},
        {"rgb48.png", {"-pix_fmt", "rgb48be"}},
        {"palette.png", {"-vf", "split[a][b];[a]palettegen=max_colors=64[p];[b][p]paletteuse", "-pix_fmt", "pal8"}},
        {"first.gif", {}},
        {"rgb48.tiff", {"-pix_fmt", "rgb48le"}},
    };
    for (const Job& j : jobs)
        QCOMPARE(runFfmpeg(QStringList{"-i", src} + j.args + QStringList{qpath(j.name)}), QString());
}

void TestImageDecode::formatsMatchIndependentReference_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("vsFixture"); // compare with the fixture PNG (lossless) or the ffmpeg CLI's rgb24
    QTest::addColumn<int>("maxAbs");
    QTest::addColumn<double>("maxMean");
    QTest::newRow("png") << "../image.png" << true << 0 << 0.0;
    QTest::newRow("bmp") << "rgb.bmp" << true << 0 << 0.0;
    QTest::newRow("tiff") << "rgb.tiff" << true << 0 << 0.0;
    QTest::newRow("webp lossless") << "lossless.webp" << true << 0 << 0.0;
    QTest::newRow("png 16-bit rgb") << "rgb48.png" << true << 0 << 0.0;   // v·257 back to v
    QTest::newRow("tiff 16-bit rgb") << "rgb48.tiff" << true << 0 << 0.0;
    // Lossy: against the original pixels, loosely (codec error), and against FFmpeg's own conversion.
    QTest::newRow("jpeg vs original") << "photo.jpg" << true << 255 << 3.0;
    QTest::newRow("webp vs original") << "lossy.webp" << true << 255 << 4.0;
    QTest::newRow("jpeg vs ffmpeg") << "photo.jpg" << false << 3 << 0.5;
    QTest::newRow("gray vs ffmpeg") << "gray.png" << false << 0 << 0.0;
    QTest::newRow("gray16 vs ffmpeg") << "gray16.png" << false << 1 << 0.05;
    QTest::newRow("palette vs ffmpeg") << "palette.png" << false << 0 << 0.0;
    QTest::newRow("gif first frame vs ffmpeg") << "first.gif" << false << 0 << 0.0;
}

void TestImageDecode::formatsMatchIndependentReference() {
    QFETCH(QString, file);
    QFETCH(bool, vsFixture);
    QFETCH(int, maxAbs);
    QFETCH(double, maxMean);
    const std::string p = file.startsWith("..") ? fixturePath("image.png") : path(file);
    const RgbImage img = decodeImageFile(p);
    QCOMPARE(img.width, 300);
    QCOMPARE(img.height, 200);
    const RgbImage ref = vsFixture ? decodeImageFile(fixturePath("image.png")) : cliRgb(file, 300, 200);
    const Diff d = diffImages(img, ref);
    qInfo("%s: max |diff| %d, mean %.4f", qPrintable(file), d.maxAbs, d.meanAbs);
    QVERIFY(d.maxAbs <= maxAbs);
    QVERIFY(d.meanAbs <= maxMean);
    if (file.startsWith("gray")) {
        for (size_t i = 0; i < img.pixels.size(); i += 3) {
            QCOMPARE(img.pixels[i], img.pixels[i + 1]);
            QCOMPARE(img.pixels[i], img.pixels[i + 2]);
        }
    }
}

void TestImageDecode::alphaIsFlattenedOnWhite() {
    // Opaque red left half, 50 %-transparent blue right half, fully transparent bottom row.
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i",
                                "color=c=red:s=32x16,format=rgba,geq=r='if(lt(X,16),255,0)':g='0':b='if(lt(X,16),0,255)'"
                                ":a='if(eq(Y,15),0,if(lt(X,16),255,128))'",
                                "-frames:v", "1", qpath("alpha.png")}),
             QString());
    const RgbImage img = decodeImageFile(path("alpha.png"));
    QCOMPARE(img.width, 32);
    auto px = [&](int x, int y, int c) { return int(img.at(x, y, c)); };
    QCOMPARE(px(3, 3, 0), 255); QCOMPARE(px(3, 3, 1), 0); QCOMPARE(px(3, 3, 2), 0);       // opaque red
    // Blue at alpha 128 over white: (0·128 + 255·127)/255 = 127 for R and G, 255 for B.
    QCOMPARE(px(20, 3, 0), 127); QCOMPARE(px(20, 3, 1), 127); QCOMPARE(px(20, 3, 2), 255);
    QCOMPARE(px(5, 15, 0), 255); QCOMPARE(px(5, 15, 1), 255); QCOMPARE(px(5, 15, 2), 255); // transparent → white
}

void TestImageDecode::flattenFormulaMatchesPil() {
    // PIL's result equals round((v·a + 255·(255 − a)) / 255) for every input (exhaustive).
    for (int a = 0; a < 256; ++a)
        for (int v = 0; v < 256; ++v) {
            const int want = int(std::floor((v * a + 255 * (255 - a)) / 255.0 + 0.5));
            if (int(flattenOnWhite(uint8_t(v), uint8_t(a))) != want)
                QFAIL(qPrintable(QString("v=%1 a=%2: %3 vs %4").arg(v).arg(a).arg(flattenOnWhite(uint8_t(v), uint8_t(a))).arg(want)));
        }
}

void TestImageDecode::exifOrientationIsApplied_data() {
    QTest::addColumn<int>("orientation");
    // Expected colours of the output's TL, TR, BL, BR quadrants (R=red G=green B=blue W=white).
    QTest::addColumn<QString>("corners");
    QTest::newRow("1 upright") << 1 << "RGBW";
    QTest::newRow("2 mirrored") << 2 << "GRWB";
    QTest::newRow("3 rotated 180") << 3 << "WBGR";
    QTest::newRow("6 rotate 90 cw") << 6 << "BRWG";
    QTest::newRow("8 rotate 90 ccw") << 8 << "GWRB";
}

void TestImageDecode::exifOrientationIsApplied() {
    QFETCH(int, orientation);
    QFETCH(QString, corners);
    QVERIFY(writeFile(path("quad.ppm"), ppm(quadrants(64, 32))));
    QCOMPARE(runFfmpeg({"-i", qpath("quad.ppm"), "-q:v", "2", qpath("quad.jpg")}), QString());
    std::string jpeg = readFile(path("quad.jpg"));
    jpeg.insert(2, exifOrientationSegment(orientation)); // right after SOI
    const std::string file = path(QString("quad_o%1.jpg").arg(orientation));
    QVERIFY(writeFile(file, jpeg));

    const RgbImage img = decodeImageFile(file);
    const bool swapped = orientation >= 5;
    QCOMPARE(img.width, swapped ? 32 : 64);
    QCOMPARE(img.height, swapped ? 64 : 32);
    const int xs[4] = {img.width / 4, img.width * 3 / 4, img.width / 4, img.width * 3 / 4};
    const int ys[4] = {img.height / 4, img.height / 4, img.height * 3 / 4, img.height * 3 / 4};
    for (int q = 0; q < 4; ++q) {
        const QChar c = corners[q];
        const int want[3] = {c == 'R' || c == 'W' ? 255 : 0, c == 'G' || c == 'W' ? 255 : 0, c == 'B' || c == 'W' ? 255 : 0};
        for (int ch = 0; ch < 3; ++ch)
            QVERIFY2(std::abs(int(img.at(xs[q], ys[q], ch)) - want[ch]) <= 40, qPrintable(QString("quadrant %1").arg(q)));
    }
    ImageDecodeOptions keep;
    keep.applyOrientation = false;
    QCOMPARE(decodeImageFile(file, keep).width, 64);
}

void TestImageDecode::largePicturesAreScaledDownToTheOutputLimit() {
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "color=c=0x3366cc:s=1200x800", "-frames:v", "1",
                                qpath("big.png")}),
             QString());
    ImageDecodeOptions small;
    small.maxDecodedPixels = 100000;
    const RgbImage img = decodeImageFile(path("big.png"), small);
    QVERIFY(int64_t(img.width) * img.height <= 100000);
    QCOMPARE(img.width, 387); // floor(1200·√(100000/960000))
    QCOMPARE(img.height, 258);
    const RgbImage full = decodeImageFile(path("big.png")); // flat colour: the downscale must keep it
    QCOMPARE(full.width, 1200);
    for (int c = 0; c < 3; ++c) QVERIFY(std::abs(int(img.at(100, 100, c)) - int(full.at(0, 0, c))) <= 1);
}

void TestImageDecode::hugeJpegDecodesAtReducedScaleInBoundedMemory() {
    // 12000 × 9000 = 108 MP. Full decode would need ≥ 162 MB (YUV) + 324 MB (RGB); with the default
    // 64 MP output limit the JPEG decoder works at half scale (6000 × 4500), a quarter of that.
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "color=c=0x608040:s=12000x9000", "-frames:v", "1",
                                "-q:v", "5", qpath("huge.jpg")},
                     300000),
             QString());
    const long before = peakResidentKiB();
    const RgbImage img = decodeImageFile(path("huge.jpg"));
    const long after = peakResidentKiB();
    qInfo("12000x9000 JPEG → %dx%d, peak RSS grew by %ld MiB", img.width, img.height, (after - before) / 1024);
    QCOMPARE(img.width, 6000);
    QCOMPARE(img.height, 4500);
    QVERIFY(after - before < 250 * 1024);
    QVERIFY(std::abs(int(img.at(3000, 2000, 0)) - 0x60) <= 3);
    QVERIFY(std::abs(int(img.at(3000, 2000, 1)) - 0x80) <= 3);
}

void TestImageDecode::absurdSizesAreRefusedBeforeDecoding_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("png 100000x100000") << "png" << 100000 << 100000;
    QTest::newRow("png 40000x40000") << "png" << 40000 << 40000; // over the 2^30-pixel ceiling
    QTest::newRow("jpeg 40000x40000") << "jpeg" << 40000 << 40000;
    QTest::newRow("jpeg 65535x65535") << "jpeg" << 65535 << 65535;
}

void TestImageDecode::absurdSizesAreRefusedBeforeDecoding() {
    QFETCH(QString, kind);
    QFETCH(int, width);
    QFETCH(int, height);
    std::string bytes;
    std::string file;
    if (kind == "png") {
        // Patch the IHDR of a real PNG (bytes 16..23) and fix its CRC: a well-formed header that lies.
        bytes = readFile(fixturePath("image.png"));
        for (int i = 0; i < 4; ++i) {
            bytes[size_t(16 + i)] = char(uint32_t(width) >> (24 - 8 * i));
            bytes[size_t(20 + i)] = char(uint32_t(height) >> (24 - 8 * i));
        }
        const uint32_t crc = crc32(bytes.substr(12, 17));
        for (int i = 0; i < 4; ++i) bytes[size_t(29 + i)] = char(crc >> (24 - 8 * i));
        file = path("forged.png");
    } else {
        // Patch the SOF0 of a real JPEG.
        bytes = readFile(path("photo.jpg"));
        const size_t sof = bytes.find("\xFF\xC0");
        QVERIFY(sof != std::string::npos);
        bytes[sof + 5] = char(height >> 8);
        bytes[sof + 6] = char(height & 0xFF);
        bytes[sof + 7] = char(width >> 8);
        bytes[sof + 8] = char(width & 0xFF);
        file = path("forged.jpg");
    }
    QVERIFY(writeFile(file, bytes));
    const long before = peakResidentKiB();
    try {
        decodeImageFile(file);
        QFAIL("no error");
    } catch (const MediaError& e) {
        qInfo("%s", e.what());
        const QString reason = QString(e.what()).mid(int(file.size()));
        QVERIFY(QString(e.what()).startsWith(QString::fromStdString(file) + ": "));
        QVERIFY(reason.contains(QString("%1x%2").arg(width).arg(height)));
        QVERIFY(reason.contains("over the limit"));
    }
    QVERIFY(peakResidentKiB() - before < 64 * 1024); // nothing of that size was allocated
}

void TestImageDecode::badInputGivesClearErrors_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << "missing.png" << "does not exist";
    QTest::newRow("empty") << "empty.png" << "empty";
    QTest::newRow("folder") << "afolder" << "folder";
    QTest::newRow("text as png") << "text.png" << "not an image: the file holds text (it begins \"not a picture\")";
    QTest::newRow("text as jpeg") << "notes.jpg" << "not an image: the file holds text";
    QTest::newRow("truncated png") << "truncated.png" << "";
    QTest::newRow("truncated jpeg") << "truncated.jpg" << "";
    QTest::newRow("corrupt png data") << "corrupt.png" << "corrupt";
    QTest::newRow("audio") << "sound.wav" << "audio";
    QTest::newRow("video") << "clip.mp4" << "video";
}

void TestImageDecode::badInputGivesClearErrors() {
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const std::string p = path(file);
    const std::string png = readFile(fixturePath("image.png"));
    if (file == "empty.png") QVERIFY(writeFile(p, ""));
    if (file == "afolder") QVERIFY(QDir(dir_.path()).mkpath("afolder"));
    if (file == "text.png") QVERIFY(writeFile(p, "not a picture\n"));
    if (file == "notes.jpg") QVERIFY(writeFile(p, "Shopping list:\n- bread\n- caf\xc3\xa9\n"));
    if (file == "truncated.png") QVERIFY(writeFile(p, png.substr(0, png.size() / 2)));
    if (file == "truncated.jpg") {
        const std::string jpg = readFile(path("photo.jpg"));
        QVERIFY(writeFile(p, jpg.substr(0, jpg.size() / 2)));
    }
    if (file == "corrupt.png") {
        std::string bad = png;
        for (size_t i = 200; i < bad.size() - 20; i += 7) bad[i] = char(bad[i] ^ 0x5A); // scramble the IDAT data
        QVERIFY(writeFile(p, bad));
    }
    if (file == "sound.wav") QVERIFY(writeFile(p, readFile(fixturePath("audio.wav"))));
    if (file == "clip.mp4")
        QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=5", "-c:v",
                                    "libx264", "-pix_fmt", "yuv420p", QString::fromStdString(p)}),
                 QString());
    try {
        const RgbImage img = decodeImageFile(p);
        QFAIL(qPrintable(QString("no error; decoded %1x%2").arg(img.width).arg(img.height)));
    } catch (const MediaError& e) {
        qInfo("%s", e.what());
        const QString message = QString::fromUtf8(e.what());
        QVERIFY(message.startsWith(QString::fromStdString(p) + ": "));
        QVERIFY(message.mid(int(p.size())).contains(expected));
    }
}

void TestImageDecode::grayAlphaIsFlattenedOnWhite_data() {
    QTest::addColumn<QString>("pixFmt");
    QTest::newRow("grey + alpha 8-bit") << "ya8";
    QTest::newRow("grey + alpha 16-bit") << "ya16be";
}

// A grey ramp with an alpha ramp across it: each pixel is PIL's flatten of (grey, alpha) on white,
// grey in all three channels; the reference grey and alpha are the ffmpeg CLI's 8-bit ya8 output.
void TestImageDecode::grayAlphaIsFlattenedOnWhite() {
    QFETCH(QString, pixFmt);
    const QString file = "graya-" + pixFmt + ".png";
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i",
                                "color=c=black:s=64x32,format=rgba,geq=r='X*4':g='X*4':b='X*4':a='Y*8'", "-frames:v",
                                "1", "-pix_fmt", pixFmt, qpath(file)}),
             QString());
    QCOMPARE(runFfmpeg({"-i", qpath(file), "-f", "rawvideo", "-pix_fmt", "ya8",
                                qpath(file + ".ya")}),
             QString());
    const std::string ya = readFile(path(file + ".ya"));
    QCOMPARE(ya.size(), size_t(64 * 32 * 2));
    const RgbImage img = decodeImageFile(path(file));
    QCOMPARE(img.width, 64);
    QCOMPARE(img.height, 32);
    int maxAbs = 0;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x) {
            const size_t i = size_t(y * 64 + x) * 2;
            const int expected = flattenOnWhite(uint8_t(ya[i]), uint8_t(ya[i + 1]));
            for (int c = 0; c < 3; ++c) maxAbs = std::max(maxAbs, std::abs(int(img.at(x, y, c)) - expected));
        }
    qInfo("%s: max |diff| %d", qPrintable(pixFmt), maxAbs);
    // 8-bit: exact. 16-bit: our flatten works on 16-bit values, the reference on values rounded
    // to 8 bits first: one level.
    QVERIFY(maxAbs <= (pixFmt == "ya8" ? 0 : 1));
}

QTEST_APPLESS_MAIN(TestImageDecode)
#include "test_image_decode.moc"
