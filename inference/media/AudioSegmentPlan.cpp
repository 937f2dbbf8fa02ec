#include "inference/media/AudioSegmentPlan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "inference/media/DurationText.h"
#include "inference/media/MediaError.h"
#include "inference/media/VoiceActivity.h"

namespace gwb::media {

namespace {

constexpr size_t kBlockSamples = size_t(kModelSampleRate) * 10;  // 10 s per read: 640 KB

}  // namespace

AudioSegmentPlan planAudioSegments(const std::string& path, const AudioPlanOptions& options) {
  if (options.segmenter.sampleRate != kModelSampleRate) {
    throw std::invalid_argument("audio segment plan: the segmenter must run at 16000 Hz");
  }
  AudioReader reader(path);
  const double stated = reader.estimatedDurationSeconds();
  VoiceActivityDetector vad(kModelSampleRate, options.segmenter.minSilenceSeconds);
  std::vector<float> block(kBlockSamples);
  float peak = 0.0f;
  AudioSegmentPlan plan;
  while (true) {
    if (options.cancel && options.cancel->load()) return {};
    const size_t got = reader.read(block.data(), block.size());
    if (got == 0) break;
    for (size_t i = 0; i < got; ++i) {
      if (std::isfinite(block[i])) peak = std::max(peak, std::abs(block[i]));
    }
    vad.push(std::span<const float>(block.data(), got));
    plan.totalSamples += got;
    if (options.onProgress) options.onProgress(plan.seconds(), stated);
  }
  vad.finish();
  if (plan.totalSamples == 0 && reader.damagedPackets() > 0) {
    throw MediaError(path, "the audio data is corrupt: nothing could be decoded (" +
                               std::to_string(reader.damagedPackets()) + " damaged packets)");
  }
  if (plan.totalSamples == 0 && stated > 0.05) {
    throw MediaError(path, "the audio data is corrupt or truncated: the header states " + durationText(stated) +
                               " but no sample could be decoded");
  }
  if (plan.totalSamples == 0) throw MediaError(path, "the audio track contains no samples");
  if (options.rejectSilence && peak < 1e-4f) {
    throw MediaError(path, "the audio is silent (peak level below -80 dBFS over " + durationText(plan.seconds()) + ")");
  }
  plan.segments = cutSpeechSegments(vad.takeRanges(), plan.totalSamples, options.segmenter);
  return plan;
}

AudioSegmentReader::AudioSegmentReader(const std::string& path) : reader_(path) {}

std::span<const float> AudioSegmentReader::read(size_t start, size_t end) {
  if (start < bufferStart_ || end < start) throw std::logic_error("AudioSegmentReader: ranges must ascend");
  // Drop what lies before `start`; skip whole blocks that lie before it without keeping them.
  const size_t drop = std::min(buffer_.size(), start - bufferStart_);
  buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(drop));
  bufferStart_ += drop;
  std::vector<float> scratch;
  while (bufferStart_ < start) {
    scratch.resize(std::min(kBlockSamples, start - bufferStart_));
    const size_t got = reader_.read(scratch.data(), scratch.size());
    if (got == 0) break;
    bufferStart_ += got;
  }
  while (bufferStart_ + buffer_.size() < end) {
    const size_t old = buffer_.size();
    buffer_.resize(end - bufferStart_);
    const size_t got = reader_.read(buffer_.data() + old, buffer_.size() - old);
    buffer_.resize(old + got);
    if (got == 0) break;
  }
  if (bufferStart_ != start || bufferStart_ + buffer_.size() < end) {
    throw MediaError(reader_.path(), "the audio ended at " + durationText(double(bufferStart_ + buffer_.size()) /
                                                                        kModelSampleRate) +
                                         ", before the planned segment end at " +
                                         durationText(double(end) / kModelSampleRate) +
                                         " (did the file change while it was being read?)");
  }
  return {buffer_.data(), end - start};
}

}  // namespace gwb::media
