#include "inference/media/VideoFrameTimes.h"

#include "inference/media/VisionTargetSize.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace gwb::media {

namespace {

// Wanted times closer than this to the end are dropped: no frame starts that late.
constexpr double kEndSlack = 1e-6;

std::vector<double> fpsTimes(double duration, double fps) {
  std::vector<double> t;
  for (int64_t k = 0;; ++k) {
    const double at = double(k) / fps;
    if (at >= duration - kEndSlack && k > 0) break;
    t.push_back(at);
  }
  return t;
}

std::vector<double> spreadTimes(double duration, int count) {
  std::vector<double> t(static_cast<size_t>(count));
  for (int k = 0; k < count; ++k) t[size_t(k)] = double(k) * duration / double(count);
  return t;
}

std::vector<double> referenceUniformTimes(double duration, double frameRate, int64_t frameCount, int numFrames) {
  if (frameRate <= 0) return spreadTimes(duration, numFrames);  // no stream rate: even spread in time
  const int64_t total = frameCount > 0 ? frameCount : std::max<int64_t>(1, std::llround(duration * frameRate));
  std::vector<double> t;
  for (const int64_t i : uniformFrameIndices(total, int(std::min<int64_t>(numFrames, total)))) {
    t.push_back(double(i) / frameRate);
  }
  return t;
}

}  // namespace

const char* videoCoverageName(VideoCoverage c) { return c == VideoCoverage::Windows ? "windows" : "whole"; }

void validateSamplingOptions(const VideoSamplingOptions& o) {
  if (!(o.fps > 0.0) || o.fps > 30.0) throw std::invalid_argument("fps must be above 0 and at most 30");
  if (o.maxFrames < 1 || o.maxFrames > 1024) throw std::invalid_argument("max frames must be between 1 and 1024");
  if (o.numFrames < 0 || o.numFrames > 1024) throw std::invalid_argument("frame count must be between 0 and 1024");
  if (!isSupportedSoftTokenBudget(o.frameBudget)) {
    throw std::invalid_argument("frame budget must be 70, 140, 280, 560 or 1120 (got " +
                                std::to_string(o.frameBudget) + ")");
  }
}

std::vector<int64_t> uniformFrameIndices(int64_t totalFrames, int numFrames) {
  std::vector<int64_t> out;
  if (totalFrames <= 0 || numFrames <= 0) return out;
  const double step = double(totalFrames) / double(numFrames);
  const auto count = int64_t(std::ceil(double(totalFrames) / step));
  for (int64_t i = 0; i < count; ++i) out.push_back(int64_t(double(i) * step));
  return out;
}

std::vector<VideoWindow> planVideoWindows(double duration, double frameRate, int64_t frameCount,
                                          const VideoSamplingOptions& o) {
  validateSamplingOptions(o);
  if (!(duration > 0.0) || !std::isfinite(duration)) {
    throw std::invalid_argument("the video has no usable duration");
  }
  std::vector<double> times = o.numFrames > 0 ? referenceUniformTimes(duration, frameRate, frameCount, o.numFrames)
                                              : fpsTimes(duration, o.fps);
  const auto maxFrames = size_t(o.maxFrames);
  if (o.coverage == VideoCoverage::WholeLength || times.size() <= maxFrames) {
    if (times.size() > maxFrames) times = spreadTimes(duration, o.maxFrames);
    return {VideoWindow{0.0, duration, std::move(times)}};
  }
  std::vector<VideoWindow> windows;
  for (size_t first = 0; first < times.size(); first += maxFrames) {
    const size_t last = std::min(times.size(), first + maxFrames);
    VideoWindow w;
    w.start = first == 0 ? 0.0 : times[first];
    w.end = last < times.size() ? times[last] : duration;
    w.seconds.assign(times.begin() + long(first), times.begin() + long(last));
    windows.push_back(std::move(w));
  }
  return windows;
}

}  // namespace gwb::media
