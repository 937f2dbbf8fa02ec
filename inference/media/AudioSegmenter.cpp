#include "inference/media/AudioSegmenter.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "inference/media/VoiceActivity.h"

namespace gwb::media {
namespace {

constexpr double kPreRollSeconds = 0.1;   // onsets (a soft consonant) start below the threshold
constexpr double kHangoverSeconds = 0.2;  // word endings fade out below it

void validate(const SegmenterOptions& o) {
  const auto check = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("audio segmenter: ") + what);
  };
  check(o.sampleRate >= 100, "sample rate must be at least 100 Hz");
  check(o.maxSegmentSeconds >= 1.0 && o.maxSegmentSeconds <= 3600.0, "segment length must be 1 s to 1 h");
  check(o.minSilenceSeconds >= 0 && o.minSilenceSeconds <= o.maxSegmentSeconds, "bad minimum silence");
  check(o.overlapSeconds >= 0 && o.overlapSeconds < o.maxSegmentSeconds / 2, "overlap must be below half a segment");
  check(o.searchBackSeconds >= 0 && o.searchBackSeconds <= 1e6, "bad search-back window");  // > segment: all of it
  check(o.splitPauseSeconds > 0 && o.splitPauseSeconds <= 1e6, "split pause must be positive");
}

class Cutter {
 public:
  Cutter(std::vector<SampleRange> speech, size_t total, const SegmenterOptions& o)
      : r_(std::move(speech)), total_(total), rate_(o.sampleRate), o_(o) {}

  std::vector<AudioSegment> run() {
    std::vector<AudioSegment> out;
    if (r_.empty()) return out;
    const size_t maxLen = samples(o_.maxSegmentSeconds), overlap = samples(o_.overlapSeconds);
    const size_t splitPause = samples(o_.splitPauseSeconds), searchBack = samples(o_.searchBackSeconds);
    size_t i = 0, start = paddedStart(0);
    while (i < r_.size()) {
      const size_t limit = start + maxLen;
      // Grow the segment region by region until a long pause, the end, or the length limit.
      size_t j = i;
      while (paddedEnd(j) <= limit && j + 1 < r_.size() && gapAfter(j) < splitPause) ++j;
      if (paddedEnd(j) <= limit) {
        out.push_back({start, paddedEnd(j), false});
        i = j + 1;
        if (i < r_.size()) start = paddedStart(i);
        continue;
      }
      // Region j crosses the limit: cut at the longest pause after regions i..j-1 near the limit.
      size_t best = j;
      for (size_t k = i; k < j; ++k)
        if (paddedEnd(k) + searchBack >= limit && (best == j || gapAfter(k) >= gapAfter(best))) best = k;
      if (best == j && j > i && r_[j].start >= limit) best = j - 1;  // the limit falls in a pause
      if (best != j) {
        out.push_back({start, paddedEnd(best), false});
        i = best + 1;
        start = paddedStart(i);
        continue;
      }
      // Speech runs on through the limit: hard cut, and hear the last overlapSeconds again.
      out.push_back({start, std::min(limit, total_), true});
      start = limit - overlap;
      while (r_[i].end <= start) ++i;
    }
    return out;
  }

 private:
  size_t samples(double seconds) const { return size_t(std::llround(seconds * rate_)); }
  size_t gapAfter(size_t k) const { return (k + 1 < r_.size() ? r_[k + 1].start : total_) - r_[k].end; }
  size_t gapBefore(size_t k) const { return r_[k].start - (k > 0 ? r_[k - 1].end : 0); }
  // Margins never take more than half a pause, so neighbouring segments do not overlap.
  size_t paddedStart(size_t k) const {
    const size_t allowed = k > 0 ? gapBefore(k) / 2 : gapBefore(k);
    return r_[k].start - std::min(samples(kPreRollSeconds), allowed);
  }
  size_t paddedEnd(size_t k) const {
    const size_t allowed = k + 1 < r_.size() ? gapAfter(k) / 2 : gapAfter(k);
    return r_[k].end + std::min(samples(kHangoverSeconds), allowed);
  }

  std::vector<SampleRange> r_;
  size_t total_;
  int rate_;
  const SegmenterOptions& o_;
};

}  // namespace

std::vector<AudioSegment> cutSpeechSegments(std::vector<SampleRange> speech, size_t totalSamples,
                                            const SegmenterOptions& options) {
  validate(options);
  return Cutter(std::move(speech), totalSamples, options).run();
}

std::vector<AudioSegment> segmentSpeech(std::span<const float> samples, const SegmenterOptions& options) {
  validate(options);
  std::vector<SampleRange> speech = detectSpeech(samples, options.sampleRate, options.minSilenceSeconds);
  return Cutter(std::move(speech), samples.size(), options).run();
}

}  // namespace gwb::media
