#pragma once
// decodeAudioFile: a whole (bounded-length) audio file → 16 kHz mono float32, via AudioReader.
#include <string>
#include <vector>

namespace gwb::media {

struct AudioClip {
    std::vector<float> samples; // 16 kHz mono, nominally in [−1, 1]
    double seconds() const { return static_cast<double>(samples.size()) / 16000.0; }
};

struct AudioDecodeOptions {
    // Longer files are refused (before decoding when the container states its duration): at 16 kHz
    // float one hour is 230 MB. Use AudioReader to go through longer recordings piece by piece.
    double maxSeconds = 3600.0;
    // Refuse audio whose peak is below −80 dBFS (1e-4): nothing to transcribe, and almost always a
    // wrong input (muted recording, wrong track).
    bool rejectSilence = true;
};

// Throws MediaError naming the file: missing/empty/non-media files, images, videos without sound,
// corrupt data, zero decoded samples, silence (if asked), or a duration over `maxSeconds`.
AudioClip decodeAudioFile(const std::string& path, const AudioDecodeOptions& options = {});

} // namespace gwb::media
