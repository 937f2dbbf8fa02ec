#include "inference/media/ImageResize.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gwb::media {

namespace {

// Keys' cubic convolution kernel with a = −0.5 (PyTorch's antialias bicubic filter; its plain,
// non-antialiased bicubic uses −0.75, which would be wrong here).
double cubicKernel(double x) {
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    }
    if (x < 2.0) {
        return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
    }
    return 0.0;
}

// One output row of width `outW` from one input row, along x. Channels interleaved (3).
void resampleRow(const uint8_t* in, uint8_t* out, int outW, const ResampleWeights& w) {
    const int32_t rounding = int32_t{1} << (w.precision - 1);
    for (int i = 0; i < outW; ++i) {
        const int16_t* k = &w.weights[static_cast<size_t>(i) * static_cast<size_t>(w.taps)];
        const uint8_t* s = in + static_cast<size_t>(w.first[static_cast<size_t>(i)]) * 3u;
        int32_t acc[3] = {rounding, rounding, rounding};
        for (int j = 0; j < w.count[static_cast<size_t>(i)]; ++j) {
            acc[0] += s[j * 3 + 0] * k[j];
            acc[1] += s[j * 3 + 1] * k[j];
            acc[2] += s[j * 3 + 2] * k[j];
        }
        for (int c = 0; c < 3; ++c) {
            out[i * 3 + c] = static_cast<uint8_t>(std::clamp(acc[c] >> w.precision, 0, 255));
        }
    }
}

RgbImage resizeWidth(const RgbImage& src, int outW) {
    const ResampleWeights w = bicubicAntialiasWeights(src.width, outW);
    RgbImage out(outW, src.height);
    for (int y = 0; y < src.height; ++y) {
        resampleRow(src.row(y), out.row(y), outW, w);
    }
    return out;
}

RgbImage resizeHeight(const RgbImage& src, int outH) {
    const ResampleWeights w = bicubicAntialiasWeights(src.height, outH);
    RgbImage out(src.width, outH);
    const int32_t rounding = int32_t{1} << (w.precision - 1);
    const size_t rowLen = static_cast<size_t>(src.width) * 3u;
    std::vector<int32_t> acc(rowLen);
    for (int i = 0; i < outH; ++i) {
        std::fill(acc.begin(), acc.end(), rounding);
        const int16_t* k = &w.weights[static_cast<size_t>(i) * static_cast<size_t>(w.taps)];
        for (int j = 0; j < w.count[static_cast<size_t>(i)]; ++j) {
            const uint8_t* s = src.row(w.first[static_cast<size_t>(i)] + j);
            const int32_t weight = k[j];
            for (size_t x = 0; x < rowLen; ++x) {
                acc[x] += s[x] * weight;
            }
        }
        uint8_t* d = out.row(i);
        for (size_t x = 0; x < rowLen; ++x) {
            d[x] = static_cast<uint8_t>(std::clamp(acc[x] >> w.precision, 0, 255));
        }
    }
    return out;
}

} // namespace

ResampleWeights bicubicAntialiasWeights(int inSize, int outSize) {
    if (inSize <= 0 || outSize <= 0) {
        throw std::invalid_argument("bicubicAntialiasWeights: sizes must be positive, got " + std::to_string(inSize) +
                                    " -> " + std::to_string(outSize));
    }
    const double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
    const double support = scale >= 1.0 ? 2.0 * scale : 2.0;
    const double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
    ResampleWeights w;
    // PyTorch sizes the tap array with ceilf on the (float-converted) support.
    w.taps = static_cast<int>(std::ceil(static_cast<float>(support))) * 2 + 1;
    w.first.resize(static_cast<size_t>(outSize));
    w.count.resize(static_cast<size_t>(outSize));
    std::vector<double> real(static_cast<size_t>(outSize) * static_cast<size_t>(w.taps), 0.0);
    for (int i = 0; i < outSize; ++i) {
        const double center = scale * (i + 0.5);
        // static_cast<int64_t> truncates toward zero, as in ATen (negative values then clamp to 0).
        const int64_t xmin = std::max<int64_t>(static_cast<int64_t>(center - support + 0.5), 0);
        int64_t xsize = std::min<int64_t>(static_cast<int64_t>(center + support + 0.5), inSize) - xmin;
        xsize = std::clamp<int64_t>(xsize, 0, w.taps);
        double* row = &real[static_cast<size_t>(i) * static_cast<size_t>(w.taps)];
        double total = 0.0;
        for (int64_t j = 0; j < xsize; ++j) {
            const double value = cubicKernel((static_cast<double>(j + xmin) - center + 0.5) * invScale);
            row[j] = value;
            total += value;
        }
        if (total != 0.0) {
            for (int64_t j = 0; j < xsize; ++j) {
                row[j] /= total;
            }
        }
        w.first[static_cast<size_t>(i)] = static_cast<int>(xmin);
        w.count[static_cast<size_t>(i)] = static_cast<int>(xsize);
    }
    // Precision: grow P while the largest weight, scaled by 2^(P+1), stays below 2^15.
    const double wMax = *std::max_element(real.begin(), real.end());
    int precision = 0;
    for (; precision < 22; ++precision) {
        const int next = static_cast<int>(0.5 + wMax * static_cast<double>(1 << (precision + 1)));
        if (next >= (1 << 15)) {
            break;
        }
    }
    w.precision = std::max(precision, 1); // ≥ 1 so the rounding term 2^(P−1) exists; wMax ≤ ~1 gives 14 or 15
    w.weights.resize(real.size());
    for (size_t k = 0; k < real.size(); ++k) {
        const double v = real[k] * static_cast<double>(1 << precision);
        w.weights[k] = static_cast<int16_t>(v < 0 ? -0.5 + v : 0.5 + v);
    }
    return w;
}

RgbImage resizeBicubicAntialias(const RgbImage& src, int outWidth, int outHeight) {
    if (src.width <= 0 || src.height <= 0 || outWidth <= 0 || outHeight <= 0) {
        throw std::invalid_argument("resizeBicubicAntialias: empty image or size");
    }
    RgbImage horizontal = outWidth == src.width ? src : resizeWidth(src, outWidth);
    return outHeight == horizontal.height ? horizontal : resizeHeight(horizontal, outHeight);
}

} // namespace gwb::media
