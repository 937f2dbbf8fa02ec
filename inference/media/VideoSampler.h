#pragma once
// Video frames for Gemma 4, decoded with FFmpeg (MP4, MKV, WebM, MOV, AVI, animated GIF, ...).
// The times come from VideoFrameTimes.h; each wanted time t gets the first frame whose presentation
// time is ≥ t (by timestamps, not frame indices, so variable-frame-rate video lands right), found
// by seeking to the key frame before t when t is far ahead and decoding forward. A frame that two
// wanted times both land on is kept once. The stream's display rotation (display matrix side data)
// is applied, so a phone's portrait video comes out portrait.
//
//   VideoInfo v = probeVideo(path);                          // cheap: headers only
//   auto frames = sampleVideoFrames(path, VideoSamplingOptions{}, &cancelFlag);
//   for (const SampledFrame& f : frames) { f.seconds; f.image; }
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "inference/media/RgbImage.h"
#include "inference/media/VideoFrameTimes.h"

namespace gwb::media {

struct VideoInfo {
  double durationSeconds = 0;  // container duration, else the stream's, else the last packet's end
  int width = 0, height = 0;   // as displayed (rotation applied)
  int codedWidth = 0, codedHeight = 0;
  int rotationDegrees = 0;     // clockwise display rotation: 0, 90, 180 or 270
  bool mirrored = false;
  double frameRate = 0;        // average frames per second, 0 if unknown
  int64_t frameCount = 0;      // stated by the container, 0 if unknown
  bool hasAudio = false;       // an audio track exists (its content is not checked)
  std::string container;       // FFmpeg demuxer name
  std::string videoCodec;
};

// Throws MediaError naming the file: missing, empty, unreadable, a still image, no video track
// (an audio-only file says so and points at the audio tasks), or no duration to sample from.
VideoInfo probeVideo(const std::string& path);

struct SampledFrame {
  double seconds = 0;  // the frame's own presentation time, from the start of the video stream
  RgbImage image;      // upright; at the vision size of options.frameBudget when resizeForBudget
};

// Frames at the times planVideoWindows(options) gives, all windows in order (WholeLength: at most
// maxFrames frames). `cancel`, checked between frames, stops early with the frames so far.
// Throws MediaError for unreadable input or when no frame can be decoded, std::invalid_argument for
// invalid options.
std::vector<SampledFrame> sampleVideoFrames(const std::string& path, const VideoSamplingOptions& options,
                                            const std::atomic<bool>* cancel = nullptr);

// Frames at the given ascending times (seconds from the start). `onFrame(done, wanted)` is called
// after each decoded frame. Uses options.frameBudget / resizeForBudget only.
std::vector<SampledFrame> sampleVideoFramesAt(const std::string& path, std::span<const double> seconds,
                                              const VideoSamplingOptions& options,
                                              const std::atomic<bool>* cancel = nullptr,
                                              const std::function<void(size_t done, size_t wanted)>& onFrame = {});

}  // namespace gwb::media
