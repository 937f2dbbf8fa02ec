#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QAudioBuffer;
class QAudioDecoder;

namespace gwb::ui {

// Decodes an audio (or video) file's sound with QAudioDecoder, only to draw its waveform: samples
// are mixed to mono floats and handed out chunk by chunk, never kept. The engine decodes audio for
// the model itself (FFmpeg in inference/media); this is display only.
class AudioPeakLoader : public QObject {
    Q_OBJECT
public:
    explicit AudioPeakLoader(QObject* parent = nullptr);
    ~AudioPeakLoader() override;

    void start(const QString& path);
    void stop();

    // Mixes an interleaved buffer of any QAudioFormat sample type down to mono floats in [-1, 1].
    static QList<float> toMonoFloat(const QAudioBuffer& buffer);

signals:
    void started(int sampleRate);
    void samplesReady(const QList<float>& mono);
    void finished();
    void failed(const QString& reason);

private:
    void onBufferReady();

    QAudioDecoder* m_decoder;
    bool m_announced = false;
};

} // namespace gwb::ui
