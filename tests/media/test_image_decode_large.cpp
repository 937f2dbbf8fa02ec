// Pictures FFmpeg cannot decode, written here with libjpeg / libpng: a 20000 × 20000 JPEG and a
// 16400 × 16400 palette PNG (both over FFmpeg's ~264 MP limit) decode with bounded peak memory to
// the smallest size that still covers the budget-1120 vision target, with the right colours and
// the file's own size reported; CMYK and YCCK JPEGs (Adobe's inverted storage, as Photoshop and
// ImageMagick write them) come out in the right colours; a progressive JPEG too big for libjpeg's
// memory cap and pictures over the pixel ceiling are refused with clear messages.
#include "MediaTestSupport.h"
#include "PeakMemory.h"

#include "inference/media/ImageDecoder.h"
#include "inference/media/MediaError.h"
#include "inference/media/VisionTargetSize.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>
#include <functional>
#include <vector>

extern "C" {
#include <jpeglib.h>
}
#include <png.h>

using namespace gwb::media;
using namespace gwb::media::test;

namespace {

// Four flat quadrants (top-left, top-right, bottom-left, bottom-right), RGB.
constexpr uint8_t kQuadrant[4][3] = {{200, 30, 40}, {20, 180, 60}, {30, 60, 210}, {240, 240, 240}};

int quadrantOf(int x, int y, int w, int h) { return (y >= h / 2 ? 2 : 0) + (x >= w / 2 ? 1 : 0); }

// components: 3 (RGB input) or 4 (CMYK input, written as `space`: JCS_CMYK or JCS_YCCK).
bool writeJpeg(const std::string& path, int w, int h, int components, J_COLOR_SPACE space,
               const std::function<void(int y, uint8_t* row)>& fill, bool progressive = false) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  jpeg_stdio_dest(&c, f);
  c.image_width = JDIMENSION(w);
  c.image_height = JDIMENSION(h);
  c.input_components = components;
  c.in_color_space = components == 4 ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults(&c);
  if (components == 4) jpeg_set_colorspace(&c, space);  // also writes the Adobe marker
  jpeg_set_quality(&c, 90, TRUE);
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  std::vector<uint8_t> row(size_t(w) * size_t(components));
  for (int y = 0; y < h; ++y) {
    fill(y, row.data());
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&c, rows, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  return std::fclose(f) == 0;
}

bool writePalettePng(const std::string& path, int w, int h) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, f);
  png_set_compression_level(png, 1);
  png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_color palette[4];
  for (int q = 0; q < 4; ++q) palette[q] = {kQuadrant[q][0], kQuadrant[q][1], kQuadrant[q][2]};
  png_set_PLTE(png, info, palette, 4);
  png_write_info(png, info);
  std::vector<uint8_t> row(static_cast<size_t>(w));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) row[size_t(x)] = uint8_t(quadrantOf(x, y, w, h));
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return std::fclose(f) == 0;
}

// Every quadrant's centre within `tol` of its colour.
QString checkQuadrants(const RgbImage& img, int tol) {
  for (int q = 0; q < 4; ++q) {
    const int x = (q & 1) ? img.width * 3 / 4 : img.width / 4, y = (q & 2) ? img.height * 3 / 4 : img.height / 4;
    for (int c = 0; c < 3; ++c)
      if (std::abs(int(img.at(x, y, c)) - int(kQuadrant[q][c])) > tol)
        return QString("quadrant %1 channel %2: %3, expected %4").arg(q).arg(c).arg(img.at(x, y, c)).arg(kQuadrant[q][c]);
  }
  return {};
}

}  // namespace

class TestImageDecodeLarge : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void jpeg20000IsDecodedReducedInBoundedMemory() {
    const int n = 20000;
    QElapsedTimer t;
    t.start();
    QVERIFY(writeJpeg(path("huge.jpg"), n, n, 3, JCS_RGB, [&](int y, uint8_t* row) {
      for (int x = 0; x < n; ++x) std::memcpy(row + 3 * x, kQuadrant[quadrantOf(x, y, n, n)], 3);
    }));
    qInfo("wrote a %dx%d JPEG in %lld ms", n, n, t.restart());
    const long before = resetPeakResident();
    const DecodedImage d = decodeImageFileWithSize(path("huge.jpg"));
    const long grown = peakResidentSinceResetKiB() - before;
    qInfo("decoded to %dx%d in %lld ms, peak RSS grew by %ld MiB (full size RGB: 1144 MiB)", d.image.width,
          d.image.height, t.elapsed(), grown / 1024);
    QCOMPARE(d.sourceWidth, n);
    QCOMPARE(d.sourceHeight, n);
    // The smallest DCT scale (1/8 → 2500) covering the budget-1120 target of 20000² (1584²).
    const TargetSize need = visionTargetSize(n, n, 1120);
    QVERIFY(d.image.width >= need.width && d.image.height >= need.height);
    QCOMPARE(d.image.width, 2500);
    QVERIFY2(grown < 64 * 1024, "the full-size picture must never be in memory");
    const QString bad = checkQuadrants(d.image, 4);
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    QFile::remove(dir_.filePath("huge.jpg"));
  }

  void largePngIsStreamedInBoundedMemory() {
    const int n = 16400;  // (n + 128)² > 2^28: FFmpeg refuses it
    QElapsedTimer t;
    t.start();
    QVERIFY(writePalettePng(path("huge.png"), n, n));
    qInfo("wrote a %dx%d palette PNG in %lld ms", n, n, t.restart());
    const long before = resetPeakResident();
    const DecodedImage d = decodeImageFileWithSize(path("huge.png"));
    const long grown = peakResidentSinceResetKiB() - before;
    qInfo("decoded to %dx%d in %lld ms, peak RSS grew by %ld MiB (full size RGB: 770 MiB)", d.image.width,
          d.image.height, t.elapsed(), grown / 1024);
    QCOMPARE(d.sourceWidth, n);
    QCOMPARE(d.sourceHeight, n);
    const TargetSize need = visionTargetSize(n, n, 1120);
    QVERIFY(d.image.width >= need.width && d.image.height >= need.height);
    QVERIFY(d.image.width < 2 * need.width);  // the largest integer reduction that still covers it
    QVERIFY2(grown < 64 * 1024, "the full-size picture must never be in memory");
    const QString bad = checkQuadrants(d.image, 0);  // flat areas: the box average is exact
    QVERIFY2(bad.isEmpty(), qPrintable(bad));
    QFile::remove(dir_.filePath("huge.png"));
  }

  // Inks stored inverted (Adobe): cyan, magenta, yellow, 50 % black quadrants; RGB = (1 − C)(1 − K).
  void cmykAndYcckJpegsHaveTheirColours() {
    const uint8_t ink[4][4] = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 128}};
    const uint8_t rgb[4][3] = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {127, 127, 127}};
    const int w = 96, h = 64;
    for (const J_COLOR_SPACE space : {JCS_CMYK, JCS_YCCK}) {
      const std::string file = path(space == JCS_CMYK ? "cmyk.jpg" : "ycck.jpg");
      QVERIFY(writeJpeg(file, w, h, 4, space, [&](int y, uint8_t* row) {
        for (int x = 0; x < w; ++x)
          for (int c = 0; c < 4; ++c) row[4 * x + c] = uint8_t(255 - ink[quadrantOf(x, y, w, h)][c]);
      }));
      const DecodedImage d = decodeImageFileWithSize(file);
      QCOMPARE(d.image.width, w);
      QCOMPARE(d.image.height, h);
      for (int q = 0; q < 4; ++q) {
        const int x = (q & 1) ? w * 3 / 4 : w / 4, y = (q & 2) ? h * 3 / 4 : h / 4;
        for (int c = 0; c < 3; ++c) {
          // Tolerance: JPEG quality 90 on flat areas with chroma edges nearby (YCCK adds a
          // colour transform); a wrong inversion or channel order is off by > 100.
          QVERIFY2(std::abs(int(d.image.at(x, y, c)) - int(rgb[q][c])) <= 6,
                   qPrintable(QString("%1 quadrant %2 channel %3: %4, expected %5")
                                  .arg(QString::fromStdString(file)).arg(q).arg(c).arg(d.image.at(x, y, c)).arg(rgb[q][c])));
        }
      }
    }
  }

  // A progressive 30000 × 30000 JPEG needs libjpeg's whole coefficient buffer (2 bytes × 1.5
  // samples a pixel at 4:2:0: 2.7 GB), over the 1 GiB cap: refused before any scan data is read,
  // so the header of a small one with its size patched is enough.
  void oversizedProgressiveJpegIsRefused() {
    const int w = 30000, h = 30000;
    // The header alone: write a small progressive JPEG and patch its SOF2 size.
    QVERIFY(writeJpeg(path("small-progressive.jpg"), 64, 64, 3, JCS_RGB, [&](int y, uint8_t* row) {
      for (int x = 0; x < 64; ++x) std::memcpy(row + 3 * x, kQuadrant[quadrantOf(x, y, 64, 64)], 3);
    }, true));
    std::string bytes = readFile(path("small-progressive.jpg"));
    const size_t sof = bytes.find("\xFF\xC2");
    QVERIFY(sof != std::string::npos);
    bytes[sof + 5] = char(h >> 8);
    bytes[sof + 6] = char(h & 0xFF);
    bytes[sof + 7] = char(w >> 8);
    bytes[sof + 8] = char(w & 0xFF);
    QVERIFY(writeFile(path("progressive.jpg"), bytes));
    const long before = resetPeakResident();
    try {
      decodeImageFile(path("progressive.jpg"));
      QFAIL("no error");
    } catch (const MediaError& e) {
      qInfo("%s", e.what());
      QVERIFY(QString(e.what()).contains("needs more than 1024 MiB to decode"));
      QVERIFY(QString(e.what()).contains("30000x30000"));
    }
    QVERIFY(peakResidentSinceResetKiB() - before < 64 * 1024);
  }
};

QTEST_GUILESS_MAIN(TestImageDecodeLarge)
#include "test_image_decode_large.moc"
