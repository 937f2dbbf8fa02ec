#pragma once

#include "ui/audio/WaveformPeaks.h"

#include <QColor>
#include <QWidget>

#include <span>

namespace gwb::ui {

// Draws an audio waveform from WaveformPeaks: one vertical min..max line per screen column, the
// already-played part in the accent colour, and a playhead. Clicking or dragging asks for a seek.
// Later, transcript segments will be drawn under it.
class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);

    // Start a new signal at this sample rate (drops the old one).
    void reset(int sampleRate);
    void appendSamples(std::span<const float> monoSamples);
    void finish();
    void clear();

    const WaveformPeaks& peaks() const { return m_peaks; }
    qint64 positionMs() const { return m_positionMs; }
    void setPositionMs(qint64 ms);
    // Known length when the peaks are still loading (e.g. from the media player).
    void setDurationHintMs(qint64 ms);

    QColor backgroundColour() const;
    QColor playedColour() const;
    QColor unplayedColour() const;

    QSize sizeHint() const override { return {480, 120}; }
    QSize minimumSizeHint() const override { return {120, 60}; }

signals:
    void seekRequested(qint64 ms);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    qint64 durationMs() const;
    qint64 msAtX(int x) const;
    void paintEmptyState(QPainter& painter);

    WaveformPeaks m_peaks;
    qint64 m_positionMs = 0;
    qint64 m_durationHintMs = 0;
};

} // namespace gwb::ui
