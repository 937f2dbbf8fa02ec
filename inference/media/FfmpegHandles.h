#pragma once
// RAII owners for the FFmpeg objects gwb::media uses, plus small helpers shared by the decoders.
// Internal to inference/media/: nothing outside this folder includes FFmpeg headers.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace gwb::media::ffmpeg {

struct FormatCloser { void operator()(AVFormatContext* p) const { avformat_close_input(&p); } };
struct CodecFreer { void operator()(AVCodecContext* p) const { avcodec_free_context(&p); } };
struct FrameFreer { void operator()(AVFrame* p) const { av_frame_free(&p); } };
struct PacketFreer { void operator()(AVPacket* p) const { av_packet_free(&p); } };
struct SwsFreer { void operator()(SwsContext* p) const { sws_freeContext(p); } };
struct SwrFreer { void operator()(SwrContext* p) const { swr_free(&p); } };
struct DictFreer { void operator()(AVDictionary* p) const { av_dict_free(&p); } };

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

// av_strerror as a std::string.
std::string errorString(int averror);

// The last error-level line FFmpeg logged on this thread since the last call to takeLoggedError()
// (empty if none), e.g. "Picture size 100000x100000 is invalid". FFmpeg reports many of its
// reasons only through the log, so decoders append this to their MediaError messages.
// Log lines below error level are dropped; errors are not printed to stderr either (the caller
// reports them through MediaError).
std::string takeLoggedError();

// Opens `path` with libavformat and reads its headers; throws MediaError naming the file if the file
// is missing, empty, or of no format FFmpeg recognises. Installs the log capture above.
FormatPtr openInput(const std::string& path);

// Reads stream info (codec parameters) with per-stream codec options (e.g. max_pixels) so that
// probing cannot allocate an absurd frame. Throws MediaError on failure.
void findStreamInfo(AVFormatContext* fmt, const std::string& path, const char* codecOptionKey = nullptr,
                    const char* codecOptionValue = nullptr);

// Allocates and opens a decoder for `stream`. `options` may be null. Throws MediaError.
CodecPtr openDecoder(const AVStream* stream, const std::string& path, AVDictionary** options);

// True for FFmpeg's still-image demuxers ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", ...),
// whose streams are pictures rather than video.
bool isStillImageFormat(const AVInputFormat* format);

FramePtr allocFrame();
PacketPtr allocPacket();

} // namespace gwb::media::ffmpeg
