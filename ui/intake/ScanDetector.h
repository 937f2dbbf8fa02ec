#pragma once

#include <QImage>

namespace gwb::ui {

// Guesses whether an image is a document scan or a screenshot of text (so the default task is OCR)
// rather than a photo (so the default task is a caption). It is a cheap pixel statistic, not a
// model: a page is mostly light, unsaturated "paper" with a modest amount of dark "ink" and very
// little colour. Photos fail at least one of these.
class ScanDetector {
public:
    struct Stats {
        double paper = 0.0;     // share of light, unsaturated pixels
        double ink = 0.0;       // share of dark pixels
        double colour = 0.0;    // share of clearly saturated pixels
    };

    static Stats measure(const QImage& image);
    static bool looksLikeScan(const QImage& image);

    // Thresholds, public so tests and the next engineer can see what "scan-like" means.
    static constexpr double kMinPaper = 0.55;
    static constexpr double kMinInk = 0.005;   // a blank page is not a document worth OCR
    static constexpr double kMaxInk = 0.40;
    static constexpr double kMaxColour = 0.06;
};

} // namespace gwb::ui
