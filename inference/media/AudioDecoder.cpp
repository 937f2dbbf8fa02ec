#include "inference/media/AudioDecoder.h"

#include "inference/media/AudioReader.h"
#include "inference/media/DurationText.h"
#include "inference/media/MediaError.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gwb::media {

AudioClip decodeAudioFile(const std::string& path, const AudioDecodeOptions& options) {
    AudioReader reader(path);
    const std::string tooLong = "over the " + durationText(options.maxSeconds) +
                                " limit for decoding a whole file; use AudioReader to process it in chunks";
    const double stated = reader.estimatedDurationSeconds();
    if (stated > options.maxSeconds + 1.0) {
        throw MediaError(path, "the audio is " + durationText(stated) + " long, " + tooLong);
    }
    const auto maxSamples = static_cast<size_t>(options.maxSeconds * kModelSampleRate);
    AudioClip clip;
    constexpr size_t kBlock = 16000 * 10;
    while (true) {
        const size_t old = clip.samples.size();
        clip.samples.resize(old + kBlock);
        const size_t got = reader.read(clip.samples.data() + old, kBlock);
        clip.samples.resize(old + got);
        if (got == 0) {
            break;
        }
        if (clip.samples.size() > maxSamples) {
            throw MediaError(path, "the audio is longer than stated, " + tooLong);
        }
    }
    if (clip.samples.empty() && reader.damagedPackets() > 0) {
        throw MediaError(path, "the audio data is corrupt: nothing could be decoded (" +
                                   std::to_string(reader.damagedPackets()) + " damaged packets)");
    }
    if (clip.samples.empty() && stated > 0.05) {
        throw MediaError(path, "the audio data is corrupt or truncated: the header states " + durationText(stated) +
                                   " but no sample could be decoded");
    }
    if (clip.samples.empty()) {
        throw MediaError(path, "the audio track contains no samples");
    }
    if (options.rejectSilence) {
        float peak = 0.0f;
        for (float v : clip.samples) {
            peak = std::max(peak, std::abs(v));
        }
        if (peak < 1e-4f) {
            throw MediaError(path, "the audio is silent (peak level below -80 dBFS over " +
                                       durationText(clip.seconds()) + ")");
        }
    }
    return clip;
}

} // namespace gwb::media
