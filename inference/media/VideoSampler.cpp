#include "inference/media/VideoSampler.h"

#include "inference/media/FfmpegHandles.h"
#include "inference/media/FrameToRgb.h"
#include "inference/media/ImageOrientation.h"
#include "inference/media/MediaError.h"
#include "inference/media/VisionPreprocess.h"

extern "C" {
#include <libavutil/display.h>
}

#include <cmath>
#include <limits>

namespace gwb::media {

namespace {

// A wanted time this far past the last decoded frame is reached by seeking to the key frame before
// it rather than by decoding every frame in between.
constexpr double kSeekAheadSeconds = 3.0;
// Packets the decoder may reject before a file counts as corrupt (a few bad packets are skipped).
constexpr int kMaxDamagedPackets = 64;

struct Rotation {
  int orientation = 1;      // EXIF-style, for applyExifOrientation
  int clockwiseDegrees = 0;
  bool mirrored = false;
};

Rotation streamRotation(const AVStream* stream) {
  Rotation r;
  size_t size = 0;
  const uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (data == nullptr || size < 9 * sizeof(int32_t)) return r;
  const auto* matrix = reinterpret_cast<const int32_t*>(data);
  const double ccw = av_display_rotation_get(matrix);  // rotate CCW by this to be upright; NaN if degenerate
  if (std::isnan(ccw)) return r;
  const double det = static_cast<double>(matrix[0]) * matrix[4] - static_cast<double>(matrix[1]) * matrix[3];
  r.mirrored = det < 0;
  r.orientation = orientationFromRotation(ccw, r.mirrored);
  long cw = -std::lround(ccw / 90.0) % 4;
  if (cw < 0) cw += 4;
  r.clockwiseDegrees = int(cw) * 90;
  return r;
}

// The container's video stream, refusing audio-only files and still images with a clear message.
struct OpenedVideo {
  ffmpeg::FormatPtr fmt;
  AVStream* stream = nullptr;
  bool hasAudio = false;
};

OpenedVideo openVideo(const std::string& path) {
  OpenedVideo v;
  v.fmt = ffmpeg::openInput(path);
  ffmpeg::findStreamInfo(v.fmt.get(), path, "max_pixels", std::to_string(int64_t{1} << 28).c_str());
  const int audio = av_find_best_stream(v.fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  v.hasAudio = audio >= 0;
  const int index = av_find_best_stream(v.fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const bool cover = index >= 0 && (v.fmt->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
  if (index < 0 || cover) {
    if (v.hasAudio) {
      throw MediaError(path, "has no video track, only sound: use an audio task (--audio) for it");
    }
    throw MediaError(path, "has no video track");
  }
  v.stream = v.fmt->streams[index];
  const std::string name = v.fmt->iformat->name;
  if (ffmpeg::isStillImageFormat(v.fmt->iformat) && name != "gif" && name != "apng") {
    throw MediaError(path, "is a still image, not a video: use an image task (--image) for it");
  }
  return v;
}

double streamStart(const AVStream* s) {
  return s->start_time != AV_NOPTS_VALUE ? double(s->start_time) * av_q2d(s->time_base) : 0.0;
}

// Reads every packet of the stream: its end time (seconds from the stream start) and count. For
// containers that state no duration (animated GIF, some raw streams).
std::pair<double, int64_t> scanPackets(AVFormatContext* fmt, const AVStream* stream) {
  auto packet = ffmpeg::allocPacket();
  const double tb = av_q2d(stream->time_base);
  const double start = streamStart(stream);
  double end = 0;
  int64_t count = 0;
  while (av_read_frame(fmt, packet.get()) >= 0) {
    if (packet->stream_index == stream->index) {
      ++count;
      const int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
      if (pts != AV_NOPTS_VALUE) end = std::max(end, double(pts + std::max<int64_t>(packet->duration, 0)) * tb - start);
    }
    av_packet_unref(packet.get());
  }
  return {end, count};
}

// Decodes the stream forward frame by frame, keeping the latest frame; seeks on request.
class FrameReader {
 public:
  FrameReader(OpenedVideo& video, const std::string& path) : video_(video), path_(path) {
    codec_ = ffmpeg::openDecoder(video.stream, path, nullptr);
    timeBase_ = av_q2d(video.stream->time_base);
    start_ = video.stream->start_time != AV_NOPTS_VALUE ? video.stream->start_time : 0;
    const AVRational rate = video.stream->avg_frame_rate.num > 0 ? video.stream->avg_frame_rate : video.stream->r_frame_rate;
    frameStep_ = rate.num > 0 && rate.den > 0 ? 1.0 / av_q2d(rate) : 1.0 / 25.0;
    current_ = ffmpeg::allocFrame();
    scratch_ = ffmpeg::allocFrame();
    packet_ = ffmpeg::allocPacket();
  }

  bool haveFrame() const { return have_; }
  double time() const { return time_; }
  const AVFrame& frame() const { return *current_; }
  double timeBase() const { return timeBase_; }

  // Decodes the next frame into frame(); false at the end of the stream (frame() stays the last one).
  bool next() {
    while (true) {
      const int rc = avcodec_receive_frame(codec_.get(), scratch_.get());
      if (rc == 0) {
        const int64_t pts = scratch_->best_effort_timestamp;
        time_ = pts != AV_NOPTS_VALUE ? double(pts - start_) * timeBase_ : (have_ ? time_ + frameStep_ : 0.0);
        av_frame_unref(current_.get());
        av_frame_move_ref(current_.get(), scratch_.get());
        have_ = true;
        ++decoded_;
        return true;
      }
      if (rc == AVERROR_EOF) return false;
      if (rc != AVERROR(EAGAIN)) damaged(rc);
      if (!feed()) return false;
    }
  }

  // Jumps to the key frame at or before `seconds`; false if the container cannot seek (the caller
  // then decodes forward).
  bool seek(double seconds) {
    if (!seekable_) return false;
    const auto ts = start_ + int64_t(std::floor(seconds / timeBase_));
    if (av_seek_frame(video_.fmt.get(), video_.stream->index, ts, AVSEEK_FLAG_BACKWARD) < 0) {
      seekable_ = false;
      return false;
    }
    avcodec_flush_buffers(codec_.get());
    demuxDone_ = false;
    flushSent_ = false;
    have_ = false;
    return true;
  }

  int64_t decoded() const { return decoded_; }

 private:
  // Sends the next packet of the stream (or the end-of-stream flush); false once all is sent.
  bool feed() {
    while (!demuxDone_) {
      const int rc = av_read_frame(video_.fmt.get(), packet_.get());
      if (rc < 0) {
        demuxDone_ = true;  // end of file, or a read error: decode what was read
        break;
      }
      if (packet_->stream_index != video_.stream->index) {
        av_packet_unref(packet_.get());
        continue;
      }
      const int sent = avcodec_send_packet(codec_.get(), packet_.get());
      av_packet_unref(packet_.get());
      if (sent < 0 && sent != AVERROR(EAGAIN)) damaged(sent);
      return true;
    }
    if (flushSent_) return false;
    flushSent_ = true;
    avcodec_send_packet(codec_.get(), nullptr);
    return true;
  }

  void damaged(int rc) {
    if (++damaged_ > kMaxDamagedPackets) {
      const std::string logged = ffmpeg::takeLoggedError();
      throw MediaError(path_, "the video data is corrupt (" + ffmpeg::errorString(rc) + ")" +
                                  (logged.empty() ? "" : ": " + logged));
    }
  }

  OpenedVideo& video_;
  const std::string& path_;
  ffmpeg::CodecPtr codec_;
  ffmpeg::FramePtr current_, scratch_;
  ffmpeg::PacketPtr packet_;
  double timeBase_ = 0, frameStep_ = 0, time_ = 0;
  int64_t start_ = 0, decoded_ = 0;
  int damaged_ = 0;
  bool have_ = false, demuxDone_ = false, flushSent_ = false, seekable_ = true;
};

RgbImage uprightImage(const AVFrame& frame, const Rotation& rotation, const VideoSamplingOptions& o,
                      const std::string& path) {
  RgbImage img = applyExifOrientation(frameToRgb(frame, frame.width, frame.height, path), rotation.orientation);
  return o.resizeForBudget ? resizeForVision(img, o.frameBudget) : img;
}

}  // namespace

VideoInfo probeVideo(const std::string& path) {
  OpenedVideo v = openVideo(path);
  VideoInfo info;
  const AVStream* s = v.stream;
  info.container = v.fmt->iformat->name;
  info.videoCodec = avcodec_get_name(s->codecpar->codec_id);
  info.codedWidth = s->codecpar->width;
  info.codedHeight = s->codecpar->height;
  const Rotation r = streamRotation(s);
  info.rotationDegrees = r.clockwiseDegrees;
  info.mirrored = r.mirrored;
  const bool swap = r.clockwiseDegrees == 90 || r.clockwiseDegrees == 270;
  info.width = swap ? info.codedHeight : info.codedWidth;
  info.height = swap ? info.codedWidth : info.codedHeight;
  const AVRational rate = s->avg_frame_rate.num > 0 && s->avg_frame_rate.den > 0 ? s->avg_frame_rate : s->r_frame_rate;
  if (rate.num > 0 && rate.den > 0) info.frameRate = av_q2d(rate);
  info.frameCount = s->nb_frames > 0 ? s->nb_frames : 0;
  info.hasAudio = v.hasAudio;
  const bool animatedImage = ffmpeg::isStillImageFormat(v.fmt->iformat);
  if (!animatedImage && v.fmt->duration != AV_NOPTS_VALUE && v.fmt->duration > 0) {
    info.durationSeconds = double(v.fmt->duration) / AV_TIME_BASE;
  } else if (!animatedImage && s->duration != AV_NOPTS_VALUE && s->duration > 0) {
    info.durationSeconds = double(s->duration) * av_q2d(s->time_base);
  } else {
    const auto [end, count] = scanPackets(v.fmt.get(), s);
    info.durationSeconds = end;
    info.frameCount = count;
    if (animatedImage && count < 2) {
      throw MediaError(path, "is a still image, not a video: use an image task (--image) for it");
    }
  }
  if (info.width <= 0 || info.height <= 0) {
    const std::string logged = ffmpeg::takeLoggedError();
    throw MediaError(path, "the video's picture size cannot be read" + (logged.empty() ? "" : " (" + logged + ")"));
  }
  if (!(info.durationSeconds > 0)) {
    throw MediaError(path, "the video has no duration (no timed frames were found)");
  }
  return info;
}

std::vector<SampledFrame> sampleVideoFramesAt(const std::string& path, std::span<const double> seconds,
                                              const VideoSamplingOptions& options, const std::atomic<bool>* cancel,
                                              const std::function<void(size_t, size_t)>& onFrame) {
  validateSamplingOptions(options);
  OpenedVideo video = openVideo(path);
  const Rotation rotation = streamRotation(video.stream);
  FrameReader reader(video, path);
  // A timestamp stored in a time base that cannot hold the wanted time exactly is rounded (1/3 s in
  // milliseconds is 0.333): up to one tick, at most 1 ms, early still counts as "at".
  const double slack = std::min(1e-3, reader.timeBase());
  std::vector<SampledFrame> out;
  double lastPicked = -std::numeric_limits<double>::infinity();
  bool ended = false;
  for (const double want : seconds) {
    if (cancel != nullptr && cancel->load()) break;
    if (!reader.haveFrame() || want - reader.time() > kSeekAheadSeconds) {
      if (reader.haveFrame()) reader.seek(want);
    }
    while (!ended && (!reader.haveFrame() || reader.time() < want - slack)) {
      if (!reader.next()) ended = true;
    }
    if (!reader.haveFrame()) break;  // nothing decodable
    if (reader.time() > lastPicked) {
      lastPicked = reader.time();
      out.push_back({reader.time(), uprightImage(reader.frame(), rotation, options, path)});
    }
    if (onFrame) onFrame(out.size(), seconds.size());
    if (ended) break;  // every later time lands on the same last frame
  }
  if (out.empty() && !(cancel != nullptr && cancel->load()) && !seconds.empty()) {
    const std::string logged = ffmpeg::takeLoggedError();
    throw MediaError(path, "no video frame could be decoded (corrupt or truncated file)" +
                               (logged.empty() ? "" : ": " + logged));
  }
  return out;
}

std::vector<SampledFrame> sampleVideoFrames(const std::string& path, const VideoSamplingOptions& options,
                                            const std::atomic<bool>* cancel) {
  validateSamplingOptions(options);
  const VideoInfo info = probeVideo(path);
  std::vector<double> times;
  for (const VideoWindow& w : planVideoWindows(info.durationSeconds, info.frameRate, info.frameCount, options)) {
    times.insert(times.end(), w.seconds.begin(), w.seconds.end());
  }
  return sampleVideoFramesAt(path, times, options, cancel);
}

}  // namespace gwb::media
