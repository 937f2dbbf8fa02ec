#pragma once
// Converts one decoded FFmpeg picture (any pixel format: YUV, gray, CMYK-as-GBRAP, 16-bit, palette,
// with or without alpha) to RgbImage, optionally scaling it down on the way. Internal to
// inference/media/ (it takes an FFmpeg frame).
#include "inference/media/RgbImage.h"

#include <string>

struct AVFrame;

namespace gwb::media {

// Pixels with alpha are composited over opaque white with PIL's integer formula
// (Image.alpha_composite onto a white background, as transformers' convert_to_rgb does), so a
// transparent PNG gives the same RGB as the reference processor. `outWidth`×`outHeight` may be
// smaller than the frame (area-averaging downscale); equal sizes copy RGB24 frames bit for bit.
// Throws MediaError (naming `path`) if swscale cannot handle the format.
RgbImage frameToRgb(const AVFrame& frame, int outWidth, int outHeight, const std::string& path);

// PIL's 8-bit "over white" for one channel value `v` with alpha `a` (both 0..255).
uint8_t flattenOnWhite(uint8_t v, uint8_t a);

} // namespace gwb::media
