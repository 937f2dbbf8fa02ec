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

std::vector<double> frameLevelsDb(std::span<const float> samples, size_t hop, size_t window) {
  std::vector<double> levels;
  for (size_t begin = 0; begin < samples.size(); begin += hop) {
    const size_t end = std::min(samples.size(), begin + window);
    double sum = 0;
    for (size_t i = begin; i < end; ++i) {
      const double s = std::isfinite(samples[i]) ? double(samples[i]) : 0.0;
      sum += s * s;
    }
    levels.push_back(10.0 * std::log10(sum / double(end - begin) + 1e-12));
  }
  return levels;
}

// The starting floor: a low percentile of the first seconds, so that speech right at the start
// is measured against the pauses that follow it rather than taken as the floor.
double initialFloorDb(const std::vector<double>& levels, size_t frames) {
  std::vector<double> head(levels.begin(), levels.begin() + std::ptrdiff_t(std::min(frames, levels.size())));
  const auto tenth = head.begin() + std::ptrdiff_t(head.size() / 10);
  std::nth_element(head.begin(), tenth, head.end());
  return std::max(*tenth, kFloorMinDb);
}

}  // namespace

std::vector<SampleRange> detectSpeech(std::span<const float> samples, int sampleRate, double minSilenceSeconds) {
  if (sampleRate < 100) throw std::invalid_argument("sample rate " + std::to_string(sampleRate) + " is too low");
  if (!(minSilenceSeconds >= 0)) throw std::invalid_argument("minimum silence must be >= 0 seconds");
  const size_t hop = size_t(sampleRate) / 100;  // 10 ms frames over 20 ms windows
  const std::vector<double> levels = frameLevelsDb(samples, hop, 2 * hop);
  if (levels.empty()) return {};

  double floor = initialFloorDb(levels, 1000);
  const double speechRise = kSpeechRiseDbPerSecond * double(hop) / sampleRate;
  std::vector<SampleRange> runs;
  for (size_t f = 0; f < levels.size(); ++f) {
    const double e = levels[f];
    const bool speech = e > std::max(floor + kSpeechAboveFloorDb, kAbsoluteGateDb);
    if (e < floor) floor += kFallRate * (e - floor);
    else if (!speech) floor += kNoiseFollowRate * (e - floor);
    else floor += speechRise;
    floor = std::max(floor, kFloorMinDb);
    if (!speech) continue;
    const size_t begin = f * hop, end = std::min(samples.size(), f * hop + 2 * hop);
    if (!runs.empty() && begin <= runs.back().end) runs.back().end = end;
    else runs.push_back({begin, end});
  }

  const auto minGap = size_t(std::llround(minSilenceSeconds * sampleRate));
  std::vector<SampleRange> bridged;
  for (const SampleRange& r : runs) {
    if (!bridged.empty() && r.start - bridged.back().end < minGap) bridged.back().end = r.end;
    else bridged.push_back(r);
  }
  const auto minSpeech = size_t(std::llround(kMinSpeechSeconds * sampleRate));
  std::erase_if(bridged, [&](const SampleRange& r) { return r.end - r.start < minSpeech; });
  return bridged;
}

}  // namespace gwb::media
