#pragma once
// Memory order of a [channels, height, width] image (one item, f32). Conv2d and AvgPool2d take
// either order, so the audio subsampler can stay channel-last (HWC) and the vision pooler can read
// the encoder output [Hp*Wp, hidden] (raster order, hidden fastest) as an HWC grid without copies.
#include <cstdint>

namespace gwb::ops {

enum class ImageLayout : uint32_t {
  CHW,  // x[c, y, x] at (c*H + y)*W + x   (torch NCHW with N = 1)
  HWC,  // x[y, x, c] at (y*W + x)*C + c   (channel fastest)
};

// Element strides of one image in a layout: element (ci, iy, ix) is at ci·c + iy·y + ix·x.
struct ImageStrides {
  uint32_t c, y, x;
};
constexpr ImageStrides imageStrides(ImageLayout l, uint32_t channels, uint32_t h, uint32_t w) {
  return l == ImageLayout::CHW ? ImageStrides{h * w, w, 1} : ImageStrides{1, w * channels, channels};
}

}  // namespace gwb::ops
