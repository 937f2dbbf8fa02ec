#include "inference/media/MediaProbe.h"

#include "inference/media/FfmpegHandles.h"
#include "inference/media/MediaError.h"

#include <filesystem>

namespace gwb::media {

namespace {

const AVStream* bestStream(const AVFormatContext* fmt, AVMediaType type) {
    // Cover art is stored as a one-picture "video" stream flagged ATTACHED_PIC: it is not a video.
    const int index = av_find_best_stream(const_cast<AVFormatContext*>(fmt), type, -1, -1, nullptr, 0);
    if (index < 0) {
        return nullptr;
    }
    const AVStream* stream = fmt->streams[index];
    if (type == AVMEDIA_TYPE_VIDEO && (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0) {
        return nullptr;
    }
    return stream;
}

} // namespace

const char* mediaKindName(MediaKind kind) {
    switch (kind) {
    case MediaKind::Image: return "image";
    case MediaKind::Audio: return "audio";
    case MediaKind::Video: return "video";
    case MediaKind::VideoWithAudio: return "video+audio";
    case MediaKind::Unknown: break;
    }
    return "unknown";
}

MediaInfo probeMediaFile(const std::string& path) {
    MediaInfo info;
    ffmpeg::FormatPtr fmt;
    try {
        fmt = ffmpeg::openInput(path);
        // Picture streams may be decoded to learn their size; max_pixels keeps that bounded.
        ffmpeg::findStreamInfo(fmt.get(), path, "max_pixels", std::to_string(int64_t{1} << 28).c_str());
    } catch (const MediaError& e) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) == 0) {
            throw; // nothing to probe: missing, folder or empty
        }
        info.reason = e.what();
        return info;
    }
    info.container = fmt->iformat->name;
    const AVStream* video = bestStream(fmt.get(), AVMEDIA_TYPE_VIDEO);
    const AVStream* audio = bestStream(fmt.get(), AVMEDIA_TYPE_AUDIO);
    if (video != nullptr) {
        info.width = video->codecpar->width;
        info.height = video->codecpar->height;
        info.videoCodec = avcodec_get_name(video->codecpar->codec_id);
        if (video->avg_frame_rate.num > 0 && video->avg_frame_rate.den > 0) {
            info.frameRate = av_q2d(video->avg_frame_rate);
        }
    }
    if (audio != nullptr) {
        info.audioCodec = avcodec_get_name(audio->codecpar->codec_id);
        info.sampleRate = audio->codecpar->sample_rate;
        info.channels = audio->codecpar->ch_layout.nb_channels;
    }
    if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) {
        info.durationSeconds = static_cast<double>(fmt->duration) / AV_TIME_BASE;
    }
    if (ffmpeg::isStillImageFormat(fmt->iformat) && video != nullptr) {
        info.kind = MediaKind::Image;
        info.durationSeconds = -1;
        info.frameRate = 0;
    } else if (video != nullptr) {
        info.kind = audio != nullptr ? MediaKind::VideoWithAudio : MediaKind::Video;
    } else if (audio != nullptr) {
        info.kind = MediaKind::Audio;
    } else {
        info.reason = path + ": the file has neither pictures nor sound (" + info.container + ")";
    }
    const std::string logged = ffmpeg::takeLoggedError();
    if (info.kind == MediaKind::Image && (info.width <= 0 || info.height <= 0)) {
        // e.g. a corrupt PNG, or a header over FFmpeg's picture size limit
        info.kind = MediaKind::Unknown;
        info.reason = path + ": the picture could not be read" + (logged.empty() ? "" : " (" + logged + ")");
    }
    return info;
}

} // namespace gwb::media
