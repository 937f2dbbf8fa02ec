#include "inference/media/MelFilterBank.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gwb::media {

namespace {

// numpy.linspace(start, stop, num): start + i·step, with the last point exactly `stop`.
std::vector<double> linspace(double start, double stop, int num) {
    std::vector<double> out(static_cast<size_t>(num));
    const double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; ++i) {
        out[static_cast<size_t>(i)] = static_cast<double>(i) * step + start;
    }
    out.back() = stop;
    return out;
}

} // namespace

double hertzToMelHtk(double hertz) { return 2595.0 * std::log10(1.0 + hertz / 700.0); }
double melToHertzHtk(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

std::vector<double> melFilterBankHtk(int numFrequencyBins, int numMelFilters, double minHz, double maxHz,
                                     int sampleRate) {
    if (numFrequencyBins < 2 || numMelFilters < 1 || !(maxHz > minHz)) {
        throw std::invalid_argument("melFilterBankHtk: bad parameters");
    }
    std::vector<double> filterHz = linspace(hertzToMelHtk(minHz), hertzToMelHtk(maxHz), numMelFilters + 2);
    for (double& f : filterHz) {
        f = melToHertzHtk(f);
    }
    // transformers: fft_freqs = linspace(0, sampling_rate // 2, num_frequency_bins)
    const std::vector<double> binHz = linspace(0.0, static_cast<double>(sampleRate / 2), numFrequencyBins);
    std::vector<double> bank(static_cast<size_t>(numFrequencyBins) * static_cast<size_t>(numMelFilters));
    for (int k = 0; k < numFrequencyBins; ++k) {
        for (int m = 0; m < numMelFilters; ++m) {
            const double f0 = filterHz[static_cast<size_t>(m)];
            const double f1 = filterHz[static_cast<size_t>(m) + 1];
            const double f2 = filterHz[static_cast<size_t>(m) + 2];
            const double f = binHz[static_cast<size_t>(k)];
            // Same expressions as _create_triangular_filter_bank: down = −(f0 − f)/(f1 − f0), up = (f2 − f)/(f2 − f1).
            const double down = -(f0 - f) / (f1 - f0);
            const double up = (f2 - f) / (f2 - f1);
            bank[static_cast<size_t>(k) * static_cast<size_t>(numMelFilters) + static_cast<size_t>(m)] =
                std::max(0.0, std::min(down, up));
        }
    }
    return bank;
}

} // namespace gwb::media
