#pragma once
// Splits long audio into pieces the speech model can take (Gemma 4 hears at most 30 s per clip)
// at the pauses in speech, leaving silence out. Where someone talks on for longer than a piece
// without pausing, it cuts anyway and makes the next piece start overlapSeconds earlier, so the
// word under the cut is heard whole in one of them; text/TranscriptJoin removes the words the
// two transcripts then share.
#include <cstddef>
#include <span>
#include <vector>

#include "inference/media/VoiceActivity.h"

namespace gwb::media {

struct SegmenterOptions {
  int sampleRate = 16000;
  double maxSegmentSeconds = 30.0;
  double minSilenceSeconds = 0.3;   // shorter gaps are within speech, not pauses
  double overlapSeconds = 1.0;      // at hard cuts only
  double searchBackSeconds = 8.0;   // where to look for a pause before the length limit
  double splitPauseSeconds = 1.0;   // a pause this long always ends a piece (silence is skipped)
};

struct AudioSegment {
  size_t start, end;  // samples, end exclusive
  // True when no pause was found: this segment ends in the middle of speech at the length limit
  // and the next one starts overlapSeconds before this one's end.
  bool hardCut;
};

// Segments, in order, covering every stretch of detected speech (VoiceActivity.h) plus a little
// margin around it (0.1 s before, 0.2 s after, never more than half the neighbouring pause), each
// at most maxSegmentSeconds long. A silent or noise-only input gives none. Among the pauses that
// end within searchBackSeconds of the limit, the longest is chosen. Throws std::invalid_argument
// for inconsistent options (overlap not below half the segment length, and the like).
std::vector<AudioSegment> segmentSpeech(std::span<const float> samples, const SegmenterOptions& options = {});

// The cutting step alone, on speech ranges already found (VoiceActivityDetector over a stream, as
// AudioSegmentPlan does) in a signal of totalSamples: segmentSpeech(x) is
// cutSpeechSegments(detectSpeech(x, ...), x.size()).
std::vector<AudioSegment> cutSpeechSegments(std::vector<SampleRange> speech, size_t totalSamples,
                                            const SegmenterOptions& options = {});

}  // namespace gwb::media
