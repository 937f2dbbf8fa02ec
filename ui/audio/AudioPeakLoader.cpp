#include "ui/audio/AudioPeakLoader.h"

#include <QAudioBuffer>
#include <QAudioDecoder>
#include <QAudioFormat>
#include <QUrl>

#include <algorithm>

namespace gwb::ui {

namespace {
// The waveform needs shape, not fidelity: asking the decoder for 8 kHz mono float keeps the data
// small. Backends that ignore the request are handled by toMonoFloat().
constexpr int kDisplayRate = 8000;

template <typename T>
float toUnit(T v);
template <>
float toUnit<quint8>(quint8 v) { return (float(v) - 128.0f) / 128.0f; }
template <>
float toUnit<qint16>(qint16 v) { return float(v) / 32768.0f; }
template <>
float toUnit<qint32>(qint32 v) { return float(double(v) / 2147483648.0); }
template <>
float toUnit<float>(float v) { return v; }

template <typename T>
QList<float> mix(const QAudioBuffer& buffer)
{
    const int channels = std::max(1, buffer.format().channelCount());
    const qsizetype frames = buffer.frameCount();
    const T* data = buffer.constData<T>();
    QList<float> out(frames);
    for (qsizetype f = 0; f < frames; ++f) {
        float sum = 0.0f;
        for (int c = 0; c < channels; ++c)
            sum += toUnit<T>(data[f * channels + c]);
        out[f] = sum / float(channels);
    }
    return out;
}
} // namespace

AudioPeakLoader::AudioPeakLoader(QObject* parent)
    : QObject(parent), m_decoder(new QAudioDecoder(this))
{
    QAudioFormat format;
    format.setSampleRate(kDisplayRate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Float);
    m_decoder->setAudioFormat(format);

    connect(m_decoder, &QAudioDecoder::bufferReady, this, &AudioPeakLoader::onBufferReady);
    connect(m_decoder, &QAudioDecoder::finished, this, &AudioPeakLoader::finished);
    connect(m_decoder, qOverload<QAudioDecoder::Error>(&QAudioDecoder::error), this,
            [this](QAudioDecoder::Error) { emit failed(m_decoder->errorString()); });
}

AudioPeakLoader::~AudioPeakLoader()
{
    m_decoder->stop();
}

void AudioPeakLoader::start(const QString& path)
{
    m_decoder->stop();
    m_announced = false;
    m_decoder->setSource(QUrl::fromLocalFile(path));
    m_decoder->start();
}

void AudioPeakLoader::stop()
{
    m_decoder->stop();
}

void AudioPeakLoader::onBufferReady()
{
    const QAudioBuffer buffer = m_decoder->read();
    if (!buffer.isValid())
        return;
    if (!m_announced) {
        m_announced = true;
        emit started(buffer.format().sampleRate());
    }
    emit samplesReady(toMonoFloat(buffer));
}

QList<float> AudioPeakLoader::toMonoFloat(const QAudioBuffer& buffer)
{
    switch (buffer.format().sampleFormat()) {
    case QAudioFormat::UInt8: return mix<quint8>(buffer);
    case QAudioFormat::Int16: return mix<qint16>(buffer);
    case QAudioFormat::Int32: return mix<qint32>(buffer);
    case QAudioFormat::Float: return mix<float>(buffer);
    case QAudioFormat::Unknown:
    case QAudioFormat::NSampleFormats: break;
    }
    return {};
}

} // namespace gwb::ui
