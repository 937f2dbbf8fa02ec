#pragma once
// Which moments of a video become frames for Gemma 4: pure time arithmetic (no FFmpeg), so the
// selection rules are testable alone. VideoSampler.h decodes the frames at these times.
//
// Rules (design/gemma4-media.md §6):
//   * default: `fps` frames per second (1), i.e. t_k = k / fps for every t_k < duration; a video
//     of up to maxFrames / fps seconds (60 s) is sampled that way as is;
//   * longer videos, WholeLength (default): maxFrames frames spread evenly over the whole length,
//     t_k = k · duration / maxFrames; Windows: the `fps` times are cut into consecutive windows of
//     at most maxFrames frames, each answered on its own;
//   * numFrames > 0: the reference processor's uniform sampling (Gemma4VideoProcessor,
//     num_frames = 32 there): indices = np.arange(0, total, total / n).astype(int) over the
//     stream's frames, times = index / stream fps (VideoMetadata.timestamps).
#include <cstdint>
#include <string>
#include <vector>

namespace gwb::media {

enum class VideoCoverage {
  WholeLength,  // at most maxFrames frames spread over the whole video, one answer (default)
  Windows,      // frames at `fps` over the whole video in windows of ≤ maxFrames frames, one answer each
};

const char* videoCoverageName(VideoCoverage c);  // "whole", "windows"

struct VideoSamplingOptions {
  double fps = 1.0;     // frames per second of video; ignored when numFrames > 0
  int numFrames = 0;    // > 0: the reference's uniform sampling of this many frames
  int maxFrames = 60;   // most frames in one prompt (60: one minute at 1 fps)
  int frameBudget = 70;  // soft tokens per frame (70/140/280/560/1120), the video processor's default 70
  VideoCoverage coverage = VideoCoverage::WholeLength;
  bool withAudio = true;         // the soundtrack as audio tokens, on models with an audio tower
  bool resizeForBudget = true;   // frames come out at the vision size of frameBudget (what the model
                                 // sees; bounds memory); false: at their decoded size
};

// Throws std::invalid_argument naming the bad field (fps ≤ 0 or > 30, maxFrames < 1 or > 1024,
// numFrames < 0, an unsupported frameBudget).
void validateSamplingOptions(const VideoSamplingOptions& options);

struct VideoWindow {
  double start = 0;              // seconds of video the window covers: [start, end)
  double end = 0;
  std::vector<double> seconds;  // wanted frame times, ascending, within [start, end)
};

// The windows (one for WholeLength) of a video of `durationSeconds` (> 0). `frameRate` and
// `frameCount` describe the stream (0 when unknown) and matter only for numFrames sampling; a
// numFrames above the stream's frame count takes every frame (the reference raises instead).
// Throws std::invalid_argument for a non-positive duration or invalid options.
std::vector<VideoWindow> planVideoWindows(double durationSeconds, double frameRate, int64_t frameCount,
                                          const VideoSamplingOptions& options);

// np.arange(0, total, total / n).astype(int), with numpy's float-step count ceil(total / step)
// (which can give n + 1 indices for some ratios, as the reference does).
std::vector<int64_t> uniformFrameIndices(int64_t totalFrames, int numFrames);

}  // namespace gwb::media
