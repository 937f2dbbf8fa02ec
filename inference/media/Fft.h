#pragma once
// A small radix-2 complex FFT in double precision, enough for the log-mel front end
// (512 points per 20 ms frame). No dependencies; twiddles are computed once per size.
#include <complex>
#include <cstddef>
#include <vector>

namespace gwb::media {

class Fft {
public:
    // `size` must be a power of two ≥ 2 (throws std::invalid_argument otherwise).
    explicit Fft(size_t size);

    size_t size() const { return size_; }

    // In-place forward transform X[k] = Σ x[n]·e^(−2πi·kn/N) of `size()` values (no scaling).
    void forward(std::complex<double>* data) const;

    // |rfft(x)|: the magnitudes of bins 0..N/2 of a real signal of `size()` samples
    // (`magnitudes` gets N/2 + 1 values).
    void realMagnitudes(const double* x, double* magnitudes) const;

private:
    size_t size_;
    std::vector<size_t> bitReversed_;
    std::vector<std::complex<double>> twiddles_; // e^(−2πi·k/N), k < N/2
    mutable std::vector<std::complex<double>> scratch_;
};

} // namespace gwb::media
