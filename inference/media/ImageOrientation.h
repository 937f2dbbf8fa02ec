#pragma once
// EXIF orientation (tag 0x0112, values 1..8) and its application to a decoded picture, the way
// PIL's ImageOps.exif_transpose (used by transformers' load_image) turns a photo upright.
#include "inference/media/RgbImage.h"

namespace gwb::media {

// 1 = upright, 2 = mirrored left-right, 3 = rotated 180°, 4 = mirrored top-bottom,
// 5 = transposed (mirror about the main diagonal), 6 = needs 90° clockwise rotation,
// 7 = transversed (mirror about the anti-diagonal), 8 = needs 90° counter-clockwise rotation.
// Values outside 1..8 are treated as 1 (EXIF says so: unknown means "as stored").
// Takes the picture by value so that the common upright case moves it through without a copy.
RgbImage applyExifOrientation(RgbImage image, int orientation);

// The EXIF orientation equivalent to a display rotation of `counterClockwiseDegrees` (FFmpeg's
// av_display_rotation_get convention: the picture must be rotated by this angle CCW to be upright)
// followed by an optional horizontal flip. Angles are rounded to the nearest multiple of 90°.
int orientationFromRotation(double counterClockwiseDegrees, bool flipHorizontal);

} // namespace gwb::media
