#pragma once
// decodeImageFile: any still image FFmpeg reads (PNG, JPEG, WebP, BMP, TIFF, GIF's first frame, ...)
// → upright 8-bit RGB, with alpha flattened on white. Rejects bad input with MediaError.
#include "inference/media/RgbImage.h"

#include <cstdint>
#include <string>

namespace gwb::media {

struct ImageDecodeOptions {
    // Hard limit on the stored picture (width × height), checked from the file header before the
    // frame is allocated (our JPEG header scan, and AVCodecContext::max_pixels in every decoder).
    // FFmpeg itself refuses anything with (w + 128)·(h + 128) ≥ 2^28 (~264 MP, e.g. 16255²), so
    // pictures beyond that (20000 × 20000) are rejected with a clear message whatever this says.
    int64_t maxSourcePixels = int64_t{1} << 28;
    // Largest picture handed back. Bigger JPEGs are decoded at 1/2, 1/4 or 1/8 scale inside the
    // decoder (never allocating full size); other formats are decoded at full size and scaled down
    // (area average) while converting to RGB, so only one full-size frame exists at a time.
    // 64 MP is 25× the largest model input (1584² at budget 1120), so the model never sees a
    // difference for ordinary photos.
    int64_t maxDecodedPixels = int64_t{1} << 26;
    // Apply the EXIF orientation (JPEG/WebP "Orientation" tag, or a display matrix).
    bool applyOrientation = true;
};

// Decodes the first picture of an image file. Throws MediaError naming the file for: a missing or
// empty file, bytes FFmpeg cannot identify, audio/video files, corrupt or truncated data, or sizes
// over `options.maxSourcePixels`.
RgbImage decodeImageFile(const std::string& path, const ImageDecodeOptions& options = {});

} // namespace gwb::media
