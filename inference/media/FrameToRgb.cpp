#include "inference/media/FrameToRgb.h"

#include "inference/media/FfmpegHandles.h"
#include "inference/media/MediaError.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <cstring>

namespace gwb::media {

namespace {

bool hasAlpha(AVPixelFormat format) {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    // PAL8 palettes carry alpha (GIF transparency, PNG tRNS), so palette images go the RGBA way too.
    return desc != nullptr && (desc->flags & (AV_PIX_FMT_FLAG_ALPHA | AV_PIX_FMT_FLAG_PAL)) != 0;
}

bool isFullRangeYuv(const AVFrame& frame) {
    switch (frame.format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P:
        return true;
    default:
        return frame.color_range == AVCOL_RANGE_JPEG;
    }
}

// Plain row copy for the common lossless case (RGB24 PNG/BMP at its own size): bit-exact, no swscale.
RgbImage copyRgb24(const AVFrame& frame) {
    RgbImage out(frame.width, frame.height);
    for (int y = 0; y < frame.height; ++y) {
        std::memcpy(out.row(y), frame.data[0] + static_cast<ptrdiff_t>(y) * frame.linesize[0],
                    static_cast<size_t>(frame.width) * 3u);
    }
    return out;
}

} // namespace

uint8_t flattenOnWhite(uint8_t v, uint8_t a) {
    // PIL ImagingAlphaComposite with an opaque white destination: coef1 = a·128, coef2 = (255−a)·128,
    // tmp = v·coef1 + 255·coef2, out = SHIFTFORDIV255(tmp + (0x80 << 7)) >> 7.
    const uint32_t tmp = static_cast<uint32_t>(v) * (a * 128u) + 255u * ((255u - a) * 128u) + (0x80u << 7);
    return static_cast<uint8_t>((((tmp >> 8) + tmp) >> 8) >> 7);
}

RgbImage frameToRgb(const AVFrame& frame, int outWidth, int outHeight, const std::string& path) {
    const auto srcFormat = static_cast<AVPixelFormat>(frame.format);
    if (srcFormat == AV_PIX_FMT_RGB24 && outWidth == frame.width && outHeight == frame.height) {
        return copyRgb24(frame);
    }
    const bool alpha = hasAlpha(srcFormat);
    const AVPixelFormat dstFormat = alpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24;
    const bool downscale = outWidth != frame.width || outHeight != frame.height;
    // Accurate rounding and full chroma interpolation: the closest swscale gets to libjpeg/PIL colours.
    const int flags = (downscale ? SWS_AREA : SWS_BICUBIC) | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT |
                      SWS_FULL_CHR_H_INP;
    ffmpeg::SwsPtr sws(sws_getContext(frame.width, frame.height, srcFormat, outWidth, outHeight, dstFormat, flags,
                                      nullptr, nullptr, nullptr));
    if (!sws) {
        const char* name = av_get_pix_fmt_name(srcFormat);
        throw MediaError(path, std::string("cannot convert pixel format '") + (name ? name : "unknown") + "' to RGB");
    }
    // YUV sources: honour full-range (JPEG) vs limited range and the stated matrix (default BT.601).
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(srcFormat);
    if (desc != nullptr && (desc->flags & AV_PIX_FMT_FLAG_RGB) == 0 && desc->nb_components >= 3) {
        const int colorspace = frame.colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_ITU601;
        const int* coefficients = sws_getCoefficients(colorspace);
        sws_setColorspaceDetails(sws.get(), coefficients, isFullRangeYuv(frame) ? 1 : 0,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }

    const int channels = alpha ? 4 : 3;
    std::vector<uint8_t> converted(static_cast<size_t>(outWidth) * static_cast<size_t>(outHeight) *
                                   static_cast<size_t>(channels));
    uint8_t* dstData[4] = {converted.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {outWidth * channels, 0, 0, 0};
    const int rows = sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, dstData, dstStride);
    if (rows != outHeight) {
        throw MediaError(path, "pixel conversion to RGB failed");
    }
    if (!alpha) {
        RgbImage out;
        out.width = outWidth;
        out.height = outHeight;
        out.pixels = std::move(converted);
        return out;
    }
    RgbImage out(outWidth, outHeight);
    const size_t count = static_cast<size_t>(outWidth) * static_cast<size_t>(outHeight);
    for (size_t i = 0; i < count; ++i) {
        const uint8_t* s = &converted[i * 4];
        uint8_t* d = &out.pixels[i * 3];
        d[0] = flattenOnWhite(s[0], s[3]);
        d[1] = flattenOnWhite(s[1], s[3]);
        d[2] = flattenOnWhite(s[2], s[3]);
    }
    return out;
}

} // namespace gwb::media
