#include "ui/audio/WaveformPeaks.h"

#include <algorithm>

namespace gwb::ui {

WaveformPeaks::WaveformPeaks(int sampleRate, int samplesPerBucket)
    : m_sampleRate(std::max(1, sampleRate)), m_samplesPerBucket(std::max(1, samplesPerBucket))
{
}

void WaveformPeaks::append(std::span<const float> samples)
{
    for (float s : samples) {
        s = std::clamp(s, -1.0f, 1.0f);
        if (m_openCount == 0) {
            m_open = {s, s};
        } else {
            m_open.min = std::min(m_open.min, s);
            m_open.max = std::max(m_open.max, s);
        }
        if (++m_openCount == m_samplesPerBucket) {
            m_peaks.append(m_open);
            m_openCount = 0;
        }
    }
    m_sampleCount += qint64(samples.size());
}

void WaveformPeaks::finish()
{
    if (m_openCount > 0) {
        m_peaks.append(m_open);
        m_openCount = 0;
    }
}

void WaveformPeaks::clear()
{
    m_peaks.clear();
    m_sampleCount = 0;
    m_openCount = 0;
}

qint64 WaveformPeaks::durationMs() const
{
    return m_sampleCount * 1000 / m_sampleRate;
}

WaveformPeaks::Peak WaveformPeaks::range(qsizetype first, qsizetype last) const
{
    first = std::clamp<qsizetype>(first, 0, m_peaks.size());
    last = std::clamp<qsizetype>(last, first, m_peaks.size());
    if (first == last)
        return {};
    Peak out = m_peaks[first];
    for (qsizetype i = first + 1; i < last; ++i) {
        out.min = std::min(out.min, m_peaks[i].min);
        out.max = std::max(out.max, m_peaks[i].max);
    }
    return out;
}

} // namespace gwb::ui
