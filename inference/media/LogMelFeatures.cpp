#include "inference/media/LogMelFeatures.h"

#include "inference/media/Fft.h"
#include "inference/media/MelFilterBank.h"
#include "inference/ops/ParallelRows.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace gwb::media {

LogMelFeatures logMelFeatures(std::span<const float> samples, const LogMelConfig& config, LogMelThreads threading) {
    if (config.frameLength <= 0 || config.hopLength <= 0 || config.fftLength < config.frameLength ||
        config.numMelBins <= 0 || config.padToMultipleOf <= 0) {
        throw std::invalid_argument("logMelFeatures: bad configuration");
    }
    const auto length = static_cast<long long>(samples.size());
    const long long hop = config.hopLength;
    const long long leftPad = config.frameLength / 2;   // semicausal pad: frame i is centred on sample hop·i
    const long long window = config.frameLength + 1;    // the reference unfolds frameLength + 1 samples
    const long long multiple = config.padToMultipleOf;
    const long long paddedLength = (length + multiple - 1) / multiple * multiple;
    const long long total = paddedLength + leftPad;

    LogMelFeatures out;
    out.numBins = config.numMelBins;
    out.numFrames = total >= window ? static_cast<int>((total - window) / hop + 1) : 0;
    // Valid iff the unfold window's last sample (index hop·i + frameLength in padded coordinates) is real.
    const long long valid = length >= window - leftPad ? (length - (window - leftPad)) / hop + 1 : 0;
    out.numValidFrames = static_cast<int>(std::min<long long>(valid, out.numFrames));
    out.values.assign(static_cast<size_t>(out.numFrames) * static_cast<size_t>(out.numBins), 0.0f);
    out.mask.assign(static_cast<size_t>(out.numFrames), 0);

    const int bins = config.fftLength / 2 + 1;
    const std::vector<double> bank = melFilterBankHtk(bins, config.numMelBins, config.minFrequency,
                                                      config.maxFrequency, config.sampleRate);
    // Periodic Hann: w[n] = 0.5 − 0.5·cos(2πn/N), N = frameLength.
    std::vector<double> hann(static_cast<size_t>(config.frameLength));
    for (int n = 0; n < config.frameLength; ++n) {
        hann[static_cast<size_t>(n)] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * n / config.frameLength);
    }
    const std::vector<float> hannF32(hann.begin(), hann.end());

    // Frames are independent, so they are split over the host's cores (a 30 s segment is 3,000
    // frames, ~30 µs each on one core). Every value is computed exactly as on one thread, so the
    // output is bit-identical whatever the split. The mel matmul's multiply-adds per frame stand for
    // the work per row; each range gets its own Fft (its scratch buffer is not shared).
    const auto computeFrames = [&](size_t firstFrame, size_t endFrame) {
        const Fft fft(static_cast<size_t>(config.fftLength));
        std::vector<double> frame(static_cast<size_t>(config.fftLength), 0.0);
        std::vector<double> magnitude(static_cast<size_t>(bins));
        std::vector<double> mel(static_cast<size_t>(config.numMelBins));
        for (size_t i = firstFrame; i < endFrame; ++i) {
            // Frame i reads samples [hop·i − leftPad, hop·i − leftPad + frameLength); outside [0, L) is 0.
            const long long start = hop * static_cast<long long>(i) - leftPad;
            for (int n = 0; n < config.frameLength; ++n) {
                const long long s = start + n;
                const double x = (s >= 0 && s < length) ? static_cast<double>(samples[static_cast<size_t>(s)]) : 0.0;
                // The reference multiplies float32 samples by a float32 window; keeping that one rounding
                // step brings the max error from ~9e-5 to ~5e-7 (the rest is in double).
                frame[static_cast<size_t>(n)] = static_cast<float>(x) * hannF32[static_cast<size_t>(n)];
            }
            // frame[frameLength, fftLength) stays 0 (rfft's implicit zero padding).
            fft.realMagnitudes(frame.data(), magnitude.data());
            std::fill(mel.begin(), mel.end(), 0.0);
            for (int k = 0; k < bins; ++k) {
                const double m = magnitude[static_cast<size_t>(k)];
                const double* row = &bank[static_cast<size_t>(k) * static_cast<size_t>(config.numMelBins)];
                for (int b = 0; b < config.numMelBins; ++b) {
                    mel[static_cast<size_t>(b)] += m * row[b];
                }
            }
            float* dst = &out.values[i * static_cast<size_t>(out.numBins)];
            for (int b = 0; b < config.numMelBins; ++b) {
                dst[b] = static_cast<float>(std::log(mel[static_cast<size_t>(b)] + config.melFloor));
            }
            out.mask[i] = 1;
        }
    };
    const size_t frames = static_cast<size_t>(out.numValidFrames);
    if (threading == LogMelThreads::One) {
        computeFrames(0, frames);
    } else {
        ops::parallelRows(frames, static_cast<size_t>(bins) * static_cast<size_t>(config.numMelBins), computeFrames);
    }
    return out;
}

} // namespace gwb::media
