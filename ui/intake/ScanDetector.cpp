#include "ui/intake/ScanDetector.h"

#include <QColor>

namespace gwb::ui {

namespace {
// Statistics on a thumbnail are as good as on the full image and cost microseconds, even for a
// 50-megapixel scan.
constexpr int kSampleSide = 256;
constexpr int kPaperMinValue = 185;   // HSV value (0..255)
constexpr int kInkMaxValue = 110;
constexpr int kGreySaturation = 40;   // HSV saturation (0..255) below which a pixel is grey
constexpr int kColourSaturation = 90;
} // namespace

ScanDetector::Stats ScanDetector::measure(const QImage& image)
{
    Stats stats;
    if (image.isNull())
        return stats;
    const QImage small = image.scaled(kSampleSide, kSampleSide, Qt::KeepAspectRatio,
                                      Qt::SmoothTransformation)
                             .convertToFormat(QImage::Format_RGB32);
    qint64 paper = 0, ink = 0, colour = 0;
    const qint64 total = qint64(small.width()) * small.height();
    for (int y = 0; y < small.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(small.constScanLine(y));
        for (int x = 0; x < small.width(); ++x) {
            const QColor c = QColor::fromRgb(line[x]);
            const int value = c.value();
            const int saturation = c.hsvSaturation();
            if (value >= kPaperMinValue && saturation <= kGreySaturation)
                ++paper;
            else if (value <= kInkMaxValue)
                ++ink;
            // Dark pixels have meaningless saturation, so colour is only counted when bright enough.
            if (saturation >= kColourSaturation && value > kInkMaxValue)
                ++colour;
        }
    }
    if (total == 0)
        return stats;
    stats.paper = double(paper) / double(total);
    stats.ink = double(ink) / double(total);
    stats.colour = double(colour) / double(total);
    return stats;
}

bool ScanDetector::looksLikeScan(const QImage& image)
{
    const Stats s = measure(image);
    return s.paper >= kMinPaper && s.ink >= kMinInk && s.ink <= kMaxInk && s.colour <= kMaxColour;
}

} // namespace gwb::ui
