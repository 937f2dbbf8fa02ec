#pragma once
// resizeBicubicAntialias: torchvision's resize(uint8, BICUBIC, antialias=True), the resize inside
// transformers' Gemma4ImageProcessor / Gemma4VideoProcessor, reproduced bit for bit.
#include "inference/media/RgbImage.h"

#include <cstdint>
#include <vector>

namespace gwb::media {

// Separable resize, width pass first, then height (an axis whose size does not change is skipped).
// Per axis (PyTorch's upsample "aa" kernels, ATen UpSampleKernel.cpp):
//   scale   = in / out (double)
//   support = 2·scale when downscaling (the a = −0.5 cubic stretched to low-pass), else 2
//   output i is centred at c = scale·(i + 0.5) and reads inputs [trunc(c − support + 0.5),
//   trunc(c + support + 0.5)) ∩ [0, in); weight_j = cubic((j − c + 0.5) / max(scale, 1)),
//   normalised to sum 1.
// uint8 math as in PyTorch (same as PIL, but with PyTorch's precision rule): the double weights
// become int16 with P fractional bits, P the largest value < 22 for which the biggest weight of
// the axis still fits in 15 bits; out = clamp((Σ src·w + 2^(P−1)) >> P, 0, 255). The width pass
// writes uint8, which the height pass reads.
RgbImage resizeBicubicAntialias(const RgbImage& src, int outWidth, int outHeight);

// One axis of the above, exposed for tests: for every output position, the first input index,
// the number of taps, and the int16 weights (`taps` per output, zero-padded), with the precision.
struct ResampleWeights {
    int taps = 0;                // weights per output position (stride of `weights`)
    int precision = 0;           // fractional bits P of the int16 weights
    std::vector<int> first;      // first input index per output position
    std::vector<int> count;      // taps actually used per output position
    std::vector<int16_t> weights;
};
ResampleWeights bicubicAntialiasWeights(int inSize, int outSize);

} // namespace gwb::media
