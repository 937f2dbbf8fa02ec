#include "inference/media/ImageDecoder.h"

#include "inference/media/FfmpegHandles.h"
#include "inference/media/FrameToRgb.h"
#include "inference/media/ImageDecoderLibjpeg.h"
#include "inference/media/ImageDecoderLibpng.h"
#include "inference/media/ImageDecoderSniff.h"
#include "inference/media/ImageOrientation.h"
#include "inference/media/JpegHeader.h"
#include "inference/media/MediaError.h"

extern "C" {
#include <libavutil/display.h>
}

#include <climits>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "inference/media/VisionTargetSize.h"

namespace gwb::media {

namespace {

using ffmpeg::takeLoggedError;

// Frees an AVDictionary that FFmpeg may replace (avcodec_open2 hands back the unused entries).
struct DictGuard {
    AVDictionary*& dict;
    ~DictGuard() { av_dict_free(&dict); }
};

std::string withLog(std::string message) {
    const std::string logged = takeLoggedError();
    return logged.empty() ? message : message + " (" + logged + ")";
}

// The reason for a decode failure: FFmpeg reports size-limit refusals ("Picture size WxH is invalid")
// only through its log, so those get their own wording instead of "corrupt".
std::string decodeFailure(int averror) {
    const std::string logged = takeLoggedError();
    if (logged.find("Picture size") != std::string::npos || logged.find("Invalid image size") != std::string::npos) {
        const size_t end = logged.find(';');
        return "the image size in the header is invalid or over the decoder's limit of about 264 megapixels (" +
               logged.substr(0, end) + ")";
    }
    std::string message = "the image data is corrupt (" + ffmpeg::errorString(averror) + ")";
    return logged.empty() ? message : message + ": " + logged;
}

// FFmpeg refuses every picture with (w + 128)·(h + 128) ≥ INT_MAX/8 (av_image_check_size), whatever
// max_pixels says: about 264 MP, e.g. 16255 × 16255.
bool overFfmpegSizeLimit(int64_t width, int64_t height) {
    return (width + 128) * (height + 128) >= INT_MAX / 8;
}

std::string sizeText(int64_t width, int64_t height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

// JPEG only: checks the frame header's size against the limits before anything is allocated, and
// picks how many halvings (0..3, FFmpeg's mjpeg "lowres") bring the picture under `maxPixels`.
int checkJpegAndChooseLowres(const AVPacket& packet, const ImageDecodeOptions& options, const std::string& path) {
    const auto size = readJpegFrameSize(packet.data, static_cast<size_t>(packet.size));
    if (!size) {
        return 0; // no SOF in the first packet: let the decoder report what is wrong
    }
    if (size->width == 0 || size->height == 0) {
        throw MediaError(path, "the JPEG header gives an empty size " + sizeText(size->width, size->height));
    }
    if (int64_t{size->width} * size->height > options.maxSourcePixels || overFfmpegSizeLimit(size->width, size->height)) {
        throw MediaError(path, "the image is " + sizeText(size->width, size->height) +
                                   " pixels, larger than the decoder can take (about 264 megapixels); scale it "
                                   "down before opening it");
    }
    const int64_t maxPixels = options.maxDecodedPixels;
    for (int lowres = 0; lowres < 3; ++lowres) {
        const int64_t w = (int64_t{size->width} + (1 << lowres) - 1) >> lowres;
        const int64_t h = (int64_t{size->height} + (1 << lowres) - 1) >> lowres;
        if (w * h <= maxPixels) {
            return lowres;
        }
    }
    return 3;
}

// EXIF orientation of a decoded frame: the "Orientation" metadata FFmpeg's JPEG/WebP decoders copy
// from the EXIF block wins; otherwise a display matrix (side data), if any. 1 = upright.
int frameOrientation(const AVFrame& frame) {
    if (const AVDictionaryEntry* e = av_dict_get(frame.metadata, "Orientation", nullptr, 0)) {
        const int value = std::atoi(e->value);
        return (value >= 1 && value <= 8) ? value : 1;
    }
    if (const AVFrameSideData* sd = av_frame_get_side_data(&frame, AV_FRAME_DATA_DISPLAYMATRIX)) {
        if (sd->size >= static_cast<int>(9 * sizeof(int32_t))) {
            const auto* matrix = reinterpret_cast<const int32_t*>(sd->data);
            const double angle = av_display_rotation_get(matrix); // CCW degrees, NaN if degenerate
            if (!std::isnan(angle)) {
                // A negative determinant of the 2×2 part means the matrix also mirrors.
                const double det = static_cast<double>(matrix[0]) * matrix[4] - static_cast<double>(matrix[1]) * matrix[3];
                return orientationFromRotation(angle, det < 0);
            }
        }
    }
    return 1;
}

// Sends packets of `streamIndex` to the decoder until it produces the first picture.
ffmpeg::FramePtr decodeFirstFrame(AVFormatContext* fmt, int streamIndex, AVCodecContext* codec, AVPacket* first,
                                  const std::string& path) {
    auto frame = ffmpeg::allocFrame();
    auto packet = ffmpeg::allocPacket();
    bool draining = false;
    AVPacket* pending = first;
    while (true) {
        int rc = 0;
        if (pending != nullptr) {
            rc = avcodec_send_packet(codec, pending);
            av_packet_unref(pending);
            pending = nullptr;
            if (rc < 0 && rc != AVERROR(EAGAIN)) {
                throw MediaError(path, decodeFailure(rc));
            }
        }
        rc = avcodec_receive_frame(codec, frame.get());
        if (rc == 0) {
            if ((frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0) {
                throw MediaError(path, withLog("the image data is corrupt or truncated"));
            }
            return frame;
        }
        if (rc == AVERROR_EOF) {
            throw MediaError(path, withLog("no picture could be decoded (the file is truncated or corrupt)"));
        }
        if (rc != AVERROR(EAGAIN)) {
            throw MediaError(path, decodeFailure(rc));
        }
        if (draining) {
            throw MediaError(path, withLog("no picture could be decoded (the file is truncated or corrupt)"));
        }
        // Next packet of our stream, or start draining at end of file.
        while (true) {
            rc = av_read_frame(fmt, packet.get());
            if (rc < 0) {
                avcodec_send_packet(codec, nullptr);
                draining = true;
                break;
            }
            if (packet->stream_index == streamIndex) {
                pending = packet.get();
                break;
            }
            av_packet_unref(packet.get());
        }
    }
}

// The size the vision preprocessing needs at its largest budget (1120), which the pre-shrinking
// paths must not go below; 0 × 0 for aspect ratios the processor refuses anyway (they are then
// only kept under maxDecodedPixels, and preprocessImage reports the ratio).
TargetSize neededForVision(int width, int height) {
    try {
        return visionTargetSize(width, height, 1120);
    } catch (const std::exception&) {
        return {};
    }
}

// PNGs and JPEGs that FFmpeg cannot take (over its ~264 MP limit, CMYK/YCCK JPEGs) or that are
// over the output limit (PNG: FFmpeg would hold the full frame first) go to libjpeg / libpng.
std::optional<DecodedImage> decodeOutsideFfmpeg(const std::string& path, const ImageHead& head,
                                                const ImageDecodeOptions& options) {
    if (head.kind != ImageHead::Kind::Jpeg && head.kind != ImageHead::Kind::Png) return std::nullopt;
    if (head.width <= 0 || head.height <= 0) return std::nullopt; // let the decoder say what is wrong
    const int64_t pixels = int64_t{head.width} * head.height;
    if (pixels > options.maxSourcePixels) {
        throw MediaError(path, "the image is " + sizeText(head.width, head.height) + " pixels, over the limit of " +
                                   std::to_string(options.maxSourcePixels) + " pixels (" +
                                   std::to_string(options.maxSourcePixels / 1000000) +
                                   " megapixels); scale it down before opening it");
    }
    const bool huge = overFfmpegSizeLimit(head.width, head.height);
    const bool cmyk = head.kind == ImageHead::Kind::Jpeg && head.components == 4;
    // FFmpeg would hold such a PNG whole (3–8 bytes a pixel) before shrinking it; libpng streams.
    constexpr int64_t kStreamPngPixels = int64_t{1} << 26;
    const bool bigPng = head.kind == ImageHead::Kind::Png && pixels > kStreamPngPixels;
    if (!huge && !cmyk && !bigPng) return std::nullopt;
    // Ordinary-size CMYK is decoded at full size (no pre-shrink: the exact path); big pictures at
    // the smallest size that still covers the largest vision target.
    const TargetSize need = (huge || bigPng) ? neededForVision(head.width, head.height) : TargetSize{};
    const LibjpegResult r = head.kind == ImageHead::Kind::Jpeg
                                ? decodeJpegWithLibjpeg(path, need.width, need.height, options)
                                : decodePngWithLibpng(path, need.width, need.height, options);
    return DecodedImage{r.image, r.sourceWidth, r.sourceHeight};
}

} // namespace

RgbImage decodeImageFile(const std::string& path, const ImageDecodeOptions& options) {
    return decodeImageFileWithSize(path, options).image;
}

DecodedImage decodeImageFileWithSize(const std::string& path, const ImageDecodeOptions& options) {
    const ImageHead head = sniffImageFile(path);
    if (head.kind == ImageHead::Kind::Text) {
        throw MediaError(path, "not an image: the file holds text (it begins \"" + head.textStart + "\")");
    }
    if (auto decoded = decodeOutsideFfmpeg(path, head, options)) return std::move(*decoded);
    ffmpeg::FormatPtr fmt = ffmpeg::openInput(path);
    if (!ffmpeg::isStillImageFormat(fmt->iformat)) {
        // Tell the user what the file is instead of decoding a video frame by accident.
        ffmpeg::findStreamInfo(fmt.get(), path, "max_pixels", std::to_string(options.maxSourcePixels).c_str());
        const bool video = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) >= 0;
        const bool audio = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
        throw MediaError(path, std::string("not an image: it is ") +
                                   (video ? "a video" : audio ? "an audio file" : "a file with no picture") + " (" +
                                   fmt->iformat->name + ")");
    }
    const int streamIndex = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (streamIndex < 0) {
        throw MediaError(path, "the file contains no picture");
    }
    const AVStream* stream = fmt->streams[streamIndex];
    const AVCodecParameters* par = stream->codecpar;
    if (par->width > 0 && par->height > 0 &&
        int64_t{par->width} * int64_t{par->height} > options.maxSourcePixels) {
        throw MediaError(path, "the image is " + sizeText(par->width, par->height) + " pixels, over the limit of " +
                                   std::to_string(options.maxSourcePixels) + " pixels");
    }

    // First packet of the picture: JPEG needs it to pick a decode-time downscale.
    auto packet = ffmpeg::allocPacket();
    while (true) {
        const int rc = av_read_frame(fmt.get(), packet.get());
        if (rc < 0) {
            throw MediaError(path, withLog("the file contains no image data (" + ffmpeg::errorString(rc) + ")"));
        }
        if (packet->stream_index == streamIndex) {
            break;
        }
        av_packet_unref(packet.get());
    }

    AVDictionary* opts = nullptr;
    const DictGuard optsGuard{opts};
    av_dict_set(&opts, "max_pixels", std::to_string(options.maxSourcePixels).c_str(), 0);
    if (par->codec_id == AV_CODEC_ID_MJPEG) {
        // FFmpeg's JPEG decoder conceals damage (a truncated file comes out grey at the bottom);
        // make it fail instead. Other decoders already fail on damage, and "explode" would make
        // TIFF refuse files with harmless unknown tags.
        av_dict_set(&opts, "err_detect", "explode", 0);
    }
    if (par->codec_id == AV_CODEC_ID_MJPEG) {
        const int lowres = checkJpegAndChooseLowres(*packet, options, path);
        if (lowres > 0) {
            av_dict_set(&opts, "lowres", std::to_string(lowres).c_str(), 0);
        }
    }
    ffmpeg::CodecPtr codec = ffmpeg::openDecoder(stream, path, &opts);

    ffmpeg::FramePtr frame = decodeFirstFrame(fmt.get(), streamIndex, codec.get(), packet.get(), path);
    if (frame->width <= 0 || frame->height <= 0) {
        throw MediaError(path, "the decoder returned an empty picture");
    }

    // Downscale in the RGB conversion if the picture is still over the output limit.
    int outW = frame->width;
    int outH = frame->height;
    const int64_t pixels = int64_t{outW} * int64_t{outH};
    if (pixels > options.maxDecodedPixels) {
        const double scale = std::sqrt(static_cast<double>(options.maxDecodedPixels) / static_cast<double>(pixels));
        outW = std::max(1, static_cast<int>(std::floor(outW * scale)));
        outH = std::max(1, static_cast<int>(std::floor(outH * scale)));
    }
    const int orientation = options.applyOrientation ? frameOrientation(*frame) : 1;
    const bool swap = orientation >= 5;
    const int sourceW = swap ? frame->height : frame->width, sourceH = swap ? frame->width : frame->height;
    RgbImage image = frameToRgb(*frame, outW, outH, path);
    frame.reset(); // the decoded frame is no longer needed: keep the peak at one frame + one RGB copy
    codec.reset();
    DecodedImage out{applyExifOrientation(std::move(image), orientation), sourceW, sourceH};
    if (par->codec_id == AV_CODEC_ID_MJPEG) {
        // lowres decoding: the file's size is the header's, not the frame's
        if (const auto size = readJpegFrameSize(reinterpret_cast<const uint8_t*>(head.bytes.data()), head.bytes.size())) {
            out.sourceWidth = swap ? size->height : size->width;
            out.sourceHeight = swap ? size->width : size->height;
        }
    }
    return out;
}

} // namespace gwb::media
