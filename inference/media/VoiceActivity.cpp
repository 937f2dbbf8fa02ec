#include "inference/media/VoiceActivity.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gwb::media {
namespace {

// Levels in dB relative to full scale (a full-scale square wave is 0 dB).
constexpr double kSpeechAboveFloorDb = 10.0;  // how much louder than the floor speech must be
constexpr double kAbsoluteGateDb = -60.0;      // never speech below this, however quiet the room
constexpr double kFloorMinDb = -90.0;          // digital silence would put the floor at -120
// The floor falls quickly to any quieter frame, follows the level of non-speech frames within
// about half a second, and creeps up slowly (1 dB/s) during speech, so that a lasting rise in
// background noise is eventually taken as the new floor, while real speech, whose syllables dip
// to the floor several times a second, is not.
constexpr double kFallRate = 0.3;
constexpr double kNoiseFollowRate = 0.02;
constexpr double kSpeechRiseDbPerSecond = 1.0;
constexpr double kMinSpeechSeconds = 0.1;
// The starting floor is a low percentile of this many first frames (10 s), so that speech right
// at the start is measured against the pauses that follow it rather than taken as the floor.
constexpr size_t kInitialFloorFrames = 1000;

double levelDb(const float* begin, const float* end) {
  double sum = 0;
  for (const float* p = begin; p != end; ++p) {
    const double s = std::isfinite(*p) ? double(*p) : 0.0;
    sum += s * s;
  }
  return 10.0 * std::log10(sum / double(end - begin) + 1e-12);
}

}  // namespace

VoiceActivityDetector::VoiceActivityDetector(int sampleRate, double minSilenceSeconds) : rate_(sampleRate) {
  if (sampleRate < 100) throw std::invalid_argument("sample rate " + std::to_string(sampleRate) + " is too low");
  if (!(minSilenceSeconds >= 0)) throw std::invalid_argument("minimum silence must be >= 0 seconds");
  hop_ = size_t(sampleRate) / 100;  // 10 ms frames over 20 ms windows
  window_ = 2 * hop_;
  minGap_ = size_t(std::llround(minSilenceSeconds * sampleRate));
  minSpeech_ = size_t(std::llround(kMinSpeechSeconds * sampleRate));
}

void VoiceActivityDetector::push(std::span<const float> samples) {
  if (finished_) throw std::logic_error("VoiceActivityDetector::push after finish");
  tail_.insert(tail_.end(), samples.begin(), samples.end());
  measureFrames(false);
}

void VoiceActivityDetector::finish() {
  if (finished_) return;
  measureFrames(true);
  finished_ = true;
  if (!floorKnown_ && !head_.empty()) {
    // A signal shorter than 10 s: the floor comes from all of it.
    floorKnown_ = true;
    std::vector<double> levels;
    for (const Pending& p : head_) levels.push_back(p.level);
    const auto tenth = levels.begin() + std::ptrdiff_t(levels.size() / 10);
    std::nth_element(levels.begin(), tenth, levels.end());
    floor_ = std::max(*tenth, kFloorMinDb);
    const std::vector<Pending> held = std::move(head_);
    head_.clear();
    for (const Pending& p : held) handleLevel(p.level, p.begin, p.end);
  }
  if (open_ && current_.end - current_.start >= minSpeech_) ranges_.push_back(current_);
  open_ = false;
}

std::vector<SampleRange> VoiceActivityDetector::takeRanges() {
  std::vector<SampleRange> out = std::move(ranges_);
  ranges_.clear();
  return out;
}

// Frame f covers samples [f·hop, f·hop + window); the last frames, measured only at the end, are
// cut short by the end of the signal (frames start at every hop before it).
void VoiceActivityDetector::measureFrames(bool final) {
  const size_t available = consumed_ + tail_.size();
  while (true) {
    const size_t begin = nextFrame_ * hop_;
    if (begin >= available) break;
    const size_t end = std::min(available, begin + window_);
    if (end < begin + window_ && !final) break;
    const double level = levelDb(tail_.data() + (begin - consumed_), tail_.data() + (end - consumed_));
    ++nextFrame_;
    if (floorKnown_) {
      handleLevel(level, begin, end);
    } else {
      head_.push_back({level, begin, end});
      if (head_.size() == kInitialFloorFrames) {
        std::vector<double> levels;
        for (const Pending& p : head_) levels.push_back(p.level);
        const auto tenth = levels.begin() + std::ptrdiff_t(levels.size() / 10);
        std::nth_element(levels.begin(), tenth, levels.end());
        floor_ = std::max(*tenth, kFloorMinDb);
        floorKnown_ = true;
        const std::vector<Pending> held = std::move(head_);
        head_.clear();
        for (const Pending& p : held) handleLevel(p.level, p.begin, p.end);
      }
    }
  }
  // Keep only what later frames still need.
  const size_t keepFrom = std::min(available, nextFrame_ * hop_);
  tail_.erase(tail_.begin(), tail_.begin() + std::ptrdiff_t(keepFrom - consumed_));
  consumed_ = keepFrom;
  if (floorKnown_) closeRangeIfDone(nextFrame_ * hop_);
}

void VoiceActivityDetector::handleLevel(double e, size_t begin, size_t end) {
  const double speechRise = kSpeechRiseDbPerSecond * double(hop_) / rate_;
  const bool speech = e > std::max(floor_ + kSpeechAboveFloorDb, kAbsoluteGateDb);
  if (e < floor_) floor_ += kFallRate * (e - floor_);
  else if (!speech) floor_ += kNoiseFollowRate * (e - floor_);
  else floor_ += speechRise;
  floor_ = std::max(floor_, kFloorMinDb);
  if (!speech) return;
  // Consecutive speech frames form one run, and runs closer than minGap_ are one range.
  if (open_ && (begin <= current_.end || begin - current_.end < minGap_)) {
    current_.end = std::max(current_.end, end);
    return;
  }
  if (open_ && current_.end - current_.start >= minSpeech_) ranges_.push_back(current_);
  current_ = {begin, end};
  open_ = true;
}

// The open range is done once no later speech frame (they begin at nextFrameBegin or later) could
// join it; blips shorter than 0.1 s are dropped then.
void VoiceActivityDetector::closeRangeIfDone(size_t nextFrameBegin) {
  if (!open_ || nextFrameBegin <= current_.end || nextFrameBegin - current_.end < minGap_) return;
  if (current_.end - current_.start >= minSpeech_) ranges_.push_back(current_);
  open_ = false;
}

std::vector<SampleRange> detectSpeech(std::span<const float> samples, int sampleRate, double minSilenceSeconds) {
  VoiceActivityDetector vad(sampleRate, minSilenceSeconds);
  // Blocks of a second keep the detector's own buffer small (no copy of the whole signal).
  for (size_t at = 0; at < samples.size(); at += size_t(sampleRate)) {
    vad.push(samples.subspan(at, std::min(size_t(sampleRate), samples.size() - at)));
  }
  vad.finish();
  return vad.takeRanges();
}

}  // namespace gwb::media
