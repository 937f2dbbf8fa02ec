#pragma once
// decodeImageFile: any still image FFmpeg reads (PNG, JPEG, WebP, BMP, TIFF, GIF's first frame, ...)
// → upright 8-bit RGB, with alpha flattened on white. Rejects bad input with MediaError.
#include "inference/media/RgbImage.h"

#include <cstdint>
#include <string>

namespace gwb::media {

struct ImageDecodeOptions {
    // Hard ceiling on the stored picture (width × height): 2^30 ≈ 1074 MP (e.g. 32768²), checked
    // from the file header before anything is allocated. FFmpeg itself refuses anything with
    // (w + 128)·(h + 128) ≥ 2^28 (~264 MP, e.g. 16255²); JPEG and PNG beyond that (20000 × 20000)
    // go to libjpeg / libpng, which decode them row by row at reduced size (ImageDecoderLibjpeg.h,
    // ImageDecoderLibpng.h), so memory stays at the reduced picture (≤ maxDecodedPixels × 3 bytes,
    // in practice the ~2.6 MP vision target or a little more) plus, for progressive JPEGs, libjpeg's
    // coefficients, capped at kMaxLibjpegBytes (1 GiB). Other formats over FFmpeg's limit are
    // refused with a clear message.
    int64_t maxSourcePixels = int64_t{1} << 30;
    // Largest picture handed back. Bigger JPEGs are decoded at 1/2, 1/4 or 1/8 scale inside the
    // decoder (never allocating full size); other formats are decoded at full size and scaled down
    // (area average) while converting to RGB, so only one full-size frame exists at a time.
    // 64 MP is 25× the largest model input (1584² at budget 1120), so the model never sees a
    // difference for ordinary photos.
    int64_t maxDecodedPixels = int64_t{1} << 26;
    // Apply the EXIF orientation (JPEG/WebP "Orientation" tag, or a display matrix).
    bool applyOrientation = true;
};

// Pictures FFmpeg can decode whole (≤ ~264 MP) and PNGs ≤ maxDecodedPixels take the exact path:
// full decode, then (only if over maxDecodedPixels) one area-average shrink; bigger JPEGs and PNGs
// are pre-shrunk while decoding to the smallest size that still covers the largest vision target
// (budget 1120), which changes their pixels slightly compared with the reference's one bicubic
// resize from full size — the one exception to pixel-exact preprocessing.
//
// Decodes the first picture of an image file. Throws MediaError naming the file for: a missing or
// empty file, bytes FFmpeg cannot identify, audio/video files, corrupt or truncated data, or sizes
// over `options.maxSourcePixels`.
// A text file (whatever its extension) is "not an image: the file holds text".
RgbImage decodeImageFile(const std::string& path, const ImageDecodeOptions& options = {});

struct DecodedImage {
    RgbImage image;        // upright; smaller than the file's picture when reduced
    int sourceWidth = 0;   // the file's picture, upright: what pixel coordinates (detect/point) refer to
    int sourceHeight = 0;
};
DecodedImage decodeImageFileWithSize(const std::string& path, const ImageDecodeOptions& options = {});

} // namespace gwb::media
