#include "inference/media/ImageOrientation.h"

#include <cmath>
#include <cstring>

namespace gwb::media {

namespace {

// Where output pixel (x, y) comes from in the source, for each orientation. Shapes: the source is
// W×H; orientations 5..8 swap the sides, so the output is H×W for those.
struct SourcePos {
    int x;
    int y;
};

SourcePos sourceOf(int orientation, int x, int y, int w, int h) {
    switch (orientation) {
    case 2: return {w - 1 - x, y};
    case 3: return {w - 1 - x, h - 1 - y};
    case 4: return {x, h - 1 - y};
    case 5: return {y, x};                          // transpose
    case 6: return {y, h - 1 - x};                  // rotate 90° clockwise
    case 7: return {w - 1 - y, h - 1 - x};          // transverse
    case 8: return {w - 1 - y, x};                  // rotate 90° counter-clockwise
    default: return {x, y};
    }
}

} // namespace

RgbImage applyExifOrientation(RgbImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
        return image;
    }
    const bool swapSides = orientation >= 5;
    RgbImage out(swapSides ? image.height : image.width, swapSides ? image.width : image.height);
    for (int y = 0; y < out.height; ++y) {
        uint8_t* dst = out.row(y);
        for (int x = 0; x < out.width; ++x) {
            const SourcePos s = sourceOf(orientation, x, y, image.width, image.height);
            std::memcpy(dst + static_cast<size_t>(x) * 3u, image.row(s.y) + static_cast<size_t>(s.x) * 3u, 3);
        }
    }
    return out;
}

int orientationFromRotation(double counterClockwiseDegrees, bool flipHorizontal) {
    long quarter = std::lround(counterClockwiseDegrees / 90.0) % 4;
    if (quarter < 0) {
        quarter += 4;
    }
    // Rotate CCW by 0/90/180/270 to be upright: EXIF 1 / 8 / 3 / 6. With a left-right flip applied
    // after the rotation: 2 / 7 / 4 / 5 (rotation then mirror equals the EXIF mirrored variants).
    static constexpr int plain[4] = {1, 8, 3, 6};
    static constexpr int flipped[4] = {2, 7, 4, 5};
    return flipHorizontal ? flipped[quarter] : plain[quarter];
}

} // namespace gwb::media
