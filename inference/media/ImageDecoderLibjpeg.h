#pragma once
// JPEGs that FFmpeg's decoder cannot take, decoded with libjpeg-turbo instead:
//  - CMYK and YCCK (Adobe) JPEGs: converted to RGB as R = (255 − C)(255 − K)/255 (likewise G, B),
//    the naive conversion Pillow uses, with Adobe's inverted storage undone; no ICC profile is
//    applied (colours of press CMYK files are approximate, never inverted or channel-swapped);
//  - pictures over FFmpeg's ~264 MP limit (e.g. 20000 × 20000): decoded with libjpeg's DCT
//    scaling at the smallest M/8 scale whose size still covers what the vision preprocessing
//    needs at its largest budget, row by row, so the full-resolution picture never exists.
// Progressive JPEGs keep all their coefficients (2 bytes per sample) until the last scan; libjpeg
// gets kMaxLibjpegBytes for them and a bigger one is refused with a clear message.
#include <cstdint>
#include <string>

#include "inference/media/ImageDecoder.h"
#include "inference/media/RgbImage.h"

namespace gwb::media {

constexpr int64_t kMaxLibjpegBytes = int64_t{1} << 30;

struct LibjpegResult {
  RgbImage image;        // upright
  int sourceWidth = 0;   // the file's picture size, upright
  int sourceHeight = 0;
};

// neededWidth × neededHeight (stored orientation): the smallest size the picture may be decoded to
// (DCT scale, then an integer box shrink while both sides stay at least that); 0 × 0: full size.
LibjpegResult decodeJpegWithLibjpeg(const std::string& path, int neededWidth, int neededHeight,
                                    const ImageDecodeOptions& options);

}  // namespace gwb::media
