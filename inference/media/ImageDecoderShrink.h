#pragma once
// Shrinks an RGB picture by an integer factor while its rows arrive one at a time (box filter:
// each output pixel is the rounded mean of an f×f block; edge blocks average what they hold), so
// a huge picture streamed from libjpeg / libpng never exists at full size. Memory: one output
// picture plus one row of 32-bit sums.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "inference/media/RgbImage.h"

namespace gwb::media {

class RowBoxShrinker {
 public:
  RowBoxShrinker(int sourceWidth, int sourceHeight, int factor)
      : srcW_(sourceWidth), srcH_(sourceHeight), f_(factor),
        out_((sourceWidth + factor - 1) / factor, (sourceHeight + factor - 1) / factor),
        sums_(size_t(out_.width) * 3, 0) {}

  // The next source row: sourceWidth RGB pixels.
  void addRow(const uint8_t* rgb) {
    for (int x = 0; x < srcW_; ++x) {
      uint32_t* s = &sums_[size_t(x / f_) * 3];
      s[0] += rgb[3 * x];
      s[1] += rgb[3 * x + 1];
      s[2] += rgb[3 * x + 2];
    }
    ++y_;
    if (y_ % f_ == 0 || y_ == srcH_) flush();
  }

  RgbImage take() { return std::move(out_); }
  const RgbImage& image() const { return out_; }

 private:
  void flush() {
    const int rows = (y_ - 1) % f_ + 1;
    uint8_t* dst = out_.row((y_ - 1) / f_);
    for (int ox = 0; ox < out_.width; ++ox) {
      const int cols = std::min(f_, srcW_ - ox * f_);
      const uint32_t n = uint32_t(rows * cols);
      for (int c = 0; c < 3; ++c) {
        uint32_t& s = sums_[size_t(ox) * 3 + size_t(c)];
        dst[ox * 3 + c] = uint8_t((s + n / 2) / n);
        s = 0;
      }
    }
  }

  int srcW_, srcH_, f_;
  RgbImage out_;
  std::vector<uint32_t> sums_;
  int y_ = 0;
};

}  // namespace gwb::media
