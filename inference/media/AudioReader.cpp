#include "inference/media/AudioReader.h"

#include "inference/media/FfmpegHandles.h"
#include "inference/media/MediaError.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gwb::media {

namespace {

// A damaged file may have a few undecodable packets (skipped, as players do); this many in a row
// means the stream is garbage.
constexpr int kMaxConsecutiveBadPackets = 32;

std::string withLog(const std::string& message) {
    const std::string logged = ffmpeg::takeLoggedError();
    return logged.empty() ? message : message + " (" + logged + ")";
}

} // namespace

struct AudioReader::Impl {
    std::string path;
    ffmpeg::FormatPtr format;
    ffmpeg::CodecPtr codec;
    ffmpeg::SwrPtr resampler;
    ffmpeg::FramePtr frame = ffmpeg::allocFrame();
    ffmpeg::PacketPtr packet = ffmpeg::allocPacket();
    int streamIndex = -1;
    // Resampled samples not yet handed out: pending[pendingOffset, size).
    std::vector<float> pending;
    size_t pendingOffset = 0;
    size_t samplesOut = 0;
    bool demuxerDone = false;  // av_read_frame hit the end; the decoder is draining
    bool decoderDone = false;  // the decoder returned EOF; the resampler is flushed
    int badPackets = 0;          // consecutive
    size_t damagedPackets = 0;   // total
    // Input parameters the resampler was set up for. A stream that changes them mid-way (rare:
    // concatenated MP3s, radio captures) gets a fresh resampler after draining the old one.
    AVChannelLayout swrLayout{};
    int swrFormat = -1;
    int swrRate = 0;

    ~Impl() { av_channel_layout_uninit(&swrLayout); }

    void setupResampler(const AVFrame& f) {
        AVChannelLayout inLayout{};
        if (f.ch_layout.nb_channels > 0 && f.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
            av_channel_layout_copy(&inLayout, &f.ch_layout);
        } else {
            av_channel_layout_default(&inLayout, std::max(1, f.ch_layout.nb_channels));
        }
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        SwrContext* raw = nullptr;
        int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, kModelSampleRate, &inLayout,
                                     static_cast<AVSampleFormat>(f.format), f.sample_rate, 0, nullptr);
        ffmpeg::SwrPtr swr(raw);
        if (rc >= 0) {
            // Scale the downmix so its coefficients sum to at most 1: stereo → (L + R)/2, as
            // librosa.to_mono does, instead of FFmpeg's default 0.707·(L + R), which can clip.
            rc = av_opt_set_double(swr.get(), "rematrix_maxval", 1.0, 0);
        }
        if (rc >= 0) {
            rc = swr_init(swr.get());
        }
        if (rc < 0) {
            av_channel_layout_uninit(&inLayout);
            throw MediaError(path, withLog("cannot convert this audio (" + std::to_string(f.sample_rate) + " Hz, " +
                                           std::to_string(f.ch_layout.nb_channels) + " channels) to 16 kHz mono: " +
                                           ffmpeg::errorString(rc)));
        }
        av_channel_layout_uninit(&inLayout);
        resampler = std::move(swr);
        // Remember the frame's layout exactly as the decoder states it (possibly "unspecified"), so
        // the change check below compares like with like.
        av_channel_layout_uninit(&swrLayout);
        av_channel_layout_copy(&swrLayout, &f.ch_layout);
        swrFormat = f.format;
        swrRate = f.sample_rate;
    }

    void appendResampled(const uint8_t** input, int inSamples) {
        const int capacity = swr_get_out_samples(resampler.get(), inSamples);
        if (capacity < 0) {
            throw MediaError(path, "resampler error");
        }
        if (pendingOffset > 0 && pendingOffset == pending.size()) {
            pending.clear();
            pendingOffset = 0;
        }
        const size_t old = pending.size();
        pending.resize(old + static_cast<size_t>(capacity));
        uint8_t* out = reinterpret_cast<uint8_t*>(pending.data() + old);
        const int got = swr_convert(resampler.get(), &out, capacity, input, inSamples);
        if (got < 0) {
            throw MediaError(path, withLog("resampling failed: " + ffmpeg::errorString(got)));
        }
        pending.resize(old + static_cast<size_t>(got));
    }

    void convertFrame(const AVFrame& f) {
        if (f.sample_rate <= 0 || f.nb_samples <= 0) {
            return;
        }
        const bool changed = !resampler || f.format != swrFormat || f.sample_rate != swrRate ||
                             av_channel_layout_compare(&f.ch_layout, &swrLayout) != 0;
        if (changed) {
            if (resampler) {
                appendResampled(nullptr, 0); // drain what the old set-up still holds
            }
            setupResampler(f);
        }
        appendResampled(const_cast<const uint8_t**>(f.extended_data), f.nb_samples);
    }

    // Decodes until at least `wanted` samples are pending or the stream ends.
    void fill(size_t wanted) {
        while (pending.size() - pendingOffset < wanted && !decoderDone) {
            int rc = avcodec_receive_frame(codec.get(), frame.get());
            if (rc == 0) {
                convertFrame(*frame);
                av_frame_unref(frame.get());
                continue;
            }
            if (rc == AVERROR_EOF) {
                if (resampler) {
                    appendResampled(nullptr, 0); // flush the resampler's delay line
                }
                decoderDone = true;
                break;
            }
            if (rc != AVERROR(EAGAIN)) {
                noteBadPacket(rc);
                continue;
            }
            feedNextPacket();
        }
    }

    void feedNextPacket() {
        if (demuxerDone) {
            avcodec_send_packet(codec.get(), nullptr);
            return;
        }
        while (true) {
            const int rc = av_read_frame(format.get(), packet.get());
            if (rc < 0) {
                demuxerDone = true;
                avcodec_send_packet(codec.get(), nullptr);
                return;
            }
            if (packet->stream_index != streamIndex) {
                av_packet_unref(packet.get());
                continue;
            }
            const int sent = avcodec_send_packet(codec.get(), packet.get());
            av_packet_unref(packet.get());
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                noteBadPacket(sent);
            } else {
                badPackets = 0;
            }
            return;
        }
    }

    void noteBadPacket(int rc) {
        ++damagedPackets;
        if (++badPackets > kMaxConsecutiveBadPackets) {
            throw MediaError(path, withLog("the audio data is corrupt (" + ffmpeg::errorString(rc) + " in " +
                                           std::to_string(badPackets) + " packets in a row)"));
        }
    }
};

AudioReader::AudioReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->format = ffmpeg::openInput(path);
    if (ffmpeg::isStillImageFormat(impl_->format->iformat)) {
        throw MediaError(path, std::string("not audio: it is an image (") + impl_->format->iformat->name + ")");
    }
    ffmpeg::findStreamInfo(impl_->format.get(), path);
    impl_->streamIndex = av_find_best_stream(impl_->format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (impl_->streamIndex < 0) {
        const bool video = av_find_best_stream(impl_->format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) >= 0;
        throw MediaError(path, video ? "the video has no audio track" : "the file has no audio track");
    }
    AVStream* stream = impl_->format->streams[impl_->streamIndex];
    // Only our stream's packets are needed; the demuxer can skip the rest (e.g. video in an MP4).
    for (unsigned i = 0; i < impl_->format->nb_streams; ++i) {
        if (static_cast<int>(i) != impl_->streamIndex) {
            impl_->format->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    impl_->codec = ffmpeg::openDecoder(stream, path, nullptr);
}

AudioReader::~AudioReader() = default;
AudioReader::AudioReader(AudioReader&&) noexcept = default;
AudioReader& AudioReader::operator=(AudioReader&&) noexcept = default;

size_t AudioReader::read(float* dst, size_t maxSamples) {
    Impl& d = *impl_;
    d.fill(maxSamples);
    const size_t n = std::min(maxSamples, d.pending.size() - d.pendingOffset);
    if (n > 0) {
        std::memcpy(dst, d.pending.data() + d.pendingOffset, n * sizeof(float));
    }
    d.pendingOffset += n;
    if (d.pendingOffset == d.pending.size()) {
        d.pending.clear();
        d.pendingOffset = 0;
    } else if (d.pendingOffset > (1u << 20)) { // keep the buffer from growing without bound
        d.pending.erase(d.pending.begin(), d.pending.begin() + static_cast<ptrdiff_t>(d.pendingOffset));
        d.pendingOffset = 0;
    }
    d.samplesOut += n;
    return n;
}

std::vector<float> AudioReader::readChunk(double seconds) {
    const auto wanted = static_cast<size_t>(std::max(0.0, std::round(seconds * kModelSampleRate)));
    std::vector<float> out(wanted);
    out.resize(read(out.data(), wanted));
    return out;
}

double AudioReader::estimatedDurationSeconds() const {
    const AVFormatContext* fmt = impl_->format.get();
    const AVStream* stream = fmt->streams[impl_->streamIndex];
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
        return static_cast<double>(stream->duration) * av_q2d(stream->time_base);
    }
    if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) {
        return static_cast<double>(fmt->duration) / AV_TIME_BASE;
    }
    return -1.0;
}

size_t AudioReader::samplesRead() const { return impl_->samplesOut; }
size_t AudioReader::damagedPackets() const { return impl_->damagedPackets; }
const std::string& AudioReader::path() const { return impl_->path; }
std::string AudioReader::codecName() const { return avcodec_get_name(impl_->codec->codec_id); }
int AudioReader::sourceSampleRate() const { return impl_->codec->sample_rate; }
int AudioReader::sourceChannels() const { return impl_->codec->ch_layout.nb_channels; }

} // namespace gwb::media
