#include "inference/media/Fft.h"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace gwb::media {

Fft::Fft(size_t size) : size_(size) {
    if (size < 2 || (size & (size - 1)) != 0) {
        throw std::invalid_argument("Fft: size must be a power of two >= 2");
    }
    int bits = 0;
    while ((size_t{1} << bits) < size) {
        ++bits;
    }
    bitReversed_.resize(size);
    for (size_t i = 0; i < size; ++i) {
        size_t r = 0;
        for (int b = 0; b < bits; ++b) {
            r |= ((i >> b) & 1u) << (bits - 1 - b);
        }
        bitReversed_[i] = r;
    }
    twiddles_.resize(size / 2);
    for (size_t k = 0; k < size / 2; ++k) {
        // Each twiddle straight from cos/sin (no recurrence), so rounding does not accumulate.
        const double angle = -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(size);
        twiddles_[k] = {std::cos(angle), std::sin(angle)};
    }
    scratch_.resize(size);
}

void Fft::forward(std::complex<double>* data) const {
    for (size_t i = 0; i < size_; ++i) {
        if (i < bitReversed_[i]) {
            std::swap(data[i], data[bitReversed_[i]]);
        }
    }
    // Iterative Cooley–Tukey butterflies: blocks of length `len`, twiddle stride size/len.
    for (size_t len = 2; len <= size_; len <<= 1) {
        const size_t half = len / 2;
        const size_t stride = size_ / len;
        for (size_t start = 0; start < size_; start += len) {
            for (size_t k = 0; k < half; ++k) {
                const std::complex<double> t = twiddles_[k * stride] * data[start + k + half];
                data[start + k + half] = data[start + k] - t;
                data[start + k] += t;
            }
        }
    }
}

void Fft::realMagnitudes(const double* x, double* magnitudes) const {
    for (size_t i = 0; i < size_; ++i) {
        scratch_[i] = {x[i], 0.0};
    }
    forward(scratch_.data());
    for (size_t k = 0; k <= size_ / 2; ++k) {
        magnitudes[k] = std::abs(scratch_[k]);
    }
}

} // namespace gwb::media
