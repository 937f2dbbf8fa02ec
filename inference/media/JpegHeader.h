#pragma once
// Reads a JPEG's frame size from its SOFn marker without decoding it, so that a huge photo can be
// decoded at 1/2, 1/4 or 1/8 scale (FFmpeg's "lowres") instead of allocating the full frame.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace gwb::media {

struct JpegSize {
    int width = 0;
    int height = 0;
    int components = 0; // 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK
};

// Walks the marker segments from SOI to the first SOFn. Returns nullopt if the bytes do not start
// with SOI, a segment length runs past the end, or scan data (SOS) or EOI comes before any SOFn.
// Bounds-checked for arbitrary input.
std::optional<JpegSize> readJpegFrameSize(const uint8_t* data, size_t size);

} // namespace gwb::media
