#pragma once
// An energy voice-activity detector for 16 kHz-class mono float audio, with no model and no
// dependency: a frame is speech when it is clearly louder than an adaptive noise floor. It is what
// keeps silence away from the speech model (which invents text for silence, as whisper.cpp users
// report) and finds the pauses where long audio can be cut.
//
// VoiceActivityDetector takes the signal block by block (a 3-hour recording never needs to be in
// memory) and gives exactly the ranges detectSpeech gives for the whole signal: the same frames,
// summed in the same order, the same floor tracking. The one look-ahead, the starting floor (a low
// percentile of the first 10 s), is handled by holding the first 1000 frame levels (8 KB) back.
#include <cstddef>
#include <span>
#include <vector>

namespace gwb::media {

struct SampleRange {
  size_t start, end;  // samples, end exclusive
};

class VoiceActivityDetector {
 public:
  // Throws std::invalid_argument for sampleRate < 100 or a negative minSilenceSeconds.
  VoiceActivityDetector(int sampleRate, double minSilenceSeconds);

  // The next samples of the signal (any block size; blocks may be empty).
  void push(std::span<const float> samples);
  // Ends the signal: the last (partial) frames are measured and the open range is closed.
  void finish();

  // Speech ranges found so far that can no longer grow (all of them after finish()).
  const std::vector<SampleRange>& ranges() const { return ranges_; }
  // Moves the finished ranges out (for callers that consume them as they come).
  std::vector<SampleRange> takeRanges();
  size_t samplesSeen() const { return consumed_ + tail_.size(); }

 private:
  void measureFrames(bool final);
  void handleLevel(double levelDb, size_t begin, size_t end);
  void closeRangeIfDone(size_t nextFrameBegin);

  int rate_;
  size_t hop_, window_, minGap_, minSpeech_;
  std::vector<float> tail_;  // samples [consumed_, consumed_ + tail_.size()) not yet fully framed
  size_t consumed_ = 0;
  size_t nextFrame_ = 0;
  // Levels held back until the starting floor is known: (level, frame begin, frame end).
  struct Pending {
    double level;
    size_t begin, end;
  };
  std::vector<Pending> head_;
  bool floorKnown_ = false;
  double floor_ = 0;
  bool open_ = false;
  SampleRange current_{0, 0};  // the range that may still grow (bridging gaps < minGap_)
  std::vector<SampleRange> ranges_;
  bool finished_ = false;
};

// Speech as sorted, disjoint sample ranges. Pauses shorter than minSilenceSeconds are bridged
// (they are gaps between syllables or words, not places to cut), and blips shorter than 0.1 s
// after that (clicks) are dropped. Non-finite samples count as silence. A silent or
// noise-only input gives no ranges. Throws std::invalid_argument for sampleRate < 100.
// (VoiceActivityDetector over the whole signal in one block.)
std::vector<SampleRange> detectSpeech(std::span<const float> samples, int sampleRate, double minSilenceSeconds);

}  // namespace gwb::media
