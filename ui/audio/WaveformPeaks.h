#pragma once

#include <QList>
#include <QtGlobal>

#include <span>

namespace gwb::ui {

// A compact summary of an audio signal for drawing: the minimum and maximum sample of every
// fixed-size bucket. An hour of audio at 100 buckets per second is 360 000 pairs (under 3 MB),
// whereas the samples themselves would be hundreds of MB, so decoded audio is folded into peaks as
// it streams in and never kept.
class WaveformPeaks {
public:
    struct Peak {
        float min = 0.0f;
        float max = 0.0f;
    };

    explicit WaveformPeaks(int sampleRate = 8000, int samplesPerBucket = 80);

    // Append mono samples in [-1, 1]; the last partial bucket stays open until finish().
    void append(std::span<const float> samples);
    // Close the partial bucket (call once the decoder is done).
    void finish();
    void clear();

    int sampleRate() const { return m_sampleRate; }
    int samplesPerBucket() const { return m_samplesPerBucket; }
    qint64 sampleCount() const { return m_sampleCount; }
    qint64 durationMs() const;
    const QList<Peak>& peaks() const { return m_peaks; }
    bool isEmpty() const { return m_peaks.isEmpty(); }

    // Min/max over the buckets in [first, last) — what one screen column shows.
    Peak range(qsizetype first, qsizetype last) const;

private:
    int m_sampleRate;
    int m_samplesPerBucket;
    qint64 m_sampleCount = 0;
    QList<Peak> m_peaks;
    Peak m_open;
    int m_openCount = 0;
};

} // namespace gwb::ui
