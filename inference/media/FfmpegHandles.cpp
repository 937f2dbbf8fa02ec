#include "inference/media/FfmpegHandles.h"

#include "inference/media/MediaError.h"

#include <cstdarg>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

namespace gwb::media::ffmpeg {

namespace {

// Error lines FFmpeg logged on this thread, kept until takeLoggedError(). Bounded: a corrupt stream
// can log thousands of lines, we only need the first few to explain what went wrong.
thread_local std::string t_loggedErrors;
thread_local int t_loggedCount = 0;
constexpr int kMaxLoggedLines = 3;

void logCallback(void* avcl, int level, const char* fmt, va_list args) {
    if (level > AV_LOG_ERROR) {
        return; // warnings and info are noise for our users (e.g. mp3 "Could not update timestamps")
    }
    if (t_loggedCount >= kMaxLoggedLines) {
        return;
    }
    char line[512];
    int printPrefix = 0; // no "[png @ 0x...]" prefix: the pointer means nothing to a user
    va_list copy;
    va_copy(copy, args);
    av_log_format_line2(avcl, level, fmt, copy, line, sizeof line, &printPrefix);
    va_end(copy);
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    if (text.empty()) {
        return;
    }
    if (!t_loggedErrors.empty()) {
        t_loggedErrors += "; ";
    }
    t_loggedErrors += text;
    ++t_loggedCount;
}

void installLogCapture() {
    static std::once_flag once;
    std::call_once(once, [] {
        // GWB_FFMPEG_LOG=1 keeps FFmpeg's own stderr logging, for debugging a file.
        const char* keep = std::getenv("GWB_FFMPEG_LOG");
        if (keep == nullptr || std::string(keep) != "1") {
            av_log_set_callback(logCallback);
        }
    });
}

} // namespace

std::string errorString(int averror) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, buf, sizeof buf);
    return buf;
}

std::string takeLoggedError() {
    std::string out;
    out.swap(t_loggedErrors);
    t_loggedCount = 0;
    return out;
}

FormatPtr openInput(const std::string& path) {
    installLogCapture();
    takeLoggedError();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw MediaError(path, "file does not exist");
    }
    if (std::filesystem::is_directory(path, ec)) {
        throw MediaError(path, "is a folder, not a file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw MediaError(path, "cannot read the file size: " + ec.message());
    }
    if (size == 0) {
        throw MediaError(path, "file is empty (0 bytes)");
    }
    AVFormatContext* raw = nullptr;
    const int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (rc < 0) {
        const std::string logged = takeLoggedError();
        throw MediaError(path, "not a media file FFmpeg can read (" + errorString(rc) + ")" +
                                   (logged.empty() ? "" : ": " + logged));
    }
    return FormatPtr(raw);
}

void findStreamInfo(AVFormatContext* fmt, const std::string& path, const char* codecOptionKey,
                    const char* codecOptionValue) {
    std::vector<AVDictionary*> options(fmt->nb_streams, nullptr);
    if (codecOptionKey != nullptr) {
        for (auto& dict : options) {
            av_dict_set(&dict, codecOptionKey, codecOptionValue, 0);
        }
    }
    const int rc = avformat_find_stream_info(fmt, options.empty() ? nullptr : options.data());
    for (auto& dict : options) {
        av_dict_free(&dict);
    }
    if (rc < 0) {
        const std::string logged = takeLoggedError();
        throw MediaError(path, "cannot read the stream headers (" + errorString(rc) + ")" +
                                   (logged.empty() ? "" : ": " + logged));
    }
}

CodecPtr openDecoder(const AVStream* stream, const std::string& path, AVDictionary** options) {
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (codec == nullptr) {
        throw MediaError(path, std::string("no decoder for codec '") + avcodec_get_name(stream->codecpar->codec_id) +
                                   "' in this FFmpeg build");
    }
    CodecPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx) {
        throw MediaError(path, "out of memory allocating a decoder");
    }
    int rc = avcodec_parameters_to_context(ctx.get(), stream->codecpar);
    if (rc >= 0) {
        ctx->pkt_timebase = stream->time_base;
        rc = avcodec_open2(ctx.get(), codec, options);
    }
    if (rc < 0) {
        const std::string logged = takeLoggedError();
        throw MediaError(path, std::string("cannot open the ") + codec->name + " decoder (" + errorString(rc) + ")" +
                                   (logged.empty() ? "" : ": " + logged));
    }
    return ctx;
}

bool isStillImageFormat(const AVInputFormat* format) {
    if (format == nullptr || format->name == nullptr) {
        return false;
    }
    const std::string name = format->name;
    const std::string pipe = "_pipe";
    const bool isPipe = name.size() > pipe.size() && name.compare(name.size() - pipe.size(), pipe.size(), pipe) == 0;
    return isPipe || name == "image2" || name == "gif" || name == "apng";
}

FramePtr allocFrame() {
    FramePtr frame(av_frame_alloc());
    if (!frame) {
        throw std::bad_alloc();
    }
    return frame;
}

PacketPtr allocPacket() {
    PacketPtr packet(av_packet_alloc());
    if (!packet) {
        throw std::bad_alloc();
    }
    return packet;
}

} // namespace gwb::media::ffmpeg
