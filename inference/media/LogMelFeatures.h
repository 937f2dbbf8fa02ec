#pragma once
// logMelFeatures: Gemma 4's audio front end (transformers Gemma4AudioFeatureExtractor) on 16 kHz mono
// samples: 20 ms periodic-Hann frames every 10 ms, centred by a 160-sample ("semicausal") left pad,
// |rfft| with 512 points, 128 HTK mel filters 0–8 kHz, ln(mel + 0.001).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gwb::media {

struct LogMelConfig {
    int sampleRate = 16000;
    int frameLength = 320;     // window length (20 ms); the reference unfolds frameLength + 1 samples
    int hopLength = 160;       // 10 ms
    int fftLength = 512;       // the 320-sample frame is zero-padded to 512
    int numMelBins = 128;
    double minFrequency = 0.0;
    double maxFrequency = 8000.0;
    double melFloor = 0.001;   // added before the log (not a max)
    int padToMultipleOf = 128; // the extractor right-pads the samples to a multiple of this
};

struct LogMelFeatures {
    int numFrames = 0;         // rows, as the reference counts them (padding-derived frames included)
    int numBins = 0;           // 128
    int numValidFrames = 0;    // rows [0, numValidFrames) are real; the rest are 0 and masked out
    std::vector<float> values; // [numFrames × numBins] row-major
    std::vector<uint8_t> mask; // [numFrames], 1 = valid frame
};

// No truncation here: the reference extractor cuts audio to its first 30 s (480000 samples); callers
// split long audio into ≤ 30 s chunks first (kMaxSamplesPerAudioChunk). Frame i covers samples
// [160·i − 160, 160·i + 160) and is valid iff 160·i + 161 ≤ L (the reference's rule: the last
// sample of its 321-sample window is real audio), i.e.
// numValidFrames = max(0, floor((L − 161)/160) + 1). Windowed frames are float32 (as in the
// reference); FFT, mel matmul and log run in double; the output is float32.
// Frames are computed on all cores (ops::parallelRows) unless `threading` is One; the result is
// bit-identical either way.
enum class LogMelThreads { AllCores, One };
LogMelFeatures logMelFeatures(std::span<const float> samples, const LogMelConfig& config = {},
                              LogMelThreads threading = LogMelThreads::AllCores);

constexpr size_t kMaxSamplesPerAudioChunk = 480000; // 30 s at 16 kHz: the encoder's 750-token limit

} // namespace gwb::media
