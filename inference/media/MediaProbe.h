#pragma once
// probeMediaFile: what a file is (image / audio / video with or without sound), how long, and its
// main stream parameters, read from the headers so the UI and the CLI can route a dropped file.
#include <string>

namespace gwb::media {

enum class MediaKind {
    Unknown,        // not something FFmpeg can read, or no picture/sound in it
    Image,          // still image (GIF/APNG: routed as an image, first frame)
    Audio,          // sound only (cover art in MP3/M4A/FLAC does not make it a video)
    Video,          // moving picture without sound
    VideoWithAudio,
};

const char* mediaKindName(MediaKind kind); // "unknown", "image", "audio", "video", "video+audio"

struct MediaInfo {
    MediaKind kind = MediaKind::Unknown;
    std::string reason;            // for Unknown: why (FFmpeg's words), else empty
    std::string container;         // FFmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "png_pipe"
    double durationSeconds = -1;   // < 0 when unknown or not applicable (images)
    // Picture stream (images and videos).
    int width = 0;
    int height = 0;
    std::string videoCodec;
    double frameRate = 0;          // average frames per second, 0 if unknown
    // Sound stream.
    std::string audioCodec;
    int sampleRate = 0;
    int channels = 0;
};

// Throws MediaError only when the file cannot be read at all (missing, a folder, empty); every
// other problem gives kind == Unknown with `reason` filled in. Reads headers and, for formats that
// need it, the first packets; picture sizes above ~264 MP are not decoded.
MediaInfo probeMediaFile(const std::string& path);

} // namespace gwb::media
