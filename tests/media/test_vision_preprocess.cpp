// Vision preprocessing against transformers' Gemma4ImageProcessor / Gemma4VideoProcessor outputs
// (fixtures in ../shared/fixtures/tiny-s1): target sizes, the uint8 bicubic-antialias resize,
// patch order, rescale and position ids. Tolerance: exact (0 differing values) unless stated.
#include "MediaTestSupport.h"

#include "inference/media/ImageDecoder.h"
#include "inference/media/ImageResize.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/media/VisionTargetSize.h"

#include <QtTest>

#include <cmath>

using namespace gwb::media;
using gwb::media::test::fixturePath;
using gwb::media::test::ReferenceTensors;

namespace {

struct PixelDiff {
    size_t differing = 0; // channel values that differ
    int maxAbs = 0;
};

PixelDiff compareImages(const RgbImage& a, const RgbImage& b) {
    PixelDiff d;
    for (size_t i = 0; i < a.pixels.size(); ++i) {
        const int diff = std::abs(int{a.pixels[i]} - int{b.pixels[i]});
        if (diff != 0) {
            ++d.differing;
            d.maxAbs = std::max(d.maxAbs, diff);
        }
    }
    return d;
}

// Independent, straightforward model of the same resize in floating point: double weights straight
// from the formula (no int16 quantisation), uint8 rounding after each pass. The product code must stay
// within 1 level of it for any scale (it differs only by the int16 weight rounding).
RgbImage floatModelResize(const RgbImage& src, int outW, int outH) {
    auto axis = [](int in, int out, int i, std::vector<double>& w, int& first) {
        const double scale = double(in) / out;
        const double support = scale >= 1 ? 2 * scale : 2;
        const double center = scale * (i + 0.5);
        first = std::max(0, int(center - support + 0.5));
        const int last = std::min(in, int(center + support + 0.5));
        w.clear();
        double sum = 0;
        for (int j = first; j < last; ++j) {
            double x = std::abs((j - center + 0.5) / std::max(scale, 1.0));
            const double a = -0.5;
            const double v = x < 1 ? ((a + 2) * x - (a + 3)) * x * x + 1 : x < 2 ? a * (x * x * x - 5 * x * x + 8 * x - 4) : 0;
            w.push_back(v);
            sum += v;
        }
        for (double& v : w) v /= sum;
    };
    RgbImage mid(outW, src.height);
    std::vector<double> w;
    int first = 0;
    for (int x = 0; x < outW; ++x) {
        axis(src.width, outW, x, w, first);
        for (int y = 0; y < src.height; ++y)
            for (int c = 0; c < 3; ++c) {
                double acc = 0;
                for (size_t j = 0; j < w.size(); ++j) acc += w[j] * src.at(first + int(j), y, c);
                mid.row(y)[x * 3 + c] = uint8_t(std::clamp(std::lround(acc), 0L, 255L));
            }
    }
    RgbImage out(outW, outH);
    for (int y = 0; y < outH; ++y) {
        axis(src.height, outH, y, w, first);
        for (int x = 0; x < outW; ++x)
            for (int c = 0; c < 3; ++c) {
                double acc = 0;
                for (size_t j = 0; j < w.size(); ++j) acc += w[j] * mid.at(x, first + int(j), c);
                out.row(y)[x * 3 + c] = uint8_t(std::clamp(std::lround(acc), 0L, 255L));
            }
    }
    return out;
}

// A deterministic test picture with edges, gradients and noise (worst case for a resampler).
RgbImage syntheticPicture(int w, int h) {
    RgbImage img(w, h);
    uint32_t state = 12345;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            uint8_t* p = img.row(y) + x * 3;
            p[0] = uint8_t((x * 255) / std::max(1, w - 1));
            p[1] = ((x / 7 + y / 5) % 2) ? 240 : 10;
            p[2] = uint8_t(state >> 24);
        }
    return img;
}

} // namespace

class TestVisionPreprocess : public QObject {
    Q_OBJECT

private slots:
    void targetSizesMatchSpecTable_data();
    void targetSizesMatchSpecTable();
    void unsupportedBudgetIsRejected();
    void resizeMatchesProcessorFixture_data();
    void resizeMatchesProcessorFixture();
    void pixelValuesMatchReferenceBudget70();
    void positionIdsMatchReference_data();
    void positionIdsMatchReference();
    void videoFramesMatchProcessorFixture();
    void downscaleStaysWithinOneLevelOfFloatModel_data();
    void downscaleStaysWithinOneLevelOfFloatModel();
    void constantPictureStaysConstant();
    void patchLayoutIsRowMajorPixelMajorChannelFastest();
};

void TestVisionPreprocess::targetSizesMatchSpecTable_data() {
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("budget");
    QTest::addColumn<int>("th");
    QTest::addColumn<int>("tw");
    // From gemma4-media.md §2.2 (computed with the reference Python) and the fixture facts.
    const int budgets[5] = {70, 140, 280, 560, 1120};
    const int square[5] = {384, 528, 768, 1104, 1584};
    const int l43[5][2] = {{336, 432}, {480, 624}, {672, 912}, {960, 1296}, {1344, 1824}};
    const int l169[5][2] = {{288, 528}, {384, 720}, {576, 1056}, {816, 1488}, {1200, 2112}};
    for (int i = 0; i < 5; ++i) {
        const int b = budgets[i];
        QTest::addRow("224sq_%d", b) << 224 << 224 << b << square[i] << square[i];
        QTest::addRow("1000sq_%d", b) << 1000 << 1000 << b << square[i] << square[i];
        QTest::addRow("768x1024_%d", b) << 768 << 1024 << b << l43[i][0] << l43[i][1];
        QTest::addRow("1024x768_%d", b) << 1024 << 768 << b << l43[i][1] << l43[i][0];
        QTest::addRow("1080x1920_%d", b) << 1080 << 1920 << b << l169[i][0] << l169[i][1];
    }
    QTest::addRow("fixture_280") << 200 << 300 << 280 << 624 << 960;
    QTest::addRow("fixture_70") << 200 << 300 << 70 << 288 << 480;
    QTest::addRow("video_70") << 64 << 96 << 70 << 288 << 480;
    // Degenerate branch: a 1×200 strip (the height rounds to 0 → 48, width = floor(200/1)·48 capped at 70·48).
    QTest::addRow("strip_70") << 1 << 200 << 70 << 48 << 3360;
}

void TestVisionPreprocess::targetSizesMatchSpecTable() {
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, budget);
    QFETCH(int, th);
    QFETCH(int, tw);
    const TargetSize t = visionTargetSize(w, h, budget);
    QCOMPARE(t.height, th);
    QCOMPARE(t.width, tw);
}

void TestVisionPreprocess::unsupportedBudgetIsRejected() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, visionTargetSize(300, 200, 100));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, visionTargetSize(0, 200, 70));
    // An extreme strip is not an error: the long side is capped at budget·48 (3360·48 = the pixel budget).
    const TargetSize strip = visionTargetSize(100000, 1, 70);
    QCOMPARE(strip.width, 3360);
    QCOMPARE(strip.height, 48);
}

void TestVisionPreprocess::resizeMatchesProcessorFixture_data() {
    QTest::addColumn<int>("budget");
    QTest::addColumn<QString>("expected");
    QTest::newRow("280") << 280 << "image_resized_280.png";
    QTest::newRow("70") << 70 << "image_resized_70.png";
}

void TestVisionPreprocess::resizeMatchesProcessorFixture() {
    QFETCH(int, budget);
    QFETCH(QString, expected);
    const RgbImage source = decodeImageFile(fixturePath("image.png"));
    QCOMPARE(source.width, 300);
    QCOMPARE(source.height, 200);
    const RgbImage reference = decodeImageFile(fixturePath(expected.toStdString().c_str()));
    const RgbImage ours = resizeForVision(source, budget);
    QCOMPARE(ours.width, reference.width);
    QCOMPARE(ours.height, reference.height);
    const PixelDiff d = compareImages(ours, reference);
    qInfo("budget %d: %zu of %zu channel values differ from the processor's resize, max |diff| %d", budget,
          d.differing, ours.pixels.size(), d.maxAbs);
    QCOMPARE(d.differing, size_t{0});
}

void TestVisionPreprocess::pixelValuesMatchReferenceBudget70() {
    ReferenceTensors ref(fixturePath("reference.safetensors"));
    const std::vector<uint8_t> expected = ref.u8("image.b70.pixel_values_u8");
    QCOMPARE(ref.shape("image.b70.pixel_values_u8"), (std::vector<int64_t>{630, 768}));
    const ImagePatches p = preprocessImage(decodeImageFile(fixturePath("image.png")), 70);
    QCOMPARE(p.maxPatches, 630);
    QCOMPARE(p.patchesW, 30);
    QCOMPARE(p.patchesH, 18);
    QCOMPARE(p.numSoftTokens, 60);
    QCOMPARE(p.pixelValues.size(), expected.size());
    size_t differing = 0;
    float maxErr = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        // The processor's float is u8 · float32(1/255); the fixture stores u8.
        const float want = static_cast<float>(expected[i]) * (1.0f / 255.0f);
        const float err = std::abs(p.pixelValues[i] - want);
        maxErr = std::max(maxErr, err);
        differing += err != 0.0f;
    }
    qInfo("budget 70 pixel_values: %zu of %zu differ, max abs error %g", differing, expected.size(), double(maxErr));
    QCOMPARE(differing, size_t{0});
    // Padding rows are exactly zero and there are real, non-zero pixels (the test would catch zeros).
    double sum = 0;
    for (size_t i = 0; i < size_t(p.numPatches) * 768; ++i) sum += p.pixelValues[i];
    QVERIFY(sum > 1000.0);
}

void TestVisionPreprocess::positionIdsMatchReference_data() {
    QTest::addColumn<int>("budget");
    QTest::newRow("70") << 70;
    QTest::newRow("280") << 280;
}

void TestVisionPreprocess::positionIdsMatchReference() {
    QFETCH(int, budget);
    ReferenceTensors ref(fixturePath("reference.safetensors"));
    const std::string name = "image.b" + std::to_string(budget) + ".position_ids";
    const std::vector<int64_t> expected = ref.i64(name);
    const ImagePatches p = preprocessImage(decodeImageFile(fixturePath("image.png")), budget);
    QCOMPARE(p.positionIds.size(), expected.size());
    QVERIFY(p.positionIds == expected);
    QCOMPARE(p.maxPatches, budget * 9);
}

void TestVisionPreprocess::videoFramesMatchProcessorFixture() {
    ReferenceTensors ref(fixturePath("reference.safetensors"));
    const std::vector<int64_t> positions = ref.i64("video.position_ids"); // [2, 630, 2]
    for (int f = 0; f < 2; ++f) {
        const std::string in = "video_frame_" + std::to_string(f) + ".png";
        const std::string out = "video_resized_" + std::to_string(f) + ".png";
        const RgbImage frame = decodeImageFile(fixturePath(in.c_str()));
        const RgbImage reference = decodeImageFile(fixturePath(out.c_str()));
        const RgbImage ours = resizeForVision(frame, 70);
        QCOMPARE(ours.width, reference.width);
        QCOMPARE(ours.height, reference.height);
        const PixelDiff d = compareImages(ours, reference);
        qInfo("video frame %d: %zu of %zu channel values differ, max |diff| %d", f, d.differing, ours.pixels.size(),
              d.maxAbs);
        QCOMPARE(d.differing, size_t{0});
        const ImagePatches p = preprocessVideoFrame(frame);
        const std::vector<int64_t> expected(positions.begin() + f * 1260, positions.begin() + (f + 1) * 1260);
        QVERIFY(p.positionIds == expected);
        // The video processor divides by 255.
        QCOMPARE(p.pixelValues[0], static_cast<float>(ours.pixels[0]) / 255.0f);
    }
}

void TestVisionPreprocess::downscaleStaysWithinOneLevelOfFloatModel_data() {
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("ow");
    QTest::addColumn<int>("oh");
    QTest::newRow("2.7x") << 1300 << 700 << 480 << 288;
    QTest::newRow("8x_exact") << 768 << 384 << 96 << 48;
    QTest::newRow("upscale_then_down") << 200 << 900 << 336 << 432;
}

void TestVisionPreprocess::downscaleStaysWithinOneLevelOfFloatModel() {
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, ow);
    QFETCH(int, oh);
    const RgbImage src = syntheticPicture(w, h);
    const RgbImage ours = resizeBicubicAntialias(src, ow, oh);
    const RgbImage model = floatModelResize(src, ow, oh);
    const PixelDiff d = compareImages(ours, model);
    qInfo("%dx%d -> %dx%d: %zu of %zu values differ from the float model, max |diff| %d", w, h, ow, oh, d.differing,
          ours.pixels.size(), d.maxAbs);
    QVERIFY(d.maxAbs <= 1);
    // int16 weight rounding only rarely flips a rounding decision.
    QVERIFY(d.differing < ours.pixels.size() / 50);
}

void TestVisionPreprocess::constantPictureStaysConstant() {
    RgbImage src(777, 333);
    for (size_t i = 0; i < src.pixels.size(); ++i) src.pixels[i] = uint8_t(i % 3 == 0 ? 200 : i % 3 == 1 ? 17 : 255);
    for (auto [ow, oh] : {std::pair{96, 48}, std::pair{1584, 1104}, std::pair{333, 777}}) {
        const RgbImage out = resizeBicubicAntialias(src, ow, oh);
        for (size_t i = 0; i < out.pixels.size(); i += 3) {
            QCOMPARE(int(out.pixels[i]), 200);
            QCOMPARE(int(out.pixels[i + 1]), 17);
            QCOMPARE(int(out.pixels[i + 2]), 255);
        }
    }
}

void TestVisionPreprocess::patchLayoutIsRowMajorPixelMajorChannelFastest() {
    RgbImage img(96, 48); // 6×3 patches
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 96; ++x) {
            img.row(y)[x * 3 + 0] = uint8_t(x);
            img.row(y)[x * 3 + 1] = uint8_t(y);
            img.row(y)[x * 3 + 2] = uint8_t(x + y);
        }
    const ImagePatches p = patchifyImage(img, 630, PixelRescale::DivideBy255);
    QCOMPARE(p.numPatches, 18);
    QCOMPARE(p.numSoftTokens, 2);
    const int px = 4, py = 2, dx = 5, dy = 11;
    const size_t base = size_t(py * 6 + px) * 768 + size_t(dy * 16 + dx) * 3;
    QCOMPARE(p.pixelValues[base + 0], float(16 * px + dx) / 255.0f);
    QCOMPARE(p.pixelValues[base + 1], float(16 * py + dy) / 255.0f);
    QCOMPARE(p.pixelValues[base + 2], float(16 * px + dx + 16 * py + dy) / 255.0f);
    QCOMPARE(p.positionIds[size_t(py * 6 + px) * 2], int64_t{px});
    QCOMPARE(p.positionIds[size_t(py * 6 + px) * 2 + 1], int64_t{py});
    QCOMPARE(p.positionIds[18 * 2], int64_t{-1});
    QCOMPARE(p.pixelValues[18 * 768], 0.0f);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, patchifyImage(RgbImage(100, 48), 630, PixelRescale::DivideBy255));
}

QTEST_APPLESS_MAIN(TestVisionPreprocess)
#include "test_vision_preprocess.moc"
