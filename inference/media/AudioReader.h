#pragma once
// AudioReader: streams any audio FFmpeg can read (WAV, MP3, FLAC, Ogg/Opus/Vorbis, M4A/AAC, the audio
// track of a video, ...) as 16 kHz mono float32 in [−1, 1], chunk by chunk, so a 3-hour recording is
// processed in pieces without holding it in memory.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace gwb::media {

constexpr int kModelSampleRate = 16000; // Gemma 4's audio encoder input rate

class AudioReader {
public:
    // Opens the best audio stream of `path`. Throws MediaError naming the file if it is missing,
    // empty, not a media file, or has no audio track (e.g. an image or a silent video).
    explicit AudioReader(const std::string& path);
    ~AudioReader();
    AudioReader(AudioReader&&) noexcept;
    AudioReader& operator=(AudioReader&&) noexcept;
    AudioReader(const AudioReader&) = delete;
    AudioReader& operator=(const AudioReader&) = delete;

    // Writes up to `maxSamples` samples to `dst` and returns how many; fewer only at the end of the
    // stream, 0 once it is exhausted. Channels are mixed with FFmpeg's downmix matrix scaled to sum 1
    // (stereo → (L + R)/2, as librosa.to_mono), the rate converted with libswresample; 16-bit input
    // at 16 kHz comes out as exactly int16/32768.
    // Throws MediaError if the data is corrupt beyond what the decoder can skip.
    size_t read(float* dst, size_t maxSamples);

    // The next `seconds` of audio (fewer samples at the end, empty when done).
    std::vector<float> readChunk(double seconds);

    // Container-reported duration in seconds, or a negative value if unknown (e.g. raw streams).
    double estimatedDurationSeconds() const;
    // Samples returned so far (at 16 kHz).
    size_t samplesRead() const;
    // Packets the decoder rejected and skipped so far (damage in the file).
    size_t damagedPackets() const;

    const std::string& path() const;
    std::string codecName() const;   // e.g. "mp3", "opus", "pcm_s16le"
    int sourceSampleRate() const;
    int sourceChannels() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace gwb::media
