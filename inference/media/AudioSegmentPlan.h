#pragma once
// Plans the ≤ 30 s speech segments of an audio file of any length without holding it in memory:
// one streaming pass through AudioReader feeds VoiceActivityDetector block by block (memory: the
// detector's ~20 ms of samples and the speech ranges found, a few KB per hour), then the cutter
// (cutSpeechSegments) places the cuts. The plan is exactly segmentSpeech() of the whole decoded
// signal — the same frames, levels and floor — tested in tests/media/test_audio_segment_plan.cpp.
// AudioSegmentReader then decodes the file a second time and hands out each segment's samples, so
// a 3-hour file costs two decodes (seconds for WAV/FLAC, some tens of seconds for MP3) and at most
// one segment plus one read block of samples in memory.
#include <atomic>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "inference/media/AudioReader.h"
#include "inference/media/AudioSegmenter.h"

namespace gwb::media {

struct AudioSegmentPlan {
  std::vector<AudioSegment> segments;  // in order, as segmentSpeech gives them
  size_t totalSamples = 0;             // the decoded length at 16 kHz
  double seconds() const { return double(totalSamples) / kModelSampleRate; }
};

struct AudioPlanOptions {
  SegmenterOptions segmenter;  // sampleRate must stay 16000 (AudioReader's output rate)
  // Refuse audio whose peak is below −80 dBFS, as decodeAudioFile does.
  bool rejectSilence = true;
  // Called after every decoded block with the seconds planned so far and the container's stated
  // duration (negative if unknown).
  std::function<void(double done, double total)> onProgress;
  const std::atomic<bool>* cancel = nullptr;  // stops the pass; the plan returned is then empty
};

// Throws MediaError naming the file for what decodeAudioFile refuses (missing, empty, non-audio,
// corrupt, no samples, silent) — but has no length limit.
AudioSegmentPlan planAudioSegments(const std::string& path, const AudioPlanOptions& options = {});

// Decodes a file again from the start and returns the samples of ascending ranges, skipping what
// lies between them. Memory: the current range and the part of the previous one it overlaps.
class AudioSegmentReader {
 public:
  explicit AudioSegmentReader(const std::string& path);
  // Samples [start, end) at 16 kHz. `start` must not be below the previous call's `start`.
  // Throws MediaError if the file ends before `end` (it changed since it was planned).
  std::span<const float> read(size_t start, size_t end);
  size_t bufferedSamples() const { return buffer_.size(); }

 private:
  AudioReader reader_;
  std::vector<float> buffer_;  // samples [bufferStart_, bufferStart_ + buffer_.size())
  size_t bufferStart_ = 0;
};

}  // namespace gwb::media
