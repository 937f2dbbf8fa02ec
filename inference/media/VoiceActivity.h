#pragma once
// An energy voice-activity detector for 16 kHz-class mono float audio, with no model and no
// dependency: a frame is speech when it is clearly louder than an adaptive noise floor. It is what
// keeps silence away from the speech model (which invents text for silence, as whisper.cpp users
// report) and finds the pauses where long audio can be cut.
#include <cstddef>
#include <span>
#include <vector>

namespace gwb::media {

struct SampleRange {
  size_t start, end;  // samples, end exclusive
};

// Speech as sorted, disjoint sample ranges. Pauses shorter than minSilenceSeconds are bridged
// (they are gaps between syllables or words, not places to cut), and blips shorter than 0.1 s
// after that (clicks) are dropped. Non-finite samples count as silence. A silent or
// noise-only input gives no ranges. Throws std::invalid_argument for sampleRate < 100.
std::vector<SampleRange> detectSpeech(std::span<const float> samples, int sampleRate, double minSilenceSeconds);

}  // namespace gwb::media
