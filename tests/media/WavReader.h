#pragma once
// Test-only reader for 16-bit PCM WAV files, to check the FFmpeg path against the raw samples.
#include <cstdint>
#include <string>
#include <vector>

namespace gwb::media::test {

struct PcmWav {
    int sampleRate = 0;
    int channels = 0;
    std::vector<int16_t> samples; // interleaved
};

// Returns false if the file is not a plain RIFF/WAVE PCM16 file.
bool readPcm16Wav(const std::string& path, PcmWav& out);

} // namespace gwb::media::test
