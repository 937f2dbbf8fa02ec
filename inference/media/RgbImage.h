#pragma once
// RgbImage: an 8-bit RGB picture, the common currency of gwb::media's image path
// (decodeImageFile → resizeBicubicAntialias → patchifyImage).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gwb::media {

struct RgbImage {
    int width = 0;
    int height = 0;
    // Row-major, interleaved RGB: pixels[(y * width + x) * 3 + c], size width*height*3, no row padding.
    std::vector<uint8_t> pixels;

    RgbImage() = default;
    RgbImage(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * 3u) {}

    uint8_t* row(int y) { return pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(width) * 3u; }
    const uint8_t* row(int y) const { return pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(width) * 3u; }
    uint8_t at(int x, int y, int c) const { return row(y)[static_cast<size_t>(x) * 3u + static_cast<size_t>(c)]; }
};

} // namespace gwb::media
